//! Anonymous pages served from each instance's cache, and the HTML stored
//! with each contribution: what a reader sees after a write, on one
//! instance and on two sharing a database; ETag and 304; redaction and edit
//! leaving no old text behind.

use serde_json::json;

use super::helpers::*;

fn anonymous_page(app: &TestApp, path: &str) -> Reply {
    let reply = Client::new(app).get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply
}

fn execute_sql(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let db = app.db();
    let mut conn = db.conn().unwrap();
    diesel::sql_query(sql)
        .execute(&mut *conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn a_write_shows_in_the_next_anonymous_view_with_a_new_etag() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let bill = format!("/bills/{}", c.slug);
    argument(&alice, &c, "Premier argument sur la transparence.");
    // The scan a post leaves to its job writes the contribution's
    // moderation case, which moves the bill's generation: let it finish,
    // so that the two views below see one generation.
    scans_caught_up(&app);

    let first = anonymous_page(&app, &article);
    assert!(first.body.contains("Premier argument sur la transparence."));
    let etag = first.header("etag").expect("an ETag").to_string();
    // Served again: the same page, and a 304 to a reader who has it.
    let again = anonymous_page(&app, &article);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let unchanged = Client::new(&app).get_with(&article, &[("If-None-Match", &etag)]);
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());
    // An anonymous page holds no one's session token.
    assert!(!first.body.contains("name=\"csrf_token\""));
    let bill_page = anonymous_page(&app, &bill);

    // A new argument: the next view shows it, under a new ETag, and the
    // old ETag no longer gets a 304.
    argument(
        &alice,
        &c,
        "Second argument, publié après la mise en cache.",
    );
    let after = anonymous_page(&app, &article);
    assert!(
        after
            .body
            .contains("Second argument, publié après la mise en cache.")
    );
    let new_etag = after.header("etag").unwrap().to_string();
    assert_ne!(new_etag, etag);
    let stale = Client::new(&app).get_with(&article, &[("If-None-Match", &etag)]);
    assert_eq!(stale.status, 200);
    assert!(stale.body.contains("Second argument"));

    // The bill page follows an edit of the bill made straight in the
    // database (as another program would): the database moves the
    // generation itself.
    assert!(!bill_page.body.contains("Titre changé ailleurs"));
    execute_sql(
        &app,
        &format!(
            "UPDATE bills SET title = 'Titre changé ailleurs' WHERE slug = '{}'",
            c.slug
        ),
    );
    assert!(
        anonymous_page(&app, &bill)
            .body
            .contains("Titre changé ailleurs")
    );

    // Moderation: a hidden argument leaves the page at once.
    let (moderator, _) = token_client(&app, "moderation@example.org", "moderator");
    let hidden = argument(&alice, &c, "Un argument bientôt masqué par la modération.");
    assert!(
        anonymous_page(&app, &article)
            .body
            .contains("bientôt masqué")
    );
    assert_eq!(moderate(&moderator, hidden, "hide", "Spam").status, 200);
    assert!(
        !anonymous_page(&app, &article)
            .body
            .contains("bientôt masqué")
    );

    // A vote: the tally follows within a second.
    let before = anonymous_page(&app, &article).body;
    let voted = alice.send_json(
        "PUT",
        &format!("/api/v1/articles/{}/vote", c.articles[0]),
        &json!({"value": "disagree"}),
        &[],
    );
    assert_eq!(voted.status, 200, "{}", voted.body);
    assert!(eventually(5, || anonymous_page(&app, &article).body != before));
}

#[test]
fn a_cases_queue_and_scan_columns_leave_cached_pages_as_they_are_and_a_decision_does_not() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let id = argument(&alice, &c, "Les horaires des services publics en ligne.");
    scans_caught_up(&app);
    assert_eq!(
        count_sql(
            &app,
            &format!("SELECT COUNT(*) AS n FROM moderation_cases WHERE contribution_id = {id}")
        ),
        1
    );
    let first = anonymous_page(&app, &article);
    let etag = first.header("etag").expect("an ETag").to_string();
    // What the queue and the near-duplicate scan write after every post:
    // moderators see it, readers of the page do not.
    execute_sql(
        &app,
        &format!(
            "UPDATE moderation_cases SET in_queue = TRUE, urgency = urgency + 5, \
             queued_at = CURRENT_TIMESTAMP, minhash = 'signature', duplicate_of = {id}, \
             duplicates_count = duplicates_count + 1, personal_data = '[]' \
             WHERE contribution_id = {id}"
        ),
    );
    let unchanged = Client::new(&app).get_with(&article, &[("If-None-Match", &etag)]);
    assert_eq!(unchanged.status, 304, "the page is still the one cached");
    // A moderator's reason is shown on the page: the cache lets it go.
    execute_sql(
        &app,
        &format!("UPDATE moderation_cases SET reason = 'Hors sujet' WHERE contribution_id = {id}"),
    );
    let after = anonymous_page(&app, &article);
    assert_ne!(after.header("etag"), Some(etag.as_str()));
}

#[test]
fn two_instances_sharing_a_database_never_serve_what_the_other_changed() {
    let app = spawn_app();
    let sibling = spawn_sibling(&app, &[]);
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    argument(&alice, &c, "Un argument écrit sur la première instance.");
    // Both instances cache the page.
    for instance in [&app, &sibling] {
        let page = anonymous_page(instance, &article);
        assert!(page.body.contains("première instance"));
        assert!(!page.body.contains("encore une fois"));
    }
    // A write on the first: the second's next view shows it.
    argument(
        &alice,
        &c,
        "Un argument écrit encore une fois sur la première.",
    );
    assert!(
        anonymous_page(&sibling, &article)
            .body
            .contains("encore une fois")
    );
    // And a write on the second shows on the first.
    let on_sibling = alice.to(&sibling);
    argument(
        &on_sibling,
        &c,
        "Un argument écrit sur la seconde instance.",
    );
    assert!(
        anonymous_page(&app, &article)
            .body
            .contains("seconde instance")
    );
}

#[test]
fn readers_arriving_after_a_write_all_get_the_new_page_while_others_keep_reading() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let app = spawn_app();
    let sibling = spawn_sibling(&app, &[]);
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let texts = [
        "Les archives municipales gagneraient à publier leurs inventaires.",
        "Un format ouvert évite de dépendre de tel éditeur de logiciels.",
        "La gratuité des données cadastrales aide les petites communes rurales.",
        "Publier les horaires des transports profite surtout aux usagers.",
    ];
    let instances = [&app, &sibling];
    let stop = AtomicBool::new(false);
    let background = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Readers on both instances all along, so that reads of the
        // generation are in flight when each write commits.
        for i in 0..6 {
            let (instance, stop, background) = (instances[i % 2], &stop, &background);
            let article = &article;
            scope.spawn(move || {
                let client = Client::new(instance);
                while !stop.load(Ordering::Relaxed) {
                    assert_eq!(client.get(article).status, 200);
                    background.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        for text in texts {
            argument(&alice, &c, text);
            // The write is committed: every request from now on, on either
            // instance and however many arrive together, gets the page
            // with it.
            let fresh: Vec<_> = (0..16)
                .map(|i| {
                    let (instance, article) = (instances[i % 2], &article);
                    scope.spawn(move || Client::new(instance).get(article))
                })
                .collect();
            for (i, reader) in fresh.into_iter().enumerate() {
                let page = reader.join().unwrap();
                assert_eq!(page.status, 200);
                assert!(
                    page.body.contains(text),
                    "reader {i} arrived after the write but got a page without {text:?}"
                );
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(background.load(Ordering::Relaxed) > 0);
}

#[test]
fn redaction_and_edit_leave_no_old_text_in_pages_or_stored_html() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let (moderator, _) = token_client(&app, "moderation@example.org", "moderator");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let id = argument(&alice, &c, "Le mot zorglubesque ne doit plus paraître.");
    let detail = format!("/contributions/{id}");
    assert!(anonymous_page(&app, &article).body.contains("zorglubesque"));
    assert!(anonymous_page(&app, &detail).body.contains("zorglubesque"));

    let redacted = moderator.post_json(
        &format!("/api/v1/contributions/{id}/moderation"),
        &json!({"action": "redact", "reason": "Données personnelles",
                "redacted_body": "Le mot [retiré] ne doit plus paraître."}),
    );
    assert_eq!(redacted.status, 200, "{}", redacted.body);
    for path in [&article, &detail] {
        let page = anonymous_page(&app, path);
        assert!(!page.body.contains("zorglubesque"), "{path}");
        assert!(page.body.contains("Le mot [retiré]"), "{path}");
    }
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM contribution_html WHERE body_html LIKE '%zorglubesque%'"
        ),
        0
    );

    // An edit renders the stored HTML again.
    let own = argument(&alice, &c, "Texte d'origine.");
    let edited = alice.send_json(
        "PATCH",
        &format!("/api/v1/contributions/{own}"),
        &json!({"body": "Texte **revu** par son autrice."}),
        &[],
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM contribution_html WHERE contribution_id = {own} \
                 AND body_html LIKE '%<strong>revu</strong>%'"
            )
        ),
        1
    );
    let page = anonymous_page(&app, &article);
    assert!(
        page.body
            .contains("Texte <strong>revu</strong> par son autrice.")
    );
    assert!(!page.body.contains("Texte d&#39;origine") && !page.body.contains("Texte d'origine"));
}

#[test]
fn stored_html_of_an_older_pipeline_is_rendered_again() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let id = argument(&alice, &c, "Un texte *souligné*.");
    // As if written by an older pipeline: the page renders it afresh, and
    // a new start catches the stored copy up.
    execute_sql(
        &app,
        &format!(
            "UPDATE contribution_html SET render_version = 0, body_html = 'ancien' \
             WHERE contribution_id = {id}"
        ),
    );
    let page = anonymous_page(&app, &format!("/contributions/{id}"));
    assert!(page.body.contains("<em>souligné</em>"), "{}", page.body);
    let restarted = spawn_sibling(&app, &[]);
    assert!(eventually(10, || {
        count_sql(
            &restarted,
            &format!(
                "SELECT COUNT(*) AS n FROM contribution_html WHERE contribution_id = {id} \
                 AND render_version > 0 AND body_html LIKE '%<em>souligné</em>%'"
            ),
        ) == 1
    }));
}

#[test]
fn headings_and_deep_quotes_in_contributions_render_like_any_text() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let headed = argument(&alice, &c, "# Mon titre\n\nUn argument avec un titre.");
    let page = anonymous_page(&app, &format!("/contributions/{headed}"));
    assert!(
        page.body.contains("<strong>Mon titre</strong>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<h1>Mon titre"));
    assert!(!page.body.contains("<h2>Mon titre"));

    let quotes = ">".repeat(19_990);
    let reply = contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[1], "proposed_text": quotes,
               "body": "Une citation très imbriquée."}),
    );
    let id = created_id(&reply);
    // Its page is served like any other (the amendment shows as a diff
    // of the article), and its stored HTML nests eight quotes deep at most.
    let page = anonymous_page(&app, &format!("/contributions/{id}"));
    assert!(page.body.contains("Une citation très imbriquée."));
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT CAST((LENGTH(proposed_text_html) - LENGTH(REPLACE(proposed_text_html, \
                 '<blockquote>', ''))) / 12 AS BIGINT) AS n FROM contribution_html WHERE contribution_id = {id}"
            )
        ),
        8
    );
}

/// The part of an article page that shows contribution `id`.
fn item_of(page: &str, id: i64) -> &str {
    let start = page
        .find(&format!("id=\"contribution-{id}\""))
        .unwrap_or_else(|| panic!("contribution {id} is not on the page"));
    let end = page[start..].find("</article>").unwrap() + start;
    &page[start..end]
}

/// The article's own vote panel.
fn article_vote_of(page: &str) -> &str {
    let start = page
        .find("id=\"vote-h\"")
        .expect("the article's vote panel");
    let end = page[start..].find("</section>").unwrap() + start;
    &page[start..end]
}

/// The idempotency keys of a page's forms, each a fresh random token.
fn idempotency_keys(page: &str) -> std::collections::HashSet<String> {
    let keys: Vec<String> = page
        .split("name=\"idempotency_key\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    for key in &keys {
        assert_eq!(key.len(), 43, "a 32-byte random key: {key}");
    }
    keys.into_iter().collect()
}

fn post_as(client: &Client, csrf: &str, c: &Consultation, body: serde_json::Value) -> i64 {
    created_id(&client.send_json(
        "POST",
        &format!("/api/v1/bills/{}/contributions", c.slug),
        &body,
        &[("X-CSRF-Token", csrf)],
    ))
}

fn vote_as(client: &Client, csrf: &str, path: &str, value: &str) {
    let reply = client.send_json(
        "PUT",
        path,
        &json!({ "value": value }),
        &[("X-CSRF-Token", csrf)],
    );
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
}

#[test]
fn signed_in_viewers_share_the_page_body_each_with_their_own_votes_and_nothing_of_another() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let (alice, alice_csrf) = signed_in(&app, "alice@example.org", "citizen");
    let (bob, bob_csrf) = signed_in(&app, "bob@example.org", "citizen");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let by_alice = post_as(
        &alice,
        &alice_csrf,
        &c,
        json!({"kind": "argument", "stance": "for", "article_id": c.articles[0],
               "body": "Les registres publics devraient être consultables sans inscription."}),
    );
    let by_bob = post_as(
        &bob,
        &bob_csrf,
        &c,
        json!({"kind": "amendment", "article_id": c.articles[0],
               "proposed_text": "Les administrations diffusent en ligne, dans un format ouvert, les documents qu'elles produisent.",
               "body": "Préciser le format."}),
    );
    vote_as(
        &alice,
        &alice_csrf,
        &format!("/api/v1/contributions/{by_bob}/vote"),
        "mixed",
    );
    vote_as(
        &alice,
        &alice_csrf,
        &format!("/api/v1/articles/{}/vote", c.articles[0]),
        "agree",
    );
    // The anonymous page, kept for everyone.
    let anonymous = anonymous_page(&app, &article);
    assert!(anonymous.body.contains("login?next="));

    let seen_by_alice = alice.get(&article);
    assert_eq!(seen_by_alice.status, 200);
    let page = &seen_by_alice.body;
    // Her own argument: the note, no vote buttons; Bob's amendment: her
    // vote pressed, in a form with her token; her vote on the article.
    assert!(item_of(page, by_alice).contains("class=\"hint\""));
    assert!(!item_of(page, by_alice).contains("vote-form"));
    let amendment = item_of(page, by_bob);
    assert!(amendment.contains(&format!("value=\"{alice_csrf}\"")));
    assert!(amendment.contains("value=\"mixed\" class=\"secondary\" aria-pressed=\"true\""));
    assert!(amendment.contains("value=\"agree\" class=\"secondary\" aria-pressed=\"false\""));
    assert!(
        article_vote_of(page).contains("value=\"agree\" class=\"secondary\" aria-pressed=\"true\"")
    );
    // Her header (sign-out with her token) and the forms to contribute.
    assert!(page.contains("action=\"/logout\""));
    assert!(page.contains("name=\"idempotency_key\""));
    assert!(!page.contains("login?next="));
    assert!(!page.contains(&bob_csrf));
    // Each of the four forms its own fresh key, and a new one each view:
    // a retry of one form never returns another's post.
    let first_keys = idempotency_keys(page);
    assert_eq!(first_keys.len(), 4, "one key per contribution form");

    // Bob, on the same shared page: his own amendment without buttons,
    // Alice's argument to vote on, nothing of Alice's.
    let seen_by_bob = bob.get(&article).body;
    assert!(item_of(&seen_by_bob, by_bob).contains("class=\"hint\""));
    assert!(!item_of(&seen_by_bob, by_bob).contains("vote-form"));
    let argument = item_of(&seen_by_bob, by_alice);
    assert!(argument.contains(&format!("value=\"{bob_csrf}\"")));
    assert!(argument.contains("value=\"support\" class=\"secondary\" aria-pressed=\"false\""));
    assert!(!article_vote_of(&seen_by_bob).contains("aria-pressed=\"true\""));
    assert!(!seen_by_bob.contains(&alice_csrf));
    assert!(!seen_by_bob.contains("aria-pressed=\"true\""));

    // Anonymous readers after them: the same page as before, no one's
    // token, no one's vote, no sign-out form.
    let again = anonymous_page(&app, &article);
    assert_eq!(again.body, anonymous.body);
    for page in [&anonymous.body, &again.body] {
        assert!(!page.contains("name=\"csrf_token\""));
        assert!(!page.contains(&alice_csrf) && !page.contains(&bob_csrf));
        assert!(!page.contains("/logout"));
        assert!(!page.contains("aria-pressed"));
    }

    // A vote of hers shows on her next view at once, whatever the lag of
    // the public counters.
    vote_as(
        &alice,
        &alice_csrf,
        &format!("/api/v1/contributions/{by_bob}/vote"),
        "disagree",
    );
    vote_as(
        &alice,
        &alice_csrf,
        &format!("/api/v1/articles/{}/vote", c.articles[0]),
        "mixed",
    );
    let page = alice.get(&article).body;
    let later_keys = idempotency_keys(&page);
    assert_eq!(later_keys.len(), 4);
    assert!(
        later_keys.is_disjoint(&first_keys),
        "keys are fresh per view"
    );
    assert!(
        item_of(&page, by_bob)
            .contains("value=\"disagree\" class=\"secondary\" aria-pressed=\"true\"")
    );
    assert!(
        item_of(&page, by_bob)
            .contains("value=\"mixed\" class=\"secondary\" aria-pressed=\"false\"")
    );
    assert!(
        article_vote_of(&page)
            .contains("value=\"mixed\" class=\"secondary\" aria-pressed=\"true\"")
    );
    assert!(
        article_vote_of(&page)
            .contains("value=\"agree\" class=\"secondary\" aria-pressed=\"false\"")
    );
}

#[test]
fn the_sponsor_gets_the_edit_link_on_the_shared_page_and_no_one_else_does() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let (bob, _) = signed_in(&app, "bob@example.org", "citizen");
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let edit = format!("{article}/edit\"");
    assert!(!anonymous_page(&app, &article).body.contains(&edit));
    assert!(c.sponsor.get(&article).body.contains(&edit));
    assert!(!bob.get(&article).body.contains(&edit));
    assert!(!anonymous_page(&app, &article).body.contains(&edit));
}
