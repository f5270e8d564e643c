//! Votes arriving together are written in one transaction (group commit),
//! each in its own savepoint: a burst of casts, changes and withdrawals
//! leaves the counters equal to a recount and each person's last choice
//! stored, and a refused vote in a batch gets its own answer without
//! undoing the others.

use std::collections::HashMap;

use codraft::domain::contribution::VoteValue;
use codraft::error::AppError;
use codraft::service::participation::{Vote, VoteOn};
use codraft::service::vote_batch::write_votes;
use serde_json::json;

use crate::consistency::{assert_counters_match, at_once, spawn_app_for_concurrency};
use crate::helpers::*;

fn user_id(client: &Client) -> i64 {
    client.get_json("/api/v1/me").json()["id"].as_i64().unwrap()
}

/// The stored votes of a target as value → count.
fn stored(app: &TestApp, kind: &str, id: i64) -> HashMap<String, i64> {
    ["agree", "mixed", "disagree", "support"]
        .into_iter()
        .map(|v| {
            let n = count_sql(
                app,
                &format!(
                    "SELECT COUNT(*) AS n FROM votes WHERE target_kind = '{kind}' \
                     AND target_id = {id} AND value = '{v}'"
                ),
            );
            (v.to_string(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[test]
fn a_burst_of_casts_changes_and_withdrawals_keeps_every_count_exact() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let author = citizen(&app, "autrice@example.fr");
    let argument = argument(
        &author,
        &c,
        "Les données publiques doivent rester gratuites.",
    );
    let voters: Vec<Client> = (0..8)
        .map(|i| citizen(&app, &format!("votant{i}@example.fr")))
        .collect();
    const STEPS: usize = 12;
    let values = ["agree", "mixed", "disagree"];
    // Voter i's step k: on an article, a value or (every fourth) a
    // withdrawal; on the argument, support or a withdrawal.
    let step = |i: usize, k: usize| -> (String, Option<&'static str>) {
        match k % 3 {
            0 | 1 => {
                let article = c.articles[k % 3];
                let value = ((i + k) % 4 != 3).then(|| values[(i + k) % 3]);
                (format!("/api/v1/articles/{article}/vote"), value)
            }
            _ => {
                let value = ((i + k) % 2 == 0).then_some("support");
                (format!("/api/v1/contributions/{argument}/vote"), value)
            }
        }
    };
    let statuses: Vec<Vec<u16>> = at_once(voters.len() + 1, |i| {
        if i == voters.len() {
            // The author, on her own argument, meanwhile: refused each time.
            return (0..STEPS)
                .map(|_| {
                    author
                        .send_json(
                            "PUT",
                            &format!("/api/v1/contributions/{argument}/vote"),
                            &json!({"value": "support"}),
                            &[],
                        )
                        .status
                })
                .collect();
        }
        (0..STEPS)
            .map(|k| {
                let (path, value) = step(i, k);
                let reply = match value {
                    Some(v) => voters[i].send_json("PUT", &path, &json!({"value": v}), &[]),
                    None => voters[i].delete(&path, &[]),
                };
                assert_eq!(reply.status, 200, "{path} {value:?}: {}", reply.body);
                reply.status
            })
            .collect()
    });
    assert!(
        statuses[voters.len()].iter().all(|s| *s == 403),
        "{statuses:?}"
    );

    // Each voter's last choice per target is what is stored.
    let mut last: HashMap<String, HashMap<usize, &str>> = HashMap::new();
    for i in 0..voters.len() {
        for k in 0..STEPS {
            let (path, value) = step(i, k);
            let choices = last.entry(path).or_default();
            match value {
                Some(v) => choices.insert(i, v),
                None => choices.remove(&i),
            };
        }
    }
    let expected = |path: &str| -> HashMap<String, i64> {
        let mut counts = HashMap::new();
        for v in last.get(path).into_iter().flat_map(|m| m.values()) {
            *counts.entry(v.to_string()).or_insert(0) += 1;
        }
        counts
    };
    for article in &c.articles[..2] {
        assert_eq!(
            stored(&app, "article", *article),
            expected(&format!("/api/v1/articles/{article}/vote")),
            "article {article}"
        );
    }
    assert_eq!(
        stored(&app, "contribution", argument),
        expected(&format!("/api/v1/contributions/{argument}/vote"))
    );
    assert_counters_match(&app, &c.slug);
}

#[test]
fn a_refused_vote_in_a_batch_undoes_only_itself() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice_client = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let carol = citizen(&app, "carol@example.fr");
    let own = argument(&alice_client, &c, "Un argument d'Alice.");
    let (alice, bob, carol) = (user_id(&alice_client), user_id(&bob), user_id(&carol));
    let vote = |user_id, on, value: Option<&str>| Vote {
        user_id,
        on,
        value: value.map(|v| v.parse::<VoteValue>().unwrap()),
    };
    let article = VoteOn::Article(c.articles[0]);
    let batch = [
        vote(bob, article, Some("agree")),
        // Her own argument.
        vote(alice, VoteOn::Contribution(own), Some("support")),
        vote(bob, VoteOn::Contribution(own), Some("support")),
        // Support is for arguments and sources, not articles.
        vote(carol, article, Some("support")),
        // No such article.
        vote(carol, VoteOn::Article(999_999), Some("agree")),
        vote(carol, article, Some("disagree")),
        // Bob changes his mind within the batch.
        vote(bob, article, Some("mixed")),
    ];
    let db = app.db();
    let outcomes = write_votes(&mut db.conn().unwrap(), &batch);
    let refusals: Vec<Option<String>> = outcomes
        .iter()
        .map(|o| o.as_ref().err().map(|e| format!("{e:?}")))
        .collect();
    assert!(outcomes[0].is_ok() && outcomes[2].is_ok() && outcomes[5].is_ok());
    assert!(
        matches!(outcomes[1], Err(AppError::Forbidden("error-vote-own"))),
        "{refusals:?}"
    );
    assert!(
        matches!(outcomes[3], Err(AppError::Invalid(_))),
        "{refusals:?}"
    );
    assert!(
        matches!(outcomes[4], Err(AppError::NotFound)),
        "{refusals:?}"
    );
    // The last tally of the batch counts every vote written before it.
    let last = outcomes[6].as_ref().unwrap();
    assert_eq!((last.agree, last.mixed, last.disagree), (0, 1, 1));

    assert_eq!(
        stored(&app, "article", c.articles[0]),
        HashMap::from([("mixed".into(), 1), ("disagree".into(), 1)])
    );
    assert_eq!(
        stored(&app, "contribution", own),
        HashMap::from([("support".into(), 1)])
    );
    assert_counters_match(&app, &c.slug);
    // Over HTTP, the refusals are the same answers.
    let reply = alice_client.send_json(
        "PUT",
        &format!("/api/v1/contributions/{own}/vote"),
        &json!({"value": "support"}),
        &[],
    );
    assert_eq!(reply.status, 403, "{}", reply.body);
}
