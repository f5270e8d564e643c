//! Registering signs in; sign-in and confirmation come back to where the
//! person was, never to another site; my contributions and my follows.

use serde_json::json;

use crate::helpers::*;

#[test]
fn registering_signs_in_and_comes_back_to_the_article() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let client = Client::new(&app);
    // The article's sign-in link carries it; so does the sign-up link.
    let page = client.get(&article);
    assert!(
        page.body
            .contains(&format!("register?next={}", article.replace('/', "%2F"))),
        "{}",
        page.body
    );
    let form = client.get(&format!("/register?next={}", article.replace('/', "%2F")));
    assert!(form.body.contains(&format!(
        "name=\"next\" value=\"{}\"",
        article.replace('/', "&#x2F;")
    )));
    // The hint is honest about what is shown.
    assert!(form.body.contains("pseudonyme propre à chaque texte"));
    let registered = client.post_form(
        "/register",
        &[
            ("csrf_token", &form.csrf_token()),
            ("email", "camille@example.fr"),
            ("display_name", "Camille Martin"),
            ("password", PASSWORD),
            ("category", "citizen"),
            ("next", &article),
        ],
    );
    assert_eq!(registered.status, 303, "{}", registered.body);
    assert_eq!(registered.location(), article);
    // Signed in: the account page shows, with its unconfirmed notice.
    let account = client.get("/account");
    assert_eq!(account.status, 200);
    assert!(account.body.contains("camille@example.fr"));
    assert!(account.body.contains("action=\"/account/confirmation\""));
    // Writing still waits for the confirmation.
    let csrf = account.csrf_token();
    let refused = client.send_json(
        "POST",
        &format!("/api/v1/bills/{}/contributions", c.slug),
        &json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Un argument avant confirmation."}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    // The link in the email comes back to the article.
    let token = app.token_from_email("camille@example.fr", "/account/confirm?token=");
    let mail = app.wait_for_mail("camille@example.fr", 1);
    assert!(
        mail[0]
            .text
            .contains(&format!("next={}", article.replace('/', "%2F"))),
        "{}",
        mail[0].text
    );
    let confirmed = client.get(&format!(
        "/account/confirm?token={token}&next={}",
        article.replace('/', "%2F")
    ));
    assert_eq!(confirmed.status, 303);
    assert_eq!(confirmed.location(), article);
    let allowed = client.send_json(
        "POST",
        &format!("/api/v1/bills/{}/contributions", c.slug),
        &json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Un argument après confirmation."}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(allowed.status, 201, "{}", allowed.body);
}

#[test]
fn an_address_already_registered_signs_nobody_in() {
    let app = spawn_app();
    let first = Client::new(&app);
    confirmed_citizen(&app, &first, "deja@example.fr");
    let other = Client::new(&app);
    let again = register_with_form(&other, "deja@example.fr", "Quelqu'un", PASSWORD);
    assert_eq!(
        (again.status, again.location()),
        (303, "/account"),
        "the same answer as for a new address"
    );
    let account = other.get("/account");
    assert_eq!(
        account.status, 303,
        "not signed in to someone else's account"
    );
    assert!(account.location().starts_with("/login"));
}

#[test]
fn sign_in_returns_to_a_local_path_and_never_to_another_site() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let article = format!("/bills/{}/articles/{}", c.slug, c.articles[0]);
    let setup = Client::new(&app);
    confirmed_citizen(&app, &setup, "lea@example.fr");
    let sign_in = |next: Option<&str>| {
        let client = Client::new(&app);
        let form = client.get("/login");
        let mut fields = vec![
            ("csrf_token", form.csrf_token()),
            ("email", "lea@example.fr".to_string()),
            ("password", PASSWORD.to_string()),
        ];
        if let Some(n) = next {
            fields.push(("next", n.to_string()));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = client.post_form("/login", &fields);
        assert_eq!(reply.status, 303, "{}", reply.body);
        reply.location().to_string()
    };
    assert_eq!(sign_in(Some(&article)), article);
    assert_eq!(sign_in(None), "/account");
    for evil in [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "/%0d%0aLocation: https://evil.example",
        "javascript:alert(1)",
    ] {
        let to = sign_in(Some(evil));
        assert_eq!(to, "/", "{evil:?} led to {to:?}");
    }
    // The login page's own link carries the next only when it is local.
    let form = Client::new(&app).get("/login?next=%2F%2Fevil.example");
    assert!(!form.body.contains("name=\"next\""), "{}", form.body);
    assert!(form.body.contains("href=\"&#x2F;register\""));
    // Confirming signed out leads to the sign-in, which comes back.
    let client = Client::new(&app);
    let registered = register_with_form(&client, "noe@example.fr", "Noé", PASSWORD);
    assert_eq!(registered.status, 303);
    let signed_out = Client::new(&app);
    let token = app.token_from_email("noe@example.fr", "/account/confirm?token=");
    let confirmed = signed_out.get(&format!(
        "/account/confirm?token={token}&next=%2F%2Fevil.example"
    ));
    assert_eq!(confirmed.status, 303);
    assert_eq!(confirmed.location(), "/login");
}

#[test]
fn my_contributions_and_follows_are_listed_page_by_page() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let client = Client::new(&app);
    let csrf = confirmed_citizen(&app, &client, "auteur@example.fr");
    let write = |body: String| {
        let reply = client.send_json(
            "POST",
            &format!("/api/v1/bills/{}/contributions", c.slug),
            &json!({"kind": "argument", "article_id": c.articles[1], "stance": "against", "body": body}),
            &[("X-CSRF-Token", &csrf)],
        );
        created_id(&reply)
    };
    let ids: Vec<i64> = (1..=21)
        .map(|n| {
            write(format!(
                "Mon argument numéro {n} sur les données de référence."
            ))
        })
        .collect();
    let withdrawn = ids[0];
    let gone = client.delete(
        &format!("/api/v1/contributions/{withdrawn}"),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(gone.status, 204);
    let other = citizen(&app, "autre@example.fr");
    argument(&other, &c, "Un argument de quelqu'un d'autre.");

    let account = client.get("/account");
    assert!(account.body.contains("href=\"/account/contributions\""));
    assert!(account.body.contains("href=\"/account/follows\""));
    let first = client.get("/account/contributions");
    assert_eq!(first.status, 200);
    assert!(first.body.contains("numéro 21 "));
    assert!(first.body.contains("Article 2"), "the article is named");
    assert!(first.body.contains("(Contre)"), "the stance is named");
    assert!(!first.body.contains("quelqu&#x27;un d&#x27;autre"));
    assert!(!first.body.contains("numéro 1 "), "20 a page, newest first");
    let next = format!("/account/contributions?before={}", ids[1]);
    assert!(first.body.contains(&next), "{}", first.body);
    let second = client.get(&next);
    assert!(
        second.body.contains("retirée"),
        "the withdrawn one is listed as such"
    );
    assert!(!second.body.contains("/account/contributions?before="));

    // Follows: none, then the one followed.
    let none = client.get("/account/follows");
    assert!(none.body.contains("aucune consultation"));
    let follow = client.send_json(
        "POST",
        &format!("/api/v1/bills/{}/follow", c.slug),
        &json!({}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert!(follow.status < 300, "{}", follow.body);
    let follows = client.get("/account/follows");
    assert!(
        follows
            .body
            .contains(&format!("href=\"/bills/{}\"", c.slug))
    );
    assert!(follows.body.contains("suivie depuis le"));

    // Signed out, both lead to the sign-in.
    for path in [
        "/account/contributions",
        "/account/follows",
        "/account/tokens",
    ] {
        let reply = Client::new(&app).get(path);
        assert_eq!(reply.status, 303, "{path}");
        assert!(reply.location().starts_with("/login?next="), "{path}");
    }
}
