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
        &json!({"email": "script@example.org", "password": PASSWORD, "label": "mon script", "scope": "read-write"}),
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
fn tokens_are_created_and_revoked_from_their_own_page() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "page@example.org");
    let account = client.get("/account");
    assert!(account.body.contains("href=\"/account/tokens\""));
    assert!(
        !account.body.contains("name=\"scope\""),
        "tokens are no longer among the account settings"
    );
    let page = client.get("/account/tokens");
    assert_eq!(page.status, 200);
    let created = client.post_form(
        "/account/tokens",
        &[("csrf_token", &page.csrf_token()), ("label", "tableur")],
    );
    assert_eq!(created.status, 201);
    let token = extract_token(&created.body, "<code>").expect("the token is shown once");
    assert!(token.starts_with("cdr_"));
    let again = client.get("/account/tokens");
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
    assert_eq!(revoked.header("location"), Some("/account/tokens"));
    assert_eq!(script.get_json("/api/v1/me").status, 401);
}

/// A personal token of the account, made through the API with `scope`
/// (none: the default).
fn make_token(app: &TestApp, email: &str, password: &str, scope: Option<&str>) -> Client {
    let mut body = json!({"email": email, "password": password, "label": "script"});
    if let Some(s) = scope {
        body["scope"] = json!(s);
    }
    let created = Client::new(app).post_json("/api/v1/tokens", &body);
    assert_eq!(created.status, 201, "{}", created.body);
    let token = created.json()["token"].as_str().unwrap().to_string();
    Client::new(app).always("Authorization", &format!("Bearer {token}"))
}

fn can_sign_in(app: &TestApp, email: &str, password: &str) -> bool {
    Client::new(app)
        .post_json(
            "/api/v1/session",
            &json!({"email": email, "password": password}),
        )
        .status
        == 200
}

#[test]
fn a_password_change_revokes_the_accounts_tokens() {
    let app = spawn_app();
    let browser = Client::new(&app);
    let csrf = confirmed_citizen(&app, &browser, "change@example.org");
    let old = make_token(&app, "change@example.org", PASSWORD, Some("read-write"));
    assert_eq!(old.get_json("/api/v1/me").status, 200);

    // Through the API...
    let new_password = "Un-Autre-Secret-2027!";
    let changed = browser.send_json(
        "PUT",
        "/api/v1/me/password",
        &json!({"current_password": PASSWORD, "password": new_password}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(changed.status, 204, "{}", changed.body);
    let after = old.get_json("/api/v1/me");
    assert_eq!(after.status, 401, "whoever knew the old password made it");
    assert_eq!(
        after.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        browser.get_json("/api/v1/me").status,
        200,
        "this session stays"
    );

    // ...and through the account page.
    let another = make_token(&app, "change@example.org", new_password, None);
    assert_eq!(another.get_json("/api/v1/me").status, 200);
    let page = browser.get("/account");
    let changed = browser.post_form(
        "/account/password",
        &[
            ("csrf_token", &page.csrf_token()),
            ("current_password", new_password),
            ("password", "Encore-Un-Autre-2028!"),
        ],
    );
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(another.get_json("/api/v1/me").status, 401);
}

#[test]
fn deleting_the_account_with_a_token_needs_its_password() {
    let app = spawn_app();
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "leaked@example.org");
    let script = make_token(&app, "leaked@example.org", PASSWORD, Some("read-write"));

    let without = script.delete("/api/v1/me", &[]);
    let wrong = script.delete_json("/api/v1/me", &json!({"password": "pas le bon"}), &[]);
    let empty = script.delete_json("/api/v1/me", &json!({}), &[]);
    for (refused, what) in [(&without, "no body"), (&wrong, "wrong"), (&empty, "empty")] {
        assert_eq!(refused.status, 422, "{what}: {}", refused.body);
        assert_eq!(
            refused.header("content-type"),
            Some("application/problem+json"),
            "{what}"
        );
        // In the reader's language: French by default.
        let message = refused.json()["errors"]["password"][0]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        assert!(message.contains("mot de passe"), "{what}: {}", refused.body);
    }
    assert!(
        without.json()["errors"]["password"][0]
            .as_str()
            .unwrap()
            .contains("mot de passe actuel")
    );
    assert_eq!(script.get_json("/api/v1/me").status, 200, "still there");
    assert!(can_sign_in(&app, "leaked@example.org", PASSWORD));

    // A read-only token cannot delete the account, even with the password.
    let reader = make_token(&app, "leaked@example.org", PASSWORD, Some("read"));
    let refused = reader.delete_json("/api/v1/me", &json!({"password": PASSWORD}), &[]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(can_sign_in(&app, "leaked@example.org", PASSWORD));

    let deleted = script.delete_json("/api/v1/me", &json!({"password": PASSWORD}), &[]);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(script.get_json("/api/v1/me").status, 401);
    assert!(!can_sign_in(&app, "leaked@example.org", PASSWORD));
}

#[test]
fn a_read_token_reads_and_only_a_read_write_token_writes() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "lectrice@example.org");
    let reader = make_token(&app, "lectrice@example.org", PASSWORD, None);
    let writer = make_token(&app, "lectrice@example.org", PASSWORD, Some("read-write"));
    let article = c.articles[0];

    // Reads.
    let me = reader.get_json("/api/v1/me");
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["token_scope"], "read", "read-only by default");
    assert_eq!(
        writer.get_json("/api/v1/me").json()["token_scope"],
        "read-write"
    );
    assert_eq!(
        reader
            .get_json(&format!("/api/v1/bills/{}/contributions", c.slug))
            .status,
        200
    );

    // Writes: refused with a message that says why, and nothing written.
    let vote = reader.send_json(
        "PUT",
        &format!("/api/v1/articles/{article}/vote"),
        &json!({"value": "agree"}),
        &[],
    );
    let contribution = contribute(
        &reader,
        &c.slug,
        json!({"kind": "argument", "article_id": article, "stance": "for", "body": "Écrit avec un jeton de lecture."}),
    );
    let follow = reader.post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}));
    for refused in [&vote, &contribution, &follow] {
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert_eq!(
            refused.header("content-type"),
            Some("application/problem+json")
        );
        assert!(
            refused.json()["detail"]
                .as_str()
                .unwrap()
                .contains("lecture seule"),
            "{}",
            refused.body
        );
    }
    assert_eq!(count_sql(&app, "SELECT COUNT(*) AS n FROM votes"), 0);
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM contributions"),
        0
    );

    // A read-write token writes.
    let vote = writer.send_json(
        "PUT",
        &format!("/api/v1/articles/{article}/vote"),
        &json!({"value": "agree"}),
        &[],
    );
    assert_eq!(vote.status, 200, "{}", vote.body);
    let id = created_id(&contribute(
        &writer,
        &c.slug,
        json!({"kind": "argument", "article_id": article, "stance": "for", "body": "Écrit avec un jeton d'écriture."}),
    ));
    assert!(id > 0);

    // Moderation too: a moderator's read token reads the queue, acts not.
    let (moderator, _) = signed_in(&app, "moderatrice@example.org", "moderator");
    drop(moderator);
    let mod_reader = make_token(&app, "moderatrice@example.org", PASSWORD, Some("read"));
    assert_eq!(mod_reader.get_json("/api/v1/moderation/queue").status, 200);
    let act = moderate(&mod_reader, id, "hide", "Hors sujet");
    assert_eq!(act.status, 403, "{}", act.body);
    let mod_writer = make_token(
        &app,
        "moderatrice@example.org",
        PASSWORD,
        Some("read-write"),
    );
    assert_eq!(moderate(&mod_writer, id, "hide", "Hors sujet").status, 200);

    // An unknown scope is a field error.
    let bad = Client::new(&app).post_json(
        "/api/v1/tokens",
        &json!({"email": "lectrice@example.org", "password": PASSWORD, "label": "x", "scope": "admin"}),
    );
    assert_eq!(bad.status, 422);
    assert!(bad.json()["errors"]["scope"].is_array(), "{}", bad.body);
}

#[test]
fn the_account_page_makes_read_only_tokens_unless_asked_and_lists_the_scope() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "page-scope@example.org");
    let page = client.get("/account/tokens");
    assert!(page.body.contains("name=\"scope\" value=\"read\" checked"));
    let made = client.post_form(
        "/account/tokens",
        &[("csrf_token", &page.csrf_token()), ("label", "lecture")],
    );
    assert_eq!(made.status, 201);
    let reader = extract_token(&made.body, "<code>").unwrap();
    let made = client.post_form(
        "/account/tokens",
        &[
            ("csrf_token", &page.csrf_token()),
            ("label", "ecriture"),
            ("scope", "read-write"),
        ],
    );
    assert_eq!(made.status, 201);
    let writer = extract_token(&made.body, "<code>").unwrap();
    let bad = client.post_form(
        "/account/tokens",
        &[
            ("csrf_token", &page.csrf_token()),
            ("label", "x"),
            ("scope", "everything"),
        ],
    );
    assert_eq!(bad.status, 422);

    let list = client.get("/account/tokens").body;
    assert!(
        list.contains("lecture seule") && list.contains("lecture et écriture"),
        "{list}"
    );
    let scopes = client.get_json("/api/v1/me/export").json()["api_tokens"].clone();
    assert_eq!(scopes[0]["scope"], "read");
    assert_eq!(scopes[1]["scope"], "read-write");
    for (token, expected) in [(reader, "read"), (writer, "read-write")] {
        let script = Client::new(&app).always("Authorization", &format!("Bearer {token}"));
        assert_eq!(
            script.get_json("/api/v1/me").json()["token_scope"],
            expected
        );
    }
}
