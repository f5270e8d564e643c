//! Bills: importing real texts, the consultation's life, versions, pages.

use serde_json::{Value, json};

use crate::helpers::*;

const AIR_TRANSPORT: &str =
    "bills/ppl11-290/procedure/00_1erelecture_assemblee_depot/texte/texte.json";
const SENATO: &str = "akoma-ntoso/examples/it_senato_ddl_2013.xml";

fn labels(bill: &Value) -> Vec<String> {
    bill["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap().to_string())
        .collect()
}

fn import(client: &Client, content_type: &str, bytes: &[u8]) -> Reply {
    client.post_bytes("/api/v1/bills/import", content_type, bytes)
}

/// A sponsor's script: a personal API token, no cookie, no CSRF header.
fn sponsor_script(app: &TestApp, email: &str) -> Client {
    let (_, _) = signed_in(app, email, "sponsor");
    let created = Client::new(app).post_json(
        "/api/v1/tokens",
        &json!({"email": email, "password": PASSWORD, "label": "import", "scope": "read-write"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let token = created.json()["token"].as_str().unwrap().to_string();
    Client::new(app).always("Authorization", &format!("Bearer {token}"))
}

#[test]
fn a_real_bill_imports_article_by_article_with_its_alineas() {
    let app = spawn_app();
    let sponsor = sponsor_script(&app, "depute@example.org");
    let preview = sponsor.post_bytes(
        "/api/v1/bills/import?dry_run=true",
        "application/json",
        &shared_data(AIR_TRANSPORT),
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_eq!(
        labels(&preview.json()),
        ["Article 1er", "Article 2", "Article 3", "Article 4"]
    );
    assert_eq!(
        sponsor.get_json("/api/v1/bills?status=draft").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "a dry run saves nothing"
    );

    let created = import(&sponsor, "application/json", &shared_data(AIR_TRANSPORT));
    assert_eq!(created.status, 201, "{}", created.body);
    let bill = created.json();
    assert_eq!(bill["status"], "draft");
    assert!(
        bill["title"]
            .as_str()
            .unwrap()
            .contains("information des passagers")
    );
    assert_eq!(
        labels(&bill),
        ["Article 1er", "Article 2", "Article 3", "Article 4"]
    );
    let body = |i: usize| bill["articles"][i]["body"].as_str().unwrap().to_string();
    assert_eq!(
        body(0),
        "La présente loi est applicable aux entreprises, établissements ou parties d'établissement qui concourent directement à l'activité de transport aérien de passagers."
    );
    let alineas: Vec<String> = body(1).split("\n\n").map(str::to_string).collect();
    assert!(alineas.len() > 5, "one paragraph per alinéa: {alineas:?}");
    assert_eq!(alineas[1], "II. - L'accord-cadre détermine notamment :");
    assert!(body(3).starts_with("En cas de perturbation du trafic aérien liée à une grève"));
    // The same bill again gets its own address.
    let again = import(&sponsor, "application/json", &shared_data(AIR_TRANSPORT)).json();
    assert_ne!(again["slug"], bill["slug"]);
}

#[test]
fn the_demo_opens_two_real_consultations_and_publishes_a_third() {
    let app = spawn_demo_app();
    let visitor = Client::new(&app);
    // The published one: the real first reading of ppl11-290.
    let published = visitor.get_json("/api/v1/bills?status=published").json();
    let done = &published["items"][0];
    let slug = done["slug"].as_str().unwrap();
    let bill = visitor.get_json(&format!("/api/v1/bills/{slug}")).json();
    let fates: Vec<(&str, Option<&str>)> = bill["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["label"].as_str().unwrap(), a["fate"].as_str()))
        .collect();
    assert_eq!(
        fates,
        [
            ("Article 1er", Some("deleted")),
            ("Article 1er bis", Some("added")),
            ("Article 2", None),
            ("Article 2 bis", Some("added")),
            ("Article 2 ter", Some("added")),
            ("Article 2 quater", Some("added")),
            ("Article 3", Some("deleted")),
            ("Article 4", Some("deleted")),
        ]
    );
    let seance = String::from_utf8(shared_data(
        "bills/ppl11-290/procedure/02_1erelecture_assemblee_hemicycle/texte/texte.json",
    ))
    .unwrap();
    // The final article 2 is the text adopted on the floor (its first alinéa).
    assert!(
        seance.contains("Le titre Ier du livre Ier de la première partie du code des transports")
    );
    assert!(
        bill["articles"][2]["body"]
            .as_str()
            .unwrap()
            .starts_with("Le titre Ier du livre Ier de la première partie du code des transports")
    );
    let report = visitor.get(&format!("/bills/{slug}/synthesis"));
    assert_eq!(report.status, 200);
    assert!(report.body.contains("Retenu"));
    let list = visitor.get_json("/api/v1/bills?status=open").json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let slug = |needle: &str| -> String {
        items
            .iter()
            .find(|b| b["title"].as_str().unwrap().contains(needle))
            .unwrap()["slug"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let numerique = visitor
        .get_json(&format!("/api/v1/bills/{}", slug("République numérique")))
        .json();
    assert_eq!(numerique["articles"].as_array().unwrap().len(), 30);
    assert_eq!(numerique["articles"][0]["label"], "Article 1");
    assert!(
        numerique["articles"][0]["heading"]
            .as_str()
            .unwrap()
            .starts_with("Open data par défaut")
    );
    let first = numerique["articles"][0]["body"].as_str().unwrap();
    assert!(
        first.contains("Les administrations mentionnées à l’article 1er"),
        "entities decoded: {first}"
    );
    assert!(!first.contains("&eacute;") && !first.contains("<p>"));
    assert!(
        numerique["sections"].as_array().unwrap().len() > 3,
        "sections kept"
    );
    // The real 2015 contributions and votes of the "Neutralité" section.
    let article_11 = numerique["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["label"] == "Article 11")
        .unwrap()
        .clone();
    assert_eq!(
        article_11["votes"],
        json!({"agree": 1370, "mixed": 45, "disagree": 11})
    );
    assert_eq!(article_11["counts"]["arguments"], 40);
    let article_1 = &numerique["articles"][0];
    assert_eq!(
        article_1["votes"],
        json!({"agree": 0, "mixed": 0, "disagree": 0}),
        "a proposal titled \"Article 1\" is not the bill's Article 1"
    );
    let figures = &numerique["participation"];
    assert_eq!(figures["proposals"], 29);
    {
        use codraft::store::votes::{Target, recount, tally};
        let db = app.db();
        let mut conn = db.conn().unwrap();
        let id = article_11["id"].as_i64().unwrap();
        assert_eq!(
            recount(&mut conn, Target::Article(id)).unwrap(),
            tally(&mut conn, Target::Article(id)).unwrap()
        );
    }
    let air = visitor
        .get_json(&format!("/api/v1/bills/{}", slug("transport aérien")))
        .json();
    assert_eq!(labels(&air).len(), 4);
    // The pages show them to anyone.
    let home = visitor.get("/");
    assert!(home.body.contains("République numérique") && home.body.contains("transport aérien"));
    let page = visitor.get(&format!("/bills/{}", slug("République numérique")));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Section 1") && page.body.contains("Open data par défaut"));
}

/// The file has eight `article` elements: six articles of the bill, and two
/// articles of the codes it amends, quoted inside `quotedStructure`, which
/// are the text of the bill's articles 1, not articles of their own.
#[test]
fn an_akoma_ntoso_bill_imports_its_articles_but_not_the_quoted_ones() {
    let app = spawn_app();
    let sponsor = sponsor_script(&app, "senatore@example.org");
    let reply = import(&sponsor, "application/xml", &shared_data(SENATO));
    assert_eq!(reply.status, 201, "{}", reply.body);
    let bill = reply.json();
    assert_eq!(
        labels(&bill),
        (1..=6).map(|n| format!("Article {n}")).collect::<Vec<_>>()
    );
    let first = bill["articles"][0]["body"].as_str().unwrap();
    assert!(
        first.contains("La Camera dei deputati è eletta a suffragio universale"),
        "the quoted article is text of Article 1: {first}"
    );
    assert!(
        bill["title"]
            .as_str()
            .unwrap()
            .contains("Modifiche al testo unico")
    );
}

#[test]
fn an_unreadable_file_gets_a_422_that_says_where_and_why() {
    let app = spawn_app();
    let sponsor = sponsor_script(&app, "depute@example.org");
    let problem = |reply: &Reply| -> String {
        assert_eq!(reply.status, 422, "{}", reply.body);
        reply.json()["errors"]["file"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let no_heading = problem(&import(
        &sponsor,
        "text/plain",
        "Un texte sans aucun article.\n\nRien d'autre.".as_bytes(),
    ));
    assert!(no_heading.contains("ligne 1"), "{no_heading}");
    let duplicate = problem(&import(
        &sponsor,
        "text/plain",
        "Article 1er\n\nPremier.\n\nArticle 2\n\nDeux.\n\nArticle 2\n\nEncore deux.\n".as_bytes(),
    ));
    assert!(
        (duplicate.contains("ligne 9") && duplicate.contains("ligne 5"))
            && duplicate.contains("Article 2"),
        "{duplicate}"
    );
    let malformed = problem(&import(
        &sponsor,
        "application/xml",
        b"<akomaNtoso><bill><body><article></bill></akomaNtoso>",
    ));
    assert!(
        malformed.contains("ligne 1") && malformed.contains("colonne"),
        "{malformed}"
    );
    let wrong_root = problem(&import(
        &sponsor,
        "application/xml",
        b"<html><body>Article 1er</body></html>",
    ));
    assert!(
        wrong_root.contains("html") && wrong_root.contains("akomaNtoso"),
        "{wrong_root}"
    );
    let bad_json = problem(&import(&sponsor, "application/json", b"{\"articles\": [}"));
    assert!(bad_json.contains("ligne 1"), "{bad_json}");
    assert_eq!(import(&sponsor, "image/png", b"\x89PNG").status, 415);
    // Nothing was half-imported.
    assert_eq!(
        sponsor.get_json("/api/v1/bills?status=draft").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // Only sponsors import.
    let citizen = Client::new(&app);
    let csrf = confirmed_citizen(&app, &citizen, "citoyen@example.org");
    let refused = citizen.send_bytes(
        "/api/v1/bills/import",
        "text/plain",
        b"Article 1er\n\nTexte.",
        &csrf,
    );
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.json()["type"],
        "/problems/forbidden",
        "refused as a citizen, not for the token"
    );
}

#[test]
fn an_upload_over_the_size_limit_gets_413() {
    let app = spawn_app_with(&[("CODRAFT_MAX_BODY_BYTES", "4096")]);
    let sponsor = sponsor_script(&app, "depute@example.org");
    let big = format!("Article 1er\n\n{}", "Un alinéa très long. ".repeat(400));
    let reply = import(&sponsor, "text/plain", big.as_bytes());
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
}

fn create_bill(client: &Client, csrf: &str, extra: Value) -> Value {
    let mut body = json!({
        "closes_at": LATER,
        "title": "Proposition de loi relative à la transparence des consultations",
        "summary": "Les citoyens doivent pouvoir suivre ce que devient leur avis.",
        "articles": [
            {"label": "Article 1er", "body": "Toute consultation publie ses contributions."},
            {"label": "Article 2", "heading": "Synthèse", "body": "Une synthèse est publiée à la clôture.\n\nElle répond à chaque proposition."}
        ]
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let reply = client.send_json("POST", "/api/v1/bills", &body, &[("X-CSRF-Token", csrf)]);
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.json()
}

fn move_to(client: &Client, csrf: &str, slug: &str, to: &str) -> Reply {
    client.send_json(
        "POST",
        &format!("/api/v1/bills/{slug}/transitions"),
        &json!({"to": to}),
        &[("X-CSRF-Token", csrf)],
    )
}

#[test]
fn every_transition_by_every_role() {
    let app = spawn_app();
    let (sponsor, sponsor_csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let (other_sponsor, other_csrf) = signed_in(&app, "autre-depute@example.org", "sponsor");
    let (admin, admin_csrf) = signed_in(&app, "admin@example.org", "admin");
    let (moderator, moderator_csrf) = signed_in(&app, "moderation@example.org", "moderator");
    let citizen = Client::new(&app);
    let citizen_csrf = confirmed_citizen(&app, &citizen, "citoyen@example.org");
    let anonymous = Client::new(&app);

    let statuses = ["draft", "open", "closed", "published"];
    let targets = ["draft", "open", "closed", "published"];
    for (i, at) in statuses.iter().enumerate() {
        // A bill brought to `at` by its sponsor.
        let slug = create_bill(&sponsor, &sponsor_csrf, json!({}))["slug"]
            .as_str()
            .unwrap()
            .to_string();
        for step in &statuses[1..=i] {
            assert_eq!(move_to(&sponsor, &sponsor_csrf, &slug, step).status, 200);
        }
        let is_draft = *at == "draft";
        for to in targets {
            let allowed_step = statuses.get(i + 1) == Some(&to);
            // Those who cannot act: a draft does not exist for them.
            let outsider = if is_draft { 404 } else { 403 };
            for (who, client, csrf, expected) in [
                ("anonymous", &anonymous, "", 401),
                ("citizen", &citizen, citizen_csrf.as_str(), outsider),
                ("moderator", &moderator, moderator_csrf.as_str(), outsider),
                (
                    "other sponsor",
                    &other_sponsor,
                    other_csrf.as_str(),
                    outsider,
                ),
            ] {
                let reply = move_to(client, csrf, &slug, to);
                assert_eq!(
                    reply.status, expected,
                    "{who}: {at} -> {to}: {}",
                    reply.body
                );
            }
            if !allowed_step {
                for (who, client, csrf) in [
                    ("sponsor", &sponsor, &sponsor_csrf),
                    ("admin", &admin, &admin_csrf),
                ] {
                    let reply = move_to(client, csrf, &slug, to);
                    assert_eq!(reply.status, 409, "{who}: {at} -> {to}: {}", reply.body);
                    assert_eq!(
                        reply.header("content-type"),
                        Some("application/problem+json")
                    );
                }
            }
        }
        if let Some(next) = statuses.get(i + 1) {
            // The allowed step works for the admin too (on a fresh bill).
            let other = create_bill(&sponsor, &sponsor_csrf, json!({}))["slug"]
                .as_str()
                .unwrap()
                .to_string();
            for step in &statuses[1..=i] {
                move_to(&sponsor, &sponsor_csrf, &other, step);
            }
            let reply = move_to(&admin, &admin_csrf, &other, next);
            assert_eq!(reply.status, 200, "admin: {at} -> {next}: {}", reply.body);
            assert_eq!(reply.json()["status"], *next);
            let transitions = reply.json()["transitions"].as_array().unwrap().clone();
            assert_eq!(transitions.last().unwrap()["to"], *next);
            assert!(
                transitions.last().unwrap()["actor"].is_string(),
                "who moved it is recorded"
            );
        }
    }
}

#[test]
fn a_draft_is_invisible_to_all_but_its_sponsors_and_admins() {
    let app = spawn_app();
    let (sponsor, csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let (other_sponsor, _) = signed_in(&app, "autre@example.org", "sponsor");
    let (admin, _) = signed_in(&app, "admin@example.org", "admin");
    let bill = create_bill(&sponsor, &csrf, json!({}));
    let slug = bill["slug"].as_str().unwrap();
    let article = bill["articles"][0]["id"].as_i64().unwrap();
    let citizen = Client::new(&app);
    confirmed_citizen(&app, &citizen, "citoyen@example.org");
    for client in [&Client::new(&app), &citizen, &other_sponsor] {
        assert_eq!(
            client.get_json(&format!("/api/v1/bills/{slug}")).status,
            404
        );
        assert_eq!(client.get(&format!("/bills/{slug}")).status, 404);
        assert_eq!(
            client
                .get(&format!("/bills/{slug}/articles/{article}"))
                .status,
            404
        );
        assert_eq!(
            client
                .get_json(&format!("/api/v1/articles/{article}/versions"))
                .status,
            404
        );
        assert!(!client.get("/").body.contains(slug));
    }
    for client in [&sponsor, &admin] {
        assert_eq!(
            client.get_json(&format!("/api/v1/bills/{slug}")).status,
            200
        );
        assert_eq!(client.get(&format!("/bills/{slug}")).status, 200);
    }
    // Once open, everybody reads it.
    move_to(&sponsor, &csrf, slug, "open");
    assert_eq!(Client::new(&app).get(&format!("/bills/{slug}")).status, 200);
}

#[test]
fn the_calendar_opens_and_closes_a_consultation() {
    let app = spawn_app_with(&[("CODRAFT_CALENDAR_SECS", "1")]);
    let (sponsor, csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let soon = |secs: i64| (chrono::Utc::now() + chrono::TimeDelta::seconds(secs)).to_rfc3339();
    let bill = create_bill(
        &sponsor,
        &csrf,
        json!({"opens_at": soon(1), "closes_at": soon(3)}),
    );
    let slug = bill["slug"].as_str().unwrap().to_string();
    assert_eq!(bill["status"], "draft");
    std::thread::sleep(std::time::Duration::from_millis(1300));
    // Whether or not the job ran yet, a reader sees what the dates say.
    assert_eq!(
        Client::new(&app)
            .get_json(&format!("/api/v1/bills/{slug}"))
            .json()["status"],
        "open"
    );
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let closed = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{slug}"))
        .json();
    assert_eq!(closed["status"], "closed");
    // The job records both moves, once each, without an actor.
    let mut transitions = Vec::new();
    assert!(
        eventually(10, || {
            transitions = Client::new(&app)
                .get_json(&format!("/api/v1/bills/{slug}"))
                .json()["transitions"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            transitions.len() == 2
        }),
        "the calendar job moved it: {transitions:?}"
    );
    assert!(
        transitions.iter().all(|t| t["actor"].is_null()),
        "the calendar moved it"
    );
    // Closed means closed for the text too.
    let article = closed["articles"][0]["id"].as_i64().unwrap();
    let edit = sponsor.send_json(
        "PUT",
        &format!("/api/v1/articles/{article}"),
        &json!({"body": "Autre texte", "reason": "Correction"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(edit.status, 409);
    // Opening with a closing date in the past is refused with a reason.
    let late = create_bill(&sponsor, &csrf, json!({"closes_at": soon(-60)}));
    let reply = move_to(&sponsor, &csrf, late["slug"].as_str().unwrap(), "open");
    assert_eq!(reply.status, 409);
}

#[test]
fn every_change_of_an_article_is_a_version_with_a_word_diff() {
    let app = spawn_app();
    let (sponsor, csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let bill = create_bill(&sponsor, &csrf, json!({}));
    let slug = bill["slug"].as_str().unwrap().to_string();
    let id = bill["articles"][0]["id"].as_i64().unwrap();
    let put = |body: Value| {
        sponsor.send_json(
            "PUT",
            &format!("/api/v1/articles/{id}"),
            &body,
            &[("X-CSRF-Token", &csrf)],
        )
    };

    // Drafting: free changes, no reason needed.
    let v2 = put(json!({"body": "Toute consultation publie ses contributions et ses votes."}));
    assert_eq!(v2.status, 200, "{}", v2.body);
    assert_eq!(v2.json()["version"], 2);
    assert_eq!(
        put(json!({"body": "Toute consultation publie ses contributions et ses votes."})).status,
        422,
        "no change, no version"
    );

    move_to(&sponsor, &csrf, &slug, "open");
    let without_reason =
        put(json!({"body": "Toute consultation publie en ligne ses contributions et ses votes."}));
    assert_eq!(without_reason.status, 422);
    assert!(without_reason.json()["errors"]["reason"].is_array());
    let relabel = put(json!({"label": "Article 9", "body": "x y z", "reason": "Renuméroter"}));
    assert_eq!(relabel.status, 422, "labels are fixed once open");
    let v3 = put(
        json!({"body": "Toute consultation publie en ligne ses contributions et ses votes.", "reason": "Préciser le support de publication"}),
    );
    assert_eq!(v3.status, 200, "{}", v3.body);
    assert_eq!(v3.json()["version"], 3);

    let versions = Client::new(&app)
        .get_json(&format!("/api/v1/articles/{id}/versions"))
        .json();
    let items = versions["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0]["body"],
        "Toute consultation publie ses contributions."
    );
    assert_eq!(items[2]["reason"], "Préciser le support de publication");

    // Citizens see that it changed, when and why, and the diff.
    let visitor = Client::new(&app);
    let page = visitor.get(&format!("/bills/{slug}/articles/{id}"));
    assert!(
        page.body.contains("Modifié le")
            && page.body.contains("Préciser le support de publication"),
        "{}",
        page.body
    );
    let history = visitor.get(&format!("/bills/{slug}/articles/{id}/history"));
    assert_eq!(history.status, 200);
    assert!(
        history.body.contains("<ins>") && history.body.contains("en ligne"),
        "{}",
        history.body
    );
    let first_to_last = visitor.get(&format!("/bills/{slug}/articles/{id}/history?from=1&to=3"));
    let diff = &first_to_last.body[first_to_last.body.find("class=\"diff\"").unwrap()..];
    let diff = &diff[..diff.find("</div>").unwrap()];
    assert!(
        diff.contains("<del>") && diff.contains("contributions.<"),
        "{diff}"
    );
    assert!(
        diff.contains("<ins>") && diff.contains("en ligne") && diff.contains("votes."),
        "{diff}"
    );
    // A wrong bill in the address is a 404, not another bill's article.
    assert_eq!(
        visitor
            .get(&format!("/bills/autre-texte/articles/{id}"))
            .status,
        404
    );
}

#[test]
fn a_sponsor_goes_from_a_file_to_an_open_consultation_with_the_forms() {
    let app = spawn_app();
    let (sponsor, _) = signed_in(&app, "depute@example.org", "sponsor");
    let form = sponsor.get("/bills/import");
    assert_eq!(form.status, 200);
    let file = shared_data(AIR_TRANSPORT);
    let preview = sponsor.post_multipart(
        "/bills/import",
        &[
            ("csrf_token", None, form.csrf_token().as_bytes()),
            ("file", Some("texte.json"), &file),
        ],
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Article 1er") && preview.body.contains("4 articles lus"),
        "{}",
        preview.body
    );
    assert_eq!(
        sponsor.get_json("/api/v1/bills?status=draft").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "preview saves nothing"
    );

    let field = |name: &str| -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = preview.body.find(&marker).unwrap() + marker.len();
        let end = preview.body[start..].find('"').unwrap() + start;
        preview.body[start..end]
            .replace("&#x2F;", "/")
            .replace("&#x3D;", "=")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    };
    let created = sponsor.post_form(
        "/bills/import/confirm",
        &[
            ("csrf_token", &preview.csrf_token()),
            ("format", &field("format")),
            ("content", &field("content")),
            ("title", "Information des passagers du transport aérien"),
        ],
    );
    assert_eq!(created.status, 303, "{}", created.body);
    let bill_page = sponsor.follow(&created);
    assert!(
        bill_page
            .body
            .contains("Information des passagers du transport aérien")
    );
    let slug = created.location().trim_start_matches("/bills/").to_string();
    let dated = sponsor.send_json(
        "PATCH",
        &format!("/api/v1/bills/{slug}"),
        &json!({"closes_at": LATER}),
        &[("X-CSRF-Token", &bill_page.csrf_token())],
    );
    assert_eq!(dated.status, 200, "{}", dated.body);
    let opened = sponsor.post_form(
        &format!("/bills/{slug}/transitions"),
        &[
            ("csrf_token", &bill_page.csrf_token()),
            ("to", "open"),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(opened.status, 303);
    let public = Client::new(&app).get(&format!("/bills/{slug}"));
    assert!(public.body.contains("Consultation ouverte"));
    assert!(
        Client::new(&app)
            .get("/")
            .body
            .contains("Information des passagers du transport aérien")
    );

    // A wrong file comes back to the form with where and why.
    let form = sponsor.get("/bills/import");
    let bad = sponsor.post_multipart(
        "/bills/import",
        &[
            ("csrf_token", None, form.csrf_token().as_bytes()),
            ("file", Some("texte.xml"), b"<akomaNtoso><bill>"),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("ligne 1"), "{}", bad.body);
    // Without the form's token: refused.
    let forged = sponsor.post_multipart(
        "/bills/import",
        &[("file", Some("t.txt"), b"Article 1er\n\nTexte.")],
    );
    assert_eq!(forged.status, 403);
}

#[test]
fn a_sponsor_drafts_a_bill_typed_in_the_form_and_edits_it() {
    let app = spawn_app();
    let (sponsor, _) = signed_in(&app, "depute@example.org", "sponsor");
    let form = sponsor.get("/bills/new");
    let text = "EXPOSÉ DES MOTIFS\n\nIl faut informer les passagers.\n\nPROPOSITION DE LOI\n\nTITRE Ier\n\nDISPOSITIONS GÉNÉRALES\n\nArticle premier\n\nLe code des transports est ainsi modifié :\n\n« Art. L. 1114-1. – Les passagers sont informés. »\n\nArt. 2\n\nLa présente loi entre en vigueur le 1er janvier.\n";
    let reply = sponsor.post_form(
        "/bills",
        &[
            ("csrf_token", &form.csrf_token()),
            ("title", "Information des passagers"),
            ("summary", ""),
            ("articles", text),
            ("opens_at", ""),
            ("closes_at", ""),
        ],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let slug = reply.location().trim_start_matches("/bills/").to_string();
    let bill = sponsor.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(
        labels(&bill),
        ["Article 1er", "Article 2"],
        "the quoted code article stays text"
    );
    assert!(
        bill["articles"][0]["body"]
            .as_str()
            .unwrap()
            .contains("« Art. L. 1114-1.")
    );
    assert_eq!(bill["sections"][0]["label"], "TITRE Ier");

    // A bad date or an empty title comes back with the fields marked.
    let bad = sponsor.post_form(
        "/bills",
        &[
            ("csrf_token", &form.csrf_token()),
            ("title", ""),
            ("articles", text),
            ("opens_at", "demain"),
            ("closes_at", ""),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Date invalide"));

    let page = sponsor.get(&format!("/bills/{slug}/edit"));
    assert_eq!(page.status, 200);
    let added = sponsor.post_form(
        &format!("/bills/{slug}/articles"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("label", "Article 3 bis"),
            ("heading", ""),
            ("body", "Un article ajouté."),
        ],
    );
    assert_eq!(added.status, 303);
    let saved = sponsor.post_form(
        &format!("/bills/{slug}/edit"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("title", "Information des passagers aériens"),
            ("summary", "Exposé."),
            ("opens_at", ""),
            ("closes_at", ""),
        ],
    );
    assert_eq!(saved.status, 303);
    let new_slug = saved.location().trim_start_matches("/bills/").to_string();
    assert_ne!(
        new_slug, slug,
        "the address follows the title while drafting"
    );
    let bill = sponsor
        .get_json(&format!("/api/v1/bills/{new_slug}"))
        .json();
    assert_eq!(labels(&bill), ["Article 1er", "Article 2", "Article 3 bis"]);

    // Co-sponsors must be sponsor accounts.
    let (cosponsor, _) = signed_in(&app, "codepute@example.org", "sponsor");
    let citizen = Client::new(&app);
    confirmed_citizen(&app, &citizen, "citoyen@example.org");
    let refused = sponsor.post_form(
        &format!("/bills/{new_slug}/sponsors"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("email", "citoyen@example.org"),
        ],
    );
    assert_eq!(refused.status, 422);
    let ok = sponsor.post_form(
        &format!("/bills/{new_slug}/sponsors"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("email", "codepute@example.org"),
        ],
    );
    assert_eq!(ok.status, 303);
    assert_eq!(
        cosponsor
            .get_json(&format!("/api/v1/bills/{new_slug}"))
            .status,
        200,
        "the co-sponsor sees the draft"
    );
}

/// `<akomaNtoso><bill><body>`, `wrappers` nested `hcontainer`s, an article
/// whose text sits in `spans` nested `span`s.
fn deep_akoma_ntoso(wrappers: usize, spans: usize) -> Vec<u8> {
    let mut xml = String::from("<akomaNtoso><bill><body>");
    xml.push_str(&"<hcontainer name=\"x\">".repeat(wrappers));
    xml.push_str("<article><num>Article 1er</num><content><p>");
    xml.push_str(&"<span>".repeat(spans));
    xml.push_str("Le présent texte.");
    xml.push_str(&"</span>".repeat(spans));
    xml.push_str("</p></content></article>");
    xml.push_str(&"</hcontainer>".repeat(wrappers));
    xml.push_str("</body></bill></akomaNtoso>");
    xml.into_bytes()
}

#[test]
fn a_deeply_nested_file_gets_a_422_naming_the_limit_and_the_server_lives_on() {
    let app = spawn_app();
    let sponsor = sponsor_script(&app, "depute@example.org");
    for (document, path) in [
        (
            deep_akoma_ntoso(4_000, 0),
            "/akomaNtoso/bill/body/hcontainer/hcontainer/…",
        ),
        (
            deep_akoma_ntoso(0, 20_000),
            "/akomaNtoso/bill/body/article/content/…",
        ),
    ] {
        let reply = sponsor.post_bytes(
            "/api/v1/bills/import?dry_run=true",
            "application/xml",
            &document,
        );
        assert_eq!(reply.status, 422, "{}", reply.body);
        let message = reply.json()["errors"]["file"][0]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            message.contains("100 niveaux") && message.contains(path),
            "{message}"
        );
        let health = Client::new(&app).get_json("/healthz");
        assert_eq!(health.status, 200, "{}", health.body);
    }
    // A real bill still imports.
    let reply = sponsor.post_bytes(
        "/api/v1/bills/import?dry_run=true",
        "application/xml",
        &shared_data(SENATO),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(!labels(&reply.json()).is_empty());
}

/// The 2015 "République numérique" bill as a sponsor pastes it in a text
/// file: the title, each section's heading, each article's heading and its
/// text as the project converts the consultation's HTML.
fn republique_numerique_as_text() -> String {
    let json: Value = serde_json::from_slice(&shared_data(
        "consultations/republique-numerique-2015/bill-articles.json",
    ))
    .unwrap();
    let mut text = String::from("PROJET DE LOI pour une République numérique\n\n");
    let mut section = String::new();
    for (i, item) in json.as_array().unwrap().iter().enumerate() {
        let this = format!(
            "{} – {}",
            item["section"].as_str().unwrap(),
            item["heading"].as_str().unwrap()
        );
        if this != section {
            text.push_str(&format!("{this}\n\n"));
            section = this;
        }
        let number = if i == 0 {
            "1er".to_string()
        } else {
            (i + 1).to_string()
        };
        let (_, heading) = item["title"].as_str().unwrap().split_once(" - ").unwrap();
        text.push_str(&format!("Article {number} – {heading}\n\n"));
        text.push_str(&codraft::import::html::to_markdown(
            item["body_html"].as_str().unwrap(),
        ));
        text.push_str("\n\n");
    }
    text
}

fn thirty_labels() -> Vec<String> {
    std::iter::once("Article 1er".to_string())
        .chain((2..=30).map(|n| format!("Article {n}")))
        .collect()
}

#[test]
fn a_pasted_bill_keeps_its_articles_and_the_preview_says_where_it_guessed() {
    let app = spawn_app();
    let sponsor = sponsor_script(&app, "depute@example.org");
    let text = republique_numerique_as_text();
    let lines: Vec<&str> = text.lines().collect();

    let preview = sponsor.post_bytes(
        "/api/v1/bills/import?dry_run=true",
        "text/plain; charset=utf-8",
        text.as_bytes(),
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    let preview = preview.json();
    assert_eq!(labels(&preview), thirty_labels());
    let thirteen = preview["articles"][12]["body"].as_str().unwrap();
    assert!(thirteen.contains("« 2° Toute plateforme en ligne est tenue"));
    assert!(thirteen.contains("II. Aux deuxième et troisième alinéas"));
    let warnings = preview["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        let line = w["line"].as_u64().unwrap() as usize;
        let message = w["message"].as_str().unwrap();
        assert_eq!(w["code"], "import-warning-quote-ended", "{w}");
        assert!(
            message.contains("Article 13") && message.contains("guillemets"),
            "{message}"
        );
        // The line is the file's: a paragraph of Article 13 that does not
        // open with «.
        let at = lines[line - 1];
        assert!(!at.starts_with('«') && !at.is_empty(), "{at}");
        let thirteen_at = lines
            .iter()
            .position(|l| l.starts_with("Article 13 "))
            .unwrap();
        let fourteen_at = lines
            .iter()
            .position(|l| l.starts_with("Article 14 "))
            .unwrap();
        assert!((thirteen_at..fourteen_at).contains(&(line - 1)), "{line}");
    }
    assert_eq!(
        sponsor.get_json("/api/v1/bills?status=draft").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "a dry run saves nothing"
    );

    // In English for a reader of English.
    let (browser, csrf) = signed_in(&app, "deputy@example.org", "sponsor");
    browser.get("/language?lang=en&next=/");
    let english = browser.send_bytes(
        "/api/v1/bills/import?dry_run=true",
        "text/plain",
        text.as_bytes(),
        &csrf,
    );
    assert_eq!(english.status, 200, "{}", english.body);
    let message = english.json()["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with("A quotation opened in Article 13 (line "),
        "{message}"
    );

    // The import page's preview shows the same, line by line.
    let form = browser.get("/bills/import");
    let page = browser.post_multipart(
        "/bills/import",
        &[
            ("csrf_token", None, form.csrf_token().as_bytes()),
            ("file", Some("republique-numerique.txt"), text.as_bytes()),
        ],
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("30 articles read"), "{}", page.body);
    let first = warnings[0]["line"].as_u64().unwrap();
    assert!(page.body.contains("id=\"import-warnings\""));
    assert!(
        page.body.contains(&format!("Line {first}:")),
        "{}",
        page.body
    );

    // Saved, the bill has its thirty articles.
    let created = import(&sponsor, "text/plain", text.as_bytes());
    assert_eq!(created.status, 201, "{}", created.body);
    let bill = created.json();
    assert_eq!(labels(&bill), thirty_labels());
    assert!(
        bill["articles"][12]["body"]
            .as_str()
            .unwrap()
            .contains("« 2° Toute plateforme en ligne est tenue")
    );
}

#[test]
fn the_command_line_dry_run_says_where_it_guessed() {
    let app = spawn_app();
    let _ = signed_in(&app, "depute@example.org", "sponsor");
    let file = app.data_dir.path().join("republique-numerique.txt");
    std::fs::write(&file, republique_numerique_as_text()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .arg("import")
        .arg(&file)
        .args(["--sponsor", "depute@example.org", "--dry-run"])
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", app.data_dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let preview: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(labels(&preview), thirty_labels());
    let first = &preview["warnings"][0];
    assert_eq!(first["code"], "import-warning-quote-ended");
    assert!(
        stderr.contains(&format!(
            "line {} — A quotation opened in Article 13",
            first["line"]
        )),
        "{stderr}"
    );
}
