//! The tamper-evident audit log: entries for transitions and role changes,
//! readable by moderators and admins, and a chain that names the first
//! entry changed or removed.

use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::*;

fn verify(app: &TestApp) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .args(["audit", "verify"])
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", app.data_dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
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
        &json!({"title": "Texte audité", "articles": [{"label": "Article 1er", "body": "Texte."}]}),
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
        &json!({"title": "Texte daté", "opens_at": opens, "articles": [{"label": "Article 1er", "body": "Texte."}]}),
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
