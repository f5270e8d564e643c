//! Participation: every kind of contribution, votes, lists, search.

use serde_json::{Value, json};

use crate::helpers::*;

fn article(client: &Client, id: i64) -> Value {
    client.get_json(&format!("/api/v1/articles/{id}")).json()
}

#[test]
fn every_kind_is_created_edited_and_withdrawn() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let a1 = c.articles[0];

    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "La transparence renforce la confiance dans l'administration."}),
    ));
    let amendment = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "body": "Préciser le format.", "proposed_text": "Les administrations diffusent en ligne, dans un format ouvert, les documents et les données qu'elles produisent."}),
    ));
    let deletion = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[1], "body": "Article inutile.", "deletes_article": true}),
    ));
    let proposal = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "proposal", "title": "Droit à la portabilité", "body": "Les citoyens doivent récupérer leurs données.", "proposed_text": "Tout usager peut récupérer ses données.", "after_article_id": c.articles[1]}),
    ));
    let source = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "source", "article_id": a1, "title": "Loi CADA", "url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000339241", "body": "La loi de 1978."}),
    ));
    let reply = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "parent_id": amendment, "stance": "against", "body": "Le format ouvert est déjà imposé ailleurs."}),
    ));
    let reply_source = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "source", "parent_id": proposal, "title": "RGPD article 20", "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj"}),
    ));

    // Counters follow.
    let a = article(&alice, a1);
    assert_eq!(
        a["counts"],
        json!({"arguments": 1, "amendments": 1, "sources": 1})
    );
    let amendment_view = alice
        .get_json(&format!("/api/v1/contributions/{amendment}"))
        .json();
    assert_eq!(amendment_view["counts"]["arguments"], 1);
    assert_eq!(amendment_view["article_version"], 1);
    let bill = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}", c.slug))
        .json();
    assert_eq!(
        bill["participation"],
        json!({"participants": 1, "contributions": 7, "proposals": 1, "votes": 0})
    );
    assert!(deletion > 0 && reply > 0 && reply_source > 0);

    // The amendment's page shows the word diff and the reply.
    let page = Client::new(&app).get(&format!("/contributions/{amendment}"));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<ins>") && page.body.contains("format ouvert"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Le format ouvert est déjà imposé ailleurs.")
    );
    // The article page lists them by kind.
    let article_page = Client::new(&app).get(&format!("/bills/{}/articles/{a1}", c.slug));
    assert!(
        article_page
            .body
            .contains("La transparence renforce la confiance")
    );
    assert!(article_page.body.contains("Loi CADA"));

    // Edit: the earlier text is kept, "edited" shown.
    let edited = alice.send_json(
        "PATCH",
        &format!("/api/v1/contributions/{argument}"),
        &json!({"body": "La transparence renforce durablement la confiance."}),
        &[],
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert!(edited.json()["edited_at"].is_string());
    assert_eq!(
        alice
            .send_json(
                "PATCH",
                &format!("/api/v1/contributions/{argument}"),
                &json!({"body": "La transparence renforce durablement la confiance."}),
                &[]
            )
            .status,
        422
    );
    // Only the author edits or withdraws.
    let bob = citizen(&app, "bob@example.org");
    assert_eq!(
        bob.send_json(
            "PATCH",
            &format!("/api/v1/contributions/{argument}"),
            &json!({"body": "Piraté"}),
            &[]
        )
        .status,
        403
    );
    assert_eq!(
        bob.delete(&format!("/api/v1/contributions/{argument}"), &[])
            .status,
        403
    );

    // Withdraw: a placeholder stays, counts drop, votes are refused.
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{source}"), &[])
            .status,
        204
    );
    let withdrawn = Client::new(&app)
        .get_json(&format!("/api/v1/contributions/{source}"))
        .json();
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["body"], "");
    assert!(withdrawn["url"].is_null());
    assert_eq!(article(&alice, a1)["counts"]["sources"], 0);
    let vote = bob.send_json(
        "PUT",
        &format!("/api/v1/contributions/{source}/vote"),
        &json!({"value": "support"}),
        &[],
    );
    assert_eq!(vote.status, 409);
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{source}"), &[])
            .status,
        409
    );
    let page = Client::new(&app).get(&format!("/contributions/{source}"));
    assert!(page.body.contains("Contribution retirée par son auteur."));
    assert!(!page.body.contains("legifrance"));
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_created() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let a1 = c.articles[0];
    let field_error = |reply: Reply, field: &str| {
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(
            reply.json()["errors"][field].is_array(),
            "{field}: {}",
            reply.body
        );
    };
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "source", "article_id": a1, "title": "Une source", "url": "javascript:alert(1)"}),
        ),
        "url",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "source", "article_id": a1, "title": "Une source", "url": "pas une adresse"}),
        ),
        "url",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "x".repeat(2001)}),
        ),
        "body",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "body": "Sans position."}),
        ),
        "stance",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "proposal", "title": "T".repeat(301), "body": "Motifs.", "proposed_text": "Texte."}),
        ),
        "title",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "amendment", "article_id": a1, "body": "Rien ne change.", "proposed_text": "Les administrations diffusent en ligne les documents et les données qu'elles produisent."}),
        ),
        "proposed_text",
    );
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "amendment", "body": "Sans article.", "proposed_text": "Texte"}),
        ),
        "article_id",
    );
    field_error(
        contribute(&alice, &c.slug, json!({"kind": "petition", "body": "?"})),
        "kind",
    );
    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Un argument."}),
    ));
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "parent_id": argument, "stance": "for", "body": "Réponse à un argument."}),
        ),
        "parent_id",
    );
    // An article of another bill.
    field_error(
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": 999_999, "stance": "for", "body": "Ailleurs."}),
        ),
        "article_id",
    );
    // Malformed JSON is a 400 problem.
    let malformed = alice.post_bytes(
        &format!("/api/v1/bills/{}/contributions", c.slug),
        "application/json",
        b"{\"kind\": ",
    );
    assert_eq!(malformed.status, 400);

    // Signed out: 401; email not confirmed: 403.
    assert_eq!(
        contribute(
            &Client::new(&app),
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Anonyme."})
        )
        .status,
        401
    );
    let unconfirmed = Client::new(&app);
    register(
        &unconfirmed,
        "pas-confirme@example.org",
        "Pas Confirmé",
        PASSWORD,
    );
    let csrf = login_api(&unconfirmed, "pas-confirme@example.org", PASSWORD);
    let refused = unconfirmed.send_json("POST", &format!("/api/v1/bills/{}/contributions", c.slug), &json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Pas encore confirmé."}), &[("X-CSRF-Token", &csrf)]);
    assert_eq!(refused.status, 403);
    let vote = unconfirmed.send_json(
        "PUT",
        &format!("/api/v1/articles/{a1}/vote"),
        &json!({"value": "agree"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(vote.status, 403);

    let list = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}/contributions", c.slug))
        .json();
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "only the one valid contribution exists"
    );
}

#[test]
fn votes_are_cast_changed_and_removed_with_exact_tallies() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let a1 = c.articles[0];
    let put = |who: &Client, path: String, value: &str| {
        who.send_json("PUT", &path, &json!({"value": value}), &[])
    };

    assert_eq!(
        put(&alice, format!("/api/v1/articles/{a1}/vote"), "agree").json(),
        json!({"agree": 1, "mixed": 0, "disagree": 0, "support": 0})
    );
    assert_eq!(
        put(&bob, format!("/api/v1/articles/{a1}/vote"), "agree").json()["agree"],
        2
    );
    let changed = put(&bob, format!("/api/v1/articles/{a1}/vote"), "disagree").json();
    assert_eq!(
        (changed["agree"].as_i64(), changed["disagree"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        put(&bob, format!("/api/v1/articles/{a1}/vote"), "disagree").json()["disagree"],
        1,
        "the same vote twice counts once"
    );
    let removed = bob
        .delete(&format!("/api/v1/articles/{a1}/vote"), &[])
        .json();
    assert_eq!(removed["disagree"], 0);
    assert_eq!(
        put(&alice, format!("/api/v1/articles/{a1}/vote"), "support").status,
        422,
        "articles take agree / mixed / disagree"
    );
    assert_eq!(
        put(&alice, format!("/api/v1/articles/{a1}/vote"), "beaucoup").status,
        422
    );

    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Un argument soutenu."}),
    ));
    assert_eq!(
        put(
            &bob,
            format!("/api/v1/contributions/{argument}/vote"),
            "agree"
        )
        .status,
        422,
        "arguments take support"
    );
    assert_eq!(
        put(
            &bob,
            format!("/api/v1/contributions/{argument}/vote"),
            "support"
        )
        .json()["support"],
        1
    );
    let bill = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}", c.slug))
        .json();
    assert_eq!(bill["participation"]["votes"], 2);
    assert_eq!(bill["participation"]["participants"], 2);

    // Votes through the page form, as a person would.
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "chloe@example.org");
    let page = browser.get(&format!("/bills/{}/articles/{a1}", c.slug));
    let voted = browser.post_form(
        &format!("/bills/{}/articles/{a1}/vote", c.slug),
        &[("csrf_token", &page.csrf_token()), ("value", "mixed")],
    );
    assert_eq!(voted.status, 303);
    let page = browser.follow(&voted);
    assert!(
        page.body.contains("aria-pressed=\"true\">Mitigé"),
        "the page shows my vote"
    );
    assert_eq!(
        article(&browser, a1)["votes"],
        json!({"agree": 1, "mixed": 1, "disagree": 0})
    );
}

#[test]
fn concurrent_votes_are_counted_exactly() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let a1 = c.articles[0];
    let author = citizen(&app, "auteur@example.org");
    let amendment = created_id(&contribute(
        &author,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "body": "Préciser.", "proposed_text": "Les administrations publient tout."}),
    ));
    let voters: Vec<Client> = (0..24)
        .map(|i| citizen(&app, &format!("votant{i}@example.org")))
        .collect();
    let values = ["agree", "mixed", "disagree"];
    // Every voter votes on the article and the amendment, changes their
    // mind twice and, one time in four, removes their vote: all at once.
    std::thread::scope(|scope| {
        for (i, voter) in voters.iter().enumerate() {
            let slug_article = format!("/api/v1/articles/{a1}/vote");
            let slug_amendment = format!("/api/v1/contributions/{amendment}/vote");
            scope.spawn(move || {
                for round in 0..3 {
                    for path in [&slug_article, &slug_amendment] {
                        let r = voter.send_json(
                            "PUT",
                            path,
                            &json!({"value": values[(i + round) % 3]}),
                            &[],
                        );
                        assert_eq!(r.status, 200, "{}", r.body);
                    }
                }
                if i % 4 == 0 {
                    assert_eq!(voter.delete(&slug_article, &[]).status, 200);
                }
            });
        }
    });
    // Expected: each voter's last value, minus the removed article votes.
    let mut expected_article = [0i64; 3];
    let mut expected_amendment = [0i64; 3];
    for i in 0..voters.len() {
        expected_amendment[(i + 2) % 3] += 1;
        if i % 4 != 0 {
            expected_article[(i + 2) % 3] += 1;
        }
    }
    let a = article(&author, a1)["votes"].clone();
    assert_eq!(
        [
            a["agree"].as_i64().unwrap(),
            a["mixed"].as_i64().unwrap(),
            a["disagree"].as_i64().unwrap()
        ],
        expected_article
    );
    let m = author
        .get_json(&format!("/api/v1/contributions/{amendment}"))
        .json()["votes"]
        .clone();
    assert_eq!(
        [
            m["agree"].as_i64().unwrap(),
            m["mixed"].as_i64().unwrap(),
            m["disagree"].as_i64().unwrap()
        ],
        expected_amendment
    );
    // And the counters equal a recount of the vote rows.
    let db = app.db();
    let (article_recount, amendment_recount, article_tally, amendment_tally) = {
        let mut conn = db.conn().unwrap();
        use codraft::store::votes::{Target, recount, tally};
        (
            recount(&mut conn, Target::Article(a1)).unwrap(),
            recount(&mut conn, Target::Contribution(amendment)).unwrap(),
            tally(&mut conn, Target::Article(a1)).unwrap(),
            tally(&mut conn, Target::Contribution(amendment)).unwrap(),
        )
    };
    assert_eq!(article_recount, article_tally);
    assert_eq!(amendment_recount, amendment_tally);
    let bill = author.get_json(&format!("/api/v1/bills/{}", c.slug)).json();
    let total: i64 = expected_article.iter().sum::<i64>() + expected_amendment.iter().sum::<i64>();
    assert_eq!(bill["participation"]["votes"], total);
}

#[test]
fn a_retried_submission_creates_one_contribution() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let body = json!({"kind": "argument", "article_id": c.articles[0], "stance": "against", "body": "Un seul envoi."});
    let path = format!("/api/v1/bills/{}/contributions", c.slug);
    let first = alice.send_json("POST", &path, &body, &[("Idempotency-Key", "essai-1")]);
    let again = alice.send_json("POST", &path, &body, &[("Idempotency-Key", "essai-1")]);
    assert_eq!(first.status, 201);
    assert_eq!(
        (again.status, again.json()["id"].clone()),
        (201, first.json()["id"].clone())
    );
    // Four retries at the same instant: one contribution, the same answer.
    let ids: Vec<i64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (alice, path, body) = (&alice, &path, &body);
                scope.spawn(move || {
                    alice
                        .send_json("POST", path, body, &[("Idempotency-Key", "essai-2")])
                        .json()["id"]
                        .as_i64()
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(
        alice
            .send_json("POST", &path, &body, &[("Idempotency-Key", "bad key!")])
            .status,
        400
    );
    // The form carries its own key: a double click is one contribution.
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "bob@example.org");
    let page = browser.get(&format!("/bills/{}/articles/{}", c.slug, c.articles[0]));
    let marker = "name=\"idempotency_key\" value=\"";
    let start = page.body.find(marker).unwrap() + marker.len();
    let key: String = page.body[start..]
        .chars()
        .take_while(|ch| *ch != '"')
        .collect();
    for _ in 0..2 {
        let r = browser.post_form(
            &format!("/bills/{}/contributions", c.slug),
            &[
                ("csrf_token", &page.csrf_token()),
                ("kind", "argument"),
                ("article_id", &c.articles[0].to_string()),
                ("stance", "for"),
                ("body", "Double clic."),
                ("idempotency_key", &key),
                ("return_to", "/"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let list = alice
        .get_json(&format!(
            "/api/v1/bills/{}/contributions?kind=argument",
            c.slug
        ))
        .json();
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        3,
        "essai-1, essai-2 and the double click"
    );
}

#[test]
fn a_closed_consultation_refuses_every_write() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let a1 = c.articles[0];
    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Avant la clôture."}),
    ));
    let closed = c.sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{}/transitions", c.slug),
        &json!({"to": "closed"}),
        &[("X-CSRF-Token", &c.sponsor_csrf)],
    );
    assert_eq!(closed.status, 200);
    for reply in [
        contribute(
            &alice,
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": "Trop tard."}),
        ),
        alice.send_json(
            "PUT",
            &format!("/api/v1/articles/{a1}/vote"),
            &json!({"value": "agree"}),
            &[],
        ),
        alice.send_json(
            "PUT",
            &format!("/api/v1/contributions/{argument}/vote"),
            &json!({"value": "support"}),
            &[],
        ),
        alice.send_json(
            "PATCH",
            &format!("/api/v1/contributions/{argument}"),
            &json!({"body": "Corrigé après."}),
            &[],
        ),
        alice.delete(&format!("/api/v1/contributions/{argument}"), &[]),
    ] {
        assert_eq!(reply.status, 409, "{}", reply.body);
        assert!(
            reply.json()["detail"].as_str().unwrap().contains("close"),
            "{}",
            reply.body
        );
    }
    // The pages are read-only: no vote or contribution form.
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "bob@example.org");
    let page = browser.get(&format!("/bills/{}/articles/{a1}", c.slug));
    assert!(page.body.contains("Avant la clôture."));
    assert!(
        !page.body.contains("/vote\"") && !page.body.contains("name=\"kind\""),
        "no forms once closed"
    );
}

#[test]
fn search_is_french_aware_and_highlights() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[1], "stance": "for", "body": "Les données publiques gratuites profitent aux chercheurs."}),
    ));
    created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[1], "stance": "against", "body": "Un coût pour les collectivités."}),
    ));
    scans_caught_up(&app);
    let hits = Client::new(&app)
        .get_json(&format!("/api/v1/bills/{}/contributions?q=donnee", c.slug))
        .json();
    let items = hits["items"].as_array().unwrap();
    let kinds: Vec<(&str, i64)> = items
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["id"].as_i64().unwrap()))
        .collect();
    assert!(kinds.contains(&("article", c.articles[0])), "{hits}");
    assert!(kinds.contains(&("article", c.articles[1])), "{hits}");
    assert!(kinds.contains(&("argument", argument)), "{hits}");
    assert_eq!(
        items.len(),
        3,
        "the unrelated argument is not found: {hits}"
    );
    assert!(items.iter().all(|h| {
        h["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().to_lowercase().starts_with("donn"))
    }));
    // Plurals and accents, several words: all must match.
    let both = Client::new(&app)
        .get_json(&format!(
            "/api/v1/bills/{}/contributions?q=CHERCHEUR%20donn%C3%A9e",
            c.slug
        ))
        .json();
    assert_eq!(both["items"].as_array().unwrap().len(), 1);
    // Withdrawn contributions are not found.
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{argument}"), &[])
            .status,
        204
    );
    let after = Client::new(&app)
        .get_json(&format!(
            "/api/v1/bills/{}/contributions?q=chercheurs",
            c.slug
        ))
        .json();
    assert_eq!(after["items"].as_array().unwrap().len(), 0);
    // The page highlights matches; operators in a query are just words.
    let page = Client::new(&app).get(&format!(
        "/bills/{}/search?q=%22donn%C3%A9es%22%20*%20(%20%26",
        c.slug
    ));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<mark>données</mark>"), "{}", page.body);
}

#[test]
fn lists_are_sorted_and_paginated_without_gaps_or_repeats() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let a1 = c.articles[0];
    let authors: Vec<Client> = (0..3)
        .map(|i| citizen(&app, &format!("auteur{i}@example.org")))
        .collect();
    let mut ids = Vec::new();
    for n in 0..25 {
        let who = &authors[n % 3];
        ids.push(created_id(&contribute(who, &c.slug, json!({"kind": "argument", "article_id": a1, "stance": if n % 2 == 0 { "for" } else { "against" }, "body": format!("Argument numéro {n}.")}))));
    }
    // Support: the first argument gets 3 votes, the second 2, the third 1
    // (from readers: nobody supports their own argument).
    let voters: Vec<Client> = (0..3)
        .map(|i| citizen(&app, &format!("lecteur{i}@example.org")))
        .collect();
    for (i, id) in ids.iter().take(3).enumerate() {
        for voter in voters.iter().take(3 - i) {
            voter.send_json(
                "PUT",
                &format!("/api/v1/contributions/{id}/vote"),
                &json!({"value": "support"}),
                &[],
            );
        }
    }
    let fetch_all = |sort: &str, extra: &str| -> Vec<i64> {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = Client::new(&app)
                .get_json(&format!("/api/v1/bills/{}/contributions?article={a1}&kind=argument&sort={sort}&limit=7{extra}&cursor={cursor}", c.slug))
                .json();
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 7);
            seen.extend(items.iter().map(|i| i["id"].as_i64().unwrap()));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_string(),
                None => return seen,
            }
        }
    };
    let supported = fetch_all("supported", "");
    assert_eq!(&supported[..3], &ids[..3], "most supported first");
    let mut sorted = supported.clone();
    sorted.sort();
    assert_eq!(sorted, ids, "every argument exactly once across pages");
    let recent = fetch_all("recent", "");
    assert_eq!(recent, ids.iter().rev().copied().collect::<Vec<_>>());
    let random_a = fetch_all("random", "&seed=12345");
    let random_b = fetch_all("random", "&seed=12345");
    let random_c = fetch_all("random", "&seed=987654");
    assert_eq!(random_a, random_b, "stable for one visitor");
    assert_ne!(random_a, random_c, "another visitor sees another order");
    let mut r = random_a.clone();
    r.sort();
    assert_eq!(r, ids);
    let against = Client::new(&app)
        .get_json(&format!(
            "/api/v1/bills/{}/contributions?article={a1}&stance=against&limit=100",
            c.slug
        ))
        .json();
    assert_eq!(against["items"].as_array().unwrap().len(), 12);
    assert_eq!(
        Client::new(&app)
            .get_json(&format!(
                "/api/v1/bills/{}/contributions?cursor=abc",
                c.slug
            ))
            .status,
        422
    );
    assert_eq!(
        Client::new(&app)
            .get_json(&format!(
                "/api/v1/bills/{}/contributions?limit=1000",
                c.slug
            ))
            .status,
        422
    );
    // The article page shows a bounded first page of each column (13 for
    // and 10 more: 23; 12 against) and a link to the rest.
    for n in 0..10 {
        created_id(&contribute(
            &authors[n % 3],
            &c.slug,
            json!({"kind": "argument", "article_id": a1, "stance": "for", "body": format!("Argument pour en plus {n}.")}),
        ));
    }
    let page = Client::new(&app).get(&format!("/bills/{}/articles/{a1}", c.slug));
    assert_eq!(
        page.body
            .matches("class=\"contribution contribution-argument stance-for")
            .count(),
        20
    );
    assert_eq!(
        page.body
            .matches("class=\"contribution contribution-argument stance-against")
            .count(),
        12
    );
    assert!(
        page.body
            .contains("kind=argument&amp;stance=for&amp;sort=supported&amp;cursor=")
    );
    assert!(
        !page
            .body
            .contains("stance=against&amp;sort=supported&amp;cursor=")
    );
}

#[test]
fn followers_and_authors_are_notified_once_by_their_chosen_frequency() {
    let app = spawn_app_with(&[("CODRAFT_NOTIFICATIONS_SECS", "1")]);
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let a1 = c.articles[0];
    let amendment = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "amendment", "article_id": a1, "body": "Préciser.", "proposed_text": "Les administrations publient tout en ligne."}),
    ));
    let before = app
        .outbox()
        .iter()
        .filter(|m| m.to == "alice@example.org")
        .count();
    // Bob answers Alice's amendment: Alice hears about it, once.
    created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "parent_id": amendment, "stance": "against", "body": "Trop large."}),
    ));
    let mails = app.wait_for_mail("alice@example.org", before + 1);
    let reply = mails.last().unwrap();
    assert_eq!(reply.subject, "Réponse à votre contribution");
    assert!(reply.text.contains(&format!("/contributions/{amendment}")));
    let unsubscribe = extract_token(&reply.text, "/notifications/unsubscribe?").map(|_| {
        let start = reply.text.find("/notifications/unsubscribe?").unwrap();
        reply.text[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    });
    // Alice answering her own amendment tells nobody.
    created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "parent_id": amendment, "stance": "for", "body": "Je maintiens."}),
    ));

    // Bob prefers a daily digest: two replies, one email.
    let bob_amendment = created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "amendment", "article_id": c.articles[1], "body": "Autre.", "proposed_text": "Gratuitement et sans délai."}),
    ));
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "chloe@example.org");
    let bob_browser = Client::new(&app);
    login_with_form(&bob_browser, "bob@example.org", PASSWORD);
    let account = bob_browser.get("/account");
    assert_eq!(
        bob_browser
            .post_form(
                "/account/notifications",
                &[
                    ("csrf_token", &account.csrf_token()),
                    ("frequency", "daily")
                ]
            )
            .status,
        303
    );
    let chloe = citizen(&app, "chloe2@example.org");
    for body in ["Premier.", "Second."] {
        created_id(&contribute(
            &chloe,
            &c.slug,
            json!({"kind": "argument", "parent_id": bob_amendment, "stance": "for", "body": body}),
        ));
    }
    assert!(eventually(20, || app.outbox().iter().any(|m| m.to
        == "bob@example.org"
        && m.subject == "Votre résumé quotidien")));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let digests: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.to == "bob@example.org" && m.subject == "Votre résumé quotidien")
        .collect();
    assert_eq!(digests.len(), 1, "one digest a day");
    assert_eq!(
        digests[0].text.matches("/contributions/").count(),
        2,
        "both replies in it"
    );

    // Following through the API works too.
    let script = citizen(&app, "script@example.org");
    assert_eq!(
        script
            .post_json(&format!("/api/v1/bills/{}/follow", c.slug), &json!({}))
            .status,
        204
    );
    assert_eq!(
        script
            .send_json(
                "PUT",
                "/api/v1/me/notifications",
                &json!({"frequency": "weekly"}),
                &[]
            )
            .status,
        422
    );
    assert_eq!(
        script
            .send_json(
                "PUT",
                "/api/v1/me/notifications",
                &json!({"frequency": "never"}),
                &[]
            )
            .status,
        204
    );
    // Followers are reminded once when the consultation closes within 48 h.
    let follow_page = browser.get(&format!("/bills/{}", c.slug));
    let followed = browser.post_form(
        &format!("/bills/{}/follow", c.slug),
        &[("csrf_token", &follow_page.csrf_token()), ("follow", "1")],
    );
    assert_eq!(followed.status, 303);
    assert!(
        browser
            .follow(&followed)
            .body
            .contains("Vous suivez cette consultation.")
    );
    let soon = (chrono::Utc::now() + chrono::TimeDelta::hours(30)).to_rfc3339();
    let patched = c.sponsor.send_json(
        "PATCH",
        &format!("/api/v1/bills/{}", c.slug),
        &json!({"closes_at": soon}),
        &[("X-CSRF-Token", &c.sponsor_csrf)],
    );
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert!(eventually(20, || app.outbox().iter().any(|m| m.to
        == "chloe@example.org"
        && m.subject.contains("deux jours"))));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.to == "chloe@example.org" && m.subject.contains("deux jours"))
            .count(),
        1
    );

    // The unsubscribe link works in one click, without signing in; a
    // forged one does not.
    let link = unsubscribe.expect("an unsubscribe link");
    let path = &link[link.find("/notifications").unwrap()..];
    assert_eq!(
        Client::new(&app)
            .get(&path.replace("token=", "token=0"))
            .status,
        422
    );
    let visitor = Client::new(&app);
    let confirm = visitor.get(path);
    assert_eq!(
        confirm.status, 200,
        "opening the link changes nothing by itself"
    );
    let query = &path[path.find('?').unwrap() + 1..];
    let user = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("user="))
        .unwrap();
    let token = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .unwrap();
    let done = visitor.post_form(
        "/notifications/unsubscribe",
        &[
            ("csrf_token", &confirm.csrf_token()),
            ("user", user),
            ("token", token),
        ],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    let before = app
        .outbox()
        .iter()
        .filter(|m| m.to == "alice@example.org")
        .count();
    created_id(&contribute(
        &bob,
        &c.slug,
        json!({"kind": "argument", "parent_id": amendment, "stance": "for", "body": "Finalement d'accord."}),
    ));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.to == "alice@example.org")
            .count(),
        before,
        "no more emails"
    );
}

#[test]
fn a_contribution_is_reported_once_per_person() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.org");
    let bob = citizen(&app, "bob@example.org");
    let argument = created_id(&contribute(
        &alice,
        &c.slug,
        json!({"kind": "argument", "article_id": c.articles[0], "stance": "for", "body": "Appelez-moi au 06 12 34 56 78."}),
    ));
    let path = format!("/api/v1/contributions/{argument}/reports");
    let first = bob.post_json(
        &path,
        &json!({"reason": "personal_data", "details": "Un numéro de téléphone."}),
    );
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["status"], "received");
    let again = bob.post_json(&path, &json!({"reason": "spam"}));
    assert_eq!(again.status, 409);
    assert_eq!(
        bob.post_json(&path, &json!({"reason": "boring"})).status,
        422
    );
    assert_eq!(
        bob.post_json(
            &path,
            &json!({"reason": "other", "details": "x".repeat(1001)})
        )
        .status,
        422
    );
    assert_eq!(
        Client::new(&app)
            .post_json(&path, &json!({"reason": "spam"}))
            .status,
        401
    );
    // Through the page, as a person would: told it was received.
    let browser = Client::new(&app);
    confirmed_citizen(&app, &browser, "chloe@example.org");
    let page = browser.get(&format!("/contributions/{argument}"));
    assert!(page.body.contains("Signaler cette contribution"));
    let sent = browser.post_form(
        &format!("/contributions/{argument}/report"),
        &[
            ("csrf_token", &page.csrf_token()),
            ("reason", "personal_data"),
            ("details", ""),
        ],
    );
    assert_eq!(sent.status, 303);
    assert!(browser.follow(&sent).body.contains("Signalement reçu"));
    let count = {
        let db = app.db();
        let mut conn = db.conn().unwrap();
        codraft::store::reports::count_for(&mut conn, argument).unwrap()
    };
    assert_eq!(count, 2);
    // A withdrawn contribution cannot be reported any more.
    assert_eq!(
        alice
            .delete(&format!("/api/v1/contributions/{argument}"), &[])
            .status,
        204
    );
    let late = citizen(&app, "dan@example.org").post_json(&path, &json!({"reason": "spam"}));
    assert_eq!(late.status, 409);
}
