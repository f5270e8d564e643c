//! The synthesis report as it is published: the sponsor's foreword, a
//! preview marked as such with the decisions in it, proposals in order of
//! support within their decision, whole arguments, words not glued, no code
//! left untranslated in the French files, a DOCX that says what was deleted
//! and cuts nothing mid-word.

use serde_json::{Value, json};

use crate::helpers::*;

const LONG_PROPOSAL: &str = "Les opérateurs de plateformes en ligne informent les utilisateurs, de manière loyale, claire et transparente, des conditions générales d'utilisation du service d'intermédiation qu'ils proposent et des modalités de référencement, de classement et de déréférencement des contenus.";
const REWRITE: &str = "Chaque administration publie sans délai, sous une licence libre, l'ensemble des jeux de données qu'elle détient.";

fn vote(client: &Client, id: i64) {
    let r = client.send_json(
        "PUT",
        &format!("/api/v1/contributions/{id}/vote"),
        &json!({"value": "agree"}),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

fn foreword(client: &Client, slug: &str, body: &str, csrf: &str) -> Reply {
    client.send_json(
        "PUT",
        &format!("/api/v1/bills/{slug}/synthesis/foreword"),
        &json!({"body": body}),
        &[("X-CSRF-Token", csrf)],
    )
}

/// The text a reader sees: tags dropped (attributes and addresses are not
/// words of the report).
fn visible_text(html: &str) -> String {
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    tags.replace_all(html, " ").to_string()
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            p.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_no_raw_code(what: &str, text: &str) {
    let codes = regex::Regex::new(
        r"\b(citizen|amendment|proposal|trash|accepted|partially_accepted|rejected|already_satisfied|out_of_scope|public_institution|elected_official|auto_hide)\b",
    )
    .unwrap();
    let found: Vec<&str> = codes.find_iter(text).map(|m| m.as_str()).collect();
    assert!(found.is_empty(), "raw codes in the {what}: {found:?}");
}

#[test]
fn the_published_report_reads_as_a_report() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let (a1, a2) = (c.articles[0], c.articles[1]);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let carol = citizen(&app, "carol@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let (other_sponsor, _) = token_client(&app, "autre-depute@example.fr", "sponsor");
    let (admin, _) = token_client(&app, "admin@example.fr", "admin");

    let rewrite = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "proposed_text": REWRITE, "body": "Plus ambitieux."}),
    ));
    let deletion = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "amendment", "article_id": a2, "deletes_article": true, "body": "Redondant."}),
    ));
    let proposal = |client: &Client, title: Option<&str>, text: &str| -> i64 {
        created_id(&contribute(
            client,
            &c.slug,
            json!({"kind": "proposal", "title": title, "proposed_text": text, "after_article_id": a1, "body": "Une idée."}),
        ))
    };
    // Created in this order; supported in the reverse one.
    let little = proposal(&alice, Some("Archives"), "Les archives sont ouvertes.");
    let long = proposal(
        &alice,
        Some("Loyauté des plateformes"),
        "Les plateformes sont loyales.",
    );
    let long_amendment = created_id(&contribute(
        &carol,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "proposed_text": LONG_PROPOSAL, "body": "Plus complet."}),
    ));
    let most = proposal(
        &alice,
        Some("Codes sources"),
        "Les codes sources sont ouverts.",
    );
    for voter in [&bob, &carol] {
        vote(voter, most);
    }
    vote(&bob, long);
    let article_vote = alice.send_json(
        "PUT",
        &format!("/api/v1/articles/{a1}/vote"),
        &json!({"value": "agree"}),
        &[],
    );
    assert_eq!(article_vote.status, 200, "{}", article_vote.body);
    let argument = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Premier paragraphe de l'argument.\n\nSecond paragraphe, le plus décisif."}),
    ));

    // The foreword: the bill's sponsor and the admins write it, nobody else.
    let text = "Merci à toutes et à tous.\n\nCe rapport explique **chaque** décision.";
    assert_eq!(
        Client::new(&app)
            .send_json(
                "PUT",
                &format!("/api/v1/bills/{}/synthesis/foreword", c.slug),
                &json!({"body": text}),
                &[]
            )
            .status,
        401
    );
    for (who, client) in [
        ("citizen", &alice),
        ("moderator", &moderator),
        ("another sponsor", &other_sponsor),
    ] {
        let r = foreword(client, &c.slug, text, "");
        assert_eq!(r.status, 403, "{who}: {}", r.body);
    }
    let empty = foreword(&c.sponsor, &c.slug, "   ", &c.sponsor_csrf);
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert!(empty.json()["errors"]["body"].is_array(), "{}", empty.body);
    assert_eq!(
        foreword(&admin, &c.slug, "Brouillon de l'administration.", "").status,
        200
    );
    let ok = foreword(&c.sponsor, &c.slug, text, &c.sponsor_csrf);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["body"], text);
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM report_forewords"),
        1,
        "one foreword per bill, replaced"
    );

    close(&c);
    let justified = |id: i64, decision: &str, why: &str| {
        let r = sponsor_send(
            &c,
            "PUT",
            &format!("/api/v1/contributions/{id}/decision"),
            json!({"decision": decision, "justification": why}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
    };
    justified(rewrite, "accepted", "Plus clair.");
    justified(deletion, "accepted", "Redondant avec l'article 1er.");
    justified(little, "rejected", "Relève du règlement.");
    justified(
        long,
        "rejected",
        "Déjà couvert par le code de la consommation.",
    );
    justified(most, "out_of_scope", "Hors du champ du texte.");
    justified(long_amendment, "rejected", "Trop détaillé pour la loi.");

    // The preview: marked, decisions and justifications as they will be
    // published, for the sponsor; without them for the moderators; nothing
    // for the public.
    let preview = c.sponsor.get(&format!("/bills/{}/synthesis", c.slug));
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("Aperçu — non publié"),
        "marked as a preview"
    );
    assert!(
        preview
            .body
            .contains("Déjà couvert par le code de la consommation.")
    );
    assert!(preview.body.contains("Hors du champ du texte."));
    assert!(
        preview.body.contains("action=\"/bills/"),
        "the foreword form"
    );
    let md_preview = c
        .sponsor
        .get(&format!("/bills/{}/synthesis.md", c.slug))
        .body;
    assert!(md_preview.contains("Aperçu — non publié"));
    let moderated = moderator.get(&format!("/bills/{}/synthesis", c.slug)).body;
    assert!(moderated.contains("Aperçu — non publié"));
    assert!(!moderated.contains("Déjà couvert par le code de la consommation."));
    assert_eq!(
        Client::new(&app)
            .get(&format!("/bills/{}/synthesis", c.slug))
            .status,
        404
    );

    let done = publish(&c);
    assert_eq!(done.status, 200, "{}", done.body);
    // Published, the report is frozen.
    let late = foreword(&c.sponsor, &c.slug, "Trop tard.", &c.sponsor_csrf);
    assert_eq!(late.status, 409, "{}", late.body);

    let public = Client::new(&app);
    let json: Value = public
        .get_json(&format!("/bills/{}/synthesis.json", c.slug))
        .json();
    // Proposals: grouped by decision, most supported first within each.
    let order: Vec<i64> = json["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [long, little, most]);
    let amendments = json["articles"][0]["amendments"].as_array().unwrap();
    assert_eq!(amendments[0]["id"], rewrite, "the retained first");
    let excerpt = amendments[1]["excerpt"].as_str().unwrap();
    assert!(excerpt.ends_with('…') && excerpt.chars().count() < LONG_PROPOSAL.chars().count());
    let kept = excerpt.trim_end_matches('…');
    assert!(LONG_PROPOSAL.starts_with(kept));
    assert!(
        LONG_PROPOSAL[kept.len()..].starts_with([' ', ',']),
        "cut between two words: {excerpt}"
    );
    assert_eq!(json["foreword"], text);
    assert_eq!(json["preview"], false);
    assert_eq!(json["summary"]["deleted"][0]["from"][0], deletion);
    assert_eq!(json["summary"]["modified"][0]["from"][0], rewrite);
    assert_eq!(json["method"]["notes"], 0);
    assert_eq!(json["articles"][0]["final_text"], REWRITE);

    // The page: the foreword, the clean final text, no preview mark, whole
    // arguments, the charts.
    let html = public.get(&format!("/bills/{}/synthesis", c.slug)).body;
    assert!(!html.contains("Aperçu — non publié"));
    assert!(
        html.contains("<strong>chaque</strong>"),
        "the foreword in Markdown"
    );
    assert!(
        html.contains("<div class=\"final-text\"><p>Chaque administration publie sans délai, sous une licence libre,"),
        "the final text, clean"
    );
    assert!(html.contains("Second paragraphe, le plus décisif."));
    assert!(
        html.contains("<title id=\"votes-by-article-title\">"),
        "the vote chart"
    );
    assert!(html.contains("pas regroupé les contributions par thèmes."));
    assert_no_raw_code("page", &visible_text(&html));

    // The Markdown: quotations whole, markers closed on their line, words
    // apart.
    let md = public.get(&format!("/bills/{}/synthesis.md", c.slug)).body;
    assert!(md.contains("Ce rapport explique **chaque** décision."));
    assert!(
        md.contains(
            "> Premier paragraphe de l'argument.\n>\n> Second paragraphe, le plus décisif."
        ),
        "{md}"
    );
    assert!(md.contains(&format!("n° {argument}")));
    for line in md.lines() {
        assert_eq!(line.matches("**").count() % 2, 0, "unclosed bold: {line}");
        assert_eq!(line.matches("~~").count() % 2, 0, "unclosed strike: {line}");
    }
    let glued = regex::Regex::new(r"(~~|\*\*)[^\s~*]+(~~|\*\*)(~~|\*\*)").unwrap();
    assert!(!glued.is_match(&md), "glued words in {md}");
    assert!(
        md.find("Hors sujet").is_some()
            && md.find("Rejeté").unwrap() < md.find("Hors sujet").unwrap()
    );
    assert_no_raw_code("Markdown", &md);

    // The DOCX: saved as a file, the deleted article said, excerpts cut at
    // a word, the moderation section.
    let reply = public.get(&format!("/bills/{}/synthesis.docx", c.slug));
    assert!(
        reply
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;"),
        "{:?}",
        reply.header("content-disposition")
    );
    let (status, bytes) = public.get_bytes(&format!("/bills/{}/synthesis.docx", c.slug));
    assert_eq!(status, 200);
    let doc = docx_text(&bytes);
    assert!(doc.contains("Article 2 (supprimé)"), "{doc}");
    assert!(doc.contains("Modération") && doc.contains("Aucune contribution modérée."));
    assert!(doc.contains(excerpt), "the excerpt, cut at a word");
    assert!(doc.contains("Second paragraphe, le plus décisif."));
    assert!(doc.contains("Merci à toutes et à tous."));
    assert_no_raw_code("DOCX", &doc);
}

#[test]
fn a_refused_foreword_comes_back_on_the_report_page_as_typed() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let report = format!("/bills/{}/synthesis", c.slug);
    let page = c.sponsor.get(&report);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"foreword-body\""), "the form");
    let too_long = format!("{}fin", "Avant-propos trop long. ".repeat(900));
    let refused = c.sponsor.post_form(
        &format!("{report}/foreword"),
        &[("csrf_token", &page.csrf_token()), ("body", &too_long)],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = &refused.body;
    let summary = body.find("id=\"form-errors\"").expect("the summary");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(body.contains("href=\"#foreword-body\""));
    let message = body.find("id=\"foreword-body-error\"").unwrap();
    assert!(summary < message && message < body.find("<textarea id=\"foreword-body\"").unwrap());
    assert!(body.contains(&format!("{too_long}</textarea>")));
    assert!(
        !c.sponsor
            .get(&report)
            .body
            .contains("Avant-propos trop long."),
        "nothing saved"
    );
}
