//! New contributions arriving together are written in one transaction
//! (group commit), each in its own savepoint: a refused post in a batch
//! gets its own answer and leaves nothing behind, without undoing the
//! others; a batch that loses a lock race is written again post by post;
//! the counters always equal a recount.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use codraft::error::AppError;
use codraft::store::group_commit::{Job, write_together};
use codraft::store::notifications;
use diesel::prelude::*;
use serde_json::json;

use crate::consistency::{assert_counters_match, at_once, spawn_app_for_concurrency};
use crate::helpers::*;

fn user_id(client: &Client) -> i64 {
    client.get_json("/api/v1/me").json()["id"].as_i64().unwrap()
}

fn bill_id(app: &TestApp, slug: &str) -> i64 {
    use codraft::store::schema::bills;
    let db = app.db();
    let mut conn = db.conn().unwrap();
    bills::table
        .filter(bills::slug.eq(slug))
        .select(bills::id)
        .first::<i64>(&mut *conn)
        .unwrap()
}

fn followers(app: &TestApp, bill: i64) -> Vec<i64> {
    let db = app.db();
    let mut followers = notifications::followers(&mut db.conn().unwrap(), bill).unwrap();
    followers.sort_unstable();
    followers
}

/// A job that follows the bill for `user`, then answers `outcome`; counts
/// its runs.
fn follow_then(
    bill: i64,
    user: i64,
    outcome: fn() -> Result<(), AppError>,
    runs: &Arc<AtomicUsize>,
) -> Job<(), AppError> {
    let runs = runs.clone();
    Box::new(move |c| {
        runs.fetch_add(1, Ordering::SeqCst);
        notifications::follow(c, user, bill, chrono::Utc::now().naive_utc())?;
        outcome()
    })
}

#[test]
fn a_refused_write_in_a_batch_undoes_only_itself() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let bill = bill_id(&app, &c.slug);
    let ids: Vec<i64> = ["a@example.fr", "b@example.fr", "c@example.fr"]
        .iter()
        .map(|e| user_id(&citizen(&app, e)))
        .collect();
    let before = followers(&app, bill);
    let runs = Arc::new(AtomicUsize::new(0));
    let mut jobs = vec![
        follow_then(bill, ids[0], || Ok(()), &runs),
        // Writes, then refuses: its follow must not stay.
        follow_then(
            bill,
            ids[1],
            || Err(AppError::Conflict("error-duplicate")),
            &runs,
        ),
        follow_then(bill, ids[2], || Ok(()), &runs),
    ];
    let db = app.db();
    let outcomes = write_together(&mut db.conn().unwrap(), &mut jobs);
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
    assert!(
        matches!(outcomes[1], Err(AppError::Conflict("error-duplicate"))),
        "{:?}",
        outcomes[1]
    );
    assert!(outcomes[2].is_ok(), "{:?}", outcomes[2]);
    // Each ran once: a refusal is not a reason to run the batch again.
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    let mut expected = before.clone();
    expected.extend([ids[0], ids[2]]);
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(followers(&app, bill), expected);
}

#[test]
fn a_batch_that_loses_a_lock_race_is_written_again_one_by_one() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let bill = bill_id(&app, &c.slug);
    let ids: Vec<i64> = ["d@example.fr", "e@example.fr"]
        .iter()
        .map(|e| user_id(&citizen(&app, e)))
        .collect();
    let before = followers(&app, bill);
    let (first, busy, last) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let mut jobs = vec![
        follow_then(bill, ids[0], || Ok(()), &first),
        // Loses every race it runs.
        Box::new({
            let busy = busy.clone();
            move |_: &mut codraft::store::DbConnection| -> Result<(), AppError> {
                busy.fetch_add(1, Ordering::SeqCst);
                Err(AppError::Busy("lost a lock race".into()))
            }
        }) as Job<(), AppError>,
        follow_then(bill, ids[1], || Ok(()), &last),
    ];
    let db = app.db();
    let outcomes = write_together(&mut db.conn().unwrap(), &mut jobs);
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
    assert!(
        matches!(outcomes[1], Err(AppError::Busy(_))),
        "{:?}",
        outcomes[1]
    );
    assert!(outcomes[2].is_ok(), "{:?}", outcomes[2]);
    // The batch was undone after the second job; each then ran alone (the
    // racing one retried a few times), and the others' writes are there
    // once.
    assert_eq!(first.load(Ordering::SeqCst), 2);
    assert_eq!(last.load(Ordering::SeqCst), 1);
    assert!(busy.load(Ordering::SeqCst) > 2);
    let mut expected = before;
    expected.extend(&ids);
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(followers(&app, bill), expected);
}

#[test]
fn posts_at_once_with_refusals_among_them_keep_every_count_exact() {
    let app = spawn_app_for_concurrency();
    let c = open_consultation(&app);
    let authors: Vec<Client> = (0..6)
        .map(|i| citizen(&app, &format!("auteur{i}@example.fr")))
        .collect();
    let parent = argument(
        &authors[0],
        &c,
        "Les données publiques doivent rester gratuites.",
    );
    const EACH: usize = 6;
    // Author i's post k: arguments and sources that land, with refusals
    // among them: two found inside the write (an article of no bill, an
    // argument on an argument) and one before it (an empty text).
    let statuses: Vec<Vec<(u16, String, bool)>> = at_once(authors.len(), |i| {
        (0..EACH)
            .map(|k| {
                let (body, lands) = match (i + k) % 5 {
                    0 => (json!({"kind": "argument", "article_id": 999_999, "stance": "for",
                                  "body": format!("Sur un article inconnu {i}-{k}.")}), false),
                    1 => (json!({"kind": "argument", "parent_id": parent, "stance": "for",
                                  "body": format!("Un argument sur un argument {i}-{k}.")}), false),
                    2 => (json!({"kind": "argument", "article_id": c.articles[k % c.articles.len()],
                                  "stance": "against", "body": ""}), false),
                    3 => (json!({"kind": "source", "article_id": c.articles[k % c.articles.len()],
                                  "title": format!("Code des relations {i}-{k}"),
                                  "url": format!("https://www.legifrance.gouv.fr/{i}/{k}"),
                                  "body": format!("Le texte consolidé {i}-{k}.")}), true),
                    _ => (json!({"kind": "argument", "article_id": c.articles[k % c.articles.len()],
                                  "stance": "for",
                                  "body": format!("La réutilisation des données {i}-{k} crée de la valeur.")}), true),
                };
                let reply = contribute(&authors[i], &c.slug, body);
                (reply.status, reply.body, lands)
            })
            .collect()
    });
    let mut landed = 0;
    for (status, body, lands) in statuses.into_iter().flatten() {
        if lands {
            assert_eq!(status, 201, "{body}");
            landed += 1;
        } else {
            assert!(
                (400..500).contains(&status),
                "a refusal answered {status}: {body}"
            );
        }
    }
    let stored = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM contributions WHERE body LIKE '%-%' AND body <> ''",
    );
    assert_eq!(stored, landed, "every 201 stored, nothing of a refusal");
    assert_counters_match(&app, &c.slug);
}
