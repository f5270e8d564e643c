//! Sessions, CSRF and the language switch.

use serde_json::json;

use crate::helpers::*;

#[test]
fn a_form_post_without_its_csrf_token_gets_a_readable_403() {
    let app = spawn_app();
    let client = Client::new(&app);
    client.get("/register");
    for fields in [
        vec![
            ("email", "a@example.org"),
            ("display_name", "Anne"),
            ("password", PASSWORD),
        ],
        vec![
            ("csrf_token", "forged"),
            ("email", "a@example.org"),
            ("display_name", "Anne"),
            ("password", PASSWORD),
        ],
    ] {
        let reply = client.post_form("/register", &fields);
        assert_eq!(reply.status, 403, "{}", reply.body);
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/html")
        );
        assert!(reply.body.contains("Formulaire expiré"), "{}", reply.body);
    }
    // A token from another browser's session does not work either.
    let other = Client::new(&app);
    let token = other.get("/register").csrf_token();
    let reply = client.post_form(
        "/register",
        &[
            ("csrf_token", &token),
            ("email", "a@example.org"),
            ("display_name", "Anne"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(reply.status, 403);
    assert_eq!(
        register(&Client::new(&app), "a@example.org", "Anne", PASSWORD).status,
        201,
        "nothing was created"
    );
}

#[test]
fn json_writes_with_the_session_cookie_need_the_csrf_header() {
    let app = spawn_app();
    let client = Client::new(&app);
    let csrf = confirmed_citizen(&app, &client, "nina@example.org");
    let without = client.delete("/api/v1/session", &[]);
    assert_eq!(without.status, 403);
    let with = client.delete("/api/v1/session", &[("X-CSRF-Token", &csrf)]);
    assert_eq!(with.status, 204);
    assert_eq!(client.get_json("/api/v1/me").status, 401);
}

#[test]
fn wrong_credentials_get_a_401_problem_and_the_form_says_why() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "omar@example.org");
    let anonymous = Client::new(&app);
    let reply = anonymous.post_json(
        "/api/v1/session",
        &json!({"email": "omar@example.org", "password": "wrong password"}),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let unknown = anonymous.post_json(
        "/api/v1/session",
        &json!({"email": "ghost@example.org", "password": "wrong password"}),
    );
    assert_eq!(
        unknown.json()["detail"],
        reply.json()["detail"],
        "no hint that an account exists"
    );
    let page = login_with_form(&anonymous, "omar@example.org", "wrong password");
    assert_eq!(page.status, 401);
    assert!(page.body.contains("Adresse ou mot de passe incorrect"));
    assert!(page.body.contains("value=\"omar@example.org\""));
}

#[test]
fn sign_in_returns_to_a_local_page_only() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "rose@example.org");
    let browser = Client::new(&app);
    let form = browser.get("/login?next=/account");
    let reply = browser.post_form(
        "/login",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", "rose@example.org"),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ],
    );
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.location(),
        "/",
        "an outside address is never followed"
    );
}

#[test]
fn the_language_switch_changes_the_pages_and_the_account_form_the_emails() {
    let app = spawn_app();
    let client = Client::new(&app);
    let home = client.get("/");
    assert!(home.body.contains("hreflang=\"en\""));
    let switched = client.get("/language?lang=en&next=/register");
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location(), "/register");
    let page = client.get("/register");
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Create an account"));
    assert_eq!(client.get("/language?lang=de").status, 400);
    assert_eq!(
        client
            .get("/language?lang=en&next=//evil.example")
            .location(),
        "/"
    );

    // Signed in, the switch (a GET) changes the pages only; the language of
    // the emails is a form on the account page.
    // (Registered while the pages were in English: emails in English.)
    let csrf = confirmed_citizen(&app, &client, "emile@example.org");
    assert_eq!(client.get_json("/api/v1/me").json()["locale"], "en");
    client.get("/language?lang=fr&next=/");
    assert_eq!(client.get_json("/api/v1/me").json()["locale"], "en");
    let saved = client.post_form(
        "/account/locale",
        &[("csrf_token", csrf.as_str()), ("locale", "fr")],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(client.get_json("/api/v1/me").json()["locale"], "fr");
}
