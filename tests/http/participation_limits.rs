//! Limits fit real contributions: the texts of the 2015 "République
//! numérique" consultation post unmodified, and what is refused is told
//! the rule.

use serde_json::{Value, json};

use crate::helpers::*;

const SAMPLE: &str = "consultations/republique-numerique-2015/sample-section-neutralite.json";

fn sample() -> Vec<Value> {
    serde_json::from_slice::<Value>(&shared_data(SAMPLE))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// The proposals of the sample (the items citizens wrote), each as
/// (title, proposed text, explanation) as published.
fn proposals() -> Vec<(String, String, String)> {
    sample()
        .iter()
        .filter(|item| item["author"]["username"] != "Gouvernement")
        .map(|item| {
            (
                text(&item["title"]),
                text(&item["body"]),
                text(&item["appendices"][0]["body"]),
            )
        })
        .collect()
}

/// How the platform stores a text: trimmed, with LF line ends.
fn stored(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

#[test]
fn a_proposal_needs_no_explanation() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    // A real proposal of the sample that came without an explanation.
    let (title, proposed, explanation) = proposals()
        .into_iter()
        .find(|(_, _, explanation)| explanation.trim().is_empty())
        .expect("a proposal without explanation");
    assert_eq!(explanation, "");
    let id = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": title, "proposed_text": proposed}),
    ));
    let view = alice
        .get_json(&format!("/api/v1/contributions/{id}"))
        .json();
    assert_eq!(view["body"], "");
    assert_eq!(view["proposed_text"], json!(stored(&proposed)));
    // Its page shows the proposed text, and no empty "rationale" heading.
    let page = Client::new(&app).get(&format!("/contributions/{id}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Texte proposé"));
    assert!(
        !page.body.contains("<h2>Exposé des motifs</h2>"),
        "{}",
        page.body
    );
    let blank = contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": "Loyauté du DNS", "body": "  ", "proposed_text": "Les résolveurs DNS répondent sans filtrer.", "after_article_id": c.articles[0]}),
    );
    assert_eq!(blank.status, 201, "{}", blank.body);
    // A moderator can redact its title and leave the explanation empty.
    let (moderator, _) = token_client(&app, "moderation@example.org", "moderator");
    let redacted = moderator.post_json(
        &format!("/api/v1/contributions/{id}/moderation"),
        &json!({"action": "redact", "reason": "Données personnelles", "redacted_title": "[…]", "redacted_body": ""}),
    );
    assert_eq!(redacted.status, 200, "{}", redacted.body);
    let view = Client::new(&app)
        .get_json(&format!("/api/v1/contributions/{id}"))
        .json();
    assert_eq!((&view["title"], &view["body"]), (&json!("[…]"), &json!("")));

    // An amendment still gives its reasons, and is told so.
    let amendment = contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[0], "proposed_text": "Nouvelle rédaction de l'article."}),
    );
    assert_eq!(amendment.status, 422, "{}", amendment.body);
    let message = text(&amendment.json()["errors"]["body"][0]);
    assert!(message.contains("exposé des motifs"), "{message}");

    // The forms say the same: the proposal's explanation is optional, the
    // amendment's rationale required, both up to the same limit.
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "bruno@example.org");
    let page = browser.get(&format!("/bills/{}/proposals", c.slug));
    assert_eq!(page.status, 200);
    let field = tag_of(&page.body, "id=\"proposal-body\"");
    assert!(!field.contains("required"), "{field}");
    assert!(field.contains("maxlength=\"30000\""), "{field}");
    assert!(page.body.contains("Exposé des motifs (facultatif)"));
    let title = tag_of(&page.body, "id=\"proposal-title\"");
    assert!(title.contains("maxlength=\"300\""), "{title}");
    let page = browser.get(&format!("/bills/{}/articles/{}", c.slug, c.articles[0]));
    assert_eq!(page.status, 200);
    let field = tag_of(&page.body, "id=\"amendment-body\"");
    assert!(
        field.contains("required") && field.contains("maxlength=\"30000\""),
        "{field}"
    );
    let field = tag_of(&page.body, "id=\"source-body\"");
    assert!(
        !field.contains("required") && field.contains("maxlength=\"20000\""),
        "{field}"
    );
}

/// A confirmed citizen reading the pages in English, and a way to post.
fn english_citizen(app: &TestApp, email: &str) -> impl Fn(&str, Value) -> Reply {
    let browser = Client::new(app);
    let csrf = confirmed_citizen(app, &browser, email);
    browser.get("/language?lang=en&next=/");
    move |slug: &str, body: Value| {
        browser.send_json(
            "POST",
            &format!("/api/v1/bills/{slug}/contributions"),
            &body,
            &[("X-CSRF-Token", csrf.as_str())],
        )
    }
}

/// The HTML tag that holds `marker`.
fn tag_of<'a>(page: &'a str, marker: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not on the page"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    &page[start..=end]
}

#[test]
fn long_real_texts_post_unmodified() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let items = sample();

    // A 20,000-character explanation made of real ones: the sample's
    // explanations and arguments, paragraph after paragraph.
    let mut paragraphs = proposals()
        .into_iter()
        .map(|(_, _, explanation)| explanation)
        .chain(
            items
                .iter()
                .flat_map(|i| i["arguments"].as_array().unwrap())
                .map(|a| text(&a["body"])),
        )
        .filter(|p| !p.trim().is_empty());
    let mut long = String::new();
    while long.chars().count() < 20_000 {
        if !long.is_empty() {
            long.push_str("\n\n");
        }
        long.push_str(paragraphs.next().expect("enough real text").trim());
    }
    assert!((20_000..23_000).contains(&long.chars().count()));
    let (title, proposed, _) = proposals().remove(0);
    let id = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": title, "proposed_text": proposed, "body": long}),
    ));
    let view = alice
        .get_json(&format!("/api/v1/contributions/{id}"))
        .json();
    assert_eq!(view["body"], json!(stored(&long)));
    let amendment = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[0], "proposed_text": "Nouvelle rédaction de l'article.", "body": long}),
    ));
    assert!(amendment > 0);

    // Every text of the sample as published, the longest included: 29
    // proposals, 181 arguments, 9 sources.
    let mut posted = 0;
    for (title, proposed, explanation) in proposals() {
        let id = created_id(&contribute(
            &alice,
            &c.slug,
            json!({"kind": "proposal", "title": title, "proposed_text": proposed, "body": explanation}),
        ));
        let view = alice
            .get_json(&format!("/api/v1/contributions/{id}"))
            .json();
        assert_eq!(view["title"], json!(stored(&title)));
        assert_eq!(view["body"], json!(stored(&explanation)));
        assert_eq!(view["proposed_text"], json!(stored(&proposed)));
        posted += 1;
    }
    let article = c.articles[0];
    for item in &items {
        for a in item["arguments"].as_array().unwrap() {
            let stance = if a["type"] == 1 { "for" } else { "against" };
            let reply = contribute(
                &alice,
                &c.slug,
                json!({"kind": "argument", "article_id": article, "stance": stance, "body": a["body"]}),
            );
            assert_eq!(reply.status, 201, "{}", reply.body);
            assert_eq!(reply.json()["body"], json!(stored(&text(&a["body"]))));
            posted += 1;
        }
        for s in item["sources"].as_array().unwrap() {
            let reply = contribute(
                &alice,
                &c.slug,
                json!({"kind": "source", "article_id": article, "title": s["title"], "url": s["link"], "body": s["body"]}),
            );
            assert_eq!(reply.status, 201, "{}", reply.body);
            assert_eq!(reply.json()["body"], json!(stored(&text(&s["body"]))));
            posted += 1;
        }
    }
    assert_eq!(posted, 29 + 181 + 9);
}

#[test]
fn over_the_limit_is_told_the_field_and_the_limit() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    // Real text repeated past the limit.
    let (title, proposed, explanation) = proposals()
        .into_iter()
        .max_by_key(|(_, _, e)| e.chars().count())
        .unwrap();
    let mut too_long = String::new();
    while too_long.chars().count() <= 30_000 {
        too_long.push_str(&explanation);
        too_long.push_str("\n\n");
    }
    let length = stored(&too_long).chars().count();
    let reply = contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": title, "proposed_text": proposed, "body": too_long}),
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors = &reply.json()["errors"];
    assert_eq!(errors.as_object().unwrap().len(), 1, "{errors}");
    let message = text(&errors["body"][0]);
    assert!(
        message.contains("exposé des motifs")
            && message.contains("30000")
            && message.contains(&length.to_string()),
        "{message}"
    );

    let english = english_citizen(&app, "ada@example.org")(
        &c.slug,
        json!({"kind": "proposal", "title": "t".repeat(301), "proposed_text": proposed}),
    );
    assert_eq!(english.status, 422, "{}", english.body);
    let message = text(&english.json()["errors"]["title"][0]);
    assert!(
        message.contains("title") && message.contains("300") && message.contains("301"),
        "{message}"
    );

    let source = contribute(
        &alice,
        &c.slug,
        json!({"kind": "source", "article_id": c.articles[0], "title": "Rapport", "url": "https://example.org/rapport", "body": "é".repeat(20_001)}),
    );
    assert_eq!(source.status, 422, "{}", source.body);
    let message = text(&source.json()["errors"]["body"][0]);
    assert!(
        message.contains("source") && message.contains("20000"),
        "{message}"
    );
}

#[test]
fn each_kind_is_told_where_it_belongs() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let proposal = json!({"kind": "proposal", "title": "Loyauté du DNS", "proposed_text": "Les résolveurs DNS répondent sans filtrer.", "article_id": c.articles[0]});
    let reply = contribute(&alice, &c.slug, proposal.clone());
    assert_eq!(reply.status, 422, "{}", reply.body);
    let message = text(&reply.json()["errors"]["article_id"][0]);
    assert!(
        message.contains("nouvel article") && message.contains("after_article_id"),
        "{message}"
    );
    let english = english_citizen(&app, "ada@example.org")(&c.slug, proposal.clone());
    let message = text(&english.json()["errors"]["article_id"][0]);
    assert!(
        message.contains("new article") && message.contains("after_article_id"),
        "{message}"
    );
    // Unknown ids are not even looked up: the shape is wrong.
    let reply = contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": "Loyauté du DNS", "proposed_text": "Texte.", "article_id": 999_999}),
    );
    assert!(text(&reply.json()["errors"]["article_id"][0]).contains("after_article_id"));

    let reply = contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "body": "Parce que.", "proposed_text": "Texte.", "after_article_id": c.articles[0]}),
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors = reply.json()["errors"].clone();
    assert!(
        text(&errors["article_id"][0]).contains("article existant"),
        "{errors}"
    );
    assert!(
        text(&errors["after_article_id"][0]).contains("article proposé"),
        "{errors}"
    );

    let reply = contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "stance": "for", "body": "Bonne idée."}),
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(text(&reply.json()["errors"]["article_id"][0]).contains("parent_id"));

    // What is right is still accepted.
    let placed = contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": "Loyauté du DNS", "proposed_text": "Les résolveurs DNS répondent sans filtrer.", "after_article_id": c.articles[0]}),
    );
    assert_eq!(placed.status, 201, "{}", placed.body);
    assert_eq!(placed.json()["after_article_id"], json!(c.articles[0]));
}
