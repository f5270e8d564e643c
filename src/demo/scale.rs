//! The load generator: a synthetic consultation of N participants with the
//! proportions of a real one (per participant 0.4 contributions and 7
//! votes; 30 articles, one of them drawing a third of the attention),
//! loaded in bulk on either database. It writes personal API tokens for
//! some participants, for driving the vote endpoint under load.

use crate::analysis::personal_data::name_key;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::analysis::search::index_terms;
use crate::auth::tokens;
use crate::context::AppContext;
use crate::domain::contribution::{ContributionKind, Stance};
use crate::domain::{BillStatus, User, time};
use crate::service::bills::{self, BillDraft};
use crate::store::articles::ArticleRow;
use crate::store::bulk::{self, ContributionLoad, TokenLoad, UserLoad, VoteLoad};
use crate::store::{StoreError, articles, write_tx};

/// Participants loaded per transaction: bounds memory whatever N.
const BATCH: usize = 5_000;
/// Phrases the synthetic contributions are made of (real vocabulary, so
/// search and page sizes look like a real consultation's).
const PHRASES: [&str; 12] = [
    "La neutralité de l'internet protège la liberté d'expression des citoyens.",
    "Les données publiques doivent être ouvertes dans un format réutilisable.",
    "Cette obligation pèsera lourdement sur les petites collectivités.",
    "Il faut prévoir un délai de mise en œuvre raisonnable pour les administrations.",
    "Le texte devrait préciser le rôle de la CNIL dans le contrôle.",
    "Les opérateurs doivent traiter le trafic de manière égale et non discriminatoire.",
    "La portabilité des données renforce la concurrence entre les plateformes.",
    "Cette rédaction est trop vague pour être appliquée par le juge.",
    "L'accès au numérique est un droit pour tous, y compris dans les zones rurales.",
    "Les logiciels libres devraient être privilégiés par les services publics.",
    "Le coût de cette mesure n'est pas évalué dans l'étude d'impact.",
    "Une consultation publique devrait précéder chaque décret d'application.",
];

pub struct Report {
    pub bill_slug: String,
    pub participants: usize,
    pub contributions: usize,
    pub votes: usize,
    pub tokens: Vec<String>,
    pub popular_article_id: i64,
    pub seconds: f64,
}

fn sentence(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| PHRASES[rng.random_range(0..PHRASES.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Creates and opens a consultation and loads `participants` into it.
pub async fn generate(
    ctx: &AppContext,
    sponsor: &User,
    participants: usize,
    tokens_wanted: usize,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let parsed =
        crate::import::consultation::parse_republique_numerique(super::REPUBLIQUE_NUMERIQUE)
            .map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let mut draft = BillDraft::from_import(
        parsed,
        Some(format!(
            "Consultation de charge ({participants} participants)"
        )),
    );
    draft.closes_at = Some(time::now() + chrono::TimeDelta::days(30));
    let bill = bills::create(ctx, sponsor, draft)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    bills::transition(ctx, sponsor, &bill.slug, BillStatus::Open)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let bill_id = bill.id;
    let (contributions, votes, tokens, popular) = ctx
        .db
        .run(move |conn| {
            let arts = articles::list_for_bill(conn, bill_id)?;
            let popular = arts[10.min(arts.len() - 1)].id;
            let mut rng = StdRng::seed_from_u64(2015);
            let (mut n_contributions, mut n_votes) = (0usize, 0usize);
            let mut tokens_out = Vec::new();
            let mut recent: Vec<(i64, ContributionKind)> = Vec::new();
            for start in (0..participants).step_by(BATCH) {
                let end = (start + BATCH).min(participants);
                let loaded = write_tx(conn, |c| {
                    load_batch(
                        c,
                        &mut rng,
                        bill_id,
                        &arts,
                        popular,
                        start,
                        end,
                        tokens_wanted,
                        &mut recent,
                        &mut tokens_out,
                    )
                })?;
                n_contributions += loaded.0;
                n_votes += loaded.1;
            }
            write_tx(conn, |c| {
                bulk::recount(c, bill_id)?;
                bulk::index_contributions(c, bill_id)
            })?;
            Ok::<_, StoreError>((n_contributions, n_votes, tokens_out, popular))
        })
        .await?;
    Ok(Report {
        bill_slug: bill.slug,
        participants,
        contributions,
        votes,
        tokens,
        popular_article_id: popular,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// An article, the popular one a third of the time.
fn pick_article<'a>(rng: &mut StdRng, arts: &'a [ArticleRow], popular: i64) -> &'a ArticleRow {
    if rng.random_bool(0.33) {
        arts.iter().find(|a| a.id == popular).unwrap_or(&arts[0])
    } else {
        &arts[rng.random_range(0..arts.len())]
    }
}

#[allow(clippy::too_many_arguments)]
fn load_batch(
    c: &mut crate::store::DbConnection,
    rng: &mut StdRng,
    bill_id: i64,
    arts: &[ArticleRow],
    popular: i64,
    start: usize,
    end: usize,
    tokens_wanted: usize,
    recent: &mut Vec<(i64, ContributionKind)>,
    tokens_out: &mut Vec<String>,
) -> Result<(usize, usize), StoreError> {
    let now = time::now();
    let users: Vec<UserLoad> = (start..end)
        .map(|i| UserLoad {
            email: format!("charge-{i}@participants.invalid"),
            display_name: format!("Participant {i}"),
            name_key: Some(name_key(&format!("Participant {i}")).unwrap_or_default()),
            password_hash: String::new(),
            role: "citizen".into(),
            category: if i % 20 == 0 {
                "association".into()
            } else {
                "citizen".into()
            },
            locale: "fr".into(),
            email_confirmed_at: Some(now),
            created_at: now,
            updated_at: now,
        })
        .collect();
    let ids = bulk::users(c, &users)?;
    // Tokens for the first participants, to vote under load.
    let mut token_rows = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if start + i < tokens_wanted {
            let token = tokens::generate_api_token();
            token_rows.push(TokenLoad {
                user_id: *id,
                label: "charge".into(),
                token_hash: tokens::digest(&token),
                created_at: now,
                // For a load test of the vote endpoint.
                scope: crate::domain::api_token::TokenScope::ReadWrite,
            });
            tokens_out.push(token);
        }
    }
    bulk::tokens(c, &token_rows)?;
    // 0.4 contributions each: 60 % arguments, 22 % amendments, 8 % sources,
    // 10 % arguments on amendments; plus one proposal per 200 people.
    let mut rows = Vec::new();
    for id in &ids {
        if rng.random_bool(0.4) {
            let a = pick_article(rng, arts, popular);
            let roll: f64 = rng.random();
            let (kind, stance, title, body, proposed, url) = if roll < 0.6 {
                (
                    ContributionKind::Argument,
                    Some(if rng.random_bool(0.6) {
                        Stance::For
                    } else {
                        Stance::Against
                    }),
                    None,
                    sentence(rng, 2),
                    None,
                    None,
                )
            } else if roll < 0.82 {
                (
                    ContributionKind::Amendment,
                    None,
                    None,
                    sentence(rng, 2),
                    Some(format!("{} {}", a.body, sentence(rng, 1))),
                    None,
                )
            } else if roll < 0.9 {
                (
                    ContributionKind::Source,
                    None,
                    Some("Rapport du Conseil national du numérique".to_string()),
                    sentence(rng, 1),
                    None,
                    Some(format!(
                        "https://cnnumerique.fr/rapport/{}",
                        rng.random_range(1..500)
                    )),
                )
            } else {
                (
                    ContributionKind::Argument,
                    Some(Stance::Against),
                    None,
                    sentence(rng, 1),
                    None,
                    None,
                )
            };
            rows.push(ContributionLoad {
                bill_id,
                article_id: Some(a.id),
                parent_id: None,
                kind,
                stance,
                search_terms: index_terms(&format!(
                    "{} {body} {}",
                    title.as_deref().unwrap_or(""),
                    proposed.as_deref().unwrap_or("")
                )),
                title,
                body,
                proposed_text: proposed,
                url,
                article_version: (kind == ContributionKind::Amendment).then_some(a.version),
                author_id: *id,
                random_key: rng.random_range(0..0x7fff_ffff),
                created_at: now,
                updated_at: now,
            });
        }
        if rng.random_range(0..200) == 0 {
            rows.push(ContributionLoad {
                bill_id,
                article_id: None,
                parent_id: None,
                kind: ContributionKind::Proposal,
                stance: None,
                title: Some("Droit à la déconnexion numérique".into()),
                body: sentence(rng, 2),
                proposed_text: Some(sentence(rng, 3)),
                url: None,
                article_version: None,
                author_id: *id,
                random_key: rng.random_range(0..0x7fff_ffff),
                search_terms: index_terms("Droit à la déconnexion numérique"),
                created_at: now,
                updated_at: now,
            });
        }
    }
    let contribution_ids = bulk::contributions(c, &rows)?;
    for (id, row) in contribution_ids.iter().zip(&rows) {
        recent.push((*id, row.kind));
    }
    // Keep a bounded window of recent contributions to vote on.
    if recent.len() > 20_000 {
        let cut = recent.len() - 20_000;
        recent.drain(..cut);
    }
    // 7 votes each, on distinct items: about half on articles.
    let mut votes = Vec::with_capacity(ids.len() * 7);
    let scale = ["agree", "agree", "mixed", "disagree"];
    for id in &ids {
        let mut seen: Vec<(bool, i64)> = Vec::with_capacity(7);
        while seen.len() < 7 {
            let on_article = recent.is_empty() || rng.random_bool(0.5);
            let (target, value) = if on_article {
                (
                    pick_article(rng, arts, popular).id,
                    scale[rng.random_range(0..4)],
                )
            } else {
                let (cid, kind) = recent[rng.random_range(0..recent.len())];
                (
                    cid,
                    if matches!(kind, ContributionKind::Argument | ContributionKind::Source) {
                        "support"
                    } else {
                        scale[rng.random_range(0..4)]
                    },
                )
            };
            if seen.contains(&(on_article, target)) {
                if seen.len() >= arts.len() {
                    break;
                }
                continue;
            }
            seen.push((on_article, target));
            votes.push(VoteLoad {
                user_id: *id,
                target_kind: if on_article {
                    "article".into()
                } else {
                    "contribution".into()
                },
                target_id: target,
                bill_id,
                value: value.into(),
                created_at: now,
                updated_at: now,
            });
        }
    }
    bulk::votes(c, &votes)?;
    Ok((rows.len(), votes.len()))
}
