//! The third demo consultation, already published: proposition de loi
//! n° 3991 as deposited, with what really happened to it at first reading
//! put in citizens' hands. The commission deleted articles 1er, 3 and 4
//! and rewrote article 2; the floor amended article 2 again and inserted
//! articles 2 A, 2 bis, 2 ter and 2 quater. Those real texts are the demo's
//! amendments and proposals, the sponsor accepts them (two amendments meet
//! on article 2: the final wording is the text adopted on the floor), and
//! publication builds the final text and the synthesis, through the same
//! services as the pages.

use anyhow::{Context, anyhow};
use chrono::TimeDelta;

use crate::context::AppContext;
use crate::domain::contribution::{ContributionInput, ContributionKind, Stance};
use crate::domain::{BillStatus, User, time};
use crate::import::{self, Format, ImportedArticle};
use crate::service::bills::{self, BillDraft};
use crate::service::participation::{self, NewRequest, VoteOn};
use crate::service::synthesis;
use crate::store::contributions::ContributionRow;

const COMMISSION: &[u8] = include_bytes!("../../demo/ppl11-290-commission.texte.json");
const SEANCE: &[u8] = include_bytes!("../../demo/ppl11-290-seance.texte.json");

fn article<'a>(text: &'a [ImportedArticle], label: &str) -> anyhow::Result<&'a ImportedArticle> {
    text.iter()
        .find(|a| a.label == label)
        .ok_or_else(|| anyhow!("{label} missing from the demo texts"))
}

async fn contribute(
    ctx: &AppContext,
    who: &User,
    slug: &str,
    kind: ContributionKind,
    article_id: Option<i64>,
    after_article_id: Option<i64>,
    input: ContributionInput,
) -> anyhow::Result<ContributionRow> {
    let (row, _) = participation::contribute(
        ctx,
        who,
        slug,
        NewRequest {
            kind,
            article_id,
            parent_id: None,
            after_article_id,
            input,
            idempotency_key: None,
        },
    )
    .await
    .map_err(|e| anyhow!("demo contribution: {e:?}"))?;
    Ok(row)
}

pub async fn seed(
    ctx: &AppContext,
    deposited: &[u8],
    sponsor: &User,
    citizens: &[User],
    moderator: &User,
) -> anyhow::Result<String> {
    let problems = |p: Vec<import::ImportProblem>| anyhow!("demo bill unreadable: {p:?}");
    let parsed = import::parse(Format::FabriqueJson, deposited).map_err(problems)?;
    let commission = import::parse(Format::FabriqueJson, COMMISSION).map_err(problems)?;
    let seance = import::parse(Format::FabriqueJson, SEANCE).map_err(problems)?;
    let mut draft = BillDraft::from_import(
        parsed,
        Some("Information des passagers du transport aérien (consultation close)".into()),
    );
    draft.closes_at = Some(time::now() + TimeDelta::days(1));
    let bill = bills::create(ctx, sponsor, draft)
        .await
        .map_err(|e| anyhow!("demo bill: {e:?}"))?;
    let slug = bill.slug.clone();
    bills::transition(ctx, sponsor, &slug, BillStatus::Open)
        .await
        .map_err(|e| anyhow!("demo bill: {e:?}"))?;
    let detail = bills::detail(ctx, Some(sponsor), &slug)
        .await
        .map_err(|e| anyhow!("demo bill: {e:?}"))?;
    let id_of = |label: &str| {
        detail
            .articles
            .iter()
            .find(|a| a.label == label)
            .map(|a| a.id)
            .with_context(|| format!("{label} in the demo bill"))
    };
    let (a1, a2, a3, a4) = (
        id_of("Article 1er")?,
        id_of("Article 2")?,
        id_of("Article 3")?,
        id_of("Article 4")?,
    );
    let who = |i: usize| &citizens[i % citizens.len()];
    let mut accepted = Vec::new();
    // The commission's deletions, as citizens' amendments.
    for (i, (id, label)) in [(a1, "1er"), (a3, "3"), (a4, "4")].into_iter().enumerate() {
        accepted.push(
            contribute(ctx, who(i), &slug, ContributionKind::Amendment, Some(id), None, ContributionInput {
                deletes_article: true,
                body: format!("Supprimer l'article {label} : c'est ce qu'a fait la commission du développement durable (texte n° 4205, 2012)."),
                ..Default::default()
            })
            .await?,
        );
    }
    // Article 2 as the commission rewrote it, then as the floor adopted it.
    for (i, (text, why)) in [
        (&commission, "Réécriture de l'article 2 par la commission (texte n° 4205)."),
        (&seance, "Article 2 tel qu'adopté en séance publique le 31 janvier 2012 (amendements n° 4, 19, 34, 35, 36 et 37)."),
    ]
    .into_iter()
    .enumerate()
    {
        accepted.push(
            contribute(ctx, who(i + 1), &slug, ContributionKind::Amendment, Some(a2), None, ContributionInput {
                proposed_text: Some(article(&text.articles, "Article 2")?.body.clone()),
                body: why.into(),
                ..Default::default()
            })
            .await?,
        );
    }
    // The articles the floor inserted, as proposals at their place.
    for (i, (label, after, why)) in [
        (
            "Article 2 A",
            a1,
            "Article inséré avant l'article 2 par l'amendement n° 8, adopté en séance.",
        ),
        (
            "Article 2 bis",
            a2,
            "Article inséré après l'article 2 par l'amendement n° 9, adopté en séance.",
        ),
        (
            "Article 2 ter",
            a2,
            "Article inséré après l'article 2 par l'amendement n° 10, adopté en séance.",
        ),
        (
            "Article 2 quater",
            a2,
            "Article inséré après l'article 2 par l'amendement n° 11, adopté en séance.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let real = article(&seance.articles, label)?;
        accepted.push(
            contribute(
                ctx,
                who(i),
                &slug,
                ContributionKind::Proposal,
                None,
                Some(after),
                ContributionInput {
                    title: Some(
                        real.heading
                            .clone()
                            .unwrap_or_else(|| format!("{label} (séance)")),
                    ),
                    proposed_text: Some(real.body.clone()),
                    body: why.into(),
                    ..Default::default()
                },
            )
            .await?,
        );
    }
    // A few arguments and votes, so the report has something to weigh.
    for (i, (stance, text)) in [
        (Stance::For, "Les passagers doivent connaître avant l'embarquement les perturbations prévisibles d'un mouvement social."),
        (Stance::Against, "Une déclaration individuelle 48 heures à l'avance restreint le droit de grève des salariés."),
    ]
    .into_iter()
    .enumerate()
    {
        contribute(ctx, who(i), &slug, ContributionKind::Argument, Some(a2), None, ContributionInput {
            stance: Some(stance.as_str().to_string()),
            body: text.into(),
            ..Default::default()
        })
        .await?;
    }
    for (i, c) in citizens.iter().enumerate() {
        let value = if i % 3 == 2 { "disagree" } else { "agree" };
        participation::vote(
            ctx,
            c,
            VoteOn::Article(a2),
            participation::parse_vote(value).map_err(|e| anyhow!("{e:?}"))?,
        )
        .await
        .map_err(|e| anyhow!("demo vote: {e:?}"))?;
    }
    // The moderators' note, then the sponsor's arbitration and publication.
    synthesis::set_note(
        ctx,
        moderator,
        a2,
        &format!(
            "Deux rédactions de l'article 2 sont proposées (#{} et #{}) ; la seconde reprend la première en l'amendant.",
            accepted[3].id, accepted[4].id
        ),
    )
    .await
    .map_err(|e| anyhow!("demo note: {e:?}"))?;
    bills::transition(ctx, sponsor, &slug, BillStatus::Closed)
        .await
        .map_err(|e| anyhow!("demo bill: {e:?}"))?;
    for row in &accepted {
        synthesis::decide(ctx, sponsor, row.id, "accepted", None, None)
            .await
            .map_err(|e| anyhow!("demo decision: {e:?}"))?;
    }
    synthesis::set_wording(
        ctx,
        sponsor,
        a2,
        &article(&seance.articles, "Article 2")?.body,
    )
    .await
    .map_err(|e| anyhow!("demo wording: {e:?}"))?;
    synthesis::publish(ctx, sponsor, &slug)
        .await
        .map_err(|e| anyhow!("demo publication: {e:?}"))?;
    Ok(slug)
}
