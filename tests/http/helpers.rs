//! Test harness: each test gets the real application on a random port with
//! a fresh database (a SQLite file, or a scratch PostgreSQL database when
//! CODRAFT_TEST_DATABASE_URL is set), and helpers named after what people do.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use codraft::config::Settings;
use codraft::startup::Application;
use codraft::store::{DatabaseUrl, Db, scratch};
use serde_json::{Value, json};

pub const PASSWORD: &str = "Quinze-Articles-2026!";

pub struct TestApp {
    pub base: String,
    pub data_dir: tempfile::TempDir,
    pub database_url: String,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
    scratch_pg: Option<(String, String)>,
}

/// Which database the suite runs on.
pub fn postgres_server() -> Option<String> {
    std::env::var("CODRAFT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

fn unique_name() -> String {
    format!(
        "codraft_test_{}_{}",
        std::process::id(),
        codraft::auth::tokens::generate()
            .to_lowercase()
            .replace(['-', '_'], "")
            .chars()
            .take(12)
            .collect::<String>()
    )
}

pub fn spawn_app() -> TestApp {
    spawn_app_with(&[])
}

/// The app with the demo accounts and consultations `serve --demo` seeds.
pub fn spawn_demo_app() -> TestApp {
    spawn_app_with(&[("DEMO", "1")])
}

/// Starts the app with extra `CODRAFT_*` settings.
pub fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let (database_url, scratch_pg) = match postgres_server() {
        Some(server) => {
            let name = unique_name();
            let url = scratch::create_postgres_database(&server, &name).expect("scratch database");
            (url, Some((server, name)))
        }
        None => (
            format!("sqlite://{}/codraft.db", data_dir.path().display()),
            None,
        ),
    };
    spawn_on(data_dir, database_url, scratch_pg, extra)
}

/// The app on the SQLite database `codraft.db` already in `data_dir`.
pub fn spawn_on_sqlite_dir(data_dir: tempfile::TempDir) -> TestApp {
    let url = format!("sqlite://{}/codraft.db", data_dir.path().display());
    spawn_on(data_dir, url, None, &[])
}

/// Another instance of `app`'s platform, as a second replica behind a
/// proxy: the same database and secret, its own port and data directory.
/// Drop it before `app` (declare it after), which drops the database.
pub fn spawn_sibling(app: &TestApp, extra: &[(&str, &str)]) -> TestApp {
    let secret = std::fs::read_to_string(app.data_dir.path().join("secret.key"))
        .expect("the first instance's secret");
    let mut vars = vec![("CODRAFT_SECRET_KEY", secret.trim())];
    vars.extend_from_slice(extra);
    let data_dir = tempfile::tempdir().expect("temp dir");
    // Either instance's mail worker may send a message: both write to the
    // first one's outbox, where the test reads its mail.
    std::fs::create_dir_all(app.outbox_dir()).expect("outbox dir");
    std::os::unix::fs::symlink(app.outbox_dir(), data_dir.path().join("outbox"))
        .expect("shared outbox");
    spawn_on(data_dir, app.database_url.clone(), None, &vars)
}

/// On PostgreSQL only: the app reaching its scratch database through
/// `rewrite(url)` (e.g. a proxy's address in place of the server's).
pub fn spawn_postgres_app_via(rewrite: impl FnOnce(&str) -> String) -> Option<TestApp> {
    let server = postgres_server()?;
    let data_dir = tempfile::tempdir().expect("temp dir");
    let name = unique_name();
    let url = scratch::create_postgres_database(&server, &name).expect("scratch database");
    Some(spawn_on(data_dir, rewrite(&url), Some((server, name)), &[]))
}

fn spawn_on(
    data_dir: tempfile::TempDir,
    database_url: String,
    scratch_pg: Option<(String, String)>,
    extra: &[(&str, &str)],
) -> TestApp {
    // With RUST_LOG set, the app's logs (e.g. the cause of a 500) show.
    if std::env::var("RUST_LOG").is_ok() {
        codraft::telemetry::init();
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("CODRAFT_DATABASE_URL".into(), database_url.clone()),
        ("CODRAFT_BIND".into(), format!("127.0.0.1:{port}")),
        ("CODRAFT_BASE_URL".into(), base.clone()),
        (
            "CODRAFT_DATA_DIR".into(),
            data_dir.path().display().to_string(),
        ),
        ("CODRAFT_WORKERS".into(), "2".into()),
        ("CODRAFT_DB_POOL_SIZE".into(), "4".into()),
        ("CODRAFT_OUTBOX_POLL_MS".into(), "50".into()),
        ("CODRAFT_OUTBOX_RETRY_BASE_MS".into(), "100".into()),
        ("CODRAFT_OUTBOX_MAX_ATTEMPTS".into(), "30".into()),
    ]);
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    let demo = vars.remove("DEMO").is_some();
    let settings = Settings::from_lookup(|k| vars.get(k).cloned()).expect("test settings");
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build_on(settings, listener) {
                Ok(app) => {
                    if demo {
                        codraft::demo::seed_if_empty(&app.ctx)
                            .await
                            .expect("demo seed");
                    }
                    tx.send(Ok(app.handle())).ok();
                    let _ = app.run().await;
                }
                Err(e) => {
                    tx.send(Err(format!("{e:#}"))).ok();
                }
            }
        })
    });
    let handle = rx
        .recv()
        .expect("app thread")
        .unwrap_or_else(|e| panic!("app failed to start: {e}"));
    TestApp {
        base,
        data_dir,
        database_url,
        handle,
        thread: Some(thread),
        scratch_pg,
    }
}

impl TestApp {
    /// Stops serving (and every background job with it), keeping the
    /// database: a sibling started after it is a restart.
    pub fn stop(&mut self) {
        let handle = self.handle.clone();
        actix_web::rt::System::new().block_on(handle.stop(false));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        actix_web::rt::System::new().block_on(handle.stop(false));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some((server, name)) = &self.scratch_pg {
            let _ = scratch::drop_postgres_database(server, name);
        }
    }
}

/// An HTTP reply, read in full.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf_token(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).expect("a form with a CSRF token") + marker.len();
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_string()
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub struct Client {
    agent: ureq::Agent,
    pub base: String,
    headers: Vec<(String, String)>,
}

fn read(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let res = result.expect("HTTP request");
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let body = res.into_body().read_to_string().unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

macro_rules! with_headers {
    ($req:expr, $client:expr, $extra:expr) => {{
        let mut req = $req;
        for (k, v) in &$client.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        for (k, v) in $extra {
            req = req.header(*k, *v);
        }
        req
    }};
}

impl Client {
    pub fn new(app: &TestApp) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client {
            agent,
            base: app.base.clone(),
            headers: Vec::new(),
        }
    }

    /// The same browser (cookies and all) talking to another instance.
    pub fn to(&self, app: &TestApp) -> Client {
        Client {
            agent: self.agent.clone(),
            base: app.base.clone(),
            headers: self.headers.clone(),
        }
    }

    /// Sends this header on every request (e.g. a bearer token).
    pub fn always(mut self, name: &str, value: &str) -> Client {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[("Accept", "text/html")])
    }

    pub fn get_with(&self, path: &str, extra: &[(&str, &str)]) -> Reply {
        read(with_headers!(self.agent.get(&self.url(path)), self, extra).call())
    }

    /// A binary body (a DOCX, say): status and bytes.
    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let none: &[(&str, &str)] = &[];
        let res = with_headers!(self.agent.get(&self.url(path)), self, none)
            .call()
            .unwrap();
        let status = res.status().as_u16();
        let bytes = res.into_body().read_to_vec().unwrap();
        (status, bytes)
    }

    pub fn get_json(&self, path: &str) -> Reply {
        self.get_with(path, &[("Accept", "application/json")])
    }

    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        read(
            with_headers!(
                self.agent.post(&self.url(path)),
                self,
                &[("Accept", "text/html")]
            )
            .send_form(fields.iter().copied()),
        )
    }

    pub fn send_json(
        &self,
        method: &str,
        path: &str,
        body: &Value,
        extra: &[(&str, &str)],
    ) -> Reply {
        let url = self.url(path);
        let req = match method {
            "POST" => self.agent.post(&url),
            "PUT" => self.agent.put(&url),
            "PATCH" => self.agent.patch(&url),
            other => panic!("no body for {other}"),
        };
        read(with_headers!(req, self, extra).send_json(body))
    }

    /// Sends `body` as is, with its content type (a file upload to the API).
    pub fn post_bytes(&self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        read(
            with_headers!(
                self.agent.post(&self.url(path)),
                self,
                &[("Content-Type", content_type)]
            )
            .send(body),
        )
    }

    /// Like [`Client::post_bytes`] for a cookie session: with the CSRF header.
    pub fn send_bytes(&self, path: &str, content_type: &str, body: &[u8], csrf: &str) -> Reply {
        read(
            with_headers!(
                self.agent.post(&self.url(path)),
                self,
                &[("Content-Type", content_type), ("X-CSRF-Token", csrf)]
            )
            .send(body),
        )
    }

    /// A `multipart/form-data` form, as a browser sends a file input.
    pub fn post_multipart(&self, path: &str, fields: &[(&str, Option<&str>, &[u8])]) -> Reply {
        let boundary = "----codraft-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, filename, value) in fields {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match filename {
                Some(f) => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        read(
            with_headers!(
                self.agent.post(&self.url(path)),
                self,
                &[
                    ("Content-Type", content_type.as_str()),
                    ("Accept", "text/html")
                ]
            )
            .send(&body[..]),
        )
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send_json("POST", path, body, &[])
    }

    pub fn delete(&self, path: &str, extra: &[(&str, &str)]) -> Reply {
        read(with_headers!(self.agent.delete(&self.url(path)), self, extra).call())
    }

    /// A DELETE with a JSON body (e.g. the password that confirms it).
    pub fn delete_json(&self, path: &str, body: &Value, extra: &[(&str, &str)]) -> Reply {
        let req = self.agent.delete(&self.url(path)).force_send_body();
        read(with_headers!(req, self, extra).send_json(body))
    }

    /// Follows one redirect, as a browser would after a form.
    pub fn follow(&self, reply: &Reply) -> Reply {
        assert!(
            (300..400).contains(&reply.status),
            "expected a redirect, got {}: {}",
            reply.status,
            reply.body
        );
        self.get(reply.location())
    }
}

// ---- what people do -------------------------------------------------------

/// Registers through the JSON API; returns the reply.
pub fn register(client: &Client, email: &str, name: &str, password: &str) -> Reply {
    client.post_json(
        "/api/v1/accounts",
        &json!({"email": email, "display_name": name, "password": password}),
    )
}

/// Registers through the HTML form, as a person would.
pub fn register_with_form(client: &Client, email: &str, name: &str, password: &str) -> Reply {
    let form = client.get("/register");
    assert_eq!(form.status, 200);
    client.post_form(
        "/register",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", email),
            ("display_name", name),
            ("password", password),
            ("category", "citizen"),
        ],
    )
}

pub fn login_with_form(client: &Client, email: &str, password: &str) -> Reply {
    let form = client.get("/login");
    client.post_form(
        "/login",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", email),
            ("password", password),
        ],
    )
}

/// Signs in through the API; returns the CSRF token for later writes.
pub fn login_api(client: &Client, email: &str, password: &str) -> String {
    let reply = client.post_json(
        "/api/v1/session",
        &json!({"email": email, "password": password}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["csrf_token"].as_str().unwrap().to_string()
}

/// A registered, confirmed, signed-in citizen; returns the CSRF token.
pub fn confirmed_citizen(app: &TestApp, client: &Client, email: &str) -> String {
    let reply = register(client, email, "Camille Martin", PASSWORD);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let token = app.token_from_email(email, "/account/confirm?token=");
    let confirmed = client.post_json("/api/v1/accounts/confirm", &json!({"token": token}));
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    login_api(client, email, PASSWORD)
}

/// A message as delivered.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
}

pub fn parse_message(raw: &[u8]) -> Delivered {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a MIME message");
    Delivered {
        to: message
            .to()
            .and_then(|a| a.first())
            .and_then(|m| m.address())
            .unwrap_or("")
            .to_string(),
        subject: message.subject().unwrap_or("").to_string(),
        text: message
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        message_id: message.message_id().unwrap_or("").to_string(),
    }
}

impl TestApp {
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.path().join("outbox")
    }

    /// Messages written to the file outbox so far.
    pub fn outbox(&self) -> Vec<Delivered> {
        read_outbox(&self.outbox_dir())
    }

    /// Waits for `count` messages to `to` in the file outbox.
    pub fn wait_for_mail(&self, to: &str, count: usize) -> Vec<Delivered> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mails: Vec<Delivered> = self.outbox().into_iter().filter(|m| m.to == to).collect();
            if mails.len() >= count || Instant::now() > deadline {
                assert!(
                    mails.len() >= count,
                    "expected {count} emails to {to}, got {}",
                    mails.len()
                );
                return mails;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The token of the last link starting with `prefix` emailed to `to`.
    pub fn token_from_email(&self, to: &str, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self
                .outbox()
                .into_iter()
                .filter(|m| m.to == to)
                .filter_map(|m| extract_token(&m.text, prefix))
                .next_back();
            if let Some(token) = found {
                return token;
            }
            assert!(
                Instant::now() < deadline,
                "no email to {to} with a link {prefix}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A direct connection to the test database, for what no page shows
    /// (e.g. making a token old).
    pub fn db(&self) -> Db {
        Db::open(&DatabaseUrl::parse(&self.database_url).unwrap(), 1).expect("open test database")
    }
}

pub fn extract_token(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)? + prefix.len();
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect(),
    )
}

pub fn read_outbox(dir: &Path) -> Vec<Delivered> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|raw| parse_message(&raw))
        .collect()
}

/// Polls `check` until it holds or `secs` pass.
pub fn eventually(secs: u64, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

/// Runs the real binary on `app`'s database and data directory.
pub fn run_cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .args(args)
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", app.data_dir.path())
        .env("CODRAFT_BASE_URL", &app.base)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// Creates a confirmed account with the real binary, as an operator would.
pub fn create_user_with_cli(
    app: &TestApp,
    email: &str,
    role: &str,
    password: &str,
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_codraft"))
        .args([
            "user",
            "create",
            "--email",
            email,
            "--name",
            "Alix Admin",
            "--role",
            role,
        ])
        .env("CODRAFT_DATABASE_URL", &app.database_url)
        .env("CODRAFT_DATA_DIR", app.data_dir.path())
        .env("CODRAFT_PASSWORD", password)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// A signed-in account of `role` created by the operator; returns the
/// client and its CSRF token.
pub fn signed_in(app: &TestApp, email: &str, role: &str) -> (Client, String) {
    let out = create_user_with_cli(app, email, role, PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let client = Client::new(app);
    let csrf = login_api(&client, email, PASSWORD);
    (client, csrf)
}

/// A file of the shared real data, beside the repository.
pub fn shared_data(path: &str) -> Vec<u8> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// An open bill of two articles, its sponsor, and its slug.
pub struct Consultation {
    pub slug: String,
    pub articles: Vec<i64>,
    pub sponsor: Client,
    pub sponsor_csrf: String,
}

/// A closing date far enough away for any test: a consultation never
/// opens without one.
pub const LATER: &str = "2099-12-31T23:00:00Z";

pub fn open_consultation(app: &TestApp) -> Consultation {
    let (sponsor, sponsor_csrf) = signed_in(app, "depute@example.org", "sponsor");
    let created = sponsor.send_json(
        "POST",
        "/api/v1/bills",
        &json!({
            "title": "Projet de loi pour une République numérique",
            "closes_at": LATER,
            "articles": [
                {"label": "Article 1er", "body": "Les administrations diffusent en ligne les documents et les données qu'elles produisent."},
                {"label": "Article 2", "body": "Les données de référence sont mises à disposition gratuitement."}
            ]
        }),
        &[("X-CSRF-Token", &sponsor_csrf)],
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let bill = created.json();
    let slug = bill["slug"].as_str().unwrap().to_string();
    let opened = sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{slug}/transitions"),
        &json!({"to": "open"}),
        &[("X-CSRF-Token", &sponsor_csrf)],
    );
    assert_eq!(opened.status, 200);
    let articles = bill["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    Consultation {
        slug,
        articles,
        sponsor,
        sponsor_csrf,
    }
}

/// A confirmed citizen's script with a personal token (no CSRF needed).
pub fn citizen(app: &TestApp, email: &str) -> Client {
    let browser = Client::new(app);
    confirmed_citizen(app, &browser, email);
    let created = Client::new(app).post_json(
        "/api/v1/tokens",
        &json!({"email": email, "password": PASSWORD, "label": "test", "scope": "read-write"}),
    );
    let token = created.json()["token"].as_str().unwrap().to_string();
    Client::new(app).always("Authorization", &format!("Bearer {token}"))
}

pub fn contribute(client: &Client, slug: &str, body: Value) -> Reply {
    client.post_json(&format!("/api/v1/bills/{slug}/contributions"), &body)
}

pub fn created_id(reply: &Reply) -> i64 {
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

/// An account of `role` created by the operator, scripting with a personal
/// token (no CSRF needed); also returns its id.
pub fn token_client(app: &TestApp, email: &str, role: &str) -> (Client, i64) {
    let (browser, _) = signed_in(app, email, role);
    let me = browser.get_json("/api/v1/me").json();
    let created = Client::new(app).post_json(
        "/api/v1/tokens",
        &json!({"email": email, "password": PASSWORD, "label": "test", "scope": "read-write"}),
    );
    let token = created.json()["token"].as_str().unwrap().to_string();
    (
        Client::new(app).always("Authorization", &format!("Bearer {token}")),
        me["id"].as_i64().unwrap(),
    )
}

/// Waits until the scans new contributions owe after their write (their
/// near-duplicate group, their search row) are done: within a second.
pub fn scans_caught_up(app: &TestApp) {
    assert!(
        eventually(10, || count_sql(
            app,
            "SELECT COUNT(*) AS n FROM pending_scans"
        ) == 0),
        "the pending scans were not caught up"
    );
}

/// One number from SQL run on the app's database (`SELECT … AS n`).
pub fn count_sql(app: &TestApp, sql: &str) -> i64 {
    count_many(app, &[(sql.to_string(), sql.to_string())])[0].1
}

/// Named `SELECT … AS n` queries run on one connection to the app's
/// database; a failing query panics with its name.
pub fn count_many(app: &TestApp, queries: &[(String, String)]) -> Vec<(String, i64)> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let db = app.db();
    let mut conn = db.conn().unwrap();
    queries
        .iter()
        .map(|(name, sql)| {
            let n = diesel::sql_query(sql)
                .get_result::<N>(&mut *conn)
                .unwrap_or_else(|e| panic!("{name} ({sql}): {e}"))
                .n;
            (name.clone(), n)
        })
        .collect()
}

// What sponsors, moderators and citizens do, through the API.

pub fn sponsor_send(c: &Consultation, method: &str, path: &str, body: Value) -> Reply {
    c.sponsor
        .send_json(method, path, &body, &[("X-CSRF-Token", &c.sponsor_csrf)])
}

pub fn publish(c: &Consultation) -> Reply {
    sponsor_send(
        c,
        "POST",
        &format!("/api/v1/bills/{}/publication", c.slug),
        json!({}),
    )
}

pub fn decide(c: &Consultation, id: i64, decision: &str) -> Reply {
    sponsor_send(
        c,
        "PUT",
        &format!("/api/v1/contributions/{id}/decision"),
        json!({"decision": decision, "justification": "Hors du champ du texte"}),
    )
}

pub fn close(c: &Consultation) {
    let closed = sponsor_send(
        c,
        "POST",
        &format!("/api/v1/bills/{}/transitions", c.slug),
        json!({"to": "closed"}),
    );
    assert_eq!(closed.status, 200, "{}", closed.body);
}

pub fn moderate(client: &Client, id: i64, action: &str, reason: &str) -> Reply {
    client.post_json(
        &format!("/api/v1/contributions/{id}/moderation"),
        &json!({"action": action, "reason": reason}),
    )
}

pub fn argument(client: &Client, c: &Consultation, body: &str) -> i64 {
    created_id(&contribute(
        client,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": body}),
    ))
}

pub fn amendment(client: &Client, c: &Consultation, article: usize, text: &str) -> i64 {
    created_id(&contribute(
        client,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[article], "proposed_text": text, "body": "Pour plus de clarté."}),
    ))
}

pub fn proposal(client: &Client, c: &Consultation, after: Option<usize>, text: &str) -> i64 {
    created_id(&contribute(
        client,
        &c.slug,
        json!({"kind": "proposal", "title": "Article nouveau", "proposed_text": text,
               "after_article_id": after.map(|i| c.articles[i]), "body": "Un article qui manque."}),
    ))
}
