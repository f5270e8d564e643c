//! Arbitration that helps decide (diffs, conflicts, no default decision),
//! confirmations before what cannot be undone, timed bans, and telling
//! authors and reporters what became of what they wrote or reported.

use std::sync::{Arc, Mutex};

use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::*;
use crate::smtp_sink::SmtpSink;

const ARTICLE_2: &str = "Les données de référence sont mises à disposition gratuitement.";

fn run_sql(app: &TestApp, sql: &str) {
    let db = app.db();
    let mut conn = db.conn().unwrap();
    diesel::sql_query(sql).execute(&mut *conn).unwrap();
}

fn status_of(app: &TestApp, slug: &str) -> String {
    Client::new(app)
        .get_json(&format!("/api/v1/bills/{slug}"))
        .json()["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn decisions(app: &TestApp) -> i64 {
    count_sql(app, "SELECT COUNT(*) AS n FROM decisions")
}

#[test]
fn a_decision_needs_an_explicit_choice_and_a_refusal_keeps_what_was_typed() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let am = amendment(
        &alice,
        &c,
        1,
        "Les données de référence sont publiées gratuitement.",
    );
    close(&c);
    let page = c.sponsor.get(&format!("/bills/{}/arbitration", c.slug));
    assert_eq!(page.status, 200);
    // No decision chosen in advance: the placeholder is what is selected.
    assert!(
        page.body
            .contains("<option value=\"\" selected>— choisir —</option>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("value=\"accepted\" selected"));
    // The amendment reads as its change to the article: a few words, marked.
    assert!(page.body.contains("<ins>"), "{}", page.body);
    assert!(page.body.contains("publiées"));
    assert!(page.body.contains("<del>"));
    let csrf = page.csrf_token();
    let back = format!("/bills/{}/arbitration", c.slug);

    let refused = c.sponsor.post_form(
        &format!("/contributions/{am}/decision"),
        &[
            ("csrf_token", &csrf),
            ("decision", ""),
            ("justification", "Ma réflexion en cours, à garder"),
            ("return_to", &back),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("Choisissez une décision."));
    assert!(refused.body.contains("Ma réflexion en cours, à garder"));
    assert!(refused.body.contains(&format!(
        "id=\"decision-{am}\" name=\"decision\" aria-invalid=\"true\""
    )));
    assert_eq!(decisions(&app), 0, "nothing saved");

    // Rejecting without a justification: refused the same way, choice kept.
    let unjustified = c.sponsor.post_form(
        &format!("/contributions/{am}/decision"),
        &[
            ("csrf_token", &csrf),
            ("decision", "rejected"),
            ("justification", ""),
            ("return_to", &back),
        ],
    );
    assert_eq!(unjustified.status, 422, "{}", unjustified.body);
    assert!(
        unjustified
            .body
            .contains("<option value=\"rejected\" selected>")
    );
    assert!(
        unjustified
            .body
            .contains(&format!("id=\"justification-{am}-error\""))
    );
    assert_eq!(decisions(&app), 0);

    let saved = c.sponsor.post_form(
        &format!("/contributions/{am}/decision"),
        &[
            ("csrf_token", &csrf),
            ("decision", "rejected"),
            ("justification", "Déjà prévu par la loi"),
            ("return_to", &back),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(decisions(&app), 1);
    // The API says the same in its own way.
    let api = sponsor_send(
        &c,
        "PUT",
        &format!("/api/v1/contributions/{am}/decision"),
        json!({"decision": ""}),
    );
    assert_eq!(api.status, 422);
}

#[test]
fn a_conflict_shows_the_retained_amendments_side_by_side_with_the_current_text() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let am1 = amendment(
        &alice,
        &c,
        1,
        "Les données de référence sont publiées gratuitement.",
    );
    let am2 = amendment(
        &bob,
        &c,
        1,
        "Les données de référence sont mises à disposition gratuitement et mises à jour.",
    );
    close(&c);
    assert_eq!(decide(&c, am1, "accepted").status, 200);
    let partly = sponsor_send(
        &c,
        "PUT",
        &format!("/api/v1/contributions/{am2}/decision"),
        json!({"decision": "partially_accepted", "justification": "La mise à jour seulement"}),
    );
    assert_eq!(partly.status, 200, "{}", partly.body);
    let page = c
        .sponsor
        .get(&format!("/bills/{}/arbitration", c.slug))
        .body;
    let a2 = c.articles[1];
    let panel = &page[page
        .find(&format!("id=\"wording-{a2}\""))
        .expect("a wording panel")..];
    let panel = &panel[..panel.find("</form>").unwrap()];
    assert!(
        panel.contains(&format!("id=\"retained-{a2}-{am1}\"")),
        "{panel}"
    );
    assert!(panel.contains(&format!("id=\"retained-{a2}-{am2}\"")));
    assert!(
        panel.contains("La mise à jour seulement"),
        "with its justification"
    );
    assert!(panel.contains("<ins>") && panel.contains("mises à jour"));
    // The wording box starts from the current text.
    assert!(
        panel.contains(&format!(
            "name=\"body\" rows=\"6\" required>{ARTICLE_2}</textarea>"
        )),
        "{panel}"
    );
}

#[test]
fn irreversible_acts_ask_for_confirmation_and_the_api_does_not() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let am = amendment(&alice, &c, 0, "Les administrations publient tout.");
    let arg = argument(&alice, &c, "Un argument que je vais retirer.");
    let page = c.sponsor.get(&format!("/bills/{}", c.slug));
    let csrf = page.csrf_token();

    // Closing: what stops, with the figures; nothing changes until confirmed.
    let asked = c.sponsor.post_form(
        &format!("/bills/{}/transitions", c.slug),
        &[("csrf_token", &csrf), ("to", "closed")],
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(asked.body.contains("La participation s&#x27;arrête"));
    assert!(
        asked
            .body
            .contains("2 contributions de 1 participant, 0 vote."),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("name=\"confirm\" value=\"yes\""));
    assert!(
        asked
            .body
            .contains(&format!("href=\"&#x2F;bills&#x2F;{}\"", c.slug)),
        "Annuler leads back to the bill"
    );
    assert_eq!(status_of(&app, &c.slug), "open");

    // Withdrawing: the author is told what goes, and it stays until confirmed.
    let browser = Client::new(&app);
    login_api(&browser, "alice@example.fr", PASSWORD);
    let csrf_a = browser.get(&format!("/contributions/{arg}")).csrf_token();
    let withdraw = browser.post_form(
        &format!("/contributions/{arg}/withdraw"),
        &[("csrf_token", &csrf_a)],
    );
    assert_eq!(withdraw.status, 200, "{}", withdraw.body);
    assert!(withdraw.body.contains("sera retirée"));
    let still = |id: i64| {
        Client::new(&app)
            .get_json(&format!("/api/v1/contributions/{id}"))
            .json()["status"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(still(arg), "published");
    let done = browser.post_form(
        &format!("/contributions/{arg}/withdraw"),
        &[("csrf_token", &csrf_a), ("confirm", "yes")],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(still(arg), "withdrawn");

    let closed = c.sponsor.post_form(
        &format!("/bills/{}/transitions", c.slug),
        &[("csrf_token", &csrf), ("to", "closed"), ("confirm", "yes")],
    );
    assert_eq!(closed.status, 303, "{}", closed.body);
    assert_eq!(status_of(&app, &c.slug), "closed");

    // Publishing: the preview of the decisions; refused while one is missing.
    let blocked = c.sponsor.get(&format!("/bills/{}/publication", c.slug));
    assert_eq!(blocked.status, 200);
    assert!(blocked.body.contains("1 sans décision"), "{}", blocked.body);
    assert!(!blocked.body.contains("name=\"confirm\""));
    assert_eq!(decide(&c, am, "out_of_scope").status, 200);
    let asked = c.sponsor.post_form(
        &format!("/bills/{}/publication", c.slug),
        &[("csrf_token", &csrf)],
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(asked.body.contains("Confirmer la publication"));
    assert!(
        asked.body.contains("<dt>Hors sujet</dt><dd>1</dd>"),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("<dt>Retenu</dt><dd>0</dd>"));
    assert_eq!(status_of(&app, &c.slug), "closed");
    let published = c.sponsor.post_form(
        &format!("/bills/{}/publication", c.slug),
        &[("csrf_token", &csrf), ("confirm", "yes")],
    );
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(status_of(&app, &c.slug), "published");

    // The API acts at once: it is an explicit call.
    let other = open_consultation_titled(&app, &c);
    let api_close = sponsor_send(
        &c,
        "POST",
        &format!("/api/v1/bills/{other}/transitions"),
        json!({"to": "closed"}),
    );
    assert_eq!(api_close.status, 200, "{}", api_close.body);
    assert_eq!(status_of(&app, &other), "closed");
}

/// A second open bill of the same sponsor; its slug.
fn open_consultation_titled(_app: &TestApp, c: &Consultation) -> String {
    let created = sponsor_send(
        c,
        "POST",
        "/api/v1/bills",
        json!({"title": "Un second texte", "closes_at": LATER, "articles": [{"label": "Article 1er", "body": "Un article."}]}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let slug = created.json()["slug"].as_str().unwrap().to_string();
    let opened = sponsor_send(
        c,
        "POST",
        &format!("/api/v1/bills/{slug}/transitions"),
        json!({"to": "open"}),
    );
    assert_eq!(opened.status, 200);
    slug
}

#[test]
fn a_ban_has_a_duration_is_confirmed_and_lifts_by_itself_when_it_ends() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let alice_id = alice.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let bob_id = bob.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let item = argument(&alice, &c, "Un argument comme un autre.");
    let (moderator, _) = signed_in(&app, "moderation@example.fr", "moderator");
    let page = moderator.get(&format!("/contributions/{item}"));
    assert_eq!(page.status, 200);
    // Neither the act nor the duration is chosen in advance.
    assert!(page.body.contains("name=\"duration\" value=\"7d\""));
    assert!(!page.body.contains("checked"), "no default choice");
    let csrf = page.csrf_token();
    let banned = |id: i64| {
        count_sql(
            &app,
            &format!("SELECT COUNT(*) AS n FROM users WHERE id = {id} AND banned_at IS NOT NULL"),
        ) == 1
    };

    // No duration: said by the form, nothing done.
    let missing = moderator.post_form(
        &format!("/users/{alice_id}/ban"),
        &[
            ("csrf_token", &csrf),
            ("action", "ban"),
            ("reason", "Propos répétés hors sujet"),
            ("duration", ""),
        ],
    );
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(missing.body.contains("Choisissez une durée"));
    assert!(!banned(alice_id));
    // With a duration: what will happen, until when; still nothing done.
    let asked = moderator.post_form(
        &format!("/users/{alice_id}/ban"),
        &[
            ("csrf_token", &csrf),
            ("action", "ban"),
            ("reason", "Propos répétés hors sujet"),
            ("duration", "7d"),
            ("return_to", &format!("/contributions/{item}")),
        ],
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(
        asked.body.contains("sera suspendu jusqu&#x27;au"),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("Motif : Propos répétés hors sujet"));
    assert!(!banned(alice_id));
    let done = moderator.post_form(
        &format!("/users/{alice_id}/ban"),
        &[
            ("csrf_token", &csrf),
            ("action", "ban"),
            ("reason", "Propos répétés hors sujet"),
            ("duration", "7d"),
            ("return_to", &format!("/contributions/{item}")),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(banned(alice_id));
    let refused = contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Encore moi."}),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    let audit = moderator.get_json("/api/v1/audit").json().to_string();
    assert!(audit.contains("[7d] Propos répétés hors sujet"), "{audit}");

    // Bob is banned for good through the API.
    let (api_mod, _) = token_client(&app, "moderation2@example.fr", "moderator");
    let permanent = api_mod.post_json(
        &format!("/api/v1/users/{bob_id}/ban"),
        &json!({"reason": "Insultes", "duration": "permanent"}),
    );
    assert_eq!(permanent.status, 200, "{}", permanent.body);
    assert_eq!(permanent.json()["until"], json!(null));
    let twice = api_mod.post_json(
        &format!("/api/v1/users/{bob_id}/ban"),
        &json!({"reason": "Insultes", "duration": "30d"}),
    );
    assert_eq!(twice.status, 409);
    let odd = api_mod.post_json(
        &format!("/api/v1/users/{alice_id}/ban"),
        &json!({"reason": "Insultes", "duration": "forever"}),
    );
    assert!(odd.status == 422 || odd.status == 409, "{}", odd.body);

    // Time passes: Alice's week is over, Bob's ban stays.
    run_sql(
        &app,
        "UPDATE users SET banned_until = '2000-01-01 00:00:00' WHERE banned_until IS NOT NULL",
    );
    let back = contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "De retour, calmement."}),
    );
    assert_eq!(
        back.status, 201,
        "an ended ban lifts by itself: {}",
        back.body
    );
    let still = contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Toujours là."}),
    );
    assert_eq!(still.status, 403);
}

fn delivered(received: &Arc<Mutex<Vec<Vec<u8>>>>) -> Vec<Delivered> {
    received
        .lock()
        .unwrap()
        .iter()
        .map(|raw| parse_message(raw))
        .collect()
}

#[test]
fn each_author_gets_one_email_with_every_decision_and_its_justification() {
    let received: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let sink = SmtpSink::start(0, received.clone());
    let app = spawn_app_with(&[(
        "CODRAFT_SMTP_URL",
        &format!("smtp://127.0.0.1:{}", sink.port),
    )]);
    let c = open_consultation(&app);
    // Accounts made by the operator: no confirmation email to read.
    let (alice, _) = token_client(&app, "alice@example.fr", "citizen");
    let (bob, _) = token_client(&app, "bob@example.fr", "citizen");
    let am1 = amendment(&alice, &c, 0, "Les administrations publient tout en ligne.");
    let am2 = amendment(&alice, &c, 1, "Les données de référence sont gratuites.");
    let prop = proposal(&bob, &c, Some(1), "Les archives sont réutilisables.");
    close(&c);
    assert_eq!(decide(&c, am1, "accepted").status, 200);
    let rejected = sponsor_send(
        &c,
        "PUT",
        &format!("/api/v1/contributions/{am2}/decision"),
        json!({"decision": "rejected", "justification": "La gratuité est déjà prévue à l'article 3."}),
    );
    assert_eq!(rejected.status, 200);
    assert_eq!(decide(&c, prop, "out_of_scope").status, 200);
    assert_eq!(publish(&c).status, 200);
    assert_eq!(publish(&c).status, 409, "published once");

    let about = |to: &str| -> Vec<Delivered> {
        delivered(&received)
            .into_iter()
            .filter(|m| m.to == to && m.subject.contains("décisions sur vos contributions"))
            .collect()
    };
    assert!(eventually(20, || about("alice@example.fr").len() == 1
        && about("bob@example.fr").len() == 1));
    let alice_mail = &about("alice@example.fr")[0];
    assert!(
        alice_mail.text.contains(&format!("n° {am1}")),
        "{}",
        alice_mail.text
    );
    assert!(alice_mail.text.contains(&format!("n° {am2}")));
    assert!(
        alice_mail.text.contains("Décision : Retenu"),
        "{}",
        alice_mail.text
    );
    assert!(alice_mail.text.contains("Décision : Rejeté"));
    assert!(
        alice_mail
            .text
            .contains("La gratuité est déjà prévue à l'article 3.")
    );
    assert!(
        alice_mail
            .text
            .contains(&format!("/bills/{}/synthesis", c.slug))
    );
    let bob_mail = &about("bob@example.fr")[0];
    assert!(
        bob_mail.text.contains("Hors sujet") && bob_mail.text.contains("Hors du champ du texte")
    );
    // Nothing more comes: one email each, however long one waits for the
    // worker to go round again.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(about("alice@example.fr").len(), 1);
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE '%cisions sur vos contributions%'"
        ),
        2
    );
    sink.stop();
}

#[test]
fn a_reporter_hears_once_what_became_of_the_report() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let reporter = citizen(&app, "vigie@example.fr");
    let bad = argument(&alice, &c, "Un argument franchement hors sujet.");
    let fine = argument(&alice, &c, "Un argument tout à fait recevable.");
    for id in [bad, fine] {
        let r = reporter.post_json(
            &format!("/api/v1/contributions/{id}/reports"),
            &json!({"reason": "off_topic"}),
        );
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    assert_eq!(moderate(&moderator, bad, "trash", "Hors sujet").status, 200);
    assert_eq!(
        moderate(&moderator, fine, "restore", "Recevable").status,
        200
    );
    // Acting again on the same item tells nobody twice.
    assert_eq!(
        moderate(&moderator, bad, "restore", "Finalement").status,
        200
    );
    assert_eq!(
        moderate(&moderator, bad, "hide", "Vraiment hors sujet").status,
        200
    );

    app.wait_for_mail("vigie@example.fr", 2);
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let mails: Vec<Delivered> = app
        .outbox()
        .into_iter()
        .filter(|m| m.to == "vigie@example.fr" && m.subject.contains("signalement"))
        .collect();
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(mails.iter().any(|m| m.subject.contains("a été suivi")
        && m.text.contains("retirée de la vue publique")
        && m.text.contains(&format!("/contributions/{bad}"))));
    assert!(mails.iter().any(|m| m.subject.contains("a été examiné")
        && m.text.contains("laissée en ligne")
        && m.text.contains(&format!("/contributions/{fine}"))));
}

#[test]
fn a_refused_final_wording_or_note_comes_back_on_its_page_as_typed() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let am1 = amendment(&alice, &c, 1, "Les données sont publiées gratuitement.");
    let am2 = amendment(&bob, &c, 1, "Les données sont mises à jour chaque mois.");
    close(&c);
    assert_eq!(decide(&c, am1, "accepted").status, 200);
    assert_eq!(decide(&c, am2, "accepted").status, 200);
    let a2 = c.articles[1];
    let workspace = format!("/bills/{}/arbitration", c.slug);
    let csrf = c.sponsor.get(&workspace).csrf_token();
    // Too long a wording: the workspace again, what was typed in its box.
    let too_long = format!("{}fin", "Alinéa trop long. ".repeat(6000));
    let refused = c.sponsor.post_form(
        &format!("/bills/{}/articles/{a2}/final-wording", c.slug),
        &[
            ("csrf_token", &csrf),
            ("body", &too_long),
            ("return_to", &format!("{workspace}#wording-{a2}")),
        ],
    );
    assert_eq!(refused.status, 422);
    let body = &refused.body;
    let summary = body.find("id=\"form-errors\"").expect("the summary");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(body.contains(&format!("href=\"#final-{a2}\"")));
    let message = body
        .find(&format!("id=\"final-{a2}-error\""))
        .expect("the message by its field");
    let field = body.find(&format!("<textarea id=\"final-{a2}\"")).unwrap();
    assert!(summary < message && message < field);
    assert!(body[field..].contains(&format!("{too_long}</textarea>")));
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM final_wordings"),
        0
    );

    // The moderators' note on an article: the same.
    let (moderator, _) = signed_in(&app, "moderation@example.fr", "moderator");
    let synthesis = format!("/bills/{}/articles/{a2}/synthesis", c.slug);
    let csrf = moderator.get(&synthesis).csrf_token();
    let long_note = format!("{}fin", "Note trop longue. ".repeat(1200));
    let refused = moderator.post_form(&synthesis, &[("csrf_token", &csrf), ("body", &long_note)]);
    assert_eq!(refused.status, 422);
    let body = &refused.body;
    let summary = body.find("id=\"form-errors\"").expect("the summary");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(body.contains("href=\"#note-body\""));
    assert!(body.contains("id=\"note-body-error\""));
    assert!(body.contains(&format!("{long_note}</textarea>")));
    assert!(
        !moderator.get(&synthesis).body.contains("Note trop longue."),
        "nothing saved"
    );
}
