//! Privacy: every field a person writes is scanned and redacted on every
//! surface; pseudonyms are per bill; the personal-data export is complete.

use serde_json::{Value, json};

use crate::helpers::*;

/// An amendment and a source carrying their author's contact details in
/// the fields other than the body.
const PROPOSED: &str = "Les données sont publiées sous licence ouverte. Contact : \
    gwen.kerbrat@exemple.fr ou 06 12 34 56 78.";
const URL: &str = "https://www.exemple.fr/contact?ecrire=gwen.kerbrat@exemple.fr";

fn spans(item: &Value, field: &str) -> Vec<String> {
    item["personal_data"][field]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s["kind"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_field_is_scanned_and_redacted_on_every_surface() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let amendment = created_id(&contribute(
        &author,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[0], "proposed_text": PROPOSED,
               "body": "Pour que chacun puisse réutiliser les données."}),
    ));
    let source = created_id(&contribute(
        &author,
        &c.slug,
        json!({"kind": "source", "article_id": c.articles[0], "title": "Page de contact",
               "url": URL, "body": "Appelez le 06 12 34 56 78 pour en savoir plus."}),
    ));

    // The queue flags what is in the proposed text and in the address.
    let q = moderator
        .get_json("/api/v1/moderation/queue?reason=personal_data")
        .json();
    let item = |id: i64| {
        q["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["contribution_id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not queued: {q}"))
    };
    let a = item(amendment);
    assert_eq!(spans(&a, "proposed_text"), ["email", "phone"], "{a}");
    assert!(spans(&a, "body").is_empty());
    let s = item(source);
    assert_eq!(spans(&s, "url"), ["email"], "{s}");
    assert_eq!(spans(&s, "body"), ["phone"], "{s}");

    // The moderator's page pre-fills every field with what was found masked.
    let browser = Client::new(&app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    let page = browser.get(&format!("/contributions/{amendment}")).body;
    assert!(
        page.contains("Contact : […] ou […].</textarea>"),
        "proposed text masked in the form"
    );
    let page = browser.get(&format!("/contributions/{source}")).body;
    let field = page
        .split("name=\"redacted_url\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an address field in the redaction form")
        .replace("&#x2F;", "/");
    assert_eq!(field, "https://www.exemple.fr/contact?ecrire=");

    let surfaces = |what: &str, published: bool| -> Vec<(String, String)> {
        let anonymous = Client::new(&app);
        let slug = &c.slug;
        let mut out: Vec<(String, String)> = [
            format!("/api/v1/contributions/{amendment}"),
            format!("/api/v1/contributions/{source}"),
            format!("/contributions/{amendment}"),
            format!("/contributions/{source}"),
            format!("/bills/{slug}/articles/{}", c.articles[0]),
            format!("/bills/{slug}/open-data/contributions.csv"),
            format!("/bills/{slug}/open-data/contributions.json"),
        ]
        .into_iter()
        // The amendments' Akoma Ntoso exists once the sponsor has decided.
        .chain(published.then(|| format!("/bills/{slug}/open-data/amendments.akn.xml")))
        .map(|path| {
            let reply = anonymous.get(&path);
            assert_eq!(reply.status, 200, "{what}: {path}");
            (path, reply.body)
        })
        .collect();
        let preview = moderator.get(&format!("/bills/{slug}/synthesis.json"));
        assert_eq!(preview.status, 200, "{what}: synthesis.json");
        out.push(("synthesis.json".into(), preview.body));
        out
    };
    let leaks = |bodies: &[(String, String)]| -> Vec<String> {
        bodies
            .iter()
            .filter(|(_, body)| body.contains("kerbrat") || body.contains("06 12 34 56 78"))
            .map(|(path, _)| path.clone())
            .collect()
    };
    // Before: the data is everywhere (the test would prove nothing otherwise).
    scans_caught_up(&app);
    let before = surfaces("before", false);
    assert!(leaks(&before).len() >= 8, "{:?}", leaks(&before));
    // Search finds the amendment by the name in its proposed text.
    let found = |q: &str| -> Vec<i64> {
        let page = Client::new(&app)
            .get(&format!("/bills/{}/search?q={q}", c.slug))
            .body;
        [amendment, source]
            .into_iter()
            .filter(|id| page.contains(&format!("/contributions/{id}\"")))
            .collect()
    };
    assert_eq!(found("kerbrat"), [amendment]);

    let redacted_text = "Les données sont publiées sous licence ouverte. Contact : […] ou […].";
    let reply = moderator.post_json(
        &format!("/api/v1/contributions/{amendment}/moderation"),
        &json!({"action": "redact", "reason": "Coordonnées personnelles",
                "redacted_body": "Pour que chacun puisse réutiliser les données.",
                "redacted_proposed_text": redacted_text}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    // A redacted address must still be an address.
    let bad = moderator.post_json(
        &format!("/api/v1/contributions/{source}/moderation"),
        &json!({"action": "redact", "reason": "Coordonnées personnelles",
                "redacted_body": "Appelez le […] pour en savoir plus.",
                "redacted_url": "exemple.fr contact"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("redacted_url"), "{}", bad.body);
    let reply = moderator.post_json(
        &format!("/api/v1/contributions/{source}/moderation"),
        &json!({"action": "redact", "reason": "Coordonnées personnelles",
                "redacted_body": "Appelez le […] pour en savoir plus.",
                "redacted_url": "https://www.exemple.fr/contact"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);

    close(&c);
    assert_eq!(decide(&c, amendment, "rejected").status, 200);
    assert_eq!(publish(&c).status, 200);
    let after = surfaces("after", true);
    assert_eq!(leaks(&after), Vec::<String>::new());
    let public = Client::new(&app)
        .get_json(&format!("/api/v1/contributions/{amendment}"))
        .json();
    assert_eq!(public["proposed_text"], redacted_text, "{public}");
    let public = Client::new(&app)
        .get_json(&format!("/api/v1/contributions/{source}"))
        .json();
    assert_eq!(public["url"], "https://www.exemple.fr/contact", "{public}");
    // Nothing of it is left in the search index either.
    assert_eq!(found("kerbrat"), Vec::<i64>::new());
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM contributions WHERE search_terms LIKE '%kerbrat%'"
        ),
        0
    );
    // Moderators still read the originals until they are purged.
    let page = browser.get(&format!("/contributions/{amendment}")).body;
    assert!(page.contains("gwen.kerbrat@exemple.fr"), "original kept");
    let page = browser.get(&format!("/contributions/{source}")).body;
    assert!(
        page.replace("&#x2F;", "/").contains(URL),
        "original address kept"
    );
}

/// Registers (confirmation pending is enough for the finder) an account.
fn account(app: &TestApp, email: &str, name: &str, category: &str) {
    let reply = Client::new(app).post_json(
        "/api/v1/accounts",
        &json!({"email": email, "display_name": name, "password": PASSWORD, "category": category}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
}

#[test]
fn the_finder_flags_people_not_phrases_nor_organisations() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    account(&app, "phrase@example.fr", "donnée personnelle", "citizen");
    account(
        &app,
        "cnnum@example.fr",
        "Conseil national du numérique",
        "public_institution",
    );
    account(&app, "wmfr@example.fr", "Wikimédia France", "citizen");
    account(&app, "asso@example.fr", "Regards Citoyens", "association");
    account(&app, "helene@example.fr", "Hélène Lefèvre", "citizen");
    let posted = |body: &str| argument(&author, &c, body);
    let phrase = posted(
        "Une donnée personnelle ne doit jamais être revendue ; le Conseil national du \
         numérique l'a rappelé, Wikimédia France et Regards Citoyens aussi.",
    );
    let person = posted("Hélène Lefèvre habite à côté de chez moi et partage cet avis.");
    let introduced = posted("Je m'appelle Louis Garnier et je soutiens cet article.");
    let q = moderator
        .get_json("/api/v1/moderation/queue?reason=personal_data")
        .json();
    let flagged: Vec<i64> = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["contribution_id"].as_i64().unwrap())
        .collect();
    assert!(!flagged.contains(&phrase), "{q}");
    assert!(flagged.contains(&person), "{q}");
    assert!(flagged.contains(&introduced), "{q}");
}

/// The rows of a CSV body, header first.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The column `name` of a CSV's rows.
fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let at = rows[0].iter().position(|h| h == name).unwrap();
    rows[1..].iter().map(|r| r[at].clone()).collect()
}

#[test]
fn one_pseudonym_per_person_per_bill_and_votes_never_named() {
    let app = spawn_app();
    let a = open_consultation(&app);
    let created = sponsor_send(
        &a,
        "POST",
        "/api/v1/bills",
        json!({"title": "Proposition de loi sur les communs numériques", "closes_at": LATER,
               "articles": [{"label": "Article 1er", "body": "Les communs numériques sont protégés."}]}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let b_slug = created.json()["slug"].as_str().unwrap().to_string();
    let b_article = created.json()["articles"][0]["id"].as_i64().unwrap();
    let opened = sponsor_send(
        &a,
        "POST",
        &format!("/api/v1/bills/{b_slug}/transitions"),
        json!({"to": "open"}),
    );
    assert_eq!(opened.status, 200, "{}", opened.body);

    let camille = citizen(&app, "camille@example.fr");
    let voter = citizen(&app, "votant@example.fr");
    let on_a = argument(
        &camille,
        &a,
        "Un argument sur le premier texte, assez long.",
    );
    let on_b = created_id(&contribute(
        &camille,
        &b_slug,
        json!({"kind": "argument", "article_id": b_article, "stance": "for",
               "body": "Un argument sur le second texte, assez long."}),
    ));
    let vote = |client: &Client, path: String, value: &str| {
        let voted = client.send_json("PUT", &path, &json!({"value": value}), &[]);
        assert_eq!(voted.status, 200, "{path}: {}", voted.body);
    };
    vote(
        &voter,
        format!("/api/v1/contributions/{on_a}/vote"),
        "support",
    );
    vote(
        &camille,
        format!("/api/v1/articles/{}/vote", a.articles[0]),
        "agree",
    );
    vote(
        &camille,
        format!("/api/v1/articles/{b_article}/vote"),
        "agree",
    );

    let author = |id: i64| -> String {
        Client::new(&app)
            .get_json(&format!("/api/v1/contributions/{id}"))
            .json()["author"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (pa, pb) = (author(on_a), author(on_b));
    assert!(pa.starts_with("Participant ") && pb.starts_with("Participant "));
    assert_ne!(pa, pb, "two bills, two pseudonyms");
    // The same on the page and in the bill's open data.
    let page = Client::new(&app)
        .get(&format!("/contributions/{on_a}"))
        .body;
    assert!(page.contains(&pa));
    let anonymous = Client::new(&app);
    let file = |slug: &str, name: &str| {
        let reply = anonymous.get(&format!("/bills/{slug}/open-data/{name}"));
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        csv_rows(&reply.body)
    };
    let authors_a = column(&file(&a.slug, "contributions.csv"), "author");
    assert!(authors_a.contains(&pa), "{authors_a:?}");
    assert!(!authors_a.contains(&pb));
    // Voter keys: one per person and bill, found nowhere else.
    let voters_a = column(&file(&a.slug, "votes.csv"), "voter");
    let voters_b = column(&file(&b_slug, "votes.csv"), "voter");
    assert_eq!(voters_a.len(), 2, "{voters_a:?}");
    assert!(voters_a.iter().all(|v| v.starts_with("V-")));
    assert!(voters_b.iter().all(|v| !voters_a.contains(v)), "unlinkable");

    // Camille shows her name: named on her contributions, never on votes.
    let browser = Client::new(&app);
    login_api(&browser, "camille@example.fr", PASSWORD);
    let account = browser.get("/account");
    let saved = browser.post_form(
        "/account/name",
        &[("csrf_token", &account.csrf_token()), ("name_public", "on")],
    );
    assert_eq!(saved.status, 303);
    assert_eq!(author(on_a), "Camille Martin");
    let authors_a = column(&file(&a.slug, "contributions.csv"), "author");
    assert!(authors_a.contains(&"Camille Martin".to_string()));
    let mut everything = String::new();
    for name in ["votes.csv", "votes.json"] {
        everything.push_str(
            &anonymous
                .get(&format!("/bills/{}/open-data/{name}", a.slug))
                .body,
        );
    }
    assert!(!everything.contains("Camille"));
    assert!(
        !everything.contains(&pa),
        "her old pseudonym is not a voter key"
    );
    assert_eq!(
        column(&file(&a.slug, "votes.csv"), "voter"),
        voters_a,
        "showing a name changes no voter key"
    );
}

#[test]
fn the_personal_data_export_holds_everything_about_the_person() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let camille = citizen(&app, "camille@example.fr");
    let other = citizen(&app, "autre@example.fr");
    let theirs = argument(&other, &c, "Un argument d'une autre personne, à signaler.");
    let kept = argument(
        &camille,
        &c,
        "Mon premier argument, que je vais reformuler.",
    );
    let edited = camille.send_json(
        "PATCH",
        &format!("/api/v1/contributions/{kept}"),
        &json!({"body": "Mon argument, reformulé après réflexion."}),
        &[],
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    let gone = amendment(&camille, &c, 1, "Les données de référence sont gratuites.");
    assert_eq!(
        camille
            .delete(&format!("/api/v1/contributions/{gone}"), &[])
            .status,
        204
    );
    let voted = camille.send_json(
        "PUT",
        &format!("/api/v1/articles/{}/vote", c.articles[0]),
        &json!({"value": "mixed"}),
        &[],
    );
    assert_eq!(voted.status, 200, "{}", voted.body);
    let reported = camille.post_json(
        &format!("/api/v1/contributions/{theirs}/reports"),
        &json!({"reason": "spam", "details": "Déjà publié trois fois."}),
    );
    assert_eq!(reported.status, 201, "{}", reported.body);
    let followed = camille.post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}));
    assert!(followed.status < 300, "{}", followed.body);

    let export = camille.get_json("/api/v1/me/export");
    assert_eq!(export.status, 200, "{}", export.body);
    let doc = export.json();
    assert_eq!(doc["account"]["email"], "camille@example.fr");
    assert_eq!(doc["account"]["name_public"], false);
    assert!(doc["account"]["notify"].is_string());
    let ids: Vec<i64> = doc["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [kept, gone], "withdrawn ones too, never others'");
    let withdrawn = &doc["contributions"][1];
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(
        withdrawn["proposed_text"], "Les données de référence sont gratuites.",
        "the person gets back even what the public no longer sees"
    );
    assert_eq!(
        doc["contribution_versions"][0]["body"],
        "Mon premier argument, que je vais reformuler."
    );
    assert_eq!(doc["votes"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["votes"][0]["value"], "mixed");
    assert_eq!(doc["votes"][0]["target_id"], c.articles[0]);
    assert_eq!(doc["reports"][0]["contribution_id"], theirs);
    assert_eq!(doc["reports"][0]["details"], "Déjà publié trois fois.");
    assert_eq!(doc["follows"][0]["bill"], c.slug.as_str());
    assert_eq!(doc["api_tokens"].as_array().unwrap().len(), 1);
    assert!(!doc["emails_sent"].as_array().unwrap().is_empty());
    assert!(
        !export.body.contains("autre@example.fr"),
        "nothing about anyone else"
    );
    // The browser's download holds the same.
    let browser = Client::new(&app);
    login_api(&browser, "camille@example.fr", PASSWORD);
    let page = browser.get("/account/export");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-disposition")
            .is_some_and(|d| d.contains("attachment"))
    );
    assert!(page.body.contains("Déjà publié trois fois."));
}
