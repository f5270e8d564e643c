//! Synthesis, arbitration, publication and the exports: the published
//! report and open data agree with the database, nothing hidden and no
//! email address leaks, conflicting amendments block publication.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::*;

struct Published {
    app: TestApp,
    c: Consultation,
    moderator: Client,
    amendments: [i64; 3],
    proposal: i64,
    hidden: i64,
}

const ARTICLE_1_WORDING: &str = "Les administrations diffusent en ligne, dans un format ouvert et \
    réutilisable, les documents et les données qu'elles produisent.";
const PROPOSAL_TEXT: &str = "Les archives publiques numérisées sont librement réutilisables.";
const SECRET: &str = "Ma voisine Jeanne, jeanne.secret@exemple.fr, pense le contraire.";

fn put(client: &Client, path: &str, body: Value) -> Reply {
    client.send_json("PUT", path, &body, &[])
}

fn sponsor_put(c: &Consultation, path: &str, body: Value) -> Reply {
    c.sponsor
        .send_json("PUT", path, &body, &[("X-CSRF-Token", &c.sponsor_csrf)])
}

fn sponsor_post(c: &Consultation, path: &str, body: Value) -> Reply {
    c.sponsor
        .send_json("POST", path, &body, &[("X-CSRF-Token", &c.sponsor_csrf)])
}

fn decide(c: &Consultation, id: i64, decision: &str, justification: Option<&str>) -> Reply {
    sponsor_put(
        c,
        &format!("/api/v1/contributions/{id}/decision"),
        json!({"decision": decision, "justification": justification}),
    )
}

/// A consultation taken to its published synthesis through the API.
fn published() -> Published {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let (a1, a2) = (c.articles[0], c.articles[1]);
    let follow = bob.post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}));
    assert!(follow.status < 300, "{}", follow.body);

    let am1 = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "proposed_text": "Les administrations diffusent en ligne, dans un format ouvert, les documents et les données qu'elles produisent.", "body": "Un format ouvert permet la réutilisation."}),
    ));
    let am2 = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "proposed_text": "Les administrations diffusent en ligne et sans délai les documents et les données qu'elles produisent.", "body": "Sans délai, sinon rien ne change."}),
    ));
    let am3 = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": a2, "deletes_article": true, "body": "Cet article est redondant avec l'article 1er."}),
    ));
    let proposal = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "proposal", "title": "Archives", "proposed_text": PROPOSAL_TEXT, "after_article_id": a1, "body": "Les archives aussi."}),
    ));
    let pro = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "L'ouverture par défaut renforce la confiance dans l'administration."}),
    ));
    created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "against", "body": "Le coût pour les petites communes sera élevé."}),
    ));
    let hidden = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a2, "stance": "against", "body": SECRET}),
    ));
    for (client, value) in [(&alice, "agree"), (&bob, "disagree")] {
        assert_eq!(
            put(
                client,
                &format!("/api/v1/articles/{a1}/vote"),
                json!({"value": value})
            )
            .status,
            200
        );
    }
    assert_eq!(
        put(
            &alice,
            &format!("/api/v1/contributions/{pro}/vote"),
            json!({"value": "support"})
        )
        .status,
        200
    );
    let hide = moderator.post_json(
        &format!("/api/v1/contributions/{hidden}/moderation"),
        &json!({"action": "hide", "reason": "Données personnelles d'un tiers"}),
    );
    assert_eq!(hide.status, 200, "{}", hide.body);

    // The moderators' synthesis: a theme, its members, a note citing one.
    let theme = moderator.post_json(
        &format!("/api/v1/bills/{}/themes", c.slug),
        &json!({"title": "Formats ouverts", "article_id": a1}),
    );
    assert_eq!(theme.status, 201, "{}", theme.body);
    let theme_id = theme.json()["id"].as_i64().unwrap();
    for id in [am1, pro] {
        let set = put(
            &moderator,
            &format!("/api/v1/contributions/{id}/themes"),
            json!({"theme_ids": [theme_id]}),
        );
        assert_eq!(set.status, 200, "{}", set.body);
    }
    let note = put(
        &moderator,
        &format!("/api/v1/articles/{a1}/synthesis"),
        json!({"body": format!("Les participants demandent un format ouvert (#{am1}).")}),
    );
    assert_eq!(note.status, 204, "{}", note.body);

    // The sponsor decides; publication waits for every decision and for
    // the wording where two accepted amendments meet.
    assert_eq!(
        sponsor_post(
            &c,
            &format!("/api/v1/bills/{}/transitions", c.slug),
            json!({"to": "closed"})
        )
        .status,
        200
    );
    assert_eq!(decide(&c, am1, "accepted", None).status, 200);
    assert_eq!(
        decide(&c, am2, "rejected", None).status,
        422,
        "a rejection is justified"
    );
    let publish = |c: &Consultation| {
        sponsor_post(
            c,
            &format!("/api/v1/bills/{}/publication", c.slug),
            json!({}),
        )
    };
    let early = publish(&c);
    assert_eq!(early.status, 422, "{}", early.body);
    assert!(
        early.json()["errors"]["decisions"].is_array(),
        "{}",
        early.body
    );
    assert!(early.body.contains(&format!("n° {am2}")), "{}", early.body);
    assert_eq!(decide(&c, am2, "accepted", None).status, 200);
    assert_eq!(decide(&c, am3, "accepted", None).status, 200);
    assert_eq!(decide(&c, proposal, "accepted", None).status, 200);
    let conflict = publish(&c);
    assert_eq!(conflict.status, 422, "{}", conflict.body);
    assert!(
        conflict.json()["errors"]["wordings"].is_array(),
        "{}",
        conflict.body
    );
    assert!(conflict.body.contains("Article 1er"), "{}", conflict.body);
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM bills WHERE status = 'published'"
        ),
        0
    );
    let wording = sponsor_put(
        &c,
        &format!("/api/v1/articles/{a1}/final-wording"),
        json!({"body": ARTICLE_1_WORDING}),
    );
    assert_eq!(wording.status, 204, "{}", wording.body);
    let done = publish(&c);
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["status"], "published");
    Published {
        app,
        c,
        moderator,
        amendments: [am1, am2, am3],
        proposal,
        hidden,
    }
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn publication_writes_the_final_text_and_the_exports_agree_with_the_database() {
    let p = published();
    let (app, c) = (&p.app, &p.c);
    let anonymous = Client::new(app);
    let slug = &c.slug;

    // The final text: the sponsor's wording, the deletion, the new article.
    let bill = anonymous.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(bill["status"], "published");
    let articles = bill["articles"].as_array().unwrap();
    let labels: Vec<&str> = articles
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Article 1er", "Article 1er bis", "Article 2"]);
    assert_eq!(articles[0]["body"], ARTICLE_1_WORDING);
    assert_eq!(articles[1]["body"], PROPOSAL_TEXT);
    let bill_json = anonymous
        .get_json(&format!("/bills/{slug}/open-data/bill.json"))
        .json();
    assert_eq!(bill_json["articles"][2]["fate"], "deleted");
    assert_eq!(bill_json["articles"][1]["fate"], "added");
    assert_eq!(
        bill_json["articles"][0]["initial_text"],
        "Les administrations diffusent en ligne les documents et les données qu'elles produisent."
    );
    assert_eq!(bill_json["licence"], "Open Database License (ODbL) 1.0");

    // Open data against an independent count of the rows.
    let contributions = anonymous.get(&format!("/bills/{slug}/open-data/contributions.csv"));
    assert_eq!(contributions.status, 200);
    assert!(
        contributions
            .header("Content-Type")
            .unwrap()
            .starts_with("text/csv")
    );
    let table = rows(&contributions.body);
    let in_db = count_sql(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM contributions c JOIN bills b ON b.id = c.bill_id WHERE b.slug = '{slug}'"
        ),
    );
    assert_eq!(table.len() as i64, in_db);
    let hidden_row = table.iter().find(|r| r[0] == p.hidden.to_string()).unwrap();
    // Columns: id, kind, kind_fr, article_id, article, after_article_id,
    // after_article, parent_id, stance, stance_fr, title, body, …
    assert_eq!(hidden_row[20], "hidden");
    assert_eq!(hidden_row[22], "Données personnelles d'un tiers");
    assert!(
        hidden_row[11].is_empty() && hidden_row[15].is_empty(),
        "only id and reason: {hidden_row:?}"
    );
    let votes = rows(
        &anonymous
            .get(&format!("/bills/{slug}/open-data/votes.csv"))
            .body,
    );
    assert_eq!(
        votes.len() as i64,
        count_sql(app, "SELECT COUNT(*) AS n FROM votes")
    );
    let decisions = rows(
        &anonymous
            .get(&format!("/bills/{slug}/open-data/decisions.csv"))
            .body,
    );
    assert_eq!(decisions.len(), 4);
    let json_twin = anonymous
        .get_json(&format!("/bills/{slug}/open-data/contributions.json"))
        .json();
    assert_eq!(json_twin["items"].as_array().unwrap().len() as i64, in_db);
    assert_eq!(json_twin["source"], format!("{}/bills/{slug}", app.base));
    // Authors appear as on the pages; votes under voter keys of their own.
    let alice_rows: Vec<&Vec<String>> = table
        .iter()
        .filter(|r| r[0] == p.amendments[0].to_string())
        .collect();
    let alice = &alice_rows[0][15];
    let shown = anonymous
        .get_json(&format!("/api/v1/contributions/{}", p.amendments[0]))
        .json();
    assert_eq!(shown["author"], alice.as_str());
    assert!(votes.iter().all(|v| v[0].starts_with("V-")), "{votes:?}");
    assert!(
        votes.iter().all(|v| table.iter().all(|r| r[10] != v[0])),
        "no voter key is an author"
    );

    // Nothing hidden, no email address, in any export.
    let mut all = String::new();
    for file in [
        "contributions.csv",
        "contributions.json",
        "votes.csv",
        "votes.json",
        "decisions.csv",
        "decisions.json",
        "bill.json",
        "bill.akn.xml",
        "amendments.akn.xml",
    ] {
        let reply = anonymous.get_with(&format!("/bills/{slug}/open-data/{file}"), &[]);
        assert_eq!(reply.status, 200, "{file}: {}", reply.body);
        all.push_str(&reply.body);
    }
    for path in [
        "synthesis",
        "synthesis.md",
        "synthesis.json",
        "comparative-table",
        "comparative-table.csv",
        "trash",
    ] {
        let reply = anonymous.get_with(&format!("/bills/{slug}/{path}"), &[]);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        all.push_str(&reply.body);
    }
    assert!(!all.contains("jeanne.secret"), "a hidden body leaked");
    for address in [
        "alice@example.fr",
        "bob@example.fr",
        "moderation@example.fr",
        "depute@example.org",
    ] {
        assert!(!all.contains(address), "{address} in an export");
    }
    // Any address at all (Akoma Ntoso's "fra@2026-…" expression names have
    // a date where a domain would be).
    let email = regex::Regex::new(
        r"[A-Za-z0-9._%+-]+@[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    )
    .unwrap();
    assert_eq!(
        email.find(&all).map(|m| m.as_str()),
        None,
        "an email address in an export"
    );

    // The manifest's SHA-256 is the file's.
    let manifest = anonymous
        .get_json(&format!("/bills/{slug}/open-data/manifest.json"))
        .json();
    let entry = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "votes.csv")
        .unwrap();
    let body = anonymous
        .get_with(&format!("/bills/{slug}/open-data/votes.csv"), &[])
        .body;
    assert_eq!(
        entry["sha256"],
        hex::encode(Sha256::digest(body.as_bytes()))
    );

    // The report agrees with the database, article by article.
    let report = anonymous
        .get_json(&format!("/bills/{slug}/synthesis.json"))
        .json();
    for a in report["articles"].as_array().unwrap() {
        let id = a["id"].as_i64().unwrap();
        let amendments = count_sql(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM contributions WHERE article_id = {id} AND kind = 'amendment' AND status = 'published' AND (moderation IS NULL OR moderation <> 'hidden')"
            ),
        );
        assert_eq!(
            a["amendments"].as_array().unwrap().len() as i64,
            amendments,
            "{}",
            a["label"]
        );
        let agree = count_sql(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM votes WHERE target_kind = 'article' AND target_id = {id} AND value = 'agree'"
            ),
        );
        assert_eq!(a["votes"][0].as_i64().unwrap(), agree);
    }
    let kinds = &report["participation"]["contributions_by_kind"];
    let arguments = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "argument")
        .unwrap();
    assert_eq!(arguments["count"], 2, "the hidden argument is not counted");
    let first = &report["articles"][0];
    assert_eq!(first["themes"][0]["title"], "Formats ouverts");
    assert!(
        first["strongest_for"][0]["text"]
            .as_str()
            .unwrap()
            .contains("confiance")
    );
    let html = anonymous.get(&format!("/bills/{slug}/synthesis")).body;
    let cite = regex::Regex::new(&format!(
        r#"<a href="/contributions/{id}"[^>]*>#{id}</a>"#,
        id = p.amendments[0]
    ))
    .unwrap();
    assert!(cite.is_match(&html), "#id cites a contribution");
    assert!(html.contains("Retenu"));
    let table = anonymous
        .get(&format!("/bills/{slug}/comparative-table.csv"))
        .body;
    let table = rows(&table);
    assert_eq!(table.len(), 3);
    assert!(table[0][2].contains(&format!("n° {}", p.amendments[0])));
    assert_eq!(table[2][3], "(supprimé)");

    // The DOCX opens: its document holds the article texts.
    let (status, docx) = anonymous.get_bytes(&format!("/bills/{slug}/synthesis.docx"));
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthese.docx");
    std::fs::write(&path, &docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).expect("a zip");
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("word/document.xml"),
        &mut document,
    )
    .unwrap();
    assert!(
        document.contains("format ouvert et réutilisable"),
        "the final wording"
    );
    assert!(
        document.contains("librement réutilisables"),
        "the new article"
    );

    // Akoma Ntoso validates against the OASIS schema.
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/akoma-ntoso/schema/akomantoso30.xsd");
    for file in ["bill.akn.xml", "amendments.akn.xml"] {
        let xml = anonymous
            .get_with(&format!("/bills/{slug}/open-data/{file}"), &[])
            .body;
        let f = dir.path().join(file);
        std::fs::write(&f, xml).unwrap();
        let out = match std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(&f)
            .output()
        {
            Ok(out) => out,
            // CI installs and requires it; elsewhere `cargo test` needs
            // nothing but Rust, and says what it skipped.
            Err(_) if std::env::var_os("CODRAFT_REQUIRE_XMLLINT").is_none() => {
                eprintln!("xmllint not installed (libxml2-utils): {file} schema check skipped");
                continue;
            }
            Err(e) => panic!("xmllint (Debian libxml2-utils) must be installed: {e}"),
        };
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // Authors heard of their decisions, followers of the publication.
    let bob_mail = app.wait_for_mail("bob@example.fr", 3);
    assert!(
        bob_mail
            .iter()
            .any(|m| m.subject.contains("décisions sur vos contributions")),
        "{bob_mail:?}"
    );
    assert!(
        bob_mail.iter().any(|m| m.subject.contains("synthèse")),
        "{bob_mail:?}"
    );
    let audit = p.moderator.get_json("/api/v1/audit").json().to_string();
    assert!(audit.contains("bill.published") && audit.contains("decision.set"));
    // Once published, nothing changes.
    assert_eq!(
        decide(c, p.proposal, "rejected", Some("Trop tard")).status,
        409
    );
}

#[test]
fn decisions_stay_private_until_publication_and_only_sponsors_decide() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let (admin, _) = token_client(&app, "admin@example.fr", "admin");
    let (other_sponsor, _) = token_client(&app, "autre-depute@example.fr", "sponsor");
    let am = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[0], "proposed_text": "Texte nouveau.", "body": "Plus court."}),
    ));
    let anonymous = Client::new(&app);
    let body = json!({"decision": "rejected", "justification": "Hors du champ du texte"});
    let path = format!("/api/v1/contributions/{am}/decision");
    assert_eq!(anonymous.send_json("PUT", &path, &body, &[]).status, 401);
    for (who, client) in [
        ("citizen", &alice),
        ("moderator", &moderator),
        ("another sponsor", &other_sponsor),
    ] {
        assert_eq!(put(client, &path, body.clone()).status, 403, "{who}");
    }
    assert_eq!(put(&admin, &path, body.clone()).status, 200);
    assert_eq!(sponsor_put(&c, &path, body.clone()).status, 200);
    // Themes are the moderators'.
    let theme = json!({"title": "Coûts"});
    assert_eq!(
        alice
            .post_json(&format!("/api/v1/bills/{}/themes", c.slug), &theme)
            .status,
        403
    );
    assert_eq!(
        moderator
            .post_json(&format!("/api/v1/bills/{}/themes", c.slug), &theme)
            .status,
        201
    );
    // Nothing of it is public before publication.
    assert_eq!(
        anonymous
            .get(&format!("/bills/{}/open-data/decisions.csv", c.slug))
            .status,
        409
    );
    assert_eq!(
        anonymous
            .get(&format!("/bills/{}/synthesis", c.slug))
            .status,
        404
    );
    assert!(
        !anonymous
            .get(&format!("/contributions/{am}"))
            .body
            .contains("Hors du champ du texte")
    );
    // Publishing an open consultation is refused.
    let early = c.sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{}/publication", c.slug),
        &json!({}),
        &[("X-CSRF-Token", &c.sponsor_csrf)],
    );
    assert_eq!(early.status, 409, "{}", early.body);
    // Bad input gets a clear error.
    let bad = sponsor_put(&c, &path, json!({"decision": "maybe"}));
    assert_eq!(bad.status, 422);
    assert!(bad.json()["errors"]["decision"].is_array());
}

#[test]
fn moderators_and_the_sponsor_work_with_plain_forms() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let am = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[1], "proposed_text": "Les données de référence sont publiées gratuitement et mises à jour.", "body": "Des données à jour."}),
    ));
    // The moderators: a theme, a note, themes on a contribution.
    let (moderator, _) = signed_in(&app, "moderation@example.fr", "moderator");
    let board = moderator.get(&format!("/bills/{}/themes", c.slug));
    assert_eq!(board.status, 200, "{}", board.body);
    let csrf = board.csrf_token();
    let a2 = c.articles[1].to_string();
    let created = moderator.post_form(
        &format!("/bills/{}/themes", c.slug),
        &[
            ("csrf_token", &csrf),
            ("title", "Mise à jour"),
            ("article_id", &a2),
        ],
    );
    assert_eq!(created.status, 303, "{}", created.body);
    let page = moderator.get(&format!("/contributions/{am}"));
    let theme_id = regex::Regex::new(r#"name="theme_ids" value="(\d+)""#)
        .unwrap()
        .captures(&page.body)
        .expect("the theme checkboxes")[1]
        .to_string();
    let set = moderator.post_form(
        &format!("/contributions/{am}/themes"),
        &[("csrf_token", &csrf), ("theme_ids", &theme_id)],
    );
    assert_eq!(set.status, 303);
    let note = moderator.post_form(
        &format!("/bills/{}/articles/{}/synthesis", c.slug, c.articles[1]),
        &[("csrf_token", &csrf), ("body", &format!("Voir #{am}."))],
    );
    assert_eq!(note.status, 303);
    let board = moderator.get(&format!("/bills/{}/themes", c.slug)).body;
    assert!(board.contains(">Mise à jour</a></td><td>1</td>"), "{board}");
    let article = moderator
        .get(&format!(
            "/bills/{}/articles/{}/synthesis",
            c.slug, c.articles[1]
        ))
        .body;
    assert!(
        article.contains(&format!("Voir #{am}.")),
        "the note, on the article's synthesis"
    );

    // The sponsor: decide, then publish with the button.
    let ws = c
        .sponsor
        .get(&format!("/bills/{}/arbitration?pending=1", c.slug));
    assert_eq!(ws.status, 200, "{}", ws.body);
    assert!(ws.body.contains(&format!("id=\"item-{am}\"")));
    assert!(ws.body.contains("Mise à jour"), "the item's themes");
    let csrf = ws.csrf_token();
    let close = c.sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{}/transitions", c.slug),
        &json!({"to": "closed"}),
        &[("X-CSRF-Token", &c.sponsor_csrf)],
    );
    assert_eq!(close.status, 200);
    let decided = c.sponsor.post_form(
        &format!("/contributions/{am}/decision"),
        &[
            ("csrf_token", &csrf),
            ("decision", "accepted"),
            ("justification", ""),
            ("return_to", &format!("/bills/{}/arbitration", c.slug)),
        ],
    );
    assert_eq!(decided.status, 303, "{}", decided.body);
    let ws = c
        .sponsor
        .get(&format!("/bills/{}/arbitration?pending=1", c.slug))
        .body;
    assert!(
        !ws.contains(&format!("id=\"item-{am}\"")),
        "decided items leave the pending list"
    );
    assert!(ws.contains("action=\"/bills/"), "the publish button");
    let published = c.sponsor.post_form(
        &format!("/bills/{}/publication", c.slug),
        &[("csrf_token", &csrf), ("confirm", "yes")],
    );
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(published.location(), format!("/bills/{}/synthesis", c.slug));
    let article = Client::new(&app)
        .get_json(&format!("/api/v1/articles/{}", c.articles[1]))
        .json();
    assert_eq!(
        article["body"],
        "Les données de référence sont publiées gratuitement et mises à jour."
    );
    // The decision is public now.
    assert!(
        Client::new(&app)
            .get(&format!("/contributions/{am}"))
            .body
            .contains("Retenu")
    );
}
