//! The real arguments, proposals and vote tallies of the "Neutralité de
//! l'internet" section of the 2015 République numérique consultation,
//! seeded on the demo's République numérique bill.

use crate::analysis::personal_data::name_key;
use serde_json::Value;

use crate::analysis::search::index_terms;
use crate::context::AppContext;
use crate::domain::contribution::{ContributionKind, Stance, TITLE_MAX};
use crate::domain::time;
use crate::import;
use crate::store::bulk::{self, ContributionLoad, UserLoad, VoteLoad};
use crate::store::{StoreError, articles, bills, users, write_tx};

const SECTION: &[u8] = include_bytes!("../../demo/republique-numerique-2015-neutralite.json");

fn text(html: &str) -> String {
    import::html::to_markdown(html)
}

/// Which demo citizen stands in for a pseudonymous 2015 author.
fn stand_in(username: &str, citizens: &[i64]) -> i64 {
    let h = username
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
    citizens[h % citizens.len()]
}

pub async fn seed(ctx: &AppContext, slug: &str, citizen_emails: &[&str]) -> anyhow::Result<usize> {
    let items: Vec<Value> = serde_json::from_slice(SECTION)?;
    let slug = slug.to_string();
    let emails: Vec<String> = citizen_emails.iter().map(|e| e.to_string()).collect();
    let seeded = ctx
        .db
        .run(move |conn| {
            let bill = bills::find_by_slug(conn, &slug)?;
            let bill_articles = articles::list_for_bill(conn, bill.id)?;
            let mut citizens = Vec::new();
            for e in &emails {
                if let Some(u) = users::find_by_email(conn, e)? {
                    citizens.push(u.id);
                }
            }
            if citizens.is_empty() {
                return Err(StoreError::NotFound);
            }
            let now = time::now();
            write_tx(conn, |c| {
                // Accounts for the 2015 voters: they cannot sign in.
                let most_votes = items
                    .iter()
                    .map(|i| {
                        ["votes_ok", "votes_nok", "votes_mitige"]
                            .iter()
                            .map(|k| i[*k].as_i64().unwrap_or(0))
                            .sum::<i64>()
                    })
                    .max()
                    .unwrap_or(0) as usize;
                let voters = bulk::users(
                    c,
                    &(1..=most_votes)
                        .map(|n| UserLoad {
                            email: format!("participant-{n}@historique.invalid"),
                            display_name: format!("Participant 2015 n° {n}"),
                            name_key: Some(
                                name_key(&format!("Participant 2015 n° {n}")).unwrap_or_default(),
                            ),
                            password_hash: String::new(),
                            role: "citizen".into(),
                            category: "citizen".into(),
                            locale: "fr".into(),
                            email_confirmed_at: Some(now),
                            created_at: now,
                            updated_at: now,
                        })
                        .collect::<Vec<_>>(),
                )?;
                let mut rows = Vec::new();
                let mut votes_on_items: Vec<(usize, [i64; 3])> = Vec::new();
                let mut argument_support: Vec<i64> = Vec::new();
                for item in &items {
                    let title = item["title"].as_str().unwrap_or("");
                    // "Article 11 - Neutralité…" is an article of the bill; a
                    // citizens' proposal merely titled "Article 1" is not.
                    let label = title
                        .split_once(" - ")
                        .and_then(|(number, _)| import::normalise_label(number));
                    let article = label.and_then(|l| bill_articles.iter().find(|a| a.label == l));
                    let author =
                        stand_in(item["author"]["username"].as_str().unwrap_or(""), &citizens);
                    let body = text(item["body"].as_str().unwrap_or(""));
                    let tally = [
                        item["votes_ok"].as_i64().unwrap_or(0),
                        item["votes_mitige"].as_i64().unwrap_or(0),
                        item["votes_nok"].as_i64().unwrap_or(0),
                    ];
                    // A citizens' proposal becomes a proposal; an article of
                    // the bill keeps its votes and receives its arguments.
                    if article.is_none() {
                        // Its explanation, when it has one: a proposal's
                        // is optional.
                        let rationale = item["appendices"]
                            .as_array()
                            .and_then(|a| a.first())
                            .and_then(|a| a["body"].as_str())
                            .map(text)
                            .unwrap_or_default();
                        rows.push(ContributionLoad {
                            bill_id: bill.id,
                            article_id: None,
                            parent_id: None,
                            kind: ContributionKind::Proposal,
                            stance: None,
                            title: Some(title.chars().take(TITLE_MAX).collect()),
                            search_terms: index_terms(&format!("{title} {body}")),
                            body: rationale,
                            proposed_text: Some(body.clone()),
                            url: None,
                            article_version: None,
                            author_id: author,
                            random_key: (rows.len() as i64 * 2_654_435_761) & 0x7fff_ffff,
                            created_at: now,
                            updated_at: now,
                        });
                        votes_on_items.push((rows.len() - 1, tally));
                    }
                    for argument in item["arguments"].as_array().into_iter().flatten() {
                        if argument["is_trashed"].as_bool().unwrap_or(false) {
                            continue;
                        }
                        let body = argument["body"].as_str().unwrap_or("").trim().to_string();
                        if body.chars().count() < 3 {
                            continue;
                        }
                        let stance = if argument["type"].as_i64() == Some(1) {
                            Stance::For
                        } else {
                            Stance::Against
                        };
                        rows.push(ContributionLoad {
                            bill_id: bill.id,
                            article_id: article.map(|a| a.id),
                            parent_id: None,
                            kind: ContributionKind::Argument,
                            stance: Some(stance),
                            title: None,
                            search_terms: index_terms(&body),
                            body,
                            proposed_text: None,
                            url: None,
                            article_version: None,
                            author_id: stand_in(
                                argument["author"]["username"].as_str().unwrap_or(""),
                                &citizens,
                            ),
                            random_key: (rows.len() as i64 * 2_654_435_761) & 0x7fff_ffff,
                            created_at: now,
                            updated_at: now,
                        });
                        argument_support.push(argument["votes_count"].as_i64().unwrap_or(0));
                        if article.is_none() {
                            // Arguments on a proposal answer the proposal.
                            if let Some(last) = rows.last_mut() {
                                last.article_id = None;
                            }
                        }
                    }
                    if let Some(a) = article {
                        let mut votes = Vec::new();
                        push_votes(&mut votes, &voters, "article", a.id, bill.id, tally, now);
                        bulk::votes(c, &votes)?;
                    }
                }
                // Arguments on proposals need their parent's id: insert the
                // proposals first.
                let proposals: Vec<ContributionLoad> = rows
                    .iter()
                    .filter(|r| r.kind == ContributionKind::Proposal)
                    .cloned()
                    .collect();
                let proposal_ids = bulk::contributions(c, &proposals)?;
                let mut argument_rows = Vec::new();
                let mut current_proposal: Option<i64> = None;
                let mut p = 0;
                for r in &rows {
                    if r.kind == ContributionKind::Proposal {
                        current_proposal = proposal_ids.get(p).copied();
                        p += 1;
                    } else {
                        let mut r = r.clone();
                        if r.article_id.is_none() {
                            r.parent_id = current_proposal;
                        } else {
                            current_proposal = None;
                        }
                        argument_rows.push(r);
                    }
                }
                let argument_ids = bulk::contributions(c, &argument_rows)?;
                let mut votes = Vec::new();
                for (i, (_, tally)) in votes_on_items.iter().enumerate() {
                    if let Some(id) = proposal_ids.get(i) {
                        push_votes(
                            &mut votes,
                            &voters,
                            "contribution",
                            *id,
                            bill.id,
                            *tally,
                            now,
                        );
                    }
                }
                for (id, support) in argument_ids.iter().zip(&argument_support) {
                    push_votes(
                        &mut votes,
                        &voters,
                        "contribution",
                        *id,
                        bill.id,
                        [0, 0, 0],
                        now,
                    );
                    for voter in voters.iter().take(*support as usize) {
                        votes.push(VoteLoad {
                            user_id: *voter,
                            target_kind: "contribution".into(),
                            target_id: *id,
                            bill_id: bill.id,
                            value: "support".into(),
                            created_at: now,
                            updated_at: now,
                        });
                    }
                }
                bulk::votes(c, &votes)?;
                bulk::recount(c, bill.id)?;
                bulk::index_contributions(c, bill.id)?;
                crate::service::moderation::scan_bill(c, bill.id)?;
                Ok(proposal_ids.len() + argument_ids.len())
            })
        })
        .await?;
    Ok(seeded)
}

/// Votes of the historical voters: `tally` = [agree, mixed, disagree].
fn push_votes(
    out: &mut Vec<VoteLoad>,
    voters: &[i64],
    kind: &str,
    id: i64,
    bill_id: i64,
    tally: [i64; 3],
    now: chrono::NaiveDateTime,
) {
    let mut voter = voters.iter();
    for (value, n) in ["agree", "mixed", "disagree"].iter().zip(tally) {
        for _ in 0..n {
            let Some(user_id) = voter.next() else { return };
            out.push(VoteLoad {
                user_id: *user_id,
                target_kind: kind.into(),
                target_id: id,
                bill_id,
                value: (*value).into(),
                created_at: now,
                updated_at: now,
            });
        }
    }
}
