//! What citizens come for: arguments, amendments, proposals, sources and
//! votes, while the consultation is open.

use rand::Rng;

use crate::analysis::search as text_search;
use crate::context::AppContext;
use crate::domain::bill::BillStatus;
use crate::domain::contribution::{
    self, Attachment, ContributionFields, ContributionInput, ContributionKind, ContributionState,
    SortOrder, Tally, VoteTarget, VoteValue,
};
use crate::domain::moderation::State;
use crate::domain::{FieldError, User, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey, participant};
use crate::store::articles::{self, ArticleRow};
use crate::store::bills::BillRow;
use crate::store::contributions::{
    self, ContributionRow, ListQuery, Listed, NewContribution, Order,
};
use crate::store::moderation as cases;
use crate::store::rendered::Html;
use crate::store::votes::{self, Target};
use crate::store::{DbConnection, StoreError, pending_scans, search as search_index};

pub const PAGE_SIZE: i64 = 20;
pub const IDEMPOTENCY_KEY_MAX: usize = 100;

/// A contribution to create.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub kind: ContributionKind,
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub after_article_id: Option<i64>,
    pub input: ContributionInput,
    pub idempotency_key: Option<String>,
}

/// The bill, checked open now (by its dates), inside the write
/// transaction. Citizens' writes do not lock the bill first: the counters
/// they move are locked contribution, then article, then bill, like votes.
fn open_bill(conn: &mut DbConnection, key: BillKey) -> Result<BillRow, AppError> {
    Ok(BillAccess::read(conn, key, None)?.open_for_writes()?.row)
}

fn terms(fields: &ContributionFields) -> String {
    text_search::index_terms(&format!(
        "{} {} {}",
        fields.title.as_deref().unwrap_or(""),
        fields.body,
        fields.proposed_text.as_deref().unwrap_or("")
    ))
}

/// Creates a contribution; a retry with the same idempotency key returns
/// the first one (`false`: nothing new was created).
pub async fn contribute(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    req: NewRequest,
) -> Result<(ContributionRow, bool), AppError> {
    participant(user)?;
    let attachment = contribution::check_attachment(
        req.kind,
        Attachment {
            article: req.article_id.is_some(),
            parent: req.parent_id.is_some(),
            after_article: req.after_article_id.is_some(),
        },
    );
    let fields = match (attachment, contribution::check(req.kind, &req.input)) {
        (Ok(()), Ok(fields)) => fields,
        (attachment, fields) => {
            let mut errors = attachment.err().unwrap_or_default();
            errors.0.extend(fields.err().unwrap_or_default().0);
            return Err(AppError::Invalid(errors));
        }
    };
    if let Some(k) = &req.idempotency_key {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "._:-".contains(c);
        if k.is_empty() || k.len() > IDEMPOTENCY_KEY_MAX || !k.chars().all(allowed) {
            return Err(AppError::BadRequest(
                "Idempotency-Key must be 1 to 100 characters among A-Z a-z 0-9 . _ : -".into(),
            ));
        }
    }
    let retry_key = req.idempotency_key.clone();
    let user_id = user.id;
    let (user, slug) = (user.clone(), slug.to_string());
    // What depends on the text alone is worked out before the write
    // transaction, so that the writer is held for the writes only: the
    // search terms, the HTML, and the personal data (a read of the names
    // the text may hold).
    let search_terms = terms(&fields);
    let html = Html::render(&fields.body, fields.proposed_text.as_deref());
    let personal_data = {
        let (fields, author) = (fields.clone(), user.display_name.clone());
        ctx.db
            .run(move |c| {
                let text = (
                    fields.title.as_deref(),
                    fields.body.as_str(),
                    fields.proposed_text.as_deref(),
                    fields.url.as_deref(),
                );
                crate::service::moderation::personal_data_in(c, &author, text)
            })
            .await?
    };
    let ctx2 = ctx.clone();
    // Written with the other posts of the moment, in one transaction.
    let result = ctx
        .posts
        .run(&ctx.db, move |c| {
            let bill_row = open_bill(c, BillKey::Slug(&slug))?;
            if let Some(key) = &req.idempotency_key {
                if let Some(existing) = contributions::find_by_key(c, user.id, key)? {
                    return Ok((existing, false));
                }
            }
            // Where it is attached.
            let article: Option<ArticleRow> = match req.article_id {
                Some(id) => match articles::find(c, id) {
                    Ok(a) if a.bill_id == bill_row.id => Some(a),
                    Ok(_) | Err(StoreError::NotFound) => {
                        return Err(AppError::field("article_id", "error-article-unknown"));
                    }
                    Err(e) => return Err(e.into()),
                },
                None => None,
            };
            let parent: Option<ContributionRow> = match req.parent_id {
                Some(id) => match contributions::find(c, id) {
                    Ok(p)
                        if p.bill_id == bill_row.id && p.status == ContributionState::Published =>
                    {
                        Some(p)
                    }
                    Ok(_) | Err(StoreError::NotFound) => {
                        return Err(AppError::field("parent_id", "error-parent-unknown"));
                    }
                    Err(e) => return Err(e.into()),
                },
                None => None,
            };
            if !contribution::parent_allowed(req.kind, parent.as_ref().map(|p| p.kind)) {
                return Err(AppError::field("parent_id", "error-parent-kind"));
            }
            if let (ContributionKind::Amendment, Some(a)) = (req.kind, &article) {
                if fields.proposed_text.as_deref().map(str::trim) == Some(a.body.trim()) {
                    return Err(AppError::field(
                        "proposed_text",
                        "error-amendment-unchanged",
                    ));
                }
            }
            let after = match req.after_article_id {
                Some(id) => match articles::find(c, id) {
                    Ok(a) if a.bill_id == bill_row.id => Some(a.id),
                    Ok(_) | Err(StoreError::NotFound) => {
                        return Err(AppError::field("after_article_id", "error-article-unknown"));
                    }
                    Err(e) => return Err(e.into()),
                },
                None => None,
            };
            let now = time::now();
            // An argument on an amendment belongs to the amendment's
            // article too, so that the article's page can find it.
            let article_id = article
                .as_ref()
                .map(|a| a.id)
                .or(parent.as_ref().and_then(|p| p.article_id));
            let row = contributions::insert_rendered(
                c,
                &NewContribution {
                    bill_id: bill_row.id,
                    article_id,
                    parent_id: parent.as_ref().map(|p| p.id),
                    kind: req.kind,
                    stance: fields.stance,
                    title: fields.title.as_deref(),
                    body: &fields.body,
                    proposed_text: fields.proposed_text.as_deref(),
                    deletes_article: fields.deletes_article,
                    url: fields.url.as_deref(),
                    after_article_id: after,
                    article_version: article
                        .as_ref()
                        .filter(|_| req.kind == ContributionKind::Amendment)
                        .map(|a| a.version),
                    author_id: user.id,
                    idempotency_key: req.idempotency_key.as_deref(),
                    random_key: rand::rng().random_range(0..0x7fff_ffff),
                    search_terms: &search_terms,
                    created_at: now,
                    updated_at: now,
                },
                &html,
            )?;
            if let Some(p) = &parent {
                crate::service::notifications::on_reply(&ctx2, c, &row, p)?;
            }
            // Its case, queued now if it holds personal data; its
            // near-duplicates and search row follow within a second.
            let queued = crate::service::moderation::first_place(personal_data.is_some(), now);
            cases::open_scanned(c, row.id, row.bill_id, personal_data.as_deref(), queued)?;
            pending_scans::add(c, row.id, now)?;
            // The counters last: the bill's row is locked until the commit.
            contributions::count(c, &row, 1)?;
            contributions::add_participant(c, bill_row.id, user.id)?;
            Ok((row, true))
        })
        .await;
    let result = match (result, retry_key) {
        // A concurrent retry with the same key lost the race: answer with
        // the contribution the first one created.
        (Err(AppError::Conflict("error-duplicate")), Some(key)) => {
            let first = ctx
                .db
                .run(move |conn| contributions::find_by_key(conn, user_id, &key))
                .await?;
            match first {
                Some(row) => Ok((row, false)),
                None => Err(AppError::Conflict("error-duplicate-submission")),
            }
        }
        (other, _) => other,
    }?;
    ctx.mail_wakeup.notify_one();
    ctx.scan_wakeup.notify_one();
    Ok(result)
}

/// The author edits their contribution while the consultation is open;
/// the earlier text is kept.
pub async fn edit(
    ctx: &AppContext,
    user: &User,
    id: i64,
    input: ContributionInput,
) -> Result<ContributionRow, AppError> {
    participant(user)?;
    let user = user.clone();
    ctx.db
        .write(move |c| {
            // Lock first: two edits at once keep both earlier texts, and an edit
            // never lands on a contribution withdrawn meanwhile.
            let published = contributions::lock_published(c, id)?;
            let old = contributions::find(c, id)?;
            if old.author_id != user.id {
                return Err(AppError::Forbidden("error-author-only"));
            }
            open_bill(c, BillKey::Id(old.bill_id))?;
            if !published || old.status != ContributionState::Published {
                return Err(AppError::Conflict("error-item-withdrawn"));
            }
            // What moderators hid or trashed stays as they left it.
            if matches!(old.moderation, Some(State::Hidden | State::Trashed)) {
                return Err(AppError::Conflict("error-item-moderated"));
            }
            let kind = old.kind;
            let mut input = input.clone();
            // Stance and deletion are what the contribution is; they stay.
            input.stance = old.stance.map(|s| s.as_str().to_string());
            input.deletes_article = old.deletes_article;
            let fields = contribution::check(kind, &input)?;
            if fields.title == old.title
                && fields.body == old.body
                && fields.proposed_text == old.proposed_text
                && fields.url == old.url
            {
                return Err(AppError::field("body", "error-no-change"));
            }
            let search_terms = terms(&fields);
            contributions::edit(
                c,
                &old,
                fields.title.as_deref(),
                &fields.body,
                fields.proposed_text.as_deref(),
                fields.url.as_deref(),
                &search_terms,
                time::now(),
            )?;
            search_index::index(
                c,
                old.bill_id,
                search_index::CONTRIBUTION,
                id,
                &search_terms,
            )?;
            let row = contributions::find(c, id)?;
            crate::service::moderation::on_written(c, &row, false)?;
            Ok(row)
        })
        .await
}

/// The author withdraws their contribution: a placeholder stays, it no
/// longer counts, and nobody can vote on it.
pub async fn withdraw(ctx: &AppContext, user: &User, id: i64) -> Result<(), AppError> {
    participant(user)?;
    let user = user.clone();
    ctx.db
        .write(move |c| {
            // Lock, then read: a moderation act at the same moment is
            // either before (and counted in what is read) or after.
            contributions::lock(c, id)?;
            let row = contributions::find(c, id)?;
            if row.author_id != user.id {
                return Err(AppError::Forbidden("error-author-only"));
            }
            open_bill(c, BillKey::Id(row.bill_id))?;
            if !contributions::mark_withdrawn(c, id, time::now())? {
                return Err(AppError::Conflict("error-item-withdrawn"));
            }
            // A hidden contribution already left the tallies.
            if row.moderation != Some(State::Hidden) {
                contributions::count(c, &row, -1)?;
            }
            search_index::unindex(c, search_index::CONTRIBUTION, id)?;
            // Nothing left for a moderator to look at.
            crate::service::moderation::requeue(c, id)?;
            Ok(())
        })
        .await
}

/// What is being voted on.
#[derive(Clone, Copy, Debug)]
pub enum VoteOn {
    Article(i64),
    Contribution(i64),
}

/// One person's vote on one item (`None`: withdrawn).
#[derive(Clone, Copy, Debug)]
pub struct Vote {
    pub user_id: i64,
    pub on: VoteOn,
    pub value: Option<VoteValue>,
}

/// Casts or changes (`Some`) or removes (`None`) the user's vote. Votes
/// arriving together are written in one transaction
/// ([`crate::service::vote_batch`]); each is answered after that commit.
pub async fn vote(
    ctx: &AppContext,
    user: &User,
    on: VoteOn,
    value: Option<VoteValue>,
) -> Result<Tally, AppError> {
    participant(user)?;
    let vote = Vote {
        user_id: user.id,
        on,
        value,
    };
    ctx.votes.write(&ctx.db, vote).await
}

/// One vote, inside a write transaction: checked against the bill, the
/// item and the voter, then written with its counters. A refusal is an
/// `Err` and has written nothing.
pub fn cast(c: &mut DbConnection, vote: &Vote) -> Result<Tally, AppError> {
    let checked = check(c, vote, &mut OpenBills::default())?;
    Ok(record(c, &checked, Locking::Lock)?)
}

/// A vote found allowed, with what writing it needs.
#[derive(Clone, Copy, Debug)]
pub struct Checked {
    user_id: i64,
    bill_id: i64,
    target: Target,
    value: Option<VoteValue>,
}

/// The bills found open by the votes before, in one transaction: a batch
/// reads each bill once.
#[derive(Default)]
pub struct OpenBills(Vec<i64>);

/// Whether [`record`] must lock the voted item itself.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Locking {
    Lock,
    /// The transaction already holds it (a batch locks its items first).
    AlreadyLocked,
}

/// Checks `vote` against the bill (open), the item (published, not
/// hidden, not the voter's own) and the value (one the item accepts).
/// Reads only: a refusal has nothing to undo.
pub fn check(c: &mut DbConnection, vote: &Vote, open: &mut OpenBills) -> Result<Checked, AppError> {
    let Vote { user_id, on, value } = *vote;
    let (bill_id, target, accepts, author) = match on {
        VoteOn::Article(id) => {
            let bill_id = articles::bill_of(c, id)?;
            (bill_id, Target::Article(id), VoteTarget::Article, None)
        }
        VoteOn::Contribution(id) => {
            let row = contributions::find(c, id)?;
            // Removing one's vote stays possible on a withdrawn item.
            if row.status != ContributionState::Published && value.is_some() {
                return Err(AppError::Conflict("error-item-withdrawn"));
            }
            if row.moderation == Some(State::Hidden) && value.is_some() {
                return Err(AppError::Conflict("error-item-moderated"));
            }
            (
                row.bill_id,
                Target::Contribution(id),
                VoteTarget::Contribution(row.kind),
                Some(row.author_id),
            )
        }
    };
    if !open.0.contains(&bill_id) {
        open_bill(c, BillKey::Id(bill_id))?;
        open.0.push(bill_id);
    }
    if value.is_some() && author.is_some_and(|a| !contribution::may_vote_on(a, user_id)) {
        return Err(AppError::Forbidden("error-vote-own"));
    }
    if let Some(v) = value {
        if !accepts.accepts(v) {
            return Err(AppError::field("value", "error-vote-value"));
        }
    }
    Ok(Checked {
        user_id,
        bill_id,
        target,
        value,
    })
}

/// Writes a checked vote with its counters and, for a cast, the voter
/// among the bill's participants.
pub fn record(c: &mut DbConnection, vote: &Checked, locking: Locking) -> Result<Tally, StoreError> {
    let tally = votes::set(
        c,
        vote.user_id,
        vote.bill_id,
        vote.target,
        vote.value,
        time::now(),
        locking == Locking::Lock,
    )?;
    if vote.value.is_some() {
        contributions::add_participant(c, vote.bill_id, vote.user_id)?;
    }
    Ok(tally)
}

/// A page of a list and where the next one starts.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Listed>,
    pub next_cursor: Option<String>,
    /// The viewer's vote on each item listed.
    pub my_votes: Vec<(i64, VoteValue)>,
}

/// What a list is asked for.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub article_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub kind: Option<ContributionKind>,
    pub stance: Option<contribution::Stance>,
    pub sort: Option<SortOrder>,
    /// Seed of the random order, stable for one visitor.
    pub seed: i64,
    pub cursor: Option<String>,
    pub limit: i64,
}

/// Spreads a seed over all 31 bits: the random order is the keys XOR the
/// seed, and a small seed would only reorder neighbours.
fn scramble(seed: i64) -> i64 {
    let mut x = (seed as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((x ^ (x >> 31)) & 0x7fff_ffff) as i64
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64), AppError> {
    let bad = || AppError::field("cursor", "error-cursor-invalid");
    let (key, id) = cursor.split_once('.').ok_or_else(bad)?;
    Ok((
        key.parse().map_err(|_| bad())?,
        id.parse().map_err(|_| bad())?,
    ))
}

/// A bounded, keyset-paginated list of a bill's contributions.
pub async fn list(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
    req: ListRequest,
) -> Result<Page, AppError> {
    let after = req
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(parse_cursor)
        .transpose()?;
    let limit = req.limit.clamp(1, 100);
    let order = match req.sort.unwrap_or(SortOrder::Supported) {
        SortOrder::Supported => Order::Supported,
        SortOrder::Recent => Order::Recent,
        SortOrder::Controversial => Order::Controversial,
        SortOrder::Random => Order::Random(scramble(req.seed)),
    };
    let viewer = viewer.cloned();
    let slug = slug.to_string();
    ctx.db
        .run(move |conn| {
            let bill_row = BillAccess::read(conn, BillKey::Slug(&slug), viewer.as_ref())?
                .visible()?
                .row;
            // The article or parent asked for must be this bill's.
            if let Some(a) = req.article_id {
                if articles::find(conn, a)?.bill_id != bill_row.id {
                    return Err(AppError::NotFound);
                }
            }
            if let Some(p) = req.parent_id {
                if contributions::find(conn, p)?.bill_id != bill_row.id {
                    return Err(AppError::NotFound);
                }
            }
            let query = ListQuery {
                bill_id: bill_row.id,
                article_id: req.article_id,
                parent_id: req.parent_id,
                top_level: req.parent_id.is_none() && req.article_id.is_some(),
                kind: req.kind,
                stance: req.stance,
                order,
                after,
                limit: limit + 1,
            };
            let mut items = contributions::list(conn, &query)?;
            let next_cursor = if items.len() as i64 > limit {
                items.truncate(limit as usize);
                items
                    .last()
                    .map(|l| format!("{}.{}", contributions::sort_key(&l.row, order), l.row.id))
            } else {
                None
            };
            let ids: Vec<i64> = items.iter().map(|l| l.row.id).collect();
            let my_votes = match &viewer {
                Some(u) => votes::mine(conn, u.id, "contribution", &ids)?,
                None => Vec::new(),
            };
            Ok(Page {
                items,
                next_cursor,
                my_votes,
            })
        })
        .await
}

/// A contribution with what its page shows.
#[derive(Debug, Clone)]
pub struct Detail {
    pub item: Listed,
    pub bill: BillRow,
    pub status: BillStatus,
    pub article: Option<ArticleRow>,
    /// The article text the amendment was written on.
    pub amended_text: Option<String>,
    pub parent: Option<Listed>,
    pub my_vote: Option<VoteValue>,
    pub edits: i64,
}

pub async fn detail(ctx: &AppContext, viewer: Option<&User>, id: i64) -> Result<Detail, AppError> {
    let viewer = viewer.cloned();
    ctx.db
        .run(move |conn| {
            let item = contributions::find_listed(conn, id)?;
            let access = BillAccess::read(conn, BillKey::Id(item.row.bill_id), viewer.as_ref())?
                .visible()?;
            let (bill_row, status) = (access.row, access.status);
            let article = match item.row.article_id {
                Some(a) => Some(articles::find(conn, a)?),
                None => None,
            };
            let amended_text = match (&article, item.row.article_version) {
                (Some(a), Some(v)) if v != a.version => articles::versions(conn, a.id)?
                    .into_iter()
                    .find(|x| x.version == v)
                    .map(|x| x.body),
                (Some(a), Some(_)) => Some(a.body.clone()),
                _ => None,
            };
            let parent = match item.row.parent_id {
                Some(p) => Some(contributions::find_listed(conn, p)?),
                None => None,
            };
            let my_vote = match &viewer {
                Some(u) => votes::current(conn, u.id, Target::Contribution(id))?,
                None => None,
            };
            let edits = contributions::version_count(conn, id)?;
            Ok(Detail {
                item,
                bill: bill_row,
                status,
                article,
                amended_text,
                parent,
                my_vote,
                edits,
            })
        })
        .await
}

/// The viewer's vote on an article.
pub async fn my_article_vote(
    ctx: &AppContext,
    viewer: Option<&User>,
    article_id: i64,
) -> Result<Option<VoteValue>, AppError> {
    let Some(user_id) = viewer.map(|u| u.id) else {
        return Ok(None);
    };
    ctx.db
        .run(move |conn| Ok(votes::current(conn, user_id, Target::Article(article_id))?))
        .await
}

/// Re-checks a field error for the value of a vote form.
pub fn parse_vote(raw: &str) -> Result<Option<VoteValue>, AppError> {
    match raw {
        "" | "none" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::Invalid(FieldError::new("value", "error-vote-value").into())),
    }
}
