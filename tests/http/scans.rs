//! What a post owes after its write, caught up within a second by a job:
//! its search row and its near-duplicate group, with the queueing a group
//! brings; durable across a restart, done once with two instances.

use serde_json::{Value, json};

use crate::helpers::*;

const CAMPAIGN: &str = "Je demande que la neutralité du net soit inscrite dans la loi sans \
    exception, car les opérateurs ne doivent pas favoriser leurs propres services au détriment \
    des autres acteurs de l'internet et des citoyens.";

fn duplicates_queue(moderator: &Client) -> Value {
    let reply = moderator.get_json("/api/v1/moderation/queue?reason=duplicate");
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// The queue's duplicate groups as (first contribution, size).
fn groups(moderator: &Client) -> Vec<(i64, i64)> {
    duplicates_queue(moderator)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["contribution_id"].as_i64().unwrap(),
                i["group_size"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn found(client: &Client, slug: &str, q: &str) -> Vec<i64> {
    let reply = client.get_json(&format!("/api/v1/bills/{slug}/contributions?q={q}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] != "article")
        .map(|h| h["id"].as_i64().unwrap())
        .collect()
}

fn copy(n: usize) -> Value {
    json!({"kind": "argument", "stance": "against", "body": format!("{CAMPAIGN} Signataire n°{n}.")})
}

#[test]
fn a_post_becomes_findable_and_its_copy_is_queued_as_a_group() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let with_article = |mut v: Value| {
        v["article_id"] = json!(c.articles[0]);
        v
    };
    let first = created_id(&contribute(&alice, &c.slug, with_article(copy(1))));
    let anonymous = Client::new(&app);
    assert!(
        eventually(5, || found(&anonymous, &c.slug, "operateurs") == [first]),
        "the post is found by search"
    );
    // Alone, it is nobody's duplicate: not in the queue.
    assert!(groups(&moderator).is_empty());

    let second = created_id(&contribute(&bob, &c.slug, with_article(copy(2))));
    assert!(
        eventually(5, || groups(&moderator) == [(first, 2)]),
        "the copy joins the first one's group, queued once: {}",
        duplicates_queue(&moderator)
    );
    assert!(eventually(5, || {
        found(&anonymous, &c.slug, "operateurs") == [first, second]
            || found(&anonymous, &c.slug, "operateurs") == [second, first]
    }));
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM pending_scans"),
        0
    );
    // Each contribution has its bands once.
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM contribution_bands WHERE contribution_id IN ({first}, {second})"
            )
        ),
        32
    );
}

#[test]
fn a_restart_catches_up_the_scans_a_stop_left_pending() {
    let mut first = spawn_app();
    let c = open_consultation(&first);
    let alice = citizen(&first, "alice@example.fr");
    let bob = citizen(&first, "bob@example.fr");
    let body = |n| {
        let mut v = copy(n);
        v["article_id"] = json!(c.articles[0]);
        v
    };
    let a = created_id(&contribute(&alice, &c.slug, body(1)));
    let b = created_id(&contribute(&bob, &c.slug, body(2)));
    scans_caught_up(&first);
    first.stop();
    // The database as the two posts' transactions left it, before any
    // scan: pending, without bands, group, signature or search row.
    {
        use diesel::RunQueryDsl;
        let db = first.db();
        let ids = format!("({a}, {b})");
        let statements = [
            format!("DELETE FROM contribution_bands WHERE contribution_id IN {ids}"),
            format!(
                "UPDATE moderation_cases SET minhash = NULL, duplicate_of = NULL, duplicates_count = 0, \
                 in_queue = FALSE, urgency = 0, queued_at = NULL WHERE contribution_id IN {ids}"
            ),
            format!(
                "INSERT INTO pending_scans (contribution_id, created_at) \
                 SELECT id, created_at FROM contributions WHERE id IN {ids}"
            ),
        ];
        let mut conn = db.conn().unwrap();
        for sql in &statements {
            diesel::sql_query(sql).execute(&mut *conn).unwrap();
        }
        if postgres_server().is_none() {
            diesel::sql_query(format!(
                "DELETE FROM search_index WHERE item_kind = 'contribution' AND item_id IN {ids}"
            ))
            .execute(&mut *conn)
            .unwrap();
        }
    }
    assert_eq!(
        count_sql(&first, "SELECT COUNT(*) AS n FROM pending_scans"),
        2
    );

    let restarted = spawn_sibling(&first, &[]);
    let (moderator, _) = token_client(&restarted, "moderation@example.fr", "moderator");
    scans_caught_up(&restarted);
    assert_eq!(groups(&moderator), [(a, 2)]);
    let mut hits = found(&Client::new(&restarted), &c.slug, "operateurs");
    hits.sort_unstable();
    assert_eq!(hits, [a, b]);
}

#[test]
fn two_instances_make_one_group_of_copies_and_scan_each_once() {
    let app = spawn_app();
    let sibling = spawn_sibling(&app, &[]);
    let c = open_consultation(&app);
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let authors: Vec<Client> = (0..4)
        .map(|i| citizen(&app, &format!("signataire{i}@example.fr")))
        .collect();
    let mut ids = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = authors
            .iter()
            .enumerate()
            .map(|(i, author)| {
                let on = author.to(if i % 2 == 0 { &app } else { &sibling });
                let (slug, article) = (c.slug.clone(), c.articles[0]);
                s.spawn(move || {
                    (0..5)
                        .map(|k| {
                            let mut v = copy(i * 10 + k);
                            v["article_id"] = json!(article);
                            created_id(&contribute(&on, &slug, v))
                        })
                        .collect::<Vec<i64>>()
                })
            })
            .collect();
        for h in handles {
            ids.extend(h.join().unwrap());
        }
    });
    scans_caught_up(&app);
    // One group of all 20, led by the first copy the scan saw: the lowest
    // id on SQLite; on PostgreSQL, where an id is taken before its commit,
    // a copy committed ahead of a lower id may lead.
    let found = groups(&moderator);
    assert_eq!(found.len(), 1, "one group: {found:?}");
    let (first, size) = found[0];
    assert_eq!(size, 20);
    assert!(ids.contains(&first), "{first} is one of the copies");
    assert_eq!(
        count_sql(&app, "SELECT COUNT(*) AS n FROM contribution_bands"),
        20 * 16
    );
    assert_eq!(
        count_sql(
            &app,
            &format!("SELECT COUNT(*) AS n FROM moderation_cases WHERE duplicate_of = {first}")
        ),
        20
    );
}
