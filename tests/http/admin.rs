//! Roles: the command line, the admin page and the API.

use serde_json::json;

use crate::helpers::*;

fn admin_app() -> (TestApp, Client) {
    let app = spawn_app();
    let (admin, _) = signed_in(&app, "alix@example.org", "admin");
    (app, admin)
}

#[test]
fn the_cli_creates_confirmed_accounts_and_refuses_bad_input() {
    let (app, admin) = admin_app();
    let me = admin.get_json("/api/v1/me").json();
    assert_eq!(me["role"], "admin");
    assert_eq!(me["email_confirmed"], true);
    let weak = create_user_with_cli(&app, "b@example.org", "sponsor", "short");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let role = create_user_with_cli(&app, "b@example.org", "king", PASSWORD);
    assert!(!role.status.success());
    assert!(String::from_utf8_lossy(&role.stderr).contains("unknown role"));
}

#[test]
fn only_admins_list_accounts_and_change_roles() {
    let (app, admin) = admin_app();
    let citizen = Client::new(&app);
    let citizen_csrf = confirmed_citizen(&app, &citizen, "cyril@example.org");
    let cyril_id = citizen.get_json("/api/v1/me").json()["id"]
        .as_i64()
        .unwrap();

    // A citizen is refused everywhere.
    assert_eq!(citizen.get_json("/api/v1/users").status, 403);
    assert_eq!(citizen.get("/admin").status, 403);
    let refused = citizen.send_json(
        "PUT",
        &format!("/api/v1/users/{cyril_id}/role"),
        &json!({"role": "admin"}),
        &[("X-CSRF-Token", &citizen_csrf)],
    );
    assert_eq!(refused.status, 403);
    // A visitor is asked to sign in.
    assert_eq!(Client::new(&app).get_json("/api/v1/users").status, 401);
    assert_eq!(Client::new(&app).get("/admin").status, 303);

    let admin_csrf = admin.get_json("/api/v1/me").json()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let list = admin.get_json("/api/v1/users?limit=1");
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 1);
    let cursor = list.json()["next_cursor"].as_str().unwrap().to_string();
    let next = admin
        .get_json(&format!("/api/v1/users?limit=1&cursor={cursor}"))
        .json();
    assert_eq!(next["items"][0]["email"], "cyril@example.org");
    assert_eq!(admin.get_json("/api/v1/users?limit=500").status, 422);

    let changed = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{cyril_id}/role"),
        &json!({"role": "moderator"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        citizen.get_json("/api/v1/me").json()["role"],
        "moderator",
        "effective at once"
    );
    let bad = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{cyril_id}/role"),
        &json!({"role": "king"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(bad.status, 422);
    let missing = admin.send_json(
        "PUT",
        "/api/v1/users/999999/role",
        &json!({"role": "sponsor"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(missing.status, 404);
    let admin_id = admin.get_json("/api/v1/me").json()["id"].as_i64().unwrap();
    let demote_self = admin.send_json(
        "PUT",
        &format!("/api/v1/users/{admin_id}/role"),
        &json!({"role": "citizen"}),
        &[("X-CSRF-Token", &admin_csrf)],
    );
    assert_eq!(demote_self.status, 403);

    // The admin page lists accounts and changes roles with a form.
    let page = admin.get("/admin");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("cyril@example.org"));
    let done = admin.post_form(
        &format!("/admin/users/{cyril_id}/role"),
        &[("csrf_token", &page.csrf_token()), ("role", "sponsor")],
    );
    assert_eq!(done.status, 303);
    assert_eq!(citizen.get_json("/api/v1/me").json()["role"], "sponsor");
}
