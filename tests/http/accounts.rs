//! Registering, confirming, recovering, exporting and deleting an account.

use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::*;

#[test]
fn a_citizen_registers_confirms_signs_in_and_out_with_the_forms() {
    let app = spawn_app();
    let client = Client::new(&app);
    let reply = register_with_form(
        &client,
        "Camille.Martin@Example.org",
        "Camille Martin",
        PASSWORD,
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let landing = client.follow(&reply);
    assert!(
        landing.body.contains("class=\"flash\""),
        "a flash message tells what happened"
    );

    // The email is normalised and the link arrives in the outbox.
    let mail = app.wait_for_mail("camille.martin@example.org", 1).remove(0);
    assert!(
        mail.subject.contains("Confirmez"),
        "French by default: {}",
        mail.subject
    );
    assert!(mail.html.contains("/account/confirm?token="));
    let token = app.token_from_email("camille.martin@example.org", "/account/confirm?token=");
    let confirmed = client.get(&format!("/account/confirm?token={token}"));
    assert_eq!(confirmed.status, 303);
    assert!(client.follow(&confirmed).body.contains("confirmée"));

    let signed_in = login_with_form(&client, "camille.martin@example.org", PASSWORD);
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.location(), "/account");
    let account = client.get("/account");
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Camille Martin"));
    assert!(account.body.contains("Adresse confirmée"));

    let logout = client.post_form("/logout", &[("csrf_token", &account.csrf_token())]);
    assert_eq!(logout.status, 303);
    let after = client.get("/account");
    assert_eq!(
        after.status, 303,
        "signed out: the account page sends to sign-in"
    );
    assert!(after.location().starts_with("/login"));
}

#[test]
fn registration_refuses_bad_input_field_by_field() {
    let app = spawn_app();
    let client = Client::new(&app);
    let cases = [
        (
            json!({"email": "not-an-email", "display_name": "Jeanne", "password": PASSWORD}),
            "email",
        ),
        (
            json!({"email": "jeanne@example.org", "display_name": "Jeanne", "password": "court"}),
            "password",
        ),
        (
            json!({"email": "jeanne@example.org", "display_name": "Jeanne", "password": "motdepasse"}),
            "password",
        ),
        (
            json!({"email": "jeanne@example.org", "display_name": "Jeanne", "password": "qwertyuiop"}),
            "password",
        ),
        (
            json!({"email": "jeanne@example.org", "display_name": "J".repeat(81), "password": PASSWORD}),
            "display_name",
        ),
        (
            json!({"email": format!("{}@example.org", "j".repeat(250)), "display_name": "Jeanne", "password": PASSWORD}),
            "email",
        ),
        (
            json!({"email": "jeanne@example.org", "display_name": "Jeanne", "password": PASSWORD, "category": "lobby"}),
            "category",
        ),
    ];
    for (body, field) in cases {
        let reply = client.post_json("/api/v1/accounts", &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.body);
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json")
        );
        let errors = &reply.json()["errors"];
        assert!(
            errors[field].as_array().is_some_and(|a| !a.is_empty()),
            "{field} not reported: {}",
            reply.body
        );
    }
    // None of those created an account.
    assert_eq!(
        register(&client, "jeanne@example.org", "Jeanne", PASSWORD).status,
        201
    );
    // A known address answers exactly as a new one: nothing tells a
    // stranger whether Jeanne has an account; Jeanne hears of the attempt.
    let new_one = register(&client, "nouvelle@example.org", "Autre Jeanne", PASSWORD);
    let duplicate = register(&client, "JEANNE@example.org", "Autre Jeanne", PASSWORD);
    assert_eq!(duplicate.status, new_one.status);
    let shape = |r: &Reply| {
        let mut v = r.json();
        v["email"] = serde_json::Value::Null;
        v
    };
    assert_eq!(shape(&duplicate), shape(&new_one), "{}", duplicate.body);
    let page = register_with_form(&client, "jeanne@example.org", "Jeanne bis", PASSWORD);
    let fresh = register_with_form(&client, "encore@example.org", "Jeanne bis", PASSWORD);
    assert_eq!(
        (page.status, page.location()),
        (fresh.status, fresh.location())
    );
    let warned = app.wait_for_mail("jeanne@example.org", 3);
    let attempts: Vec<_> = warned
        .iter()
        .filter(|m| m.subject.contains("Tentative de création"))
        .collect();
    assert_eq!(attempts.len(), 2, "the owner hears of each attempt");
    assert!(attempts[0].text.contains("/password-reset"));
    assert!(
        !attempts[0].text.contains(PASSWORD),
        "a password is never sent back"
    );
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM users WHERE email = 'jeanne@example.org'"
        ),
        1
    );
}

#[test]
fn a_confirmation_link_works_once_and_not_after_48_hours() {
    let app = spawn_app();
    let client = Client::new(&app);
    register(&client, "louise@example.org", "Louise", PASSWORD);
    let token = app.token_from_email("louise@example.org", "/account/confirm?token=");

    let wrong = client.post_json("/api/v1/accounts/confirm", &json!({"token": "nope"}));
    assert_eq!(wrong.status, 422);
    assert!(wrong.json()["errors"]["token"].is_array());

    let ok = client.post_json("/api/v1/accounts/confirm", &json!({"token": token}));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["email_confirmed"], true);
    let again = client.post_json("/api/v1/accounts/confirm", &json!({"token": token}));
    assert_eq!(again.status, 422);
    assert!(again.body.contains("déjà été utilisé") || again.body.contains("already been used"));

    register(&client, "paul@example.org", "Paul", PASSWORD);
    let old = app.token_from_email("paul@example.org", "/account/confirm?token=");
    let db = app.db();
    db.conn()
        .map(|mut c| {
            diesel::sql_query("UPDATE email_tokens SET expires_at = created_at - INTERVAL '1 hour'")
                .execute(&mut *c)
                .or_else(|_| {
                    diesel::sql_query(
                        "UPDATE email_tokens SET expires_at = datetime(created_at, '-1 hour')",
                    )
                    .execute(&mut *c)
                })
                .expect("age the token")
        })
        .unwrap();
    let expired = client.get(&format!("/account/confirm?token={old}"));
    assert_eq!(expired.status, 422);
    assert!(expired.body.contains("expiré"), "{}", expired.body);
}

#[test]
fn password_reset_never_reveals_an_account_and_ends_every_session() {
    let app = spawn_app();
    let first = Client::new(&app);
    confirmed_citizen(&app, &first, "ines@example.org");

    let anonymous = Client::new(&app);
    let unknown = anonymous.post_json(
        "/api/v1/password-resets",
        &json!({"email": "nobody@example.org"}),
    );
    let known = anonymous.post_json(
        "/api/v1/password-resets",
        &json!({"email": "ines@example.org"}),
    );
    assert_eq!(unknown.status, 202);
    assert_eq!(
        (known.status, &known.body),
        (unknown.status, &unknown.body),
        "same answer either way"
    );
    // The form answers the same way too.
    let form = anonymous.get("/password-reset");
    let page_unknown = anonymous.post_form(
        "/password-reset",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", "nobody@example.org"),
        ],
    );
    assert_eq!(page_unknown.status, 303);

    let token = app.token_from_email("ines@example.org", "/password-reset/confirm?token=");
    assert!(app.outbox().iter().all(|m| m.to != "nobody@example.org"));
    let weak = anonymous.post_json(
        "/api/v1/password-resets/confirm",
        &json!({"token": token, "password": "password1"}),
    );
    assert_eq!(
        weak.status, 422,
        "a weak password is refused and the link still works"
    );
    let reset = anonymous.post_json(
        "/api/v1/password-resets/confirm",
        &json!({"token": token, "password": "Un-Nouveau-Mot-De-Passe"}),
    );
    assert_eq!(reset.status, 200, "{}", reset.body);

    assert_eq!(
        first.get_json("/api/v1/me").status,
        401,
        "the old session ended"
    );
    let old = anonymous.post_json(
        "/api/v1/session",
        &json!({"email": "ines@example.org", "password": PASSWORD}),
    );
    assert_eq!(old.status, 401);
    login_api(&anonymous, "ines@example.org", "Un-Nouveau-Mot-De-Passe");
    let reused = Client::new(&app).post_json(
        "/api/v1/password-resets/confirm",
        &json!({"token": token, "password": "Encore-Un-Autre-Mot"}),
    );
    assert_eq!(reused.status, 422, "a reset link is single-use");
}

#[test]
fn changing_the_password_ends_other_sessions_but_not_this_one() {
    let app = spawn_app();
    let laptop = Client::new(&app);
    let csrf = confirmed_citizen(&app, &laptop, "hugo@example.org");
    let phone = Client::new(&app);
    login_api(&phone, "hugo@example.org", PASSWORD);

    let wrong = laptop.send_json(
        "PUT",
        "/api/v1/me/password",
        &json!({"current_password": "pas le bon", "password": "Autre-Mot-De-Passe-1"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(wrong.status, 422);
    assert!(wrong.json()["errors"]["current_password"].is_array());

    let changed = laptop.send_json(
        "PUT",
        "/api/v1/me/password",
        &json!({"current_password": PASSWORD, "password": "Autre-Mot-De-Passe-1"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(changed.status, 204, "{}", changed.body);
    assert_eq!(laptop.get_json("/api/v1/me").status, 200);
    assert_eq!(phone.get_json("/api/v1/me").status, 401);
    let notice = app.wait_for_mail("hugo@example.org", 2);
    assert!(
        notice
            .iter()
            .any(|m| m.subject.contains("mot de passe a été modifié"))
    );
}

#[test]
fn a_citizen_downloads_their_data_then_deletes_their_account() {
    let app = spawn_app();
    let client = Client::new(&app);
    let csrf = confirmed_citizen(&app, &client, "zoe@example.org");

    let export = client.get_json("/api/v1/me/export");
    assert_eq!(export.status, 200);
    let data = export.json();
    assert_eq!(data["account"]["email"], "zoe@example.org");
    assert_eq!(data["account"]["display_name"], "Camille Martin");
    assert!(!data["emails_sent"].as_array().unwrap().is_empty());
    let page_export = client.get("/account/export");
    assert!(
        page_export
            .header("content-disposition")
            .unwrap()
            .contains("attachment")
    );

    let other_session = Client::new(&app);
    login_api(&other_session, "zoe@example.org", PASSWORD);
    let refused = client.delete("/api/v1/me", &[]);
    assert_eq!(
        refused.status, 403,
        "a cookie-authenticated write needs the CSRF header"
    );
    let deleted = client.delete_json(
        "/api/v1/me",
        &json!({"password": PASSWORD}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(deleted.status, 204);
    assert_eq!(client.get_json("/api/v1/me").status, 401);
    assert_eq!(
        other_session.get_json("/api/v1/me").status,
        401,
        "every session ends at once"
    );
    let again = Client::new(&app).post_json(
        "/api/v1/session",
        &json!({"email": "zoe@example.org", "password": PASSWORD}),
    );
    assert_eq!(again.status, 401);
    // The address is free again: nothing personal was kept.
    assert_eq!(
        register(&Client::new(&app), "zoe@example.org", "Zoé", PASSWORD).status,
        201
    );
}

#[test]
fn an_account_can_be_deleted_from_its_page_with_its_password() {
    let app = spawn_app();
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "leo@example.org");
    let page = client.get("/account");
    let wrong = client.post_form(
        "/account/delete",
        &[
            ("csrf_token", &page.csrf_token()),
            ("delete_password", "pas le bon"),
        ],
    );
    assert_eq!(wrong.status, 422);
    assert_eq!(client.get("/account").status, 200, "still there");
    let done = client.post_form(
        "/account/delete",
        &[
            ("csrf_token", &page.csrf_token()),
            ("delete_password", PASSWORD),
        ],
    );
    assert_eq!(done.status, 303);
    assert_eq!(client.get("/account").status, 303);
}

#[test]
fn emails_are_written_in_the_recipients_language() {
    let app = spawn_app();
    let client = Client::new(&app);
    let reply = client.post_json(
        "/api/v1/accounts",
        &json!({"email": "ada@example.org", "display_name": "Ada", "password": PASSWORD, "locale": "en"}),
    );
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["locale"], "en");
    let mail = app.wait_for_mail("ada@example.org", 1).remove(0);
    assert_eq!(mail.subject, "Confirm your email address");
    assert!(mail.text.contains("Hello Ada"));
    register(&client, "adele@example.org", "Adèle", PASSWORD);
    let mail = app.wait_for_mail("adele@example.org", 1).remove(0);
    assert_eq!(mail.subject, "Confirmez votre adresse électronique");
    assert!(mail.text.contains("Bonjour Adèle"));
}
