//! Personal API tokens for scripts.

use serde_json::json;

use crate::helpers::*;

#[test]
fn a_script_uses_a_personal_token_until_it_is_revoked() {
    let app = spawn_app();
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "script@example.org");

    let anonymous = Client::new(&app);
    let refused = anonymous.post_json(
        "/api/v1/tokens",
        &json!({"email": "script@example.org", "password": "wrong password", "label": "x"}),
    );
    assert_eq!(refused.status, 401);
    let empty_label = anonymous.post_json(
        "/api/v1/tokens",
        &json!({"email": "script@example.org", "password": PASSWORD, "label": " "}),
    );
    assert_eq!(empty_label.status, 422);
    let created = anonymous.post_json(
        "/api/v1/tokens",
        &json!({"email": "script@example.org", "password": PASSWORD, "label": "mon script"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let token = created.json()["token"].as_str().unwrap().to_string();
    let id = created.json()["id"].as_i64().unwrap();
    assert!(token.starts_with("cdr_"));

    let script = Client::new(&app).always("Authorization", &format!("Bearer {token}"));
    let me = script.get_json("/api/v1/me");
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["email"], "script@example.org");
    assert!(
        me.json()["csrf_token"].is_null(),
        "no CSRF for token-authenticated calls"
    );
    // Writes with a token need no CSRF header.
    let revoked = script.delete(&format!("/api/v1/tokens/{id}"), &[]);
    assert_eq!(revoked.status, 204);
    let after = script.get_json("/api/v1/me");
    assert_eq!(after.status, 401);
    assert_eq!(
        after.header("content-type"),
        Some("application/problem+json")
    );

    let malformed = Client::new(&app).get_with("/api/v1/me", &[("Authorization", "Basic abc")]);
    assert_eq!(malformed.status, 401);
}

#[test]
fn tokens_are_created_and_revoked_from_the_account_page() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "page@example.org");
    let page = client.get("/account");
    let created = client.post_form(
        "/account/tokens",
        &[("csrf_token", &page.csrf_token()), ("label", "tableur")],
    );
    assert_eq!(created.status, 201);
    let token = extract_token(&created.body, "<code>").expect("the token is shown once");
    assert!(token.starts_with("cdr_"));
    let again = client.get("/account");
    assert!(again.body.contains("tableur"));
    assert!(!again.body.contains(&token), "never shown twice");
    // Another account cannot revoke it.
    let intruder = Client::new(&app);
    confirmed_citizen(&app, &intruder, "intruder@example.org");
    let intruder_page = intruder.get("/account");
    let start = again.body.find("/account/tokens/").unwrap();
    let action: String = again.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let refused = intruder.post_form(&action, &[("csrf_token", &intruder_page.csrf_token())]);
    assert_eq!(refused.status, 404);
    let script = Client::new(&app).always("Authorization", &format!("Bearer {token}"));
    assert_eq!(script.get_json("/api/v1/me").status, 200);
    let revoked = client.post_form(&action, &[("csrf_token", &again.csrf_token())]);
    assert_eq!(revoked.status, 303);
    assert_eq!(script.get_json("/api/v1/me").status, 401);
}
