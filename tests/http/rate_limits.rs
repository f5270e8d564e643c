//! Guessing is slowed per account and per address; a full room behind one
//! address is not.

use serde_json::json;

use crate::helpers::*;

#[test]
fn failed_logins_are_limited_per_account_with_retry_after() {
    let app = spawn_app_with(&[("CODRAFT_LOGIN_FAILURES_PER_ACCOUNT", "3")]);
    let client = Client::new(&app);
    confirmed_citizen(&app, &client, "target@example.org");
    let attacker = Client::new(&app);
    for _ in 0..3 {
        let r = attacker.post_json(
            "/api/v1/session",
            &json!({"email": "target@example.org", "password": "guess guess"}),
        );
        assert_eq!(r.status, 401);
    }
    let limited = attacker.post_json(
        "/api/v1/session",
        &json!({"email": "target@example.org", "password": PASSWORD}),
    );
    assert_eq!(limited.status, 429, "even the right password waits");
    let retry: u64 = limited
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900);
    assert_eq!(
        limited.header("content-type"),
        Some("application/problem+json")
    );
    // Another account from the same address is unaffected.
    confirmed_citizen(&app, &Client::new(&app), "other@example.org");
    let page = login_with_form(&attacker, "target@example.org", PASSWORD);
    assert_eq!(page.status, 429);
    assert!(page.body.contains("Trop de tentatives"));
}

#[test]
fn failed_logins_are_limited_per_address_more_generously() {
    let app = spawn_app_with(&[
        ("CODRAFT_LOGIN_FAILURES_PER_ACCOUNT", "3"),
        ("CODRAFT_LOGIN_FAILURES_PER_ADDRESS", "6"),
    ]);
    let client = Client::new(&app);
    for i in 0..6 {
        let r = client.post_json(
            "/api/v1/session",
            &json!({"email": format!("nobody{i}@example.org"), "password": "guess guess"}),
        );
        assert_eq!(r.status, 401);
    }
    let limited = client.post_json(
        "/api/v1/session",
        &json!({"email": "nobody99@example.org", "password": "guess guess"}),
    );
    assert_eq!(limited.status, 429);
}

/// A town-hall meeting: a hundred people on one network register, confirm
/// and sign in within minutes, a few of them mistyping their password.
#[test]
fn a_room_of_a_hundred_people_behind_one_address_is_never_refused() {
    let app = spawn_app();
    let people: Vec<String> = (0..100)
        .map(|i| format!("habitant{i}@mairie-exemple.fr"))
        .collect();
    std::thread::scope(|scope| {
        for chunk in people.chunks(25) {
            let app = &app;
            scope.spawn(move || {
                for email in chunk {
                    let client = Client::new(app);
                    let reply = register(&client, email, "Habitant", PASSWORD);
                    assert_eq!(reply.status, 201, "{email}: {}", reply.body);
                }
            });
        }
    });
    std::thread::scope(|scope| {
        for (n, chunk) in people.chunks(25).enumerate() {
            let app = &app;
            scope.spawn(move || {
                for (i, email) in chunk.iter().enumerate() {
                    let client = Client::new(app);
                    let token = app.token_from_email(email, "/account/confirm?token=");
                    let confirmed =
                        client.post_json("/api/v1/accounts/confirm", &json!({"token": token}));
                    assert_eq!(confirmed.status, 200, "{email}: {}", confirmed.body);
                    if (n + i) % 7 == 0 {
                        let typo = client.post_json(
                            "/api/v1/session",
                            &json!({"email": email, "password": "Quinze-Articles-2025!"}),
                        );
                        assert_eq!(typo.status, 401);
                    }
                    let signed_in = client.post_json(
                        "/api/v1/session",
                        &json!({"email": email, "password": PASSWORD}),
                    );
                    assert_eq!(signed_in.status, 200, "{email}: {}", signed_in.body);
                }
            });
        }
    });
}

#[test]
fn parallel_guesses_meet_the_limit_and_the_owner_still_signs_in_elsewhere() {
    let app = spawn_app_with(&[
        ("CODRAFT_LOGIN_FAILURES_PER_ACCOUNT", "10"),
        ("CODRAFT_TRUST_PROXY", "true"),
        ("CODRAFT_WORKERS", "4"),
    ]);
    confirmed_citizen(&app, &Client::new(&app), "target@example.org");
    let attacker = Client::new(&app).always("X-Forwarded-For", "203.0.113.7");
    let barrier = std::sync::Barrier::new(40);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..40)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    attacker
                        .post_json(
                            "/api/v1/session",
                            &json!({"email": "target@example.org", "password": "guess guess"}),
                        )
                        .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let tried = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        (tried, limited),
        (10, 30),
        "40 parallel guesses against a limit of 10: {statuses:?}"
    );
    // The failing address stays locked out, even with the right password…
    let again = attacker.post_json(
        "/api/v1/session",
        &json!({"email": "target@example.org", "password": PASSWORD}),
    );
    assert_eq!(again.status, 429);
    // …but the owner, from an address that did not fail, signs in.
    let owner = Client::new(&app).always("X-Forwarded-For", "198.51.100.20");
    let mine = owner.post_json(
        "/api/v1/session",
        &json!({"email": "target@example.org", "password": PASSWORD}),
    );
    assert_eq!(mine.status, 200, "{}", mine.body);
}

/// Two instances behind one proxy share one database: each limit holds
/// across both, not once per instance.
#[test]
fn two_instances_on_one_database_enforce_one_limit() {
    let settings = [
        ("CODRAFT_LOGIN_FAILURES_PER_ACCOUNT", "3"),
        ("CODRAFT_REGISTRATIONS_PER_ADDRESS", "4"),
        ("CODRAFT_PASSWORD_RESETS_PER_ADDRESS", "2"),
    ];
    let first = spawn_app_with(&settings);
    let second = spawn_sibling(&first, &settings);
    let (on_first, on_second) = (Client::new(&first), Client::new(&second));

    // Sign-in failures alternate between the instances: the fourth is
    // refused, even with the right password.
    confirmed_citizen(&first, &Client::new(&first), "target@example.org");
    for attacker in [&on_first, &on_second, &on_first] {
        let r = attacker.post_json(
            "/api/v1/session",
            &json!({"email": "target@example.org", "password": "guess guess"}),
        );
        assert_eq!(r.status, 401, "{}", r.body);
    }
    let refused = on_second.post_json(
        "/api/v1/session",
        &json!({"email": "target@example.org", "password": PASSWORD}),
    );
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.header("retry-after").is_some());

    // Registrations from one address: one was made above, three more pass
    // across the two instances, then both refuse, and the refused one
    // creates nothing.
    for (i, client) in [&on_second, &on_first, &on_second].into_iter().enumerate() {
        let r = register(client, &format!("r{i}@example.org"), "Inscrit", PASSWORD);
        assert_eq!(r.status, 201, "{}", r.body);
    }
    for client in [&on_first, &on_second] {
        let r = register(client, "late@example.org", "Retard", PASSWORD);
        assert_eq!(r.status, 429, "{}", r.body);
    }
    assert_eq!(
        count_sql(
            &first,
            "SELECT COUNT(*) AS n FROM users WHERE email = 'late@example.org'"
        ),
        0
    );

    // Reset requests per address.
    for client in [&on_first, &on_second] {
        let r = client.post_json(
            "/api/v1/password-resets",
            &json!({"email": "target@example.org"}),
        );
        assert_eq!(r.status, 202, "{}", r.body);
    }
    let r = on_first.post_json(
        "/api/v1/password-resets",
        &json!({"email": "target@example.org"}),
    );
    assert_eq!(r.status, 429, "{}", r.body);
}

#[test]
fn a_session_made_on_one_instance_works_on_the_other() {
    let first = spawn_app();
    let second = spawn_sibling(&first, &[]);
    let client = Client::new(&first);
    confirmed_citizen(&first, &client, "both@example.org");
    let me = client.to(&second).get_json("/api/v1/me");
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["email"], "both@example.org");
}
