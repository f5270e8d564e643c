//! The charter, legal notice, privacy policy and accessibility statement;
//! the icon and robots.txt.

use crate::helpers::*;

#[test]
fn the_expected_pages_show_defaults_and_admins_edit_them() {
    let app = spawn_app();
    let visitor = Client::new(&app);
    let home = visitor.get("/");
    for slug in ["charter", "legal-notice", "privacy", "accessibility"] {
        assert!(
            home.body.contains(&format!("href=\"/pages/{slug}\"")),
            "{slug} in the footer"
        );
        let page = visitor.get(&format!("/pages/{slug}"));
        assert_eq!(page.status, 200, "{slug}");
        assert!(page.body.contains("<h1>"), "{slug}");
    }
    let rgaa = visitor.get("/pages/accessibility").body;
    assert!(rgaa.contains("partiellement conforme") && rgaa.contains("Aucun audit"));
    let english = Client::new(&app).always("Accept-Language", "en");
    assert!(
        english
            .get("/pages/charter")
            .body
            .contains("Participation charter")
    );
    assert_eq!(visitor.get("/pages/nothing").status, 404);

    // A citizen may not edit; signed out, the sign-in comes first.
    let citizen_client = Client::new(&app);
    confirmed_citizen(&app, &citizen_client, "citoyen@example.fr");
    assert_eq!(citizen_client.get("/admin/pages").status, 403);
    let account = citizen_client.get("/account");
    let refused = citizen_client.post_form(
        "/admin/pages/charter/fr",
        &[("csrf_token", &account.csrf_token()), ("body", "# Piraté")],
    );
    assert_eq!(refused.status, 403);
    assert_eq!(Client::new(&app).get("/admin/pages").status, 303);

    // The admin edits the French charter; the English one keeps its default.
    let (admin, _) = signed_in(&app, "admin@example.org", "admin");
    let list = admin.get("/admin/pages");
    assert_eq!(list.status, 200);
    assert!(list.body.contains("href=\"/admin/pages/charter/fr\""));
    let form = admin.get("/admin/pages/charter/fr");
    assert!(form.body.contains("Charte de participation"));
    let empty = admin.post_form(
        "/admin/pages/charter/fr",
        &[("csrf_token", &form.csrf_token()), ("body", "  ")],
    );
    assert_eq!(empty.status, 422, "{}", empty.body);
    let saved = admin.post_form(
        "/admin/pages/charter/fr",
        &[
            ("csrf_token", &form.csrf_token()),
            (
                "body",
                "# Notre charte\n\nSoyez **courtois**.<script>alert(1)</script>",
            ),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let charter = visitor.get("/pages/charter").body;
    assert!(charter.contains("<h1>Notre charte</h1>"));
    assert!(charter.contains("<strong>courtois</strong>"));
    assert!(!charter.contains("<script>alert"));
    assert!(charter.contains("Mis à jour le"));
    assert!(
        english
            .get("/pages/charter")
            .body
            .contains("Participation charter")
    );
    // Audited like other admin acts.
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'page.edit' AND reason = 'charter (fr)'"
        ),
        1
    );
    // Saved again: one row, the newer text.
    let again = admin.post_form(
        "/admin/pages/charter/fr",
        &[("csrf_token", &form.csrf_token()), ("body", "# Charte v2")],
    );
    assert_eq!(again.status, 303);
    assert!(visitor.get("/pages/charter").body.contains("Charte v2"));
    assert_eq!(count_sql(&app, "SELECT COUNT(*) AS n FROM site_pages"), 1);
}

#[test]
fn the_icon_and_robots_txt_are_served() {
    let app = spawn_app();
    let visitor = Client::new(&app);
    let home = visitor.get("/");
    assert!(home.body.contains("rel=\"icon\""));
    let icon = visitor.get("/favicon.ico");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    assert!(icon.header("cache-control").unwrap().contains("max-age="));
    assert!(icon.body.starts_with("<svg"));
    let robots = visitor.get("/robots.txt");
    assert_eq!(robots.status, 200);
    assert!(
        robots
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    for line in [
        "Allow: /",
        "Disallow: /account",
        "Disallow: /admin",
        "Disallow: /api/",
    ] {
        assert!(robots.body.lines().any(|l| l == line), "{line}");
    }
    assert!(
        !robots.body.lines().any(|l| l == "Disallow: /bills/"),
        "bills stay open"
    );
}
