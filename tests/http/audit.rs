//! The tamper-evident audit log: entries for transitions and role changes,
//! readable by moderators and admins, and a chain that names the first
//! entry changed or removed.

use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::*;

fn verify(app: &TestApp) -> std::process::Output {
    verify_with(app, &[])
}

/// `codraft audit verify` with more arguments, as the operator runs it.
fn verify_with(app: &TestApp, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .args(["audit", "verify"])
        .args(extra)
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", app.data_dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// `verify --head` with a head as the API publishes it.
fn verify_head(app: &TestApp, head: &serde_json::Value) -> std::process::Output {
    let kept = format!(
        "{}:{}",
        head["seq"].as_i64().unwrap(),
        head["hash"].as_str().unwrap()
    );
    verify_with(app, &["--head", &kept])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run_sql(app: &TestApp, sql: &str) {
    let db = app.db();
    let mut conn = db.conn().unwrap();
    diesel::sql_query(sql).execute(&mut *conn).unwrap();
}

#[test]
fn changes_are_logged_in_a_chain_that_reveals_any_edit_or_deletion() {
    let app = spawn_app();
    let (sponsor, sponsor_csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let (admin, admin_csrf) = signed_in(&app, "admin@example.org", "admin");
    let bill = sponsor.send_json(
        "POST",
        "/api/v1/bills",
        &json!({"title": "Texte audité", "closes_at": LATER, "articles": [{"label": "Article 1er", "body": "Texte."}]}),
        &[("X-CSRF-Token", &sponsor_csrf)],
    );
    let slug = bill.json()["slug"].as_str().unwrap().to_string();
    for to in ["open", "closed"] {
        let moved = sponsor.send_json(
            "POST",
            &format!("/api/v1/bills/{slug}/transitions"),
            &json!({"to": to}),
            &[("X-CSRF-Token", &sponsor_csrf)],
        );
        assert_eq!(moved.status, 200);
    }
    let citizen = Client::new(&app);
    confirmed_citizen(&app, &citizen, "cyril@example.org");
    let cyril = citizen.get_json("/api/v1/me").json()["id"]
        .as_i64()
        .unwrap();
    let changed = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{cyril}/role"),
        &json!({"role": "moderator"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(changed.status, 200);

    // Moderators and admins read it; others do not.
    assert_eq!(Client::new(&app).get_json("/api/v1/audit").status, 401);
    let log = citizen.get_json("/api/v1/audit").json();
    let items = log["items"].as_array().unwrap();
    let actions: Vec<&str> = items
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["user.role", "bill.closed", "bill.open"],
        "newest first"
    );
    assert_eq!(items[0]["reason"], "citizen -> moderator");
    assert_eq!(items[1]["actor"], "Alix Admin");
    assert_eq!(
        items[0]["prev_hash"], items[1]["hash"],
        "each entry carries the previous hash"
    );
    let sponsor_view = sponsor.get_json("/api/v1/audit");
    assert_eq!(sponsor_view.status, 403);

    // The chain holds; an edit is named; so is a deletion.
    let ok = verify(&app);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact: 3 entries"));
    let second = items[1]["seq"].as_i64().unwrap();
    run_sql(
        &app,
        &format!("UPDATE audit_log SET reason = 'rien à voir' WHERE seq = {second}"),
    );
    let edited = verify(&app);
    assert!(!edited.status.success());
    let message = String::from_utf8_lossy(&edited.stderr);
    assert!(
        message.contains(&format!("entry {second}")) && message.contains("changed"),
        "{message}"
    );
    run_sql(
        &app,
        &format!("UPDATE audit_log SET reason = NULL WHERE seq = {second}"),
    );
    assert!(
        verify(&app).status.success(),
        "restoring the content restores the chain"
    );
    let first = items[2]["seq"].as_i64().unwrap();
    run_sql(&app, &format!("DELETE FROM audit_log WHERE seq = {first}"));
    let deleted = verify(&app);
    assert!(!deleted.status.success());
    assert!(
        String::from_utf8_lossy(&deleted.stderr).contains(&format!("entry {second}")),
        "the entry after the gap is named"
    );
}

#[test]
fn the_calendar_is_logged_without_an_actor() {
    let app = spawn_app_with(&[("CODRAFT_CALENDAR_SECS", "1")]);
    let (sponsor, csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let (admin, _) = signed_in(&app, "admin@example.org", "admin");
    let opens = (chrono::Utc::now() - chrono::TimeDelta::seconds(5)).to_rfc3339();
    let bill = sponsor.send_json(
        "POST",
        "/api/v1/bills",
        &json!({"title": "Texte daté", "opens_at": opens, "closes_at": LATER, "articles": [{"label": "Article 1er", "body": "Texte."}]}),
        &[("X-CSRF-Token", &csrf)],
    );
    let slug = bill.json()["slug"].as_str().unwrap().to_string();
    assert_eq!(
        Client::new(&app)
            .get_json(&format!("/api/v1/bills/{slug}"))
            .json()["status"],
        "open"
    );
    // The calendar job, not the read, records the move.
    let mut log = json!(null);
    assert!(
        eventually(10, || {
            log = admin.get_json("/api/v1/audit").json();
            log["items"][0]["action"] == "bill.open"
        }),
        "the calendar job logs the opening: {log}"
    );
    assert!(log["items"][0]["actor"].is_null());
    assert!(verify(&app).status.success());
}

/// A bill opened then closed by its sponsor and a role changed by an admin:
/// three entries. Returns the bill's slug.
fn three_entries(app: &TestApp) -> String {
    let (sponsor, sponsor_csrf) = signed_in(app, "depute@example.org", "sponsor");
    let (admin, admin_csrf) = signed_in(app, "admin@example.org", "admin");
    let bill = sponsor.send_json(
        "POST",
        "/api/v1/bills",
        &json!({"title": "Texte tenu", "closes_at": LATER, "articles": [{"label": "Article 1er", "body": "Texte."}]}),
        &[("X-CSRF-Token", &sponsor_csrf)],
    );
    let slug = bill.json()["slug"].as_str().unwrap().to_string();
    for to in ["open", "closed"] {
        let moved = sponsor.send_json(
            "POST",
            &format!("/api/v1/bills/{slug}/transitions"),
            &json!({"to": to}),
            &[("X-CSRF-Token", &sponsor_csrf)],
        );
        assert_eq!(moved.status, 200);
    }
    let me = sponsor.get_json("/api/v1/me").json()["id"]
        .as_i64()
        .unwrap();
    let changed = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{me}/role"),
        &json!({"role": "moderator"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    slug
}

fn head(app: &TestApp) -> serde_json::Value {
    let reply = Client::new(app).get_json("/api/v1/audit/head");
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The entries as stored, oldest first.
fn rows(app: &TestApp) -> Vec<codraft::store::audit::AuditRow> {
    let db = app.db();
    let mut conn = db.conn().unwrap();
    let mut rows: Vec<_> = codraft::store::audit::list(&mut conn, None, None, 100)
        .unwrap()
        .into_iter()
        .map(|(row, _)| row)
        .collect();
    rows.reverse();
    rows
}

/// What someone with write access to the database but without the
/// platform's secret can do: change entry `from`'s reason, then recompute
/// the chain from there with plain SHA-256.
fn rewrite_unkeyed(app: &TestApp, from: i64, reason: &str) {
    use codraft::domain::audit::{EntryContent, GENESIS, unkeyed_hash};
    let mut prev = GENESIS.to_string();
    for mut row in rows(app) {
        if row.seq == from {
            row.reason = Some(reason.to_string());
        }
        if row.seq >= from {
            let at = row
                .at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let hash = unkeyed_hash(
                &prev,
                &EntryContent {
                    at: &at,
                    actor_id: row.actor_id,
                    action: &row.action,
                    target_kind: &row.target_kind,
                    target_id: row.target_id,
                    bill_id: row.bill_id,
                    reason: row.reason.as_deref(),
                },
            );
            let reason_sql = match &row.reason {
                Some(r) => format!("'{}'", r.replace('\'', "''")),
                None => "NULL".into(),
            };
            run_sql(
                app,
                &format!(
                    "UPDATE audit_log SET reason = {reason_sql}, prev_hash = '{prev}', hash = '{hash}', keyed = FALSE WHERE seq = {}",
                    row.seq
                ),
            );
            row.hash = hash;
        }
        prev = row.hash;
    }
}

#[test]
fn the_head_is_public_and_every_manifest_carries_it() {
    let app = spawn_app();
    // An empty log has a head too: the hash before the first entry.
    let empty = head(&app);
    assert_eq!(empty["seq"], 0);
    assert_eq!(empty["hash"], codraft::domain::audit::GENESIS);
    assert!(empty["at"].is_null());

    let slug = three_entries(&app);
    let admin = Client::new(&app);
    login_api(&admin, "admin@example.org", PASSWORD);
    let newest = &admin.get_json("/api/v1/audit").json()["items"][0];
    let anonymous = Client::new(&app).get_json("/api/v1/audit/head");
    assert_eq!(anonymous.status, 200, "no account needed");
    let published = anonymous.json();
    assert_eq!(published["seq"], newest["seq"]);
    assert_eq!(published["hash"], newest["hash"]);
    assert_eq!(published["at"], newest["at"]);
    assert!(
        chrono::DateTime::parse_from_rfc3339(published["at"].as_str().unwrap()).is_ok(),
        "{published}"
    );
    assert_eq!(
        published.as_object().unwrap().len(),
        3,
        "seq, hash, at: {published}"
    );

    let manifest = Client::new(&app)
        .get_json(&format!("/bills/{slug}/open-data/manifest.json"))
        .json();
    assert_eq!(manifest["audit_head"], published);
    let kept = verify_head(&app, &manifest["audit_head"]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert!(
        String::from_utf8_lossy(&kept.stdout).contains("still holds entry"),
        "{}",
        String::from_utf8_lossy(&kept.stdout)
    );
    let openapi = Client::new(&app).get_json("/api/openapi.json").json();
    assert!(
        openapi["paths"]["/api/v1/audit/head"]["get"].is_object(),
        "the head is in the OpenAPI document"
    );
}

#[test]
fn a_kept_head_reveals_the_newest_entries_deleted() {
    let app = spawn_app();
    three_entries(&app);
    let kept = head(&app);
    let kept_seq = kept["seq"].as_i64().unwrap();

    // Untampered, and later entries added: the kept head still holds.
    let (admin, csrf) = signed_in(&app, "admin2@example.org", "admin");
    let cyril = Client::new(&app);
    confirmed_citizen(&app, &cyril, "cyril@example.org");
    let id = cyril.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let changed = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{id}/role"),
        &json!({"role": "moderator"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(changed.status, 200);
    let ok = verify_head(&app, &kept);
    assert!(ok.status.success(), "{}", stderr(&ok));

    // The newest entries deleted: the chain alone still holds...
    run_sql(
        &app,
        &format!("DELETE FROM audit_log WHERE seq >= {kept_seq}"),
    );
    assert!(verify(&app).status.success());
    // ...but it no longer holds the kept head, and says so.
    let lost = verify_head(&app, &kept);
    assert_eq!(lost.status.code(), Some(1));
    let message = stderr(&lost);
    assert!(
        message.contains(&format!("entry {kept_seq} is missing")) && message.contains("deleted"),
        "{message}"
    );
    // A head that was never published is refused plainly.
    let malformed = verify_with(&app, &["--head", "12:not-a-hash"]);
    assert!(!malformed.status.success());
    assert!(
        stderr(&malformed).contains("SEQ:HASH"),
        "{}",
        stderr(&malformed)
    );
}

#[test]
fn an_entry_rewritten_and_the_chain_recomputed_without_the_secret_is_caught() {
    let app = spawn_app();
    three_entries(&app);
    let kept = head(&app);
    let all = rows(&app);
    assert!(all.iter().all(|r| r.keyed), "new entries are keyed");
    let (first, second, third) = (all[0].seq, all[1].seq, all[2].seq);

    // Rewritten in the middle and recomputed from there: the recomputed
    // entries are unkeyed after a keyed one.
    rewrite_unkeyed(&app, second, "rien à voir");
    let plain = verify(&app);
    assert!(!plain.status.success());
    let message = stderr(&plain);
    assert!(
        message.contains(&format!("entry {second}")) && message.contains("not keyed"),
        "{message}"
    );
    assert!(!verify_head(&app, &kept).status.success());

    // Recomputed from the very first entry: every entry unkeyed, as in a
    // log written before the chain was keyed, so the chain alone holds;
    // the kept head does not.
    rewrite_unkeyed(&app, first, "réécrit");
    let plain = verify(&app);
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert!(
        String::from_utf8_lossy(&plain.stdout).contains("3 of them from before"),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    let caught = verify_head(&app, &kept);
    assert_eq!(caught.status.code(), Some(1));
    let message = stderr(&caught);
    assert!(
        message.contains(&format!("entry {third} now has the hash"))
            && message.contains("rewritten"),
        "{message}"
    );
}

#[test]
fn a_log_begun_before_the_chain_was_keyed_still_verifies() {
    let app = spawn_app();
    three_entries(&app);
    // The entries an existing deployment wrote before this version: plain
    // SHA-256, keyed = false (what the migration marks them).
    let first = rows(&app)[0].seq;
    rewrite_unkeyed(&app, first, "avant");
    // The platform carries on with keyed entries after them.
    let (admin, csrf) = signed_in(&app, "admin2@example.org", "admin");
    let cyril = Client::new(&app);
    confirmed_citizen(&app, &cyril, "cyril@example.org");
    let id = cyril.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let changed = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{id}/role"),
        &json!({"role": "moderator"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(changed.status, 200);
    let all = rows(&app);
    assert_eq!(
        all.iter().map(|r| r.keyed).collect::<Vec<_>>(),
        [false, false, false, true]
    );
    let ok = verify_head(&app, &head(&app));
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("intact: 4 entries (3 of them"),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // Without the platform's secret the keyed entry cannot be checked: the
    // command says which secret it needs rather than guessing.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .args(["audit", "verify"])
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", elsewhere.path())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("CODRAFT_SECRET_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(
        !elsewhere.path().join("secret.key").exists(),
        "verify never makes a secret of its own"
    );
}
