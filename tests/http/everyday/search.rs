//! Search: article titles and headings first, each hit says what it is,
//! where and for or against; the site-wide search never shows a draft nor a
//! hidden, trashed or withdrawn contribution.

use serde_json::json;

use crate::helpers::*;

#[test]
fn on_the_demo_neutralite_finds_the_article_first() {
    let app = spawn_demo_app();
    let visitor = Client::new(&app);
    let open = visitor.get_json("/api/v1/bills?status=open").json();
    let slug = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap().to_string())
        .find(|s| s.contains("numerique"))
        .expect("the République numérique bill");
    let api = visitor
        .get_json(&format!(
            "/api/v1/bills/{slug}/contributions?q=neutralit%C3%A9"
        ))
        .json();
    let items = api["items"].as_array().unwrap();
    assert!(items.len() > 5, "{api}");
    assert_eq!(items[0]["kind"], "article", "{}", items[0]);
    let page = visitor.get(&format!("/bills/{slug}/search?q=neutralit%C3%A9"));
    assert_eq!(page.status, 200);
    let body = page.body.replace("&#x27;", "'");
    let first = body.find("<ol class=\"results\">").unwrap();
    let first_hit = &body[first..body[first..].find("</li>").unwrap() + first];
    assert!(
        first_hit.contains("Neutralité de l’internet"),
        "{first_hit}"
    );
    // Each contribution says its kind, its stance and its article.
    assert!(
        body.contains("Argument pour") || body.contains("Argument contre"),
        "{body}"
    );
    assert!(body.contains("sur Article"), "{body}");
    // The site-wide search finds it too, first.
    let site = visitor
        .get("/search?q=neutralit%C3%A9")
        .body
        .replace("&#x27;", "'");
    let start = site.find("<ol class=\"results\">").unwrap();
    let top = &site[start..site[start..].find("</li>").unwrap() + start];
    assert!(top.contains("Neutralité de l’internet"), "{top}");
}

#[test]
fn the_site_wide_search_reads_only_what_the_public_reads() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let shown = argument(
        &alice,
        &c,
        "Les ornithorynques publics méritent un registre ouvert.",
    );
    let withdrawn = argument(&alice, &c, "Les ornithorynques retirés ne comptent plus.");
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{withdrawn}"), &[])
            .status,
        204
    );
    let hidden = argument(&bob, &c, "Les ornithorynques masqués par la modération.");
    let trashed = argument(&bob, &c, "Les ornithorynques jetés à la corbeille.");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    assert!(moderate(&moderator, hidden, "hide", "off_topic").status < 300);
    assert!(moderate(&moderator, trashed, "trash", "off_topic").status < 300);
    // A draft mentioning them, by another sponsor.
    let draft = sponsor_send(
        &c,
        "POST",
        "/api/v1/bills",
        json!({"title": "Brouillon secret", "articles": [{"label": "Article 1er", "body": "Les ornithorynques du brouillon."}]}),
    );
    assert_eq!(draft.status, 201);
    // A closed bill still answers.
    let closed = sponsor_send(
        &c,
        "POST",
        "/api/v1/bills",
        json!({"title": "Texte clos", "closes_at": LATER, "articles": [{"label": "Article 1er", "heading": "Des ornithorynques", "body": "Un registre national."}]}),
    );
    let closed_slug = closed.json()["slug"].as_str().unwrap().to_string();
    for to in ["open", "closed"] {
        let moved = sponsor_send(
            &c,
            "POST",
            &format!("/api/v1/bills/{closed_slug}/transitions"),
            json!({"to": to}),
        );
        assert_eq!(moved.status, 200, "{}", moved.body);
    }

    scans_caught_up(&app);
    let page = Client::new(&app).get("/search?q=ornithorynque");
    assert_eq!(page.status, 200);
    let body = page.body;
    assert!(
        body.contains(&format!("/contributions/{shown}\"")),
        "{body}"
    );
    for gone in [withdrawn, hidden, trashed] {
        assert!(
            !body.contains(&format!("/contributions/{gone}\"")),
            "{gone}: {body}"
        );
    }
    assert!(!body.contains("brouillon"), "never a draft: {body}");
    assert!(body.contains("Texte clos"), "{body}");
    // The closed bill's heading matches: it comes before the contribution.
    let heading = body.find("Des ornithorynques").unwrap();
    let contribution = body.find(&format!("/contributions/{shown}\"")).unwrap();
    assert!(heading < contribution);
    // The sponsor does not see the draft here either.
    let sponsor_view = c.sponsor.get("/search?q=ornithorynque").body;
    assert!(!sponsor_view.contains("brouillon"));
    // The header links to it; an empty or odd query is no error.
    assert!(Client::new(&app).get("/").body.contains("href=\"/search\""));
    assert_eq!(Client::new(&app).get("/search").status, 200);
    assert_eq!(
        Client::new(&app).get("/search?q=%22%20*%20(%20%26").status,
        200
    );
}
