//! What operators run: readiness, backups and their restore, exports from
//! the command line.

use crate::helpers::*;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Backup while serving, wipe everything, restore: the same bill is served.
#[test]
fn a_backup_restored_on_a_wiped_machine_serves_the_same_bill() {
    let app = spawn_app();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    if postgres_server().is_some() {
        // PostgreSQL is copied with its own tool: the command says which.
        let out = run_cli(&app, &["backup", copy_arg]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("pg_dump --format=custom"),
            "{}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("pg_restore"), "{}", stderr(&out));
        assert!(!copy.exists());
        return;
    }
    let c = open_consultation(&app);
    let writer = citizen(&app, "ecrit@example.org");
    let id = argument(
        &writer,
        &c,
        "Les données publiques doivent rester gratuites.",
    );
    let before = Client::new(&app).get_json(&format!("/api/v1/bills/{}", c.slug));
    assert_eq!(before.status, 200, "{}", before.body);

    let out = run_cli(&app, &["backup", copy_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("To restore"), "{}", stdout(&out));
    // A second backup never overwrites the first.
    let again = run_cli(&app, &["backup", copy_arg]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    // The restore as README says: the copy in place of the database file,
    // with the secret, on a machine that has nothing else.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored_dir.path().join("codraft.db")).unwrap();
    std::fs::copy(
        app.data_dir.path().join("secret.key"),
        restored_dir.path().join("secret.key"),
    )
    .unwrap();
    drop(app);
    let restored = spawn_on_sqlite_dir(restored_dir);
    let after = Client::new(&restored).get_json(&format!("/api/v1/bills/{}", c.slug));
    assert_eq!(after.status, 200, "{}", after.body);
    assert_eq!(before.json(), after.json());
    let page = Client::new(&restored).get(&format!("/bills/{}", c.slug));
    assert!(page.body.contains("République numérique"));
    let argument = Client::new(&restored).get_json(&format!("/api/v1/contributions/{id}"));
    assert_eq!(argument.status, 200, "{}", argument.body);
    let audit = run_cli(&restored, &["audit", "verify"]);
    assert!(audit.status.success(), "{}", stderr(&audit));
}

/// `codraft export` writes what the public address serves.
#[test]
fn the_command_line_exports_what_the_site_serves() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let writer = citizen(&app, "ecrit@example.org");
    argument(
        &writer,
        &c,
        "Les données publiques doivent rester gratuites.",
    );
    let id = amendment(
        &writer,
        &c,
        0,
        "Les administrations publient leurs données.",
    );
    close(&c);
    assert_eq!(decide(&c, id, "accepted").status, 200);
    assert_eq!(publish(&c).status, 200, "published");

    let dir = tempfile::tempdir().unwrap();
    let anonymous = Client::new(&app);
    let pseudonym = regex::Regex::new(r"(Participant |V-)[0-9A-Fa-f-]{6,}").unwrap();
    for (format, address, same_bytes) in [
        ("synthesis.md", "synthesis.md", true),
        ("synthesis.json", "synthesis.json", true),
        ("synthesis.docx", "synthesis.docx", false),
        ("comparative-table.csv", "comparative-table.csv", true),
        ("contributions.csv", "open-data/contributions.csv", true),
        ("decisions.csv", "open-data/decisions.csv", true),
        ("votes.json", "open-data/votes.json", false),
        ("bill.akn.xml", "open-data/bill.akn.xml", false),
    ] {
        let out_path = dir.path().join(format);
        let out = run_cli(
            &app,
            &[
                "export",
                &c.slug,
                "--format",
                format,
                "--out",
                out_path.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let written = std::fs::read(&out_path).unwrap();
        let (status, served) = anonymous.get_bytes(&format!("/bills/{}/{address}", c.slug));
        assert_eq!(status, 200, "{address}");
        assert!(!written.is_empty(), "{format}");
        if same_bytes {
            // Pseudonyms are keyed with the platform secret, which this test
            // process shares among the apps of all tests; the binary uses
            // this app's own.
            let text = |b: &[u8]| {
                pseudonym
                    .replace_all(&String::from_utf8_lossy(b), "${1}…")
                    .into_owned()
            };
            assert_eq!(
                text(&written),
                text(&served),
                "{format}: the same as {address}"
            );
        }
    }
    assert!(
        std::fs::read(dir.path().join("synthesis.docx"))
            .unwrap()
            .starts_with(b"PK")
    );

    let out = run_cli(
        &app,
        &[
            "export",
            &c.slug,
            "--format",
            "synthesis.pdf",
            "--out",
            "/dev/null",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("synthesis.docx"),
        "lists the formats: {}",
        stderr(&out)
    );
    let missing = dir.path().join("none.md");
    let out = run_cli(
        &app,
        &[
            "export",
            "no-such-bill",
            "--format",
            "synthesis.md",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no public bill"), "{}", stderr(&out));
    assert!(!missing.exists() && !missing.with_extension("partial").exists());
}

#[test]
fn metrics_are_served_only_to_the_token() {
    let off = spawn_app();
    assert_eq!(Client::new(&off).get_with("/metrics", &[]).status, 404);

    let token = "metrics-token-for-the-scraper";
    let app = spawn_app_with(&[("CODRAFT_METRICS_TOKEN", token)]);
    let anonymous = Client::new(&app);
    assert_eq!(anonymous.get_with("/metrics", &[]).status, 401);
    let wrong = anonymous.get_with("/metrics", &[("Authorization", "Bearer not-the-token")]);
    assert_eq!(wrong.status, 401);
    // Something to count: a page, a 404, an email queued.
    assert_eq!(anonymous.get("/").status, 200);
    assert_eq!(anonymous.get_json("/api/v1/bills/nothing-here").status, 404);
    register(&anonymous, "metrique@example.org", "Mesure", PASSWORD);
    let reply = anonymous.get_with("/metrics", &[("Authorization", &format!("Bearer {token}"))]);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let m = reply.body;
    for expected in [
        r#"codraft_http_requests_total{route="/",method="GET",status="200"}"#,
        r#"route="/api/v1/bills/{slug}",method="GET",status="404"}"#,
        "codraft_http_request_duration_seconds_bucket{le=\"+Inf\"}",
        "codraft_http_request_duration_seconds_count",
        "codraft_db_pool_connections{state=\"idle\"}",
        "codraft_db_pool_max_connections 4",
        "codraft_outbox_queue_depth",
        "codraft_outbox_oldest_age_seconds",
        "codraft_job_runs_total{job=\"outbox\",outcome=\"ok\"}",
    ] {
        assert!(m.contains(expected), "{expected} missing from:\n{m}");
    }
    // Labels are route patterns, never paths a client chose.
    assert!(!m.contains("nothing-here"));
}
