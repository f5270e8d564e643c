//! What the public may read of a contribution: nothing of a withdrawn or
//! hidden one, the redacted text of a redacted one, a trashed one on
//! demand. Every page, the API, search, open data and the synthesis report
//! follow that one rule.

use serde_json::json;

use crate::helpers::*;

/// Words that only the texts the public may not read hold.
const SECRETS: [&str; 8] = [
    "MASQUEARGUMENT",
    "RETIREARGUMENT",
    "MASQUEMOTIF",
    "MASQUEPROPOSE",
    "RETIRETITRE",
    "RETIREPROPOSE",
    "PERSOMOTIF",
    "PERSOPROPOSE",
];

fn assert_no_secret(what: &str, body: &str) {
    for secret in SECRETS {
        assert!(!body.contains(secret), "{what} shows {secret}:\n{body}");
    }
}

#[test]
fn text_the_public_may_not_read_appears_nowhere_public() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let author = citizen(&app, "autrice@example.org");
    let (moderator, _) = token_client(&app, "moderation@example.org", "moderator");
    let post = |body: serde_json::Value| created_id(&contribute(&author, &c.slug, body));

    let hidden_argument = argument(&author, &c, "Un argument MASQUEARGUMENT bientôt masqué.");
    let withdrawn_argument = argument(&author, &c, "Un argument RETIREARGUMENT bientôt retiré.");
    let trashed_argument = argument(&author, &c, "Un argument CORBEILLEARGUMENT hors sujet.");
    let hidden_amendment = post(json!({
        "kind": "amendment", "article_id": c.articles[0],
        "body": "Un motif MASQUEMOTIF à masquer.",
        "proposed_text": "Un texte MASQUEPROPOSE à masquer."
    }));
    let withdrawn_proposal = post(json!({
        "kind": "proposal", "title": "Un titre RETIRETITRE retiré",
        "proposed_text": "Un article RETIREPROPOSE retiré.", "body": "Un article qui manque."
    }));
    let redacted_amendment = post(json!({
        "kind": "amendment", "article_id": c.articles[1],
        "body": "Un motif PERSOMOTIF avec le nom d'un voisin.",
        "proposed_text": "Les données PERSOPROPOSE de référence sont gratuites."
    }));

    for id in [hidden_argument, hidden_amendment] {
        assert_eq!(
            moderate(&moderator, id, "hide", "Propos injurieux").status,
            200
        );
    }
    assert_eq!(
        moderate(&moderator, trashed_argument, "trash", "Hors sujet").status,
        200
    );
    let redacted = moderator.post_json(
        &format!("/api/v1/contributions/{redacted_amendment}/moderation"),
        &json!({
            "action": "redact", "reason": "Données personnelles",
            "redacted_body": "Un motif caviardé.",
            "redacted_proposed_text": "Les données caviardées de référence sont gratuites."
        }),
    );
    assert_eq!(redacted.status, 200, "{}", redacted.body);
    for id in [withdrawn_argument, withdrawn_proposal] {
        let gone = author.delete(&format!("/api/v1/contributions/{id}"), &[]);
        assert_eq!(gone.status, 204, "{}", gone.body);
    }
    let ids = [
        hidden_argument,
        withdrawn_argument,
        trashed_argument,
        hidden_amendment,
        withdrawn_proposal,
        redacted_amendment,
    ];

    let public = Client::new(&app);
    let mut pages = vec![
        format!("/bills/{}", c.slug),
        format!("/bills/{}/proposals", c.slug),
        format!("/bills/{}/proposals?highlight={withdrawn_proposal}", c.slug),
    ];
    for article in &c.articles {
        pages.push(format!("/bills/{}/articles/{article}", c.slug));
        pages.push(format!(
            "/bills/{}/articles/{article}?highlight={hidden_argument}",
            c.slug
        ));
    }
    for id in ids {
        pages.push(format!("/contributions/{id}"));
    }
    for secret in SECRETS {
        pages.push(format!("/bills/{}/search?q={secret}", c.slug));
        pages.push(format!("/search?q={secret}"));
    }
    for page in &pages {
        let shown = public.get(page);
        assert_eq!(shown.status, 200, "{page}");
        // A search page repeats what was searched (its field, its links):
        // its results are what it found.
        let body = match shown.body.split_once("<ol class=\"results\">") {
            Some((_, results)) if page.contains("?q=") => results
                .split("</ol>")
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => shown.body.clone(),
        };
        assert_no_secret(page, &body);
    }
    // What each shows in its place: the placeholders, the redacted text,
    // the trashed text collapsed.
    let article = public
        .get(&format!("/bills/{}/articles/{}", c.slug, c.articles[0]))
        .body;
    assert!(article.contains("CORBEILLEARGUMENT"), "readable on demand");
    assert!(article.contains("<details class=\"trashed\">"));
    let redacted_page = public
        .get(&format!("/contributions/{redacted_amendment}"))
        .body;
    assert!(
        redacted_page.contains("Un motif caviardé."),
        "{redacted_page}"
    );
    assert!(redacted_page.contains("caviardées"), "{redacted_page}");

    let mut apis = vec![
        format!("/api/v1/bills/{}/contributions?limit=100", c.slug),
        format!("/api/v1/bills/{}/contributions?kind=proposal", c.slug),
    ];
    for id in ids {
        apis.push(format!("/api/v1/contributions/{id}"));
    }
    for secret in SECRETS {
        apis.push(format!("/api/v1/bills/{}/contributions?q={secret}", c.slug));
    }
    for api in &apis {
        let shown = public.get_json(api);
        assert_eq!(shown.status, 200, "{api}");
        assert_no_secret(api, &shown.body);
    }
    // Search finds what the public may read: the redacted text.
    let found = public
        .get_json(&format!(
            "/api/v1/bills/{}/contributions?q=caviard%C3%A9es",
            c.slug
        ))
        .json();
    assert_eq!(found["items"][0]["id"], redacted_amendment, "{found}");
    let listed = public
        .get_json(&format!("/api/v1/bills/{}/contributions?limit=100", c.slug))
        .json();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        ids.len(),
        "each one still listed, as its placeholder"
    );

    // Open data while the consultation runs, then every export once the
    // bill is published.
    let open_data = |file: &str| {
        let got = public.get(&format!("/bills/{}/open-data/{file}", c.slug));
        assert_eq!(got.status, 200, "{file}: {}", got.body);
        assert_no_secret(file, &got.body);
        got.body
    };
    let csv = open_data("contributions.csv");
    assert!(csv.contains("caviardées"), "the redacted text: {csv}");
    open_data("contributions.json");

    close(&c);
    assert_eq!(decide(&c, redacted_amendment, "rejected").status, 200);
    let done = publish(&c);
    assert_eq!(done.status, 200, "{}", done.body);
    for file in [
        "contributions.csv",
        "contributions.json",
        "decisions.csv",
        "decisions.json",
        "bill.json",
        "amendments.akn.xml",
    ] {
        open_data(file);
    }
    for report in ["synthesis", "synthesis.md", "synthesis.json"] {
        let got = public.get(&format!("/bills/{}/{report}", c.slug));
        assert_eq!(got.status, 200, "{report}: {}", got.body);
        assert_no_secret(report, &got.body);
        assert!(
            !got.body.contains("CORBEILLEARGUMENT"),
            "the report quotes no trashed argument: {report}"
        );
    }
    let comparative = public.get(&format!("/bills/{}/comparative-table.csv", c.slug));
    assert_eq!(comparative.status, 200);
    assert_no_secret("comparative-table.csv", &comparative.body);
}
