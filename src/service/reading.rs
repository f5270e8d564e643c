//! What the reading pages show, each page's data gathered by one call: a
//! bill's landing page, an article's page with its contributions, and a
//! contribution's page with the arguments and sources that answer it, a
//! bill's proposals, a search within a bill.

use crate::context::AppContext;
use crate::domain::User;
use crate::domain::contribution::{ContributionKind, SortOrder, Stance, VoteValue};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey};
use crate::service::bills::{self, ArticleDetail, BillDetail};
use crate::service::moderation::CaseDetail;
use crate::service::participation::{self, Detail, ListRequest, Page};
use crate::service::search::Found;
use crate::store::synthesis::DecisionRow;
use crate::store::votes;

/// How many proposals a bill's landing page lists (the most supported).
pub const TOP_PROPOSALS: i64 = 5;

/// A bill's landing page: the bill, its articles' figures, its most
/// supported proposals, and whether the viewer follows it.
pub struct BillLanding {
    pub detail: BillDetail,
    pub top_proposals: Page,
    /// `None` for a visitor who is not signed in.
    pub following: Option<bool>,
}

pub async fn bill_landing(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<BillLanding, AppError> {
    let detail = bills::detail(ctx, viewer, slug).await?;
    let top_proposals = participation::list(
        ctx,
        viewer,
        slug,
        ListRequest {
            kind: Some(ContributionKind::Proposal),
            sort: Some(SortOrder::Supported),
            limit: TOP_PROPOSALS,
            ..Default::default()
        },
    )
    .await?;
    let following = match viewer {
        Some(u) => Some(crate::service::notifications::is_following(ctx, u, detail.bill.id).await?),
        None => None,
    };
    Ok(BillLanding {
        detail,
        top_proposals,
        following,
    })
}

/// Which lists an article page shows, in which order, from where.
#[derive(Debug, Clone, Default)]
pub struct ArticleLists {
    pub sort: Option<SortOrder>,
    /// Seed of the random order, stable for one visitor.
    pub seed: i64,
    /// Show only this list (kind, and stance for arguments), paged from
    /// `cursor`.
    pub only: Option<(ContributionKind, Option<Stance>)>,
    pub cursor: Option<String>,
    /// A contribution to show first in its list (the one just posted).
    pub highlight: Option<i64>,
}

/// One list of an article page: arguments for, arguments against,
/// amendments or sources.
pub struct ArticleList {
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    pub page: Page,
}

/// An article's page: the article, the viewer's vote on it, its lists, and
/// the highlighted contribution when it belongs to one of them.
pub struct ArticlePage {
    pub detail: ArticleDetail,
    pub my_vote: Option<VoteValue>,
    pub lists: Vec<ArticleList>,
    pub highlighted: Option<Detail>,
}

/// The lists of an article page, in the order they are shown.
pub const ARTICLE_LISTS: [(ContributionKind, Option<Stance>); 4] = [
    (ContributionKind::Argument, Some(Stance::For)),
    (ContributionKind::Argument, Some(Stance::Against)),
    (ContributionKind::Amendment, None),
    (ContributionKind::Source, None),
];

pub async fn article_page(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    article_id: i64,
    want: ArticleLists,
) -> Result<ArticlePage, AppError> {
    let detail = bills::article(ctx, viewer, article_id).await?;
    if detail.bill.slug != slug {
        return Err(AppError::NotFound);
    }
    let mut lists = Vec::new();
    for (kind, stance) in ARTICLE_LISTS {
        // `only` an argument list without a stance: both argument lists.
        let listed =
            |(k, s): (ContributionKind, Option<Stance>)| k == kind && (s.is_none() || s == stance);
        if want.only.is_some_and(|o| !listed(o)) {
            continue;
        }
        let request = ListRequest {
            article_id: Some(article_id),
            kind: Some(kind),
            stance,
            sort: want.sort,
            seed: want.seed,
            cursor: want
                .cursor
                .clone()
                .filter(|_| want.only == Some((kind, stance))),
            limit: participation::PAGE_SIZE,
            ..Default::default()
        };
        let page = participation::list(ctx, viewer, slug, request).await?;
        lists.push(ArticleList { kind, stance, page });
    }
    // The highlighted item, when it is one of this article's own items.
    let highlighted = match want.highlight {
        Some(id) => match participation::detail(ctx, viewer, id).await {
            Ok(d)
                if d.item.row.article_id == Some(article_id) && d.item.row.parent_id.is_none() =>
            {
                Some(d)
            }
            Ok(_) | Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let my_vote = participation::my_article_vote(ctx, viewer, article_id).await?;
    Ok(ArticlePage {
        detail,
        my_vote,
        lists,
        highlighted,
    })
}

/// Which answers a contribution's page shows, from where.
#[derive(Debug, Clone, Default)]
pub struct ContributionLists {
    pub sort: Option<SortOrder>,
    /// Where each list goes on from: arguments for, against, sources.
    pub for_cursor: Option<String>,
    pub against_cursor: Option<String>,
    pub sources_cursor: Option<String>,
    /// An answer to show first in its list (the one just posted).
    pub highlight: Option<i64>,
}

/// The lists of a contribution's page, in the order they are shown.
pub const CONTRIBUTION_LISTS: [(ContributionKind, Option<Stance>); 3] = [
    (ContributionKind::Argument, Some(Stance::For)),
    (ContributionKind::Argument, Some(Stance::Against)),
    (ContributionKind::Source, None),
];

/// How many answers of each list a contribution's page shows at once.
pub const ANSWERS_PAGE_SIZE: i64 = 50;

/// A contribution's page: the contribution, the arguments for and against
/// it and its sources, the highlighted answer, and what the viewer may do
/// (moderate it, contest its moderation, file it under themes, report it).
pub struct ContributionPage {
    pub detail: Detail,
    /// Arguments for, against, then sources.
    pub lists: Vec<ArticleList>,
    pub highlighted: Option<Detail>,
    /// The moderation case, for moderators.
    pub case: Option<CaseDetail>,
    /// For its author, once moderated: whether they may still contest.
    pub may_contest: Option<bool>,
    /// The themes it may be filed under, for those who synthesise.
    pub themes: Option<Vec<serde_json::Value>>,
    /// The sponsor's decision, once published.
    pub decision: Option<DecisionRow>,
    /// Whether the viewer has already reported it.
    pub reported: bool,
}

pub async fn contribution_page(
    ctx: &AppContext,
    viewer: Option<&User>,
    id: i64,
    want: ContributionLists,
) -> Result<ContributionPage, AppError> {
    let detail = participation::detail(ctx, viewer, id).await?;
    let slug = detail.bill.slug.clone();
    let mut lists = Vec::new();
    for (kind, stance) in CONTRIBUTION_LISTS {
        let cursor = match stance {
            Some(Stance::For) => &want.for_cursor,
            Some(Stance::Against) => &want.against_cursor,
            None => &want.sources_cursor,
        };
        let request = ListRequest {
            parent_id: Some(id),
            kind: Some(kind),
            stance,
            sort: want.sort,
            cursor: cursor.clone(),
            limit: ANSWERS_PAGE_SIZE,
            ..Default::default()
        };
        let page = participation::list(ctx, viewer, &slug, request).await?;
        lists.push(ArticleList { kind, stance, page });
    }
    // The highlighted item, when it answers this one.
    let highlighted = match want.highlight {
        Some(h) => match participation::detail(ctx, viewer, h).await {
            Ok(d) if d.item.row.parent_id == Some(id) => Some(d),
            Ok(_) | Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let row = &detail.item.row;
    let case = crate::service::moderation::case_view(ctx, viewer, id).await?;
    let may_contest = crate::service::moderation::contest_state(ctx, viewer, row).await?;
    let themes = crate::service::synthesis::themes_for(ctx, viewer, row).await?;
    let decision = crate::service::synthesis::decision_of(ctx, viewer, row).await?;
    let reported = crate::service::reports::has_reported(ctx, viewer, id).await?;
    Ok(ContributionPage {
        detail,
        lists,
        highlighted,
        case,
        may_contest,
        themes,
        decision,
        reported,
    })
}

/// Which proposals a bill's proposals page lists, from where.
#[derive(Debug, Clone, Default)]
pub struct ProposalLists {
    pub sort: Option<SortOrder>,
    pub cursor: Option<String>,
    /// A proposal to show first (the one just posted).
    pub highlight: Option<i64>,
}

/// How many proposals the proposals page shows at once.
pub const PROPOSALS_PAGE_SIZE: i64 = 50;

/// A bill's proposals page: the bill, a page of its proposals, and the
/// highlighted proposal when it is one of them.
pub struct ProposalsPage {
    pub detail: BillDetail,
    pub proposals: Page,
    pub highlighted: Option<Detail>,
}

pub async fn proposals_page(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    want: ProposalLists,
) -> Result<ProposalsPage, AppError> {
    let detail = bills::detail(ctx, viewer, slug).await?;
    let proposals = participation::list(
        ctx,
        viewer,
        slug,
        ListRequest {
            kind: Some(ContributionKind::Proposal),
            sort: want.sort,
            cursor: want.cursor,
            limit: PROPOSALS_PAGE_SIZE,
            ..Default::default()
        },
    )
    .await?;
    let highlighted = match want.highlight {
        Some(id) => match participation::detail(ctx, viewer, id).await {
            Ok(d) if d.bill.id == detail.bill.id && d.item.row.parent_id.is_none() => Some(d),
            Ok(_) | Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(ProposalsPage {
        detail,
        proposals,
        highlighted,
    })
}

/// A search within one bill: the bill and what matched.
pub struct BillSearch {
    pub detail: BillDetail,
    pub results: Vec<Found>,
}

pub async fn bill_search(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    q: &str,
) -> Result<BillSearch, AppError> {
    let detail = bills::detail(ctx, viewer, slug).await?;
    let results = crate::service::search::in_bill(ctx, viewer, slug, q).await?;
    Ok(BillSearch { detail, results })
}

/// What is a signed-in viewer's own on an article page shared by every
/// viewer: whether they manage the bill, their vote on the article and
/// their votes on the items shown.
#[derive(Debug, Clone, Default)]
pub struct ViewerState {
    pub can_manage: bool,
    pub article_vote: Option<VoteValue>,
    pub votes: Vec<(i64, VoteValue)>,
}

impl ViewerState {
    /// The viewer's state as a page read whole has it.
    pub fn of_page(page: &ArticlePage) -> Self {
        let mut votes: Vec<(i64, VoteValue)> = page
            .lists
            .iter()
            .flat_map(|l| l.page.my_votes.iter().copied())
            .collect();
        if let Some(h) = &page.highlighted {
            if let Some(v) = h.my_vote {
                votes.push((h.item.row.id, v));
            }
        }
        ViewerState {
            can_manage: page.detail.can_manage,
            article_vote: page.my_vote,
            votes,
        }
    }

    pub fn vote_on(&self, item: i64) -> Option<VoteValue> {
        self.votes
            .iter()
            .find(|(id, _)| *id == item)
            .map(|(_, v)| *v)
    }
}

/// The viewer's own state on the article page of `slug` showing `items`:
/// three indexed reads in one trip to the database.
pub async fn viewer_state(
    ctx: &AppContext,
    viewer: &User,
    slug: &str,
    article_id: i64,
    items: Vec<i64>,
) -> Result<ViewerState, AppError> {
    let viewer = viewer.clone();
    let slug = slug.to_string();
    ctx.db
        .run_short(move |conn| {
            let access = BillAccess::read(conn, BillKey::Slug(&slug), Some(&viewer))?.visible()?;
            let (article_vote, votes) =
                votes::on_article_page(conn, viewer.id, article_id, &items)?;
            Ok(ViewerState {
                can_manage: access.can_manage,
                article_vote,
                votes,
            })
        })
        .await
}
