//! What holds when people try what they should not: a ban takes every
//! power away, throwaway accounts cannot hide what others wrote, a NUL byte
//! is a clear 400, a published synthesis is frozen, open-data CSV holds no
//! live formula, and signing out or changing one's password ends what it
//! should on the server.

use serde_json::json;

use crate::helpers::*;

fn ban(admin: &Client, user_id: i64) {
    let banned = admin.post_json(
        &format!("/api/v1/users/{user_id}/ban"),
        &json!({"reason": "Abus répétés des outils de modération"}),
    );
    assert_eq!(banned.status, 200, "{}", banned.body);
}

#[test]
fn a_ban_takes_every_power_of_every_role() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let (admin, _) = token_client(&app, "admin@example.fr", "admin");
    let (moderator, moderator_id) = token_client(&app, "moderation@example.fr", "moderator");
    let (sponsor, sponsor_id) = token_client(&app, "autre-depute@example.fr", "sponsor");
    let (citizen_client, citizen_id) = token_client(&app, "alice@example.fr", "citizen");
    let bob = citizen(&app, "bob@example.fr");
    let target = argument(
        &bob,
        &c,
        "Les données publiques doivent être ouvertes par défaut.",
    );
    let own = argument(
        &citizen_client,
        &c,
        "Un format ouvert permet la réutilisation par tous.",
    );
    // The bill's own sponsor is banned too: their arbitration stops.
    let me = c.sponsor.get_json("/api/v1/me").json();
    let bill_sponsor_id = me["id"].as_i64().unwrap();
    for id in [moderator_id, sponsor_id, citizen_id, bill_sponsor_id] {
        ban(&admin, id);
    }

    let hide = moderate(&moderator, target, "hide", "Spam");
    assert_eq!(hide.status, 403, "a banned moderator hides: {}", hide.body);
    let bans = moderator.post_json(
        &format!(
            "/api/v1/users/{}/ban",
            bob.get_json("/api/v1/me").json()["id"]
        ),
        &json!({"reason": "Essai"}),
    );
    assert_eq!(bans.status, 403, "a banned moderator bans: {}", bans.body);
    assert_eq!(
        moderator.get_json("/api/v1/moderation/queue").status,
        403,
        "a banned moderator reads the queue"
    );

    let created = sponsor.post_json(
        "/api/v1/bills",
        &json!({"title": "Un texte de plus", "articles": [{"label": "Article 1er", "body": "Texte."}]}),
    );
    assert_eq!(
        created.status, 403,
        "a banned sponsor creates: {}",
        created.body
    );
    let closed = sponsor_send(
        &c,
        "POST",
        &format!("/api/v1/bills/{}/transitions", c.slug),
        json!({"to": "closed"}),
    );
    assert_eq!(
        closed.status, 403,
        "a banned sponsor closes: {}",
        closed.body
    );
    let wording = sponsor_send(
        &c,
        "PUT",
        &format!("/api/v1/articles/{}/final-wording", c.articles[0]),
        json!({"body": "Une rédaction du sponsor suspendu."}),
    );
    assert_eq!(
        wording.status, 403,
        "a banned sponsor words: {}",
        wording.body
    );

    let withdraw = citizen_client.delete(&format!("/api/v1/contributions/{own}"), &[]);
    assert_eq!(
        withdraw.status, 403,
        "a banned citizen withdraws: {}",
        withdraw.body
    );
    let follow = citizen_client.post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}));
    assert_eq!(
        follow.status, 403,
        "a banned citizen follows: {}",
        follow.body
    );

    // Nothing of it happened.
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM contributions WHERE moderation IS NOT NULL OR status <> 'published'"
        ),
        0
    );
    assert_eq!(count_sql(&app, "SELECT COUNT(*) AS n FROM bills"), 1);
    // Reading stays open to them.
    assert_eq!(
        citizen_client
            .get_json(&format!("/api/v1/bills/{}", c.slug))
            .status,
        200
    );
}

#[test]
fn unconfirmed_accounts_cannot_report_nor_hide_by_reports() {
    let app = spawn_app_with(&[("CODRAFT_AUTO_HIDE_REPORTS", "3")]);
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let id = argument(
        &alice,
        &c,
        "Les administrations doivent publier leurs algorithmes.",
    );
    for i in 0..3 {
        let client = Client::new(&app);
        let email = format!("jetable{i}@example.fr");
        assert_eq!(
            register(&client, &email, &format!("Jetable {i}"), PASSWORD).status,
            201
        );
        let csrf = login_api(&client, &email, PASSWORD);
        let report = client.send_json(
            "POST",
            &format!("/api/v1/contributions/{id}/reports"),
            &json!({"reason": "spam"}),
            &[("X-CSRF-Token", &csrf)],
        );
        assert_eq!(
            report.status, 403,
            "an unconfirmed account reports: {}",
            report.body
        );
    }
    let shown = Client::new(&app).get_json(&format!("/api/v1/contributions/{id}"));
    assert!(shown.json()["moderation"].is_null(), "{}", shown.body);
    assert_eq!(count_sql(&app, "SELECT COUNT(*) AS n FROM reports"), 0);

    // Three confirmed accounts do hide it.
    for who in ["bob", "carole", "david"] {
        let client = citizen(&app, &format!("{who}@example.fr"));
        let report = client.post_json(
            &format!("/api/v1/contributions/{id}/reports"),
            &json!({"reason": "spam"}),
        );
        assert_eq!(report.status, 201, "{}", report.body);
    }
    let hidden = Client::new(&app).get_json(&format!("/api/v1/contributions/{id}"));
    assert_eq!(hidden.json()["moderation"], "hidden", "{}", hidden.body);
}

#[test]
fn a_nul_byte_is_a_clear_400_never_a_500() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let anonymous = Client::new(&app);
    for path in [
        "/bills/%00".to_string(),
        "/api/v1/bills/%00".to_string(),
        format!("/bills/{}%00", c.slug),
        format!("/api/v1/bills/{}/contributions?cursor=%00", c.slug),
        format!("/bills/{}/search?q=donn%00es", c.slug),
        "/api/v1/moderation/queue?bill=%00".to_string(),
    ] {
        let reply = anonymous.get_json(&path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert!(reply.body.contains("NUL"), "{path}: {}", reply.body);
    }
    let page = anonymous.get("/bills/%00");
    assert_eq!(page.status, 400);
    assert!(page.body.contains("<html"), "an HTML page for a browser");

    let json_nul = contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Avant\u{0}après, un argument."}),
    );
    assert_eq!(json_nul.status, 400, "{}", json_nul.body);
    let form = Client::new(&app);
    let reply = form.post_form(
        "/login",
        &[("email", "a\u{0}b@example.fr"), ("password", "x")],
    );
    assert!(
        reply.status == 400 || reply.status == 403,
        "a form with NUL: {} {}",
        reply.status,
        reply.body
    );
    assert!(reply.status < 500);
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM contributions"),
        0
    );
}

#[test]
fn a_published_synthesis_is_frozen() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let am = amendment(
        &alice,
        &c,
        0,
        "Les administrations diffusent en ligne, dans un format ouvert, leurs documents.",
    );
    let theme = moderator.post_json(
        &format!("/api/v1/bills/{}/themes", c.slug),
        &json!({"title": "Formats ouverts"}),
    );
    assert_eq!(theme.status, 201, "{}", theme.body);
    let theme_id = theme.json()["id"].as_i64().unwrap();
    close(&c);
    assert_eq!(decide(&c, am, "accepted").status, 200);
    let published = publish(&c);
    assert_eq!(published.status, 200, "{}", published.body);
    let before = Client::new(&app)
        .get_json(&format!("/bills/{}/synthesis.json", c.slug))
        .body;

    let new_theme = moderator.post_json(
        &format!("/api/v1/bills/{}/themes", c.slug),
        &json!({"title": "Un thème après coup"}),
    );
    assert_eq!(new_theme.status, 409, "{}", new_theme.body);
    let note = moderator.send_json(
        "PUT",
        &format!("/api/v1/articles/{}/synthesis", c.articles[0]),
        &json!({"body": "Une note écrite après la publication."}),
        &[],
    );
    assert_eq!(note.status, 409, "{}", note.body);
    let assign = moderator.send_json(
        "PUT",
        &format!("/api/v1/contributions/{am}/themes"),
        &json!({"theme_ids": [theme_id]}),
        &[],
    );
    assert_eq!(assign.status, 409, "{}", assign.body);
    let after = Client::new(&app)
        .get_json(&format!("/bills/{}/synthesis.json", c.slug))
        .body;
    assert_eq!(before, after, "the published synthesis changed");
}

#[test]
fn open_data_csv_holds_no_live_formula() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let p = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": "=cmd|' /C calc'!A0", "proposed_text": "@SUM(1+1)*cmd|' /C calc'!A0",
               "body": "=HYPERLINK(\"http://exemple.invalid\",\"cliquez\")"}),
    ));
    close(&c);
    assert_eq!(decide(&c, p, "rejected").status, 200);
    assert_eq!(publish(&c).status, 200);
    let csv = Client::new(&app).get(&format!("/bills/{}/open-data/contributions.csv", c.slug));
    assert_eq!(csv.status, 200);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.body.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "a live formula in contributions.csv: {cell:?}"
            );
        }
    }
    assert!(cells > 0);
    assert!(csv.body.contains("'=cmd|"), "the title is kept, as text");
    // The JSON twin carries the text as written.
    let json = Client::new(&app)
        .get_json(&format!("/bills/{}/open-data/contributions.json", c.slug))
        .body;
    assert!(json.contains("\"=cmd|"), "{json}");
}

fn session_cookie(reply: &Reply) -> String {
    reply
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

#[test]
fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app();
    create_user_with_cli(&app, "alice@example.fr", "citizen", PASSWORD);
    let browser = Client::new(&app);
    let login = browser.post_json(
        "/api/v1/session",
        &json!({"email": "alice@example.fr", "password": PASSWORD}),
    );
    assert_eq!(login.status, 200, "{}", login.body);
    let csrf = login.json()["csrf_token"].as_str().unwrap().to_string();
    // Someone copies the cookie.
    let copy = Client::new(&app).always("Cookie", &session_cookie(&login));
    assert_eq!(copy.get_json("/api/v1/me").status, 200);
    let out = browser.delete("/api/v1/session", &[("X-CSRF-Token", &csrf)]);
    assert_eq!(out.status, 204, "{}", out.body);
    assert_eq!(
        copy.get_json("/api/v1/me").status,
        401,
        "a copied cookie still works after signing out"
    );

    // Signing out everywhere ends the other browsers' sessions.
    let phone = Client::new(&app);
    let phone_login = phone.post_json(
        "/api/v1/session",
        &json!({"email": "alice@example.fr", "password": PASSWORD}),
    );
    let laptop = Client::new(&app);
    let laptop_csrf = login_api(&laptop, "alice@example.fr", PASSWORD);
    let phone = Client::new(&app).always("Cookie", &session_cookie(&phone_login));
    assert_eq!(phone.get_json("/api/v1/me").status, 200);
    let everywhere = laptop.post_form(
        "/account/sessions/end",
        &[("csrf_token", laptop_csrf.as_str())],
    );
    assert_eq!(everywhere.status, 303, "{}", everywhere.body);
    assert_eq!(phone.get_json("/api/v1/me").status, 401);
    assert_eq!(laptop.get_json("/api/v1/me").status, 401);
    // And one signs in again as usual.
    login_api(&laptop, "alice@example.fr", PASSWORD);
    assert_eq!(laptop.get_json("/api/v1/me").status, 200);
}

#[test]
fn changing_the_password_revokes_api_tokens() {
    let app = spawn_app();
    let (script, _) = token_client(&app, "alice@example.fr", "citizen");
    assert_eq!(script.get_json("/api/v1/me").status, 200);
    let browser = Client::new(&app);
    let csrf = login_api(&browser, "alice@example.fr", PASSWORD);
    let changed = browser.send_json(
        "PUT",
        "/api/v1/me/password",
        &json!({"current_password": PASSWORD, "password": "Un-Autre-Secret-2026!"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert!(changed.status < 300, "{} {}", changed.status, changed.body);
    assert_eq!(
        script.get_json("/api/v1/me").status,
        401,
        "a token made with the old password still works"
    );
}

#[test]
fn https_deployments_send_hsts_and_plain_http_does_not() {
    let https = spawn_app_with(&[("CODRAFT_BASE_URL", "https://consultation.example.fr")]);
    let reply = Client::new(&https).get("/");
    assert_eq!(
        reply.header("strict-transport-security"),
        Some("max-age=31536000; includeSubDomains")
    );
    let plain = spawn_app();
    assert_eq!(
        Client::new(&plain)
            .get("/")
            .header("strict-transport-security"),
        None
    );
}

/// A draft's title cannot be learnt by another sponsor from the address
/// they get for the same title, nor by a moderator from the queue filter.
#[test]
fn a_draft_leaks_nothing_through_addresses_or_the_queue() {
    let app = spawn_app();
    let (first, first_csrf) = signed_in(&app, "premiere@example.org", "sponsor");
    let (second, second_csrf) = signed_in(&app, "seconde@example.org", "sponsor");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let create = |client: &Client, csrf: &str| {
        let created = client.send_json(
            "POST",
            "/api/v1/bills",
            &json!({"title": "Projet de loi confidentiel", "closes_at": LATER,
                    "articles": [{"label": "Article 1er", "body": "Un article encore secret."}]}),
            &[("X-CSRF-Token", csrf)],
        );
        assert_eq!(created.status, 201, "{}", created.body);
        created.json()["slug"].as_str().unwrap().to_string()
    };
    let theirs = create(&first, &first_csrf);
    let mine = create(&second, &second_csrf);
    for slug in [&theirs, &mine] {
        assert!(
            slug.starts_with("projet-de-loi-confidentiel-") && slug.len() > 30,
            "{slug}"
        );
    }
    assert_ne!(theirs, mine);

    // The queue answers a draft as it answers a bill that does not exist.
    let filter = |slug: &str| moderator.get_json(&format!("/api/v1/moderation/queue?bill={slug}"));
    let (draft, none) = (filter(&theirs), filter("projet-de-loi-inexistant"));
    assert_eq!((draft.status, none.status), (422, 422));
    let detail = |r: &Reply| r.json()["errors"].to_string();
    assert_eq!(detail(&draft), detail(&none));

    // Opened, the bill keeps its address: links shared while drafting work.
    let opened = first.send_json(
        "POST",
        &format!("/api/v1/bills/{theirs}/transitions"),
        &json!({"to": "open"}),
        &[("X-CSRF-Token", &first_csrf)],
    );
    assert_eq!(opened.status, 200, "{}", opened.body);
    let public = Client::new(&app).get_json(&format!("/api/v1/bills/{theirs}"));
    assert_eq!(public.status, 200, "{}", public.body);
    assert_eq!(filter(&theirs).status, 200);
}

/// Categories other than citizen are what people declare: shown as such,
/// and counted by category only once an admin has verified them.
#[test]
fn declared_categories_count_once_verified() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let (admin, _) = token_client(&app, "admin@example.fr", "admin");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let registered = Client::new(&app).post_json(
        "/api/v1/accounts",
        &json!({"email": "asso@example.fr", "display_name": "Association des usagers",
                "password": PASSWORD, "category": "association"}),
    );
    assert_eq!(registered.status, 201, "{}", registered.body);
    let token = app.token_from_email("asso@example.fr", "/account/confirm?token=");
    let browser = Client::new(&app);
    let confirmed = browser.post_json("/api/v1/accounts/confirm", &json!({"token": token}));
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let csrf = login_api(&browser, "asso@example.fr", PASSWORD);
    let me = browser.get_json("/api/v1/me").json();
    assert_eq!(me["category_verified"], false, "{me}");
    let id = me["id"].as_i64().unwrap();
    assert!(
        browser
            .get("/account")
            .body
            .contains("déclarée, en attente de vérification")
    );
    let posted = browser.send_json(
        "POST",
        &format!("/api/v1/bills/{}/contributions", c.slug),
        &json!({"kind": "argument", "article_id": c.articles[0], "stance": "for",
                "body": "Les usagers demandent des données ouvertes par défaut."}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(posted.status, 201, "{}", posted.body);
    let by_category = || {
        let report = moderator.get_json(&format!("/bills/{}/synthesis.json", c.slug));
        assert_eq!(report.status, 200, "{}", report.body);
        report.json()["participation"]["by_category"].clone()
    };
    let counts = by_category();
    assert_eq!(
        counts,
        json!([{"key": "unverified", "count": 1}]),
        "{counts}"
    );

    // Only admins verify, and only a declared category.
    let path = format!("/api/v1/users/{id}/category-verification");
    let refused = moderator.send_json("PUT", &path, &json!({"verified": true}), &[]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    let moderator_id = moderator.get_json("/api/v1/me").json()["id"]
        .as_i64()
        .unwrap();
    let citizen = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{moderator_id}/category-verification"),
        &json!({"verified": true}),
        &[],
    );
    assert_eq!(citizen.status, 422, "{}", citizen.body);
    let verified = admin.send_json("PUT", &path, &json!({"verified": true}), &[]);
    assert_eq!(verified.status, 200, "{}", verified.body);
    assert_eq!(verified.json()["category_verified"], true);
    assert_eq!(by_category(), json!([{"key": "association", "count": 1}]));
    assert!(
        !browser
            .get("/account")
            .body
            .contains("en attente de vérification")
    );
}

/// A TCP relay on loopback that can be cut, as a database outage is.
struct Relay {
    port: u16,
    down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    fn to(upstream: String) -> Relay {
        use std::net::{TcpListener, TcpStream};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let relay = Relay {
            port,
            down: Default::default(),
            open: Default::default(),
        };
        let (down, open) = (relay.down.clone(), relay.open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if down.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let mut kept = open.lock().unwrap();
                kept.push(client.try_clone().unwrap());
                kept.push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        relay
    }

    fn cut(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
        if down {
            for s in self.open.lock().unwrap().drain(..) {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

/// When the database cannot be reached, requests get a 503 with
/// Retry-After once the pool gives up (5 s), never a 500; and the app
/// serves again as soon as the database is back.
#[test]
fn a_database_outage_is_a_503_with_retry_after_and_the_app_recovers() {
    let mut relay = None;
    let Some(app) = spawn_postgres_app_via(|url| {
        // postgres://user@host:port/db → the relay's port in place of the server's.
        let (head, rest) = url.split_once('@').unwrap();
        let (authority, db) = rest.split_once('/').unwrap();
        let r = Relay::to(authority.to_string());
        let rewritten = format!("{head}@127.0.0.1:{}/{db}", r.port);
        relay = Some(r);
        rewritten
    }) else {
        eprintln!("skipped: a database outage is simulated on PostgreSQL only");
        return;
    };
    let relay = relay.unwrap();
    let anonymous = Client::new(&app);
    assert_eq!(anonymous.get_json("/api/v1/bills").status, 200);
    relay.cut(true);
    for path in ["/api/v1/bills", "/"] {
        let reply = anonymous.get_json(path);
        assert_eq!(reply.status, 503, "{path}: {}", reply.body);
        assert!(reply.header("retry-after").is_some(), "{path}");
    }
    relay.cut(false);
    assert!(
        eventually(30, || anonymous.get_json("/api/v1/bills").status == 200),
        "serves again once the database is back"
    );
}
