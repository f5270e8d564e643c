//! Health, routing, headers, assets, the OpenAPI document, migrations and
//! settings.

use crate::helpers::*;

#[test]
fn alive_and_ready() {
    let app = spawn_app();
    let reply = Client::new(&app).get_json("/healthz");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "ok");
    let expected = if postgres_server().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(reply.json()["database"], expected);
    let ready = Client::new(&app).get_json("/readyz");
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert_eq!(ready.json()["status"], "ready");
}

#[test]
fn unknown_route_is_a_readable_404_page_or_a_problem_document() {
    let app = spawn_app();
    let client = Client::new(&app);
    let page = client.get("/no-such-page");
    assert_eq!(page.status, 404);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.contains("Page introuvable"), "French by default");
    let english = client.get_with(
        "/no-such-page",
        &[
            ("Accept", "text/html"),
            ("Accept-Language", "en-GB,en;q=0.9"),
        ],
    );
    assert!(english.body.contains("Page not found"));
    let problem = client.get_json("/api/v1/nothing-here");
    assert_eq!(problem.status, 404);
    assert_eq!(
        problem.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(problem.json()["status"], 404);
    assert!(problem.json()["title"].is_string());
}

#[test]
fn pages_carry_security_headers_and_no_inline_script() {
    let app = spawn_app();
    let page = Client::new(&app).get("/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(page.header("referrer-policy").is_some());
    assert!(!page.body.contains("<script>"), "no inline script");
    assert!(page.body.contains("href=\"#main\""), "skip link");
    assert!(page.body.contains("<html lang=\"fr\">"));
}

#[test]
fn assets_are_embedded_and_cached_by_content_hash() {
    let app = spawn_app();
    let client = Client::new(&app);
    let page = client.get("/");
    let start = page
        .body
        .find("/assets/css/site.css?v=")
        .expect("stylesheet link");
    let href: String = page.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let css = client.get(&href);
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(css.header("cache-control").unwrap().contains("immutable"));
    let etag = css.header("etag").unwrap().to_string();
    let again = client.get_with(&href, &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert_eq!(client.get("/assets/css/missing.css").status, 404);
}

#[test]
fn openapi_document_describes_the_account_endpoints() {
    let app = spawn_app();
    let doc = Client::new(&app).get_json("/api/openapi.json").json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/accounts",
        "/api/v1/accounts/confirm",
        "/api/v1/session",
        "/api/v1/tokens",
        "/api/v1/me",
        "/api/v1/password-resets",
        "/api/v1/bills",
        "/api/v1/bills/import",
        "/api/v1/bills/{slug}/transitions",
        "/api/v1/bills/{slug}/contributions",
        "/api/v1/bills/{slug}/follow",
        "/api/v1/articles/{id}/vote",
        "/api/v1/contributions/{id}/vote",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        for n in &names {
            for f in ["up.sql", "down.sql"] {
                assert!(dir.join(n).join(f).exists(), "{backend}/{n}/{f} missing");
            }
        }
        names
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
}

#[test]
fn a_database_url_with_an_unknown_scheme_stops_start_up_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .arg("migrate")
        .env("CODRAFT_DATABASE_URL", "mysql://localhost/codraft")
        .env("CODRAFT_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("CODRAFT_DATABASE_URL") && stderr.contains("mysql://"),
        "{stderr}"
    );
    assert!(!dir.path().join("codraft.db").exists());
}

#[test]
fn json_bodies_that_are_malformed_or_not_json_get_a_problem_not_a_500() {
    let app = spawn_app();
    let client = Client::new(&app);
    let malformed = client.send_json(
        "POST",
        "/api/v1/accounts",
        &serde_json::json!("just a string"),
        &[],
    );
    assert_eq!(malformed.status, 400, "{}", malformed.body);
    assert_eq!(
        malformed.header("content-type"),
        Some("application/problem+json")
    );
    let form = client.post_form("/api/v1/accounts", &[("email", "a@b.fr")]);
    assert_eq!(form.status, 415, "{}", form.body);
}
