//! What the reading pages show, each page's data gathered by one call: a
//! bill's landing page and an article's page with its contributions.

use crate::context::AppContext;
use crate::domain::User;
use crate::domain::contribution::{ContributionKind, SortOrder, Stance, VoteValue};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey};
use crate::service::bills::{self, ArticleDetail, BillDetail};
use crate::service::participation::{self, Detail, ListRequest, Page};
use crate::store::votes::{self, Target};

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
        .run(move |conn| {
            let access = BillAccess::read(conn, BillKey::Slug(&slug), Some(&viewer))?.visible()?;
            let article_vote = votes::current(conn, viewer.id, Target::Article(article_id))?;
            let votes = votes::mine(conn, viewer.id, "contribution", &items)?;
            Ok(ViewerState {
                can_manage: access.can_manage,
                article_vote,
                votes,
            })
        })
        .await
}
