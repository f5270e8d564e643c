//! What people rely on when things go wrong or happen at once: a refused
//! request changes nothing, concurrent requests leave the counters equal to
//! a recount and do each act once, and a bill whose closing date has passed
//! answers every request without a server error, reads writing nothing.

use std::sync::Barrier;

use diesel::prelude::*;
use serde_json::json;

use crate::helpers::*;

// ---- the database as numbers ----------------------------------------------

/// The application's tables (migrations/*/up.sql), without the migration
/// bookkeeping. `search_index` is SQLite's own (PostgreSQL searches the rows).
const TABLES: &[&str] = &[
    "users",
    "email_tokens",
    "api_tokens",
    "outbox",
    "bills",
    "bill_sponsors",
    "bill_sections",
    "articles",
    "article_versions",
    "bill_transitions",
    "contributions",
    "contribution_versions",
    "votes",
    "bill_participants",
    "follows",
    "notifications",
    "audit_log",
    "reports",
    "moderation_cases",
    "contribution_bands",
    "pending_scans",
    "themes",
    "contribution_themes",
    "synthesis_notes",
    "decisions",
    "final_wordings",
    "site_pages",
];

/// Sums of the stored counters, so that an UPDATE shows too.
const SUMS: &[(&str, &str)] = &[
    ("bills", "contributions_count"),
    ("bills", "proposals_count"),
    ("bills", "votes_count"),
    ("bills", "participants_count"),
    ("articles", "votes_agree"),
    ("articles", "votes_mixed"),
    ("articles", "votes_disagree"),
    ("articles", "arguments_count"),
    ("articles", "amendments_count"),
    ("articles", "sources_count"),
    ("articles", "version"),
    ("articles", "position"),
    ("contributions", "votes_agree"),
    ("contributions", "votes_mixed"),
    ("contributions", "votes_disagree"),
    ("contributions", "votes_support"),
    ("contributions", "arguments_count"),
    ("contributions", "sources_count"),
    ("contributions", "reports_count"),
    ("moderation_cases", "urgency"),
];

/// States that a refusal must not change either.
const STATES: &[(&str, &str)] = &[
    (
        "bills draft",
        "SELECT COUNT(*) AS n FROM bills WHERE status = 'draft'",
    ),
    (
        "bills open",
        "SELECT COUNT(*) AS n FROM bills WHERE status = 'open'",
    ),
    (
        "bills closed",
        "SELECT COUNT(*) AS n FROM bills WHERE status = 'closed'",
    ),
    (
        "bills published",
        "SELECT COUNT(*) AS n FROM bills WHERE status = 'published'",
    ),
    (
        "bills with published_at",
        "SELECT COUNT(*) AS n FROM bills WHERE published_at IS NOT NULL",
    ),
    (
        "articles with a fate",
        "SELECT COUNT(*) AS n FROM articles WHERE fate IS NOT NULL",
    ),
    (
        "contributions withdrawn",
        "SELECT COUNT(*) AS n FROM contributions WHERE status = 'withdrawn'",
    ),
    (
        "contributions hidden",
        "SELECT COUNT(*) AS n FROM contributions WHERE moderation = 'hidden'",
    ),
    (
        "contributions trashed",
        "SELECT COUNT(*) AS n FROM contributions WHERE moderation = 'trashed'",
    ),
    (
        "contributions redacted",
        "SELECT COUNT(*) AS n FROM contributions WHERE moderation = 'redacted'",
    ),
    (
        "moderation_cases in the queue",
        "SELECT COUNT(*) AS n FROM moderation_cases WHERE in_queue",
    ),
    (
        "moderation_cases acted on",
        "SELECT COUNT(*) AS n FROM moderation_cases WHERE moderated_at IS NOT NULL",
    ),
];

/// The rows of every application table, the sums of the counters and a few
/// states: equal before and after means nothing was written.
fn table_counts(app: &TestApp) -> Vec<(String, i64)> {
    // What earlier posts owe is done first: only the request under test
    // may change anything.
    scans_caught_up(app);
    let mut queries: Vec<(String, String)> = TABLES
        .iter()
        .map(|t| (t.to_string(), format!("SELECT COUNT(*) AS n FROM {t}")))
        .collect();
    if postgres_server().is_none() {
        queries.push((
            "search_index".into(),
            "SELECT COUNT(*) AS n FROM search_index".into(),
        ));
    }
    for (table, column) in SUMS {
        queries.push((
            format!("sum {table}.{column}"),
            format!("SELECT COALESCE(SUM({column}), 0) AS n FROM {table}"),
        ));
    }
    for (name, sql) in STATES {
        queries.push((name.to_string(), sql.to_string()));
    }
    count_many(app, &queries)
}

/// Sends a request that must be refused with `status`, and checks that it
/// left the database as it was.
#[track_caller]
fn assert_refused(app: &TestApp, what: &str, status: u16, send: impl FnOnce() -> Reply) -> Reply {
    let before = table_counts(app);
    let reply = send();
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    assert_unchanged(app, &before, what);
    reply
}

/// Asserts that nothing changed since `before`, naming what did.
#[track_caller]
fn assert_unchanged(app: &TestApp, before: &[(String, i64)], what: &str) {
    let after = table_counts(app);
    let changed: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| format!("{} {} -> {}", b.0, b.1, a.1))
        .collect();
    assert!(
        changed.is_empty(),
        "{what} changed the database: {}",
        changed.join(", ")
    );
}

/// Every stored counter of the bill beside a recount of its rows: what is
/// counted is published and not hidden.
fn counters(app: &TestApp, slug: &str) -> Vec<(String, i64, i64)> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        k: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        stored: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        recount: i64,
    }
    const VISIBLE: &str =
        "c.status = 'published' AND (c.moderation IS NULL OR c.moderation <> 'hidden')";
    let bill = format!("(SELECT id FROM bills WHERE slug = '{slug}')");
    let mut parts = vec![
        format!(
            "SELECT 'bill contributions_count' AS k, CAST(b.contributions_count AS BIGINT) AS stored, \
             (SELECT COUNT(*) FROM contributions c WHERE c.bill_id = b.id AND {VISIBLE}) AS recount \
             FROM bills b WHERE b.id = {bill}"
        ),
        format!(
            "SELECT 'bill proposals_count', CAST(b.proposals_count AS BIGINT), \
             (SELECT COUNT(*) FROM contributions c WHERE c.bill_id = b.id AND c.kind = 'proposal' AND {VISIBLE}) \
             FROM bills b WHERE b.id = {bill}"
        ),
        format!(
            "SELECT 'bill votes_count', CAST(b.votes_count AS BIGINT), \
             (SELECT COUNT(*) FROM votes v WHERE v.bill_id = b.id) FROM bills b WHERE b.id = {bill}"
        ),
        format!(
            "SELECT 'bill participants_count', CAST(b.participants_count AS BIGINT), \
             (SELECT COUNT(*) FROM bill_participants p WHERE p.bill_id = b.id) FROM bills b WHERE b.id = {bill}"
        ),
    ];
    for (column, kind) in [
        ("arguments_count", "argument"),
        ("amendments_count", "amendment"),
        ("sources_count", "source"),
    ] {
        parts.push(format!(
            "SELECT a.label || ' {column}', CAST(a.{column} AS BIGINT), \
             (SELECT COUNT(*) FROM contributions c WHERE c.article_id = a.id AND c.parent_id IS NULL \
              AND c.kind = '{kind}' AND {VISIBLE}) \
             FROM articles a WHERE a.bill_id = {bill}"
        ));
    }
    for value in ["agree", "mixed", "disagree"] {
        parts.push(format!(
            "SELECT a.label || ' votes_{value}', CAST(a.votes_{value} AS BIGINT), \
             (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'article' AND v.target_id = a.id AND v.value = '{value}') \
             FROM articles a WHERE a.bill_id = {bill}"
        ));
    }
    for (column, kind) in [("arguments_count", "argument"), ("sources_count", "source")] {
        parts.push(format!(
            "SELECT 'contribution ' || CAST(p.id AS TEXT) || ' {column}', CAST(p.{column} AS BIGINT), \
             (SELECT COUNT(*) FROM contributions c WHERE c.parent_id = p.id AND c.kind = '{kind}' AND {VISIBLE}) \
             FROM contributions p WHERE p.bill_id = {bill}"
        ));
    }
    for value in ["agree", "mixed", "disagree", "support"] {
        parts.push(format!(
            "SELECT 'contribution ' || CAST(p.id AS TEXT) || ' votes_{value}', CAST(p.votes_{value} AS BIGINT), \
             (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'contribution' AND v.target_id = p.id AND v.value = '{value}') \
             FROM contributions p WHERE p.bill_id = {bill}"
        ));
    }
    let db = app.db();
    let mut conn = db.conn().unwrap();
    diesel::sql_query(parts.join(" UNION ALL "))
        .load::<Row>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.k, r.stored, r.recount))
        .collect()
}

/// The counters that disagree with a recount, as "what: stored vs recount".
fn miscounted(app: &TestApp, slug: &str) -> Vec<String> {
    counters(app, slug)
        .into_iter()
        .filter(|(_, stored, recount)| stored != recount)
        .map(|(k, stored, recount)| format!("{k}: stored {stored}, recount {recount}"))
        .collect()
}

#[track_caller]
pub(crate) fn assert_counters_match(app: &TestApp, slug: &str) {
    let off = miscounted(app, slug);
    assert!(
        off.is_empty(),
        "counters differ from a recount: {}",
        off.join("; ")
    );
}

/// The bill as the calendar left it when its job has not run: stored
/// `open`, its closing date one second ago.
fn past_closing(app: &TestApp, slug: &str) {
    use codraft::store::schema::bills;
    let db = app.db();
    let mut conn = db.conn().unwrap();
    let closed_at = codraft::domain::time::now() - chrono::Duration::seconds(1);
    let n = diesel::update(bills::table.filter(bills::slug.eq(slug)))
        .set((
            bills::status.eq("open"),
            bills::closes_at.eq(Some(closed_at)),
        ))
        .execute(&mut *conn)
        .unwrap();
    assert_eq!(n, 1);
}

/// The app with the calendar job effectively off: it runs once at start,
/// then not for a day.
fn spawn_app_without_calendar() -> TestApp {
    spawn_app_with(&[("CODRAFT_CALENDAR_SECS", "86400")])
}

/// The app with a connection for each of up to eight requests at once,
/// so that they really do run at the same time.
pub(crate) fn spawn_app_for_concurrency() -> TestApp {
    spawn_app_with(&[("CODRAFT_DB_POOL_SIZE", "8")])
}

fn stored_status(app: &TestApp, slug: &str) -> String {
    use codraft::store::schema::bills;
    let db = app.db();
    let mut conn = db.conn().unwrap();
    bills::table
        .filter(bills::slug.eq(slug))
        .select(bills::status)
        .first::<String>(&mut *conn)
        .unwrap()
}

/// Runs `f(i)` for i in 0..n on n threads released together; their
/// results in order.
pub(crate) fn at_once<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(n);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (barrier, f) = (&barrier, &f);
                s.spawn(move || {
                    barrier.wait();
                    f(i)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn server_errors(statuses: &[u16]) -> Vec<u16> {
    statuses.iter().copied().filter(|s| *s >= 500).collect()
}

// ---- refusals ---------------------------------------------------------------

#[test]
fn a_refused_publication_changes_nothing() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let follow = bob.post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}));
    assert!(follow.status < 300, "{}", follow.body);
    let am1 = amendment(
        &alice,
        &c,
        0,
        "Les administrations diffusent en ligne, dans un format ouvert, leurs documents.",
    );
    let am2 = amendment(
        &bob,
        &c,
        0,
        "Les administrations diffusent en ligne et sans délai leurs documents.",
    );
    let am3 = amendment(
        &alice,
        &c,
        1,
        "Les données de référence sont gratuites et mises à jour.",
    );
    let p = proposal(
        &bob,
        &c,
        Some(0),
        "Les archives publiques numérisées sont librement réutilisables.",
    );

    // Open: publishing is refused.
    assert_refused(&app, "publishing an open consultation", 409, || publish(&c));

    close(&c);
    for id in [am1, am2, p] {
        assert_eq!(decide(&c, id, "accepted").status, 200);
    }
    // A decision is missing (and a wording where two accepted amendments
    // meet): no article, no version, no transition, no email.
    let missing = assert_refused(&app, "a publication missing a decision", 422, || {
        publish(&c)
    });
    assert!(
        missing.json()["errors"]["decisions"].is_array(),
        "{}",
        missing.body
    );

    // Every decision made, the conflicting wording missing.
    assert_eq!(decide(&c, am3, "accepted").status, 200);
    let conflict = assert_refused(&app, "a publication missing a wording", 422, || publish(&c));
    assert!(
        conflict.json()["errors"]["wordings"].is_array(),
        "{}",
        conflict.body
    );

    // Another sponsor may not publish it.
    let (other, _) = token_client(&app, "autre-depute@example.fr", "sponsor");
    assert_refused(&app, "a publication by another sponsor", 403, || {
        other.post_json(&format!("/api/v1/bills/{}/publication", c.slug), &json!({}))
    });

    // With the wording, it publishes (the refusals were about the request).
    let wording = sponsor_send(
        &c,
        "PUT",
        &format!("/api/v1/articles/{}/final-wording", c.articles[0]),
        json!({"body": "Les administrations diffusent en ligne, sans délai et dans un format ouvert, leurs documents."}),
    );
    assert_eq!(wording.status, 204, "{}", wording.body);
    let before = table_counts(&app);
    let done = publish(&c);
    assert_eq!(done.status, 200, "{}", done.body);
    assert_ne!(
        table_counts(&app),
        before,
        "a publication shows in the counts"
    );
    assert_counters_match(&app, &c.slug);
}

#[test]
fn refused_decisions_and_moderation_acts_change_nothing() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let withdrawn = amendment(&alice, &c, 0, "Un texte que son auteur retire.");
    let hidden = amendment(&alice, &c, 1, "Un texte que la modération masque.");
    let kept = argument(
        &alice,
        &c,
        "L'ouverture des données renforce la confiance dans l'administration.",
    );
    let own = argument(
        &moderator,
        &c,
        "Un argument écrit par un modérateur, qu'il ne modère pas lui-même.",
    );
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{withdrawn}"), &[])
            .status,
        204
    );
    assert_eq!(moderate(&moderator, hidden, "hide", "Spam").status, 200);

    // Moderation refusals while open.
    assert_refused(
        &app,
        "a moderator moderating their own contribution",
        403,
        || moderate(&moderator, own, "hide", "Essai"),
    );
    assert_refused(&app, "moderating a withdrawn contribution", 409, || {
        moderate(&moderator, withdrawn, "trash", "Hors sujet")
    });

    let redact = |body: Option<&str>| {
        let mut request = json!({"action": "redact", "reason": "Données personnelles"});
        if let Some(b) = body {
            request["redacted_body"] = json!(b);
        }
        moderator.post_json(
            &format!("/api/v1/contributions/{kept}/moderation"),
            &request,
        )
    };
    assert_refused(&app, "a redaction without a body", 422, || redact(None));
    assert_refused(&app, "a redaction with an empty body", 422, || {
        redact(Some("  "))
    });
    assert_refused(&app, "a redaction that changes nothing", 422, || {
        redact(Some(
            "L'ouverture des données renforce la confiance dans l'administration.",
        ))
    });

    // A second report by the same person.
    let first = alice.post_json(
        &format!("/api/v1/contributions/{own}/reports"),
        &json!({"reason": "off_topic"}),
    );
    assert_eq!(first.status, 201, "{}", first.body);
    assert_refused(&app, "a second report by the same person", 409, || {
        alice.post_json(
            &format!("/api/v1/contributions/{own}/reports"),
            &json!({"reason": "spam"}),
        )
    });

    // Decision refusals once closed.
    close(&c);
    assert_refused(&app, "a decision on a withdrawn contribution", 409, || {
        decide(&c, withdrawn, "accepted")
    });
    assert_refused(&app, "a decision on a hidden contribution", 409, || {
        decide(&c, hidden, "rejected")
    });
    assert_refused(&app, "a decision on an argument", 409, || {
        decide(&c, kept, "accepted")
    });
    assert_refused(&app, "an unjustified rejection", 422, || {
        sponsor_send(
            &c,
            "PUT",
            &format!("/api/v1/contributions/{withdrawn}/decision"),
            json!({"decision": "rejected"}),
        )
    });
    assert_counters_match(&app, &c.slug);
}

#[test]
fn refusals_on_a_bill_past_its_closing_date_change_nothing() {
    let app = spawn_app_without_calendar();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let withdrawn = amendment(&alice, &c, 0, "Un texte que son auteur retire.");
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{withdrawn}"), &[])
            .status,
        204
    );
    let mut failures = Vec::new();
    let mut check = |what: &str, expected: u16, send: &dyn Fn() -> Reply| {
        // Each case starts from a bill the calendar has not moved yet.
        past_closing(&app, &c.slug);
        let before = table_counts(&app);
        let reply = send();
        if reply.status != expected {
            failures.push(format!(
                "{what}: expected {expected}, got {} {}",
                reply.status,
                reply.body.chars().take(160).collect::<String>()
            ));
        }
        let after = table_counts(&app);
        let changed: Vec<String> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b.1 != a.1)
            .map(|(b, a)| format!("{} {} -> {}", b.0, b.1, a.1))
            .collect();
        if !changed.is_empty() {
            failures.push(format!(
                "{what} ({}) changed the database: {}",
                reply.status,
                changed.join(", ")
            ));
        }
    };
    check("a contribution", 409, &|| {
        contribute(
            &bob,
            &c.slug,
            json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Trop tard, mais je tente ma chance."}),
        )
    });
    check("a vote", 409, &|| {
        bob.send_json(
            "PUT",
            &format!("/api/v1/articles/{}/vote", c.articles[0]),
            &json!({"value": "agree"}),
            &[],
        )
    });
    check("an article edit", 409, &|| {
        sponsor_send(
            &c,
            "PUT",
            &format!("/api/v1/articles/{}", c.articles[0]),
            json!({"body": "Un texte modifié après la clôture.", "reason": "Correction"}),
        )
    });
    check("a change of title", 409, &|| {
        sponsor_send(
            &c,
            "PATCH",
            &format!("/api/v1/bills/{}", c.slug),
            json!({"title": "Un autre titre après la clôture"}),
        )
    });
    check("a transition back to open", 409, &|| {
        sponsor_send(
            &c,
            "POST",
            &format!("/api/v1/bills/{}/transitions", c.slug),
            json!({"to": "open"}),
        )
    });
    check("a theme on another bill's article", 422, &|| {
        moderator.post_json(
            &format!("/api/v1/bills/{}/themes", c.slug),
            &json!({"title": "Formats ouverts", "article_id": 999_999}),
        )
    });
    check("a decision on a withdrawn contribution", 409, &|| {
        decide(&c, withdrawn, "accepted")
    });
    check("a report of a withdrawn contribution", 409, &|| {
        bob.post_json(
            &format!("/api/v1/contributions/{withdrawn}/reports"),
            &json!({"reason": "spam"}),
        )
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- at the same time -------------------------------------------------------

#[test]
fn parallel_publications_publish_the_text_once() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let p1 = proposal(
        &alice,
        &c,
        Some(0),
        "Les archives publiques numérisées sont librement réutilisables.",
    );
    let p2 = proposal(
        &alice,
        &c,
        Some(1),
        "Les codes sources des administrations sont des documents administratifs.",
    );
    close(&c);
    assert_eq!(decide(&c, p1, "accepted").status, 200);
    assert_eq!(decide(&c, p2, "accepted").status, 200);

    let statuses: Vec<u16> = at_once(8, |_| publish(&c).status);
    // Everything is checked, and all that is wrong said at once.
    let mut problems = Vec::new();
    if !server_errors(&statuses).is_empty() {
        problems.push(format!("server errors: {statuses:?}"));
    }
    let succeeded = statuses.iter().filter(|s| (200..300).contains(*s)).count();
    if succeeded != 1 || !statuses.iter().all(|s| (200..300).contains(s) || *s == 409) {
        problems.push(format!(
            "expected one success and conflicts, got {statuses:?}"
        ));
    }

    // The final text has each proposal once, at its place.
    let bill = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}", c.slug))
        .json();
    if bill["status"] != "published" {
        problems.push(format!("status {}", bill["status"]));
    }
    let labels: Vec<&str> = bill["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    if labels
        != [
            "Article 1er",
            "Article 1er bis",
            "Article 2",
            "Article 2 bis",
        ]
    {
        problems.push(format!("final text: {labels:?}"));
    }
    let bill_id = format!("(SELECT id FROM bills WHERE slug = '{}')", c.slug);
    let mut expect = |what: &str, sql: String, expected: i64| {
        let n = count_sql(&app, &sql);
        if n != expected {
            problems.push(format!("{what}: {n}, expected {expected}"));
        }
    };
    for p in [p1, p2] {
        expect(
            &format!("articles from proposal {p}"),
            format!("SELECT COUNT(*) AS n FROM articles WHERE origin_id = {p}"),
            1,
        );
    }
    expect(
        "added articles",
        format!("SELECT COUNT(*) AS n FROM articles WHERE bill_id = {bill_id} AND fate = 'added'"),
        2,
    );
    expect(
        "article versions (one per article)",
        format!(
            "SELECT COUNT(*) AS n FROM article_versions v JOIN articles a ON a.id = v.article_id \
             WHERE a.bill_id = {bill_id}"
        ),
        4,
    );
    expect(
        "transitions to published",
        format!(
            "SELECT COUNT(*) AS n FROM bill_transitions WHERE bill_id = {bill_id} AND to_status = 'published'"
        ),
        1,
    );
    expect(
        "bill.published audit entries",
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'bill.published'".into(),
        1,
    );
    problems.extend(miscounted(&app, &c.slug));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn parallel_hides_and_restores_keep_the_counters_right() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (m1, _) = token_client(&app, "moderation@example.fr", "moderator");
    let (m2, _) = token_client(&app, "moderation2@example.fr", "moderator");
    let id = argument(
        &author,
        &c,
        "L'ouverture des données publiques par défaut renforce la transparence.",
    );
    let statuses: Vec<u16> = at_once(20, |i| {
        let moderator = if i % 2 == 0 { &m1 } else { &m2 };
        if i % 4 < 2 {
            moderate(moderator, id, "hide", "Propos injurieux").status
        } else {
            moderate(moderator, id, "restore", "Erreur de modération").status
        }
    });
    let mut problems = Vec::new();
    if !statuses.iter().all(|s| *s == 200 || *s == 409) {
        problems.push(format!("expected 200 or 409, got {statuses:?}"));
    }
    problems.extend(miscounted(&app, &c.slug));
    // The public figure agrees with what the public sees.
    let item = Client::new(&app)
        .get_json(&format!("/api/v1/contributions/{id}"))
        .json();
    let visible = i64::from(item["moderation"] != "hidden");
    let bill = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}", c.slug))
        .json();
    if bill["participation"]["contributions"] != visible {
        problems.push(format!(
            "moderation {}, yet the bill shows {} contributions",
            item["moderation"], bill["participation"]["contributions"]
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn hiding_while_the_author_withdraws_keeps_the_counters_right() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let mut problems = Vec::new();
    for round in 0..20 {
        let id = argument(
            &author,
            &c,
            &format!("Argument numéro {round} : la transparence renforce la confiance ({round})."),
        );
        let statuses = at_once(2, |i| {
            if i == 0 {
                moderate(&moderator, id, "hide", "Propos injurieux").status
            } else {
                author
                    .delete(&format!("/api/v1/contributions/{id}"), &[])
                    .status
            }
        });
        let (hide, withdraw) = (statuses[0], statuses[1]);
        if !(hide == 200 || hide == 409) {
            problems.push(format!("round {round}: hide answered {hide}"));
        }
        if withdraw != 204 {
            problems.push(format!("round {round}: withdraw answered {withdraw}"));
        }
        let off = miscounted(&app, &c.slug);
        if !off.is_empty() {
            problems.push(format!(
                "round {round} (hide {hide}, withdraw {withdraw}): {}",
                off.join("; ")
            ));
        }
    }
    // Everything was withdrawn: nothing is counted.
    let bill = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}", c.slug))
        .json();
    if bill["participation"]["contributions"] != 0 {
        problems.push(format!(
            "the bill still counts {} contributions",
            bill["participation"]["contributions"]
        ));
    }
    let off = miscounted(&app, &c.slug);
    if !off.is_empty() {
        problems.push(format!("at the end: {}", off.join("; ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn identical_parallel_hides_are_one_act() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let id = argument(
        &author,
        &c,
        "L'ouverture des données publiques par défaut renforce la transparence.",
    );
    let statuses: Vec<u16> = at_once(10, |_| moderate(&moderator, id, "hide", "Spam").status);
    let mut problems = Vec::new();
    if !statuses.iter().all(|s| *s == 200 || *s == 409) || !statuses.contains(&200) {
        problems.push(format!(
            "expected one 200, then 200 or 409, got {statuses:?}"
        ));
    }
    problems.extend(miscounted(&app, &c.slug));
    let acts = count_sql(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'contribution.hide' AND target_id = {id}"
        ),
    );
    let queued = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM outbox WHERE recipient = 'auteur@example.fr' \
         AND subject = 'Votre contribution a été masquée'",
    );
    // What the author receives, once the outbox is empty.
    assert!(
        eventually(20, || count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        ) == 0),
        "the outbox was not delivered"
    );
    let received = app
        .outbox()
        .into_iter()
        .filter(|m| m.to == "auteur@example.fr" && m.subject.contains("masquée"))
        .count();
    if (acts, queued, received) != (1, 1, 1) {
        problems.push(format!(
            "one hide sent 10 times: {acts} audit entries, {queued} emails queued, {received} received"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- a bill past its closing date, the calendar not run yet -------------------

#[test]
fn writes_on_a_bill_past_its_closing_date_never_fail_with_a_server_error() {
    let app = spawn_app_without_calendar();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let am = amendment(
        &alice,
        &c,
        0,
        "Les administrations publient tout, tout de suite.",
    );
    let arg = argument(
        &alice,
        &c,
        "L'ouverture des données renforce la confiance dans l'administration.",
    );
    let mut failures = Vec::new();
    let mut check = |what: &str, expected: &[u16], send: &dyn Fn() -> Reply| {
        past_closing(&app, &c.slug);
        let reply = send();
        if !expected.contains(&reply.status) {
            failures.push(format!(
                "{what}: expected {expected:?}, got {} {}",
                reply.status,
                reply.body.chars().take(160).collect::<String>()
            ));
        }
    };
    check("a theme", &[201], &|| {
        moderator.post_json(
            &format!("/api/v1/bills/{}/themes", c.slug),
            &json!({"title": "Formats ouverts", "article_id": c.articles[0]}),
        )
    });
    check("a synthesis note", &[204], &|| {
        moderator.send_json(
            "PUT",
            &format!("/api/v1/articles/{}/synthesis", c.articles[0]),
            &json!({"body": format!("Les participants demandent un format ouvert (#{am}).")}),
            &[],
        )
    });
    check("a decision", &[200], &|| decide(&c, am, "accepted"));
    check("a final wording", &[204], &|| {
        sponsor_send(
            &c,
            "PUT",
            &format!("/api/v1/articles/{}/final-wording", c.articles[0]),
            json!({"body": "Les administrations publient tout, sans délai."}),
        )
    });
    check("a report", &[201, 409], &|| {
        bob.post_json(
            &format!("/api/v1/contributions/{arg}/reports"),
            &json!({"reason": "spam"}),
        )
    });
    check("a contribution", &[409], &|| {
        contribute(
            &bob,
            &c.slug,
            json!({"kind": "argument", "article_id": c.articles[0], "stance": "against", "body": "Trop tard, mais je tente ma chance."}),
        )
    });
    check("a vote", &[409], &|| {
        bob.send_json(
            "PUT",
            &format!("/api/v1/contributions/{arg}/vote"),
            &json!({"value": "support"}),
            &[],
        )
    });
    check("a moderation act", &[200], &|| {
        moderate(&moderator, arg, "trash", "Hors sujet")
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reading_a_bill_past_its_closing_date_writes_nothing() {
    let app = spawn_app_without_calendar();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let arg = argument(
        &alice,
        &c,
        "L'ouverture des données renforce la confiance dans l'administration.",
    );
    past_closing(&app, &c.slug);
    let before = table_counts(&app);
    let anonymous = Client::new(&app);

    let page = anonymous.get(&format!("/bills/{}", c.slug));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("status status-closed"),
        "the page shows the consultation closed"
    );
    let api = anonymous.get_json(&format!("/api/v1/bills/{}", c.slug));
    assert_eq!(api.status, 200);
    assert_eq!(api.json()["status"], "closed", "{}", api.body);
    for path in [
        format!("/bills/{}/articles/{}", c.slug, c.articles[0]),
        format!("/api/v1/articles/{}", c.articles[0]),
        format!("/api/v1/bills/{}/contributions", c.slug),
        format!("/contributions/{arg}"),
    ] {
        let reply = anonymous.get_with(&path, &[]);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    }

    assert_unchanged(&app, &before, "reading the bill");
    assert_eq!(
        stored_status(&app, &c.slug),
        "open",
        "a read moved the stored status"
    );
}
