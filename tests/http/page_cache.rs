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
