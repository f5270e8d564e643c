//! Moderation: who may do what, what each act does to pages, the API and
//! search, the personal-data finder, campaigns, contests, bans, pseudonyms.

use serde_json::{Value, json};

use crate::helpers::*;

/// A consultation with a citizen's argument, and one client per role.
struct Scene {
    app: TestApp,
    c: Consultation,
    author: Client,
    author_id: i64,
    other: Client,
    moderator: Client,
    moderator_id: i64,
    admin: Client,
    argument: i64,
}

const ARGUMENT: &str = "L'ouverture des données publiques par défaut renforce la transparence \
    de l'action administrative et permet aux chercheurs de vérifier les politiques publiques.";

fn scene() -> Scene {
    scene_with(&[])
}

fn scene_with(settings: &[(&str, &str)]) -> Scene {
    let app = spawn_app_with(settings);
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let author_id = author.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let other = citizen(&app, "autre@example.fr");
    let (moderator, moderator_id) = token_client(&app, "moderation@example.fr", "moderator");
    let (admin, _) = token_client(&app, "admin@example.fr", "admin");
    let argument = created_id(&contribute(
        &author,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": ARGUMENT}),
    ));
    Scene {
        app,
        c,
        author,
        author_id,
        other,
        moderator,
        moderator_id,
        admin,
        argument,
    }
}

fn moderate(client: &Client, id: i64, action: &str, reason: &str) -> Reply {
    client.post_json(
        &format!("/api/v1/contributions/{id}/moderation"),
        &json!({"action": action, "reason": reason}),
    )
}

fn queue(client: &Client, query: &str) -> Value {
    let reply = client.get_json(&format!("/api/v1/moderation/queue{query}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn queued_ids(q: &Value) -> Vec<i64> {
    q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["contribution_id"].as_i64().unwrap())
        .collect()
}

fn public_item(app: &TestApp, id: i64) -> Value {
    let reply = Client::new(app).get_json(&format!("/api/v1/contributions/{id}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

#[test]
fn every_moderation_endpoint_answers_each_role_as_it_should() {
    let s = scene();
    let (sponsor, _) = token_client(&s.app, "porteur@example.fr", "sponsor");
    let anonymous = Client::new(&s.app);
    let id = s.argument;
    let roles: [(&str, &Client); 6] = [
        ("anonymous", &anonymous),
        ("citizen", &s.other),
        ("author", &s.author),
        ("moderator", &s.moderator),
        ("sponsor", &sponsor),
        ("admin", &s.admin),
    ];
    let may_moderate = |role: &str| matches!(role, "moderator" | "admin");
    let expected = |role: &str, allowed: u16| match role {
        "anonymous" => 401,
        r if may_moderate(r) => allowed,
        _ => 403,
    };
    for (role, client) in roles {
        let q = client.get_json("/api/v1/moderation/queue");
        assert_eq!(q.status, expected(role, 200), "queue as {role}: {}", q.body);

        let act = moderate(client, id, "trash", "Hors sujet");
        assert_eq!(
            act.status,
            expected(role, 200),
            "act as {role}: {}",
            act.body
        );
        if act.status == 200 {
            assert_eq!(moderate(client, id, "restore", "Erreur").status, 200);
        }

        let bulk = client.post_json(
            "/api/v1/moderation/bulk",
            &json!({"ids": [id], "action": "trash", "reason": "Hors sujet"}),
        );
        assert_eq!(
            bulk.status,
            expected(role, 200),
            "bulk as {role}: {}",
            bulk.body
        );
        if bulk.status == 200 {
            assert_eq!(bulk.json()["done"], 1);
            assert_eq!(moderate(client, id, "restore", "Erreur").status, 200);
        }

        let ban = client.post_json(
            &format!("/api/v1/users/{}/ban", s.author_id),
            &json!({"reason": "Insultes répétées"}),
        );
        assert_eq!(
            ban.status,
            expected(role, 200),
            "ban as {role}: {}",
            ban.body
        );
        let unban = client.delete(&format!("/api/v1/users/{}/ban", s.author_id), &[]);
        let unban_expected = match role {
            "anonymous" => 401,
            r if may_moderate(r) => 200,
            _ => 403,
        };
        assert_eq!(
            unban.status, unban_expected,
            "unban as {role}: {}",
            unban.body
        );

        let trash = client.get_json(&format!("/api/v1/bills/{}/trash", s.c.slug));
        assert_eq!(trash.status, 200, "the public record is public ({role})");

        let page = client.get("/moderation");
        let page_expected = match role {
            "anonymous" => 303,
            r if may_moderate(r) => 200,
            _ => 403,
        };
        assert_eq!(page.status, page_expected, "queue page as {role}");
        let audit = client.get("/audit");
        assert_eq!(audit.status, page_expected, "audit page as {role}");
    }

    // Contesting is the author's alone, and only once something was done.
    assert_eq!(
        s.author
            .post_json(
                &format!("/api/v1/contributions/{id}/contest"),
                &json!({"text": "Je ne comprends pas"})
            )
            .status,
        409,
        "nothing to contest yet"
    );
    assert_eq!(moderate(&s.moderator, id, "hide", "Spam").status, 200);
    for (role, client) in roles {
        if role == "author" {
            continue;
        }
        let reply = client.post_json(
            &format!("/api/v1/contributions/{id}/contest"),
            &json!({"text": "Je conteste"}),
        );
        assert_eq!(
            reply.status,
            if role == "anonymous" { 401 } else { 403 },
            "contest as {role}"
        );
    }
    let contest = |text: &str| {
        s.author.post_json(
            &format!("/api/v1/contributions/{id}/contest"),
            &json!({"text": text}),
        )
    };
    assert_eq!(contest("Ce n'est pas du spam").status, 201);
    assert_eq!(contest("Encore").status, 409, "once only");

    // Nobody moderates their own contribution, moderators included.
    let own = created_id(&s.moderator.post_json(
        &format!("/api/v1/bills/{}/contributions", s.c.slug),
        &json!({"kind": "argument", "article_id": s.c.articles[0], "stance": "against", "body": "Un argument de modérateur, pour voir."}),
    ));
    assert_eq!(moderate(&s.moderator, own, "hide", "Test").status, 403);
    assert_eq!(moderate(&s.admin, own, "trash", "Hors sujet").status, 200);
    // Moderators ban participants, not staff; nobody bans themselves.
    let staff_ban = s.moderator.post_json(
        &format!("/api/v1/users/{}/ban", s.moderator_id),
        &json!({"reason": "Essai"}),
    );
    assert_eq!(staff_ban.status, 403);
    // Bad input gets a clear error.
    let bad = moderate(&s.moderator, id, "delete", "Non");
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.json()["errors"]["action"].is_array(), "{}", bad.body);
    let no_reason = moderate(&s.moderator, id, "trash", " ");
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.json()["errors"]["reason"].is_array());
    assert_eq!(
        moderate(&s.moderator, 999_999, "trash", "Absent").status,
        404
    );
}

#[test]
fn each_act_shows_on_pages_in_the_api_and_in_search() {
    let s = scene();
    let id = s.argument;
    let slug = &s.c.slug;
    let anonymous = Client::new(&s.app);
    let article_page = format!("/bills/{slug}/articles/{}", s.c.articles[0]);
    let search = format!("/bills/{slug}/search?q=chercheurs");
    scans_caught_up(&s.app);
    assert!(
        anonymous
            .get(&article_page)
            .body
            .contains("vérifier les politiques publiques")
    );
    assert!(
        anonymous
            .get(&search)
            .body
            .contains(&format!("/contributions/{id}"))
    );

    // Trash: collapsed and marked, still readable, out of search.
    assert_eq!(
        moderate(&s.moderator, id, "trash", "Hors sujet").status,
        200
    );
    let page = anonymous.get(&article_page).body;
    assert!(page.contains("Mise à la corbeille par la modération. Motif : Hors sujet"));
    assert!(page.contains("<details class=\"trashed\">"));
    assert!(
        page.contains("vérifier les politiques publiques"),
        "readable on demand"
    );
    assert!(
        !anonymous
            .get(&search)
            .body
            .contains(&format!("/contributions/{id}"))
    );
    assert_eq!(public_item(&s.app, id)["moderation"], "trashed");

    // Hide: the body is gone everywhere public, the reason stays.
    assert_eq!(
        moderate(&s.moderator, id, "hide", "Propos injurieux").status,
        200
    );
    for path in [
        article_page.clone(),
        format!("/contributions/{id}"),
        format!("/bills/{slug}/trash"),
    ] {
        let body = anonymous.get(&path).body;
        assert!(
            !body.contains("vérifier les politiques publiques"),
            "{path} shows a hidden body"
        );
    }
    assert!(
        anonymous
            .get(&article_page)
            .body
            .contains("Contribution masquée par la modération. Motif : Propos injurieux")
    );
    let api = public_item(&s.app, id);
    assert_eq!(api["moderation"], "hidden");
    assert_eq!(api["moderation_reason"], "Propos injurieux");
    assert_eq!(api["body"], "");
    let list = anonymous
        .get_json(&format!(
            "/api/v1/bills/{slug}/contributions?article={}",
            s.c.articles[0]
        ))
        .body;
    assert!(!list.contains("vérifier les politiques publiques"));
    // A hidden contribution leaves the tallies and takes no votes.
    let bill = anonymous.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(bill["participation"]["contributions"], 0, "{bill}");
    let vote = s.other.send_json(
        "PUT",
        &format!("/api/v1/contributions/{id}/vote"),
        &json!({"value": "support"}),
        &[],
    );
    assert_eq!(vote.status, 409, "{}", vote.body);
    // The author may not edit it back into view.
    let edit = s.author.send_json(
        "PATCH",
        &format!("/api/v1/contributions/{id}"),
        &json!({"body": "Nouveau texte"}),
        &[],
    );
    assert_eq!(edit.status, 409, "{}", edit.body);

    // Restore: back as it was, counted and searchable.
    assert_eq!(
        moderate(&s.moderator, id, "restore", "Erreur de modération").status,
        200
    );
    assert!(
        anonymous
            .get(&article_page)
            .body
            .contains("vérifier les politiques publiques")
    );
    assert!(
        anonymous
            .get(&search)
            .body
            .contains(&format!("/contributions/{id}"))
    );
    let bill = anonymous.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(bill["participation"]["contributions"], 1);

    // The public record lists each act with its reason, never a moderator.
    let trash = anonymous
        .get_json(&format!("/api/v1/bills/{slug}/trash"))
        .json();
    let actions: Vec<&str> = trash["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "contribution.restore",
            "contribution.hide",
            "contribution.trash"
        ]
    );
    assert!(!trash.to_string().contains("moderation@example.fr"));
    let page = anonymous.get(&format!("/bills/{slug}/trash")).body;
    assert!(page.contains("Propos injurieux") && page.contains("Erreur de modération"));

    // The author heard of each act, with the reason.
    let mails = s.app.wait_for_mail("auteur@example.fr", 4);
    let about: Vec<&Delivered> = mails
        .iter()
        .filter(|m| m.text.contains("Motif :"))
        .collect();
    assert_eq!(about.len(), 3, "trash, hide, restore");
    assert!(about.iter().any(|m| m.text.contains("Propos injurieux")));

    // Every act is in the audit chain, which still verifies.
    let audit = s.admin.get_json("/api/v1/audit").json();
    let logged = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("contribution."))
        .count();
    assert_eq!(logged, 3);

    // Withdrawing a hidden contribution does not count it out twice, and
    // leaves nothing in the queue.
    assert_eq!(moderate(&s.moderator, id, "hide", "Spam").status, 200);
    assert_eq!(
        s.other
            .post_json(
                &format!("/api/v1/contributions/{id}/reports"),
                &json!({"reason": "spam"})
            )
            .status,
        201
    );
    assert_eq!(
        s.author
            .delete(&format!("/api/v1/contributions/{id}"), &[])
            .status,
        204
    );
    let bill = anonymous.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(bill["participation"]["contributions"], 0, "{bill}");
    assert!(queued_ids(&queue(&s.moderator, "")).is_empty());
}

#[test]
fn personal_data_is_found_flagged_and_redacted() {
    let s = scene();
    let slug = &s.c.slug;
    let body = "Je suis d'accord. Écrivez-moi à camille.martin@exemple.fr ou au 06 12 34 56 78, \
                j'habite 12 rue Victor Hugo 75011 Paris. Mon IBAN FR76 3000 6000 0112 3456 7890 189 \
                pour les dons. Alix Admin pense pareil.";
    let id = created_id(&contribute(
        &s.other,
        slug,
        json!({"kind": "argument", "article_id": s.c.articles[1], "stance": "for", "body": body}),
    ));
    // A bad key is not a number: no flag for a wrong IBAN.
    let clean = created_id(&contribute(
        &s.other,
        slug,
        json!({"kind": "argument", "article_id": s.c.articles[1], "stance": "against",
               "body": "Mon IBAN FR76 3000 6000 0112 3456 7890 188 est faux, et la loi n° 2016-1321 du 7 octobre 2016 aussi ancienne."}),
    ));
    let q = queue(&s.moderator, "?reason=personal_data");
    assert_eq!(queued_ids(&q), [id], "{q}");
    let item = &q["items"][0];
    let kinds: Vec<&str> = item["personal_data"]["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    for kind in ["email", "phone", "address", "iban", "name"] {
        assert!(kinds.contains(&kind), "{kind} not found in {kinds:?}");
    }
    let first = &item["personal_data"]["body"][0];
    let (start, end) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[start..end], "camille.martin@exemple.fr");
    assert!(!queued_ids(&queue(&s.moderator, "")).contains(&clean));

    // The moderator's page highlights the spans and pre-fills the redaction.
    let mod_browser = Client::new(&s.app);
    login_api(&mod_browser, "moderation@example.fr", PASSWORD);
    let page = mod_browser.get(&format!("/contributions/{id}")).body;
    assert!(page.contains("<mark title=\"adresse électronique\">camille.martin@exemple.fr</mark>"));
    assert!(
        page.contains("Écrivez-moi à […] ou au […]"),
        "masked in the redaction form"
    );

    let search = format!("/bills/{slug}/search?q=Victor+Hugo");
    scans_caught_up(&s.app);
    let before = Client::new(&s.app).get(&search).body;
    assert!(
        before.contains(&format!("/contributions/{id}\"")),
        "found before redaction"
    );
    // Redact: the public sees the redacted text and the mark.
    let redacted = "Je suis d'accord. Écrivez-moi à […] ou au […], j'habite […]. Mon IBAN […] pour les dons. […] pense pareil.";
    let reply = s.moderator.post_json(
        &format!("/api/v1/contributions/{id}/moderation"),
        &json!({"action": "redact", "reason": "Données personnelles", "redacted_body": redacted}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let anonymous = Client::new(&s.app);
    let public = anonymous.get(&format!("/contributions/{id}")).body;
    assert!(public.contains("Caviardée par la modération"));
    assert!(!public.contains("camille.martin@exemple.fr"));
    assert_eq!(public_item(&s.app, id)["body"], redacted);
    let found = anonymous
        .get(&format!("/bills/{slug}/search?q=Victor+Hugo"))
        .body;
    assert!(
        !found.contains(&format!("/contributions/{id}\"")),
        "the original is out of search"
    );
    // Moderators still see the original until it is purged.
    let page = mod_browser.get(&format!("/contributions/{id}")).body;
    assert!(
        page.contains("camille.martin@exemple.fr"),
        "the original, for moderators"
    );
    assert!(
        !queued_ids(&queue(&s.moderator, "")).contains(&id),
        "answered"
    );

    // Past the retention period, the original is gone for good.
    let db = s.app.db();
    let purged = tokio_block(async move {
        db.write(|c| {
            codraft::store::moderation::purge_originals(
                c,
                codraft::domain::time::now() + chrono::Duration::seconds(1),
            )
        })
        .await
        .unwrap()
    });
    assert_eq!(purged, 1);
    assert!(
        !mod_browser
            .get(&format!("/contributions/{id}"))
            .body
            .contains("camille.martin@exemple.fr")
    );
    // An edit after the moderators answered brings new personal data back
    // to them.
    let edit = s.other.send_json(
        "PATCH",
        &format!("/api/v1/contributions/{id}"),
        &json!({"body": "Je suis d'accord. Appelez-moi au 06 98 76 54 32."}),
        &[],
    );
    assert_eq!(edit.status, 200, "{}", edit.body);
    assert!(queued_ids(&queue(&s.moderator, "?reason=personal_data")).contains(&id));
}

fn tokio_block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn fifty_lightly_edited_copies_are_one_group_acted_on_at_once() {
    let s = scene();
    let slug = &s.c.slug;
    let text = "Je demande que la neutralité du net soit inscrite dans la loi sans exception, \
                car les opérateurs ne doivent pas favoriser leurs propres services au détriment \
                des autres acteurs de l'internet et des citoyens.";
    let mut ids = Vec::new();
    for i in 0..50 {
        let mut body = text.to_string();
        if i % 2 == 0 {
            body = format!("Bonjour, {body}");
        }
        if i % 3 == 0 {
            body = body.replace("sans exception", "sans aucune exception");
        }
        body = format!("{body} Cordialement, signataire n°{i}.");
        let author = if i % 2 == 0 { &s.author } else { &s.other };
        ids.push(created_id(&contribute(
            author,
            slug,
            json!({"kind": "argument", "article_id": s.c.articles[0], "stance": "against", "body": body}),
        )));
    }
    scans_caught_up(&s.app);
    let q = queue(&s.moderator, "?reason=duplicate");
    assert_eq!(queued_ids(&q), [ids[0]], "one entry for the group: {q}");
    assert_eq!(q["items"][0]["group_size"], 50);
    // The size is kept on the group's first case; a later copy's page
    // shows it to a moderator all the same.
    let browser = Client::new(&s.app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    let page = browser.get(&format!("/contributions/{}", ids[37]));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("50 contributions partagent ce texte"),
        "{}",
        page.body
    );
    let reply = s.moderator.post_json(
        "/api/v1/moderation/bulk",
        &json!({"group": ids[0], "action": "hide", "reason": "Campagne de copier-coller"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["done"], 50);
    for id in [ids[0], ids[17], ids[49]] {
        assert_eq!(public_item(&s.app, id)["moderation"], "hidden");
    }
    // The original argument, a different text, is not in the group.
    assert!(public_item(&s.app, s.argument)["moderation"].is_null());
    assert!(queued_ids(&queue(&s.moderator, "")).is_empty());
}

#[test]
fn reports_fill_the_queue_and_can_hide_automatically() {
    let s = scene_with(&[("CODRAFT_AUTO_HIDE_REPORTS", "2")]);
    let id = s.argument;
    let report = |c: &Client, reason: &str| {
        c.post_json(
            &format!("/api/v1/contributions/{id}/reports"),
            &json!({"reason": reason}),
        )
        .status
    };
    assert!(
        queue(&s.moderator, "")["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(report(&s.other, "offensive"), 201);
    let q = queue(&s.moderator, "?reason=offensive");
    assert_eq!(queued_ids(&q), [id]);
    assert_eq!(q["items"][0]["reports"][0]["count"], 1);
    assert!(queued_ids(&queue(&s.moderator, "?reason=spam")).is_empty());
    assert!(
        public_item(&s.app, id)["moderation"].is_null(),
        "one report is not enough"
    );
    let third = citizen(&s.app, "troisieme@example.fr");
    assert_eq!(report(&third, "spam"), 201);
    assert_eq!(
        public_item(&s.app, id)["moderation"],
        "hidden",
        "hidden at two reports"
    );
    assert_eq!(
        queued_ids(&queue(&s.moderator, "")),
        [id],
        "still for a moderator to confirm"
    );
    // The bill filter.
    assert_eq!(
        queue(&s.moderator, &format!("?bill={}", s.c.slug))["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let unknown = s.moderator.get_json("/api/v1/moderation/queue?bill=nope");
    assert_eq!(unknown.status, 422);
    let bad_reason = s
        .moderator
        .get_json("/api/v1/moderation/queue?reason=everything");
    assert_eq!(bad_reason.status, 422);
}

#[test]
fn a_contest_brings_the_item_back_marked() {
    let s = scene();
    let id = s.argument;
    assert_eq!(
        moderate(&s.moderator, id, "trash", "Hors sujet").status,
        200
    );
    assert!(queued_ids(&queue(&s.moderator, "")).is_empty());
    // The author sees the contest form on the page.
    let browser = Client::new(&s.app);
    login_api(&browser, "auteur@example.fr", PASSWORD);
    let page = browser.get(&format!("/contributions/{id}"));
    assert!(page.body.contains(&format!(
        "action=\"/contributions/{id}/contest#form-errors\""
    )));
    let csrf = page.csrf_token();
    let sent = browser.post_form(
        &format!("/contributions/{id}/contest"),
        &[
            ("csrf_token", &csrf),
            ("text", "Mon argument porte bien sur l'article 1er."),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.body);
    let q = queue(&s.moderator, "?reason=contested");
    assert_eq!(queued_ids(&q), [id]);
    assert_eq!(q["items"][0]["contested"], true);
    assert_eq!(
        q["items"][0]["contest_text"],
        "Mon argument porte bien sur l'article 1er."
    );
    assert_eq!(
        moderate(&s.moderator, id, "restore", "Contestation fondée").status,
        200
    );
    assert!(queued_ids(&queue(&s.moderator, "")).is_empty());
    assert!(
        !browser
            .get(&format!("/contributions/{id}"))
            .body
            .contains(&format!("action=\"/contributions/{id}/contest"))
    );
}

#[test]
fn a_banned_person_reads_but_does_not_write_and_is_told_why() {
    let s = scene();
    let ban = s.moderator.post_json(
        &format!("/api/v1/users/{}/ban", s.author_id),
        &json!({"reason": "Insultes répétées"}),
    );
    assert_eq!(ban.status, 200, "{}", ban.body);
    assert_eq!(ban.json()["banned"], true);
    // Reading works; writing does not, with a message.
    assert_eq!(
        s.author
            .get_json(&format!("/api/v1/bills/{}", s.c.slug))
            .status,
        200
    );
    let refused = contribute(
        &s.author,
        &s.c.slug,
        json!({"kind": "argument", "article_id": s.c.articles[0], "stance": "for", "body": "Encore moi, malgré tout."}),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("suspendu"), "{}", refused.body);
    let vote = s.author.send_json(
        "PUT",
        &format!("/api/v1/articles/{}/vote", s.c.articles[0]),
        &json!({"value": "agree"}),
        &[],
    );
    assert_eq!(vote.status, 403);
    let report = s.author.post_json(
        &format!("/api/v1/contributions/{}/reports", s.argument),
        &json!({"reason": "spam"}),
    );
    assert_eq!(report.status, 403);
    // Their existing contribution stays.
    assert!(public_item(&s.app, s.argument)["moderation"].is_null());
    // Signing in says why.
    let browser = Client::new(&s.app);
    let form = browser.get("/login");
    let signed = browser.post_form(
        "/login",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", "auteur@example.fr"),
            ("password", PASSWORD),
        ],
    );
    let page = browser.follow(&signed).body;
    assert!(page.contains("Votre compte est suspendu"), "{page}");
    assert!(page.contains("Insultes répétées"));
    // Twice is a conflict; unbanning gives the pen back.
    assert_eq!(
        s.moderator
            .post_json(
                &format!("/api/v1/users/{}/ban", s.author_id),
                &json!({"reason": "Encore"})
            )
            .status,
        409
    );
    assert_eq!(
        s.moderator
            .delete(&format!("/api/v1/users/{}/ban", s.author_id), &[])
            .status,
        200
    );
    created_id(&contribute(
        &s.author,
        &s.c.slug,
        json!({"kind": "argument", "article_id": s.c.articles[0], "stance": "for", "body": "De retour, avec courtoisie."}),
    ));
    let audit = s.admin.get_json("/api/v1/audit").json().to_string();
    assert!(audit.contains("user.ban") && audit.contains("user.unban"));
}

#[test]
fn citizens_appear_under_a_pseudonym_unless_they_show_their_name() {
    let s = scene();
    let anonymous = Client::new(&s.app);
    let author = public_item(&s.app, s.argument)["author"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(author.starts_with("Participant "), "{author}");
    assert_ne!(author, "Camille Martin");
    let page = anonymous
        .get(&format!("/contributions/{}", s.argument))
        .body;
    assert!(page.contains(&author) && !page.contains("Camille Martin"));
    // Stable: the same pseudonym on every contribution of the person.
    let second = created_id(&contribute(
        &s.author,
        &s.c.slug,
        json!({"kind": "argument", "article_id": s.c.articles[1], "stance": "against", "body": "Un second argument du même auteur."}),
    ));
    assert_eq!(public_item(&s.app, second)["author"], author.as_str());
    // Someone else gets another one.
    let other = created_id(&contribute(
        &s.other,
        &s.c.slug,
        json!({"kind": "argument", "article_id": s.c.articles[1], "stance": "for", "body": "Un argument d'une autre personne."}),
    ));
    let other_name = public_item(&s.app, other)["author"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(other_name.starts_with("Participant ") && other_name != author);

    // Choosing to show one's name.
    let browser = Client::new(&s.app);
    login_api(&browser, "auteur@example.fr", PASSWORD);
    let account = browser.get("/account");
    let saved = browser.post_form(
        "/account/name",
        &[("csrf_token", &account.csrf_token()), ("name_public", "on")],
    );
    assert_eq!(saved.status, 303);
    assert_eq!(public_item(&s.app, s.argument)["author"], "Camille Martin");

    // Sponsors are always named.
    let sponsor_arg = created_id(&s.c.sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{}/contributions", s.c.slug),
        &json!({"kind": "argument", "article_id": s.c.articles[0], "stance": "for", "body": "Le porteur du texte répond ici."}),
        &[("X-CSRF-Token", &s.c.sponsor_csrf)],
    ));
    assert_eq!(public_item(&s.app, sponsor_arg)["author"], "Alix Admin");

    // Deleting the account leaves "deleted participant".
    let me = browser.get_json("/api/v1/me").json();
    let deleted = browser.delete_json(
        "/api/v1/me",
        &json!({"password": PASSWORD}),
        &[("X-CSRF-Token", me["csrf_token"].as_str().unwrap())],
    );
    assert!(
        deleted.status == 204 || deleted.status == 200,
        "{}",
        deleted.body
    );
    assert_eq!(
        public_item(&s.app, s.argument)["author"],
        "deleted participant"
    );
}

#[test]
fn the_queue_page_acts_in_bulk_with_plain_forms() {
    let s = scene();
    let id = s.argument;
    assert_eq!(
        s.other
            .post_json(
                &format!("/api/v1/contributions/{id}/reports"),
                &json!({"reason": "off_topic"})
            )
            .status,
        201
    );
    let browser = Client::new(&s.app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    let page = browser.get("/moderation");
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("id=\"select-{id}\"")));
    let csrf = page.csrf_token();
    let id_text = id.to_string();
    let done = browser.post_form(
        "/moderation/bulk",
        &[
            ("csrf_token", &csrf),
            ("ids", &id_text),
            ("action", "trash"),
            ("reason", "Hors sujet"),
            ("return_to", "/moderation"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location(), "/moderation");
    assert_eq!(public_item(&s.app, id)["moderation"], "trashed");
    let after = browser.follow(&done).body;
    assert!(after.contains("Rien à examiner"), "{after}");
    // No reason: a clear error, nothing done.
    let refused = browser.post_form(
        "/moderation/bulk",
        &[
            ("csrf_token", &csrf),
            ("ids", &id_text),
            ("action", "hide"),
            ("reason", ""),
        ],
    );
    assert_eq!(refused.status, 422);
    assert_eq!(public_item(&s.app, id)["moderation"], "trashed");
}

fn position(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the page:\n{page}"))
}

#[test]
fn a_refused_moderation_comes_back_on_the_contribution_page_as_typed() {
    let s = scene();
    let id = s.argument;
    let browser = Client::new(&s.app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    let page = browser.get(&format!("/contributions/{id}"));
    assert_eq!(page.status, 200);
    let csrf = page.csrf_token();
    let path = format!("/contributions/{id}/moderation");
    // No reason given: the page again, not an error page.
    let refused = browser.post_form(
        &path,
        &[
            ("csrf_token", &csrf),
            ("action", "hide"),
            ("reason", ""),
            ("redacted_body", "Un texte retouché à garder"),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = &refused.body;
    let summary = position(body, "id=\"form-errors\"");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(summary < position(body, "id=\"moderation-h\""));
    assert!(body.contains("href=\"#moderation-reason\""));
    let message = position(body, "id=\"moderation-reason-error\"");
    assert!(message < position(body, "id=\"moderation-reason\" name=\"reason\""));
    assert!(body.contains("id=\"action-hide\" required checked"));
    assert!(body.contains("Un texte retouché à garder</textarea>"));
    assert!(body.contains(ARGUMENT), "the contribution is still shown");
    assert!(public_item(&s.app, id)["moderation"].is_null());

    // A redaction that changes nothing: the message by the text, the
    // reason kept.
    let unchanged = browser.post_form(
        &path,
        &[
            ("csrf_token", &csrf),
            ("action", "redact"),
            ("reason", "Donnée personnelle"),
            ("redacted_body", ARGUMENT),
        ],
    );
    assert_eq!(unchanged.status, 422, "{}", unchanged.body);
    assert!(
        unchanged
            .body
            .contains("href=\"#moderation-redacted_body\"")
    );
    assert!(
        unchanged
            .body
            .contains("id=\"moderation-redacted_body-error\"")
    );
    assert!(unchanged.body.contains("value=\"Donnée personnelle\""));
    assert!(public_item(&s.app, id)["moderation"].is_null());
    assert_eq!(
        count_sql(
            &s.app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'contribution.%'"
        ),
        0,
        "nothing recorded"
    );

    // The same form filled in acts.
    let done = browser.post_form(
        &path,
        &[
            ("csrf_token", &csrf),
            ("action", "hide"),
            ("reason", "Hors sujet"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(public_item(&s.app, id)["moderation"], "hidden");
}

#[test]
fn a_refused_contest_comes_back_on_the_contribution_page_as_typed() {
    let s = scene();
    let id = s.argument;
    assert_eq!(
        moderate(&s.moderator, id, "trash", "Hors sujet").status,
        200
    );
    let browser = Client::new(&s.app);
    login_api(&browser, "auteur@example.fr", PASSWORD);
    let csrf = browser.get(&format!("/contributions/{id}")).csrf_token();
    let path = format!("/contributions/{id}/contest");
    let refused = browser.post_form(&path, &[("csrf_token", &csrf), ("text", "Ok")]);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = &refused.body;
    let summary = position(body, "id=\"form-errors\"");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(body.contains("href=\"#contest-text\""));
    let message = position(body, "id=\"contest-text-error\"");
    assert!(message < position(body, "<textarea id=\"contest-text\""));
    assert!(body.contains(">Ok</textarea>"), "what was typed is kept");
    assert!(queued_ids(&queue(&s.moderator, "?reason=contested")).is_empty());

    // Sent properly, it is received; sent again, the page says why not.
    let sent = browser.post_form(
        &path,
        &[
            ("csrf_token", &csrf),
            ("text", "Mon argument porte sur l'article."),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.body);
    let again = browser.post_form(
        &path,
        &[("csrf_token", &csrf), ("text", "Une seconde fois")],
    );
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("id=\"form-errors\""));
    assert!(
        again.body.contains("id=\"contest-h\""),
        "the contribution page"
    );
    assert_eq!(
        queue(&s.moderator, "?reason=contested")["items"][0]["contest_text"],
        "Mon argument porte sur l'article."
    );
}
