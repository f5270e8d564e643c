//! The citizen's everyday pages: the bill's landing page, arguments for
//! and against, forms that come back with what was typed.

use serde_json::json;

use crate::helpers::*;

/// Where `needle` first appears in `page`, or a failure naming it.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on the page"))
}

fn vote(client: &Client, id: i64, value: &str) -> Reply {
    client.send_json(
        "PUT",
        &format!("/api/v1/contributions/{id}/vote"),
        &json!({"value": value}),
        &[],
    )
}

#[test]
fn the_bill_page_is_a_landing_page() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let in_3_days = (chrono::Utc::now() + chrono::TimeDelta::hours(3 * 24 + 5)).to_rfc3339();
    let patched = sponsor_send(
        &c,
        "PATCH",
        &format!("/api/v1/bills/{}", c.slug),
        json!({"closes_at": in_3_days}),
    );
    assert_eq!(patched.status, 200, "{}", patched.body);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let carol = citizen(&app, "carol@example.org");
    let mut proposals = Vec::new();
    for i in 1..=7 {
        proposals.push(created_id(&contribute(
            &alice,
            &c.slug,
            json!({"kind": "proposal", "title": format!("Proposition numéro {i}"), "proposed_text": "Tout usager peut récupérer ses données.", "body": ""}),
        )));
    }
    // The 6th is the most supported, the 3rd next.
    for voter in [&bob, &carol] {
        assert_eq!(vote(voter, proposals[5], "agree").status, 200);
    }
    assert_eq!(vote(&bob, proposals[2], "agree").status, 200);
    created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "La transparence renforce la confiance."}),
    ));
    assert_eq!(
        bob.send_json(
            "PUT",
            &format!("/api/v1/articles/{}/vote", c.articles[0]),
            &json!({"value": "agree"}),
            &[]
        )
        .status,
        200
    );

    let page = Client::new(&app).get(&format!("/bills/{}", c.slug));
    assert_eq!(page.status, 200);
    let body = &page.body;
    // The countdown, in French by default.
    assert!(body.contains("Clôture dans 3 jours"), "{body}");
    // The links come before the table of contents.
    let toc = at(body, "id=\"toc-h\"");
    assert!(at(body, &format!("/bills/{}/open-data", c.slug)) < toc);
    assert!(at(body, &format!("/bills/{}/proposals", c.slug)) < toc);
    // Each article is a link with its figures, not its text.
    for a in &c.articles {
        assert!(body.contains(&format!("/bills/{}/articles/{a}\"", c.slug)));
    }
    assert!(!body.contains("Les données de référence sont mises à disposition"));
    assert!(body.contains("1 d&#x27;accord · 0 mitigé · 0 pas d&#x27;accord · 1 contribution"));
    // Five proposals, most supported first, and the way to all seven.
    let listed: Vec<usize> = proposals
        .iter()
        .filter_map(|id| body.find(&format!("href=\"/contributions/{id}\"")))
        .collect();
    assert_eq!(listed.len(), 5, "the top five only");
    assert!(
        at(body, &format!("/contributions/{}\"", proposals[5]))
            < at(body, &format!("/contributions/{}\"", proposals[2]))
    );
    assert!(
        at(body, &format!("/contributions/{}\"", proposals[2])) < at(body, "Proposition numéro 7<")
    );
    assert!(body.contains("Tous les articles proposés (7)"));
    // Staff links are for staff.
    assert!(!body.contains("/arbitration"));
    let sponsor_page = c.sponsor.get(&format!("/bills/{}", c.slug)).body;
    assert!(sponsor_page.contains(&format!("/bills/{}/arbitration", c.slug)));

    // In English, the same tense.
    let english = Client::new(&app).get_with(
        &format!("/bills/{}", c.slug),
        &[("Accept-Language", "en-GB,en;q=0.9")],
    );
    assert!(
        english.body.contains("Closes in 3 days"),
        "{}",
        english.body
    );

    // Every proposal on its own page.
    let all = Client::new(&app).get(&format!("/bills/{}/proposals", c.slug));
    assert_eq!(all.status, 200);
    for id in &proposals {
        assert!(all.body.contains(&format!("id=\"contribution-{id}\"")));
    }
}

#[test]
fn a_published_bill_links_its_synthesis_from_its_badge() {
    let app = spawn_app();
    let c = open_consultation(&app);
    close(&c);
    assert_eq!(publish(&c).status, 200);
    let page = Client::new(&app).get(&format!("/bills/{}", c.slug)).body;
    assert!(
        page.contains(&format!(
            "<p class=\"status status-published\"><a href=\"/bills/{}/synthesis\">",
            c.slug
        )),
        "{page}"
    );
    assert!(page.contains(&format!("/bills/{}/comparative-table", c.slug)));
}

#[test]
fn nobody_votes_on_their_own_contribution() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let page = browser.get(&article);
    assert_eq!(page.status, 200, "{}", page.body);
    let posted = browser.post_form(
        &format!("/bills/{}/contributions", c.slug),
        &[
            ("csrf_token", &page.csrf_token()),
            ("kind", "argument"),
            ("stance", "for"),
            ("article_id", &c.articles[0].to_string()),
            ("body", "La transparence renforce la confiance."),
            ("idempotency_key", "k-own-1"),
            ("return_to", &article),
        ],
    );
    assert_eq!(posted.status, 303, "{}", posted.body);
    let id: i64 = posted
        .location()
        .rsplit("contribution-")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // The page offers no vote on one's own argument…
    let page = browser.follow(&posted);
    assert!(
        !page
            .body
            .contains(&format!("action=\"/contributions/{id}/vote\""))
    );
    assert!(page.body.contains("C&#x27;est votre contribution"));
    // …and refuses one sent anyway, saying why, with nothing counted.
    let refused = browser.post_form(
        &format!("/contributions/{id}/vote"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("value", "support"),
            ("return_to", &article),
        ],
    );
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .body
            .contains("Personne ne peut voter sur sa propre contribution")
    );
    // The API says the same.
    let alice = Client::new(&app).always(
        "Authorization",
        &format!(
            "Bearer {}",
            Client::new(&app)
                .post_json(
                    "/api/v1/tokens",
                    &json!({"email": "alice@example.org", "password": PASSWORD, "label": "t", "scope": "read-write"}),
                )
                .json()["token"]
                .as_str()
                .unwrap()
        ),
    );
    let api = vote(&alice, id, "support");
    assert_eq!(api.status, 403, "{}", api.body);
    assert!(
        api.json()["detail"]
            .as_str()
            .unwrap()
            .contains("propre contribution")
    );
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM votes WHERE target_kind = 'contribution' AND target_id = {id}"
            )
        ),
        0
    );
    // Anybody else may.
    let bob = citizen(&app, "bob@example.org");
    assert_eq!(vote(&bob, id, "support").status, 200);
}

#[test]
fn trashed_items_sink_to_the_end_of_every_order() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let (moderator, _) = token_client(&app, "moderation@example.org", "moderator");
    let a1 = c.articles[0];
    let argue = |body: &str| {
        created_id(&contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": body}),
        ))
    };
    let quiet = argue("Un argument que personne ne soutient.");
    let popular = argue("Un argument très soutenu, puis mis à la corbeille.");
    let newest = argue("Le plus récent des arguments.");
    assert_eq!(vote(&bob, popular, "support").status, 200);
    let trashed = moderator.post_json(
        &format!("/api/v1/contributions/{popular}/moderation"),
        &json!({"action": "trash", "reason": "Hors sujet"}),
    );
    assert_eq!(trashed.status, 200, "{}", trashed.body);
    for sort in ["supported", "recent", "controversial", "random"] {
        let list = alice
            .get_json(&format!(
                "/api/v1/bills/{}/contributions?kind=argument&sort={sort}",
                c.slug
            ))
            .json();
        let ids: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids.len(), 3, "{sort}");
        assert_eq!(ids[2], popular, "{sort}: {ids:?}");
    }
    // Paging one by one keeps it last and loses nothing.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let list = alice
            .get_json(&format!(
                "/api/v1/bills/{}/contributions?kind=argument&sort=supported&limit=1{cursor}",
                c.slug
            ))
            .json();
        seen.extend(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap()),
        );
        match list["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, vec![newest, quiet, popular]);
    // The page shows it last too.
    let page = Client::new(&app)
        .get(&format!("/bills/{}/articles/{a1}", c.slug))
        .body;
    assert!(
        at(&page, &format!("id=\"contribution-{quiet}\""))
            < at(&page, &format!("id=\"contribution-{popular}\""))
    );
}

#[test]
fn a_refused_form_comes_back_on_its_page_with_what_was_typed() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let page = browser.get(&article);
    let too_long = "Trop long. ".repeat(300);
    let refused = browser.post_form(
        &format!("/bills/{}/contributions", c.slug),
        &[
            ("csrf_token", &page.csrf_token()),
            ("kind", "argument"),
            ("stance", "against"),
            ("article_id", &c.articles[0].to_string()),
            ("body", &too_long),
            ("idempotency_key", "k-long-1"),
            ("return_to", &article),
        ],
    );
    assert_eq!(refused.status, 422);
    let body = &refused.body;
    // The article page again, with the summary first, focused…
    assert!(body.contains("Les administrations diffusent en ligne"));
    let summary = at(body, "id=\"form-errors\"");
    assert!(body[summary - 200..summary + 200].contains("autofocus"));
    assert!(summary < at(body, "<article class=\"article-page\">"));
    assert!(body.contains("href=\"#against-body\""));
    // …the message by its field, what was typed in its own form.
    assert!(body.contains("id=\"against-body-error\""));
    let form = at(body, "id=\"against-body\"");
    assert!(body[form..].contains(too_long.trim_end()));
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM contributions"),
        0
    );

    // A proposal comes back on the proposals page.
    let proposals = format!("/bills/{}/proposals", c.slug);
    let refused = browser.post_form(
        &format!("/bills/{}/contributions", c.slug),
        &[
            ("csrf_token", &page.csrf_token()),
            ("kind", "proposal"),
            ("title", "Un titre gardé"),
            ("proposed_text", ""),
            ("idempotency_key", "k-prop-1"),
            ("return_to", &proposals),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("value=\"Un titre gardé\""));
    assert!(refused.body.contains("id=\"proposal-proposed_text-error\""));
    assert!(refused.body.contains("id=\"form-errors\""));
}

#[test]
fn reporting_twice_says_so_on_the_page_and_the_form_goes_away() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let id = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Un argument à signaler."}),
    ));
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "bob@example.org");
    let path = format!("/contributions/{id}");
    let page = browser.get(&path);
    assert!(
        page.body
            .contains(&format!("action=\"/contributions/{id}/report"))
    );
    let csrf = page.csrf_token();
    let report = |details: &str| {
        browser.post_form(
            &format!("/contributions/{id}/report"),
            &[
                ("csrf_token", &csrf),
                ("reason", "off_topic"),
                ("details", details),
            ],
        )
    };
    assert_eq!(report("Hors sujet.").status, 303);
    let page = browser.get(&path);
    assert!(
        !page
            .body
            .contains(&format!("action=\"/contributions/{id}/report"))
    );
    assert!(page.body.contains("Vous avez signalé cette contribution"));
    // Sent again (another tab): the page, the reason, the details kept.
    let again = report("Toujours hors sujet.");
    assert_eq!(again.status, 409);
    assert!(again.body.contains("id=\"form-errors\""));
    assert!(again.body.contains("Toujours hors sujet."));
    assert!(again.body.contains("Un argument à signaler."));
}

#[test]
fn the_argument_just_posted_comes_first_in_its_column() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let a1 = c.articles[0];
    // A full first page of supported arguments for.
    let mut supported = Vec::new();
    for i in 0..21 {
        let id = created_id(&contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": format!("Argument soutenu numéro {i}.")}),
        ));
        assert_eq!(vote(&bob, id, "support").status, 200);
        supported.push(id);
    }
    let against = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "against", "body": "Un argument contre."}),
    ));
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "carol@example.org");
    let article = format!("/bills/{}/articles/{a1}", c.slug);
    let page = browser.get(&article);
    // Arguments for and against, each with its own form at the top.
    let for_column = at(&page.body, "id=\"for-h\"");
    let against_column = at(&page.body, "id=\"against-h\"");
    assert!(for_column < at(&page.body, "id=\"for-body\""));
    assert!(at(&page.body, "id=\"for-body\"") < against_column);
    assert!(against_column < at(&page.body, "id=\"against-body\""));
    assert!(against_column < at(&page.body, &format!("id=\"contribution-{against}\"")));
    let posted = browser.post_form(
        &format!("/bills/{}/contributions", c.slug),
        &[
            ("csrf_token", &page.csrf_token()),
            ("kind", "argument"),
            ("stance", "for"),
            ("article_id", &a1.to_string()),
            ("body", "Mon argument tout neuf, sans soutien encore."),
            ("idempotency_key", "k-new-1"),
            ("return_to", &article),
        ],
    );
    assert_eq!(posted.status, 303, "{}", posted.body);
    let new_id = count_sql(&app, "SELECT MAX(id) AS n FROM contributions");
    assert_eq!(
        posted.location(),
        format!("{article}?highlight={new_id}#contribution-{new_id}")
    );
    let shown = browser.follow(&posted).body;
    let mine = at(&shown, &format!("id=\"contribution-{new_id}\""));
    assert!(shown[mine - 200..mine].contains("highlighted"));
    assert!(shown.contains("Votre contribution, tout juste publiée"));
    // First in the "for" column, before the most supported.
    assert!(at(&shown, "id=\"for-h\"") < mine);
    for id in &supported {
        if let Some(other) = shown.find(&format!("id=\"contribution-{id}\"")) {
            assert!(mine < other);
        }
    }
    assert!(mine < at(&shown, "id=\"against-h\""));
}

#[test]
fn a_refused_bulk_moderation_comes_back_with_the_items_still_checked() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let id = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Un argument signalé."}),
    ));
    let reported = bob.post_json(
        &format!("/api/v1/contributions/{id}/reports"),
        &json!({"reason": "spam"}),
    );
    assert!(reported.status < 300, "{}", reported.body);
    let (moderator, _) = signed_in(&app, "moderation@example.org", "moderator");
    let queue = moderator.get("/moderation");
    assert!(queue.body.contains(&format!("id=\"select-{id}\"")));
    let refused = moderator.post_form(
        "/moderation/bulk",
        &[
            ("csrf_token", &queue.csrf_token()),
            ("return_to", "/moderation"),
            ("ids", &id.to_string()),
            ("action", "hide"),
            ("reason", ""),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"form-errors\""));
    assert!(
        refused
            .body
            .contains(&format!("id=\"select-{id}\" checked"))
    );
    assert!(refused.body.contains("<option value=\"hide\" selected>"));
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM contributions WHERE id = {id} AND moderation IS NULL"
            )
        ),
        1
    );
}
