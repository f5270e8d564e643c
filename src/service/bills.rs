//! Drafting, importing and running a consultation on a bill.

use chrono::NaiveDateTime;

use crate::context::AppContext;
use crate::domain::audit::ChainKey;
use crate::domain::bill::{self, ArticleEdits, BillStatus};
use crate::domain::{FieldError, FieldErrors, Permission, User, allows, time};
use crate::error::AppError;
use crate::import::{self, ImportedBill, ImportedSection};
use crate::service::access::{self, BillAccess, BillKey};
use crate::store::articles::{self, ArticleRow, NewArticle, VersionRow};
use crate::store::bills::{
    self, BillChanges, BillRow, NewBill, NewSection, SectionRow, TransitionRow,
};
use crate::store::{DbConnection, StoreError, users};

/// What a sponsor submits to create a bill (typed in, or imported).
#[derive(Debug, Clone, Default)]
pub struct BillDraft {
    pub title: String,
    pub summary: String,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub source: Option<String>,
    pub sections: Vec<ImportedSection>,
    pub articles: Vec<ArticleInput>,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
    /// Index into `BillDraft::sections`.
    pub section: Option<usize>,
    /// The article's own explanation (Markdown), not part of its text.
    pub explanation: Option<String>,
}

impl BillDraft {
    /// A draft from an imported file; `title` replaces the file's own.
    pub fn from_import(imported: ImportedBill, title: Option<String>) -> BillDraft {
        BillDraft {
            title: title
                .filter(|t| !t.trim().is_empty())
                .or(imported.title)
                .unwrap_or_default(),
            summary: imported.summary,
            opens_at: None,
            closes_at: None,
            source: imported.source,
            sections: imported.sections,
            articles: imported
                .articles
                .into_iter()
                .map(|a| ArticleInput {
                    label: a.label,
                    heading: a.heading,
                    body: a.body,
                    section: a.section,
                    explanation: a.explanation,
                })
                .collect(),
        }
    }
}

/// A bill as its pages and API show it.
#[derive(Debug, Clone)]
pub struct BillDetail {
    pub bill: BillRow,
    pub status: BillStatus,
    pub sponsors: Vec<(i64, String)>,
    pub sections: Vec<SectionRow>,
    pub articles: Vec<ArticleRow>,
    pub transitions: Vec<TransitionRow>,
    /// The viewer may change it and move it along.
    pub can_manage: bool,
}

#[derive(Debug, Clone)]
pub struct ArticleDetail {
    pub bill: BillRow,
    pub status: BillStatus,
    pub article: ArticleRow,
    pub section: Option<SectionRow>,
    pub versions: Vec<VersionRow>,
    pub previous: Option<(i64, String)>,
    pub next: Option<(i64, String)>,
    pub can_manage: bool,
}

fn validate_articles(
    articles: &[ArticleInput],
    sections: usize,
) -> Result<Vec<ArticleInput>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if articles.is_empty() {
        errors.push(FieldError::new("articles", "error-no-articles"));
    }
    if articles.len() > bill::MAX_ARTICLES {
        errors.push(
            FieldError::new("articles", "error-too-many-articles")
                .with_arg("max", bill::MAX_ARTICLES),
        );
    }
    let mut seen = std::collections::HashSet::new();
    let mut clean = Vec::with_capacity(articles.len());
    for a in articles {
        let Some(label) = import::normalise_label(&a.label) else {
            errors.push(
                FieldError::new("articles", "error-article-label").with_arg("label", &a.label),
            );
            continue;
        };
        if !seen.insert(label.clone()) {
            errors.push(
                FieldError::new("articles", "error-article-duplicate").with_arg("label", &label),
            );
        }
        let body = errors.take(bill::parse_body("articles", &a.body));
        let heading = errors.take(bill::parse_heading(a.heading.as_deref()));
        if let (Some(body), Some(heading)) = (body, heading) {
            clean.push(ArticleInput {
                label,
                heading,
                body,
                section: a.section.filter(|s| *s < sections),
                explanation: a.explanation.clone().filter(|e| !e.trim().is_empty()),
            });
        }
    }
    errors.into_result().map(|_| clean)
}

/// Creates a draft bill with its headings and articles, all or nothing.
pub async fn create(ctx: &AppContext, user: &User, draft: BillDraft) -> Result<BillRow, AppError> {
    if !allows(Some(user), Permission::Sponsor) {
        return Err(AppError::Forbidden("error-sponsors-only"));
    }
    let mut errors = FieldErrors::default();
    let title = errors.take(bill::parse_title(&draft.title));
    let summary = errors.take(bill::parse_summary(&draft.summary));
    errors.take(bill::check_dates(draft.opens_at, draft.closes_at));
    let articles = match validate_articles(&draft.articles, draft.sections.len()) {
        Ok(a) => Some(a),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(title), Some(summary), Some(articles), true) =
        (title, summary, articles, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let user_id = user.id;
    ctx.db
        .write(move |conn| {
            let now = time::now();
            let slug = bills::new_slug(conn, &title)?;
            let id = bills::insert(
                conn,
                &NewBill {
                    slug: &slug,
                    title: &title,
                    summary: &summary,
                    status: BillStatus::Draft,
                    opens_at: draft.opens_at,
                    closes_at: draft.closes_at,
                    source: draft.source.as_deref(),
                    created_by: user_id,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            bills::add_sponsor(conn, id, user_id, now)?;
            let mut section_ids = Vec::with_capacity(draft.sections.len());
            for (i, s) in draft.sections.iter().enumerate() {
                section_ids.push(bills::insert_section(
                    conn,
                    &NewSection {
                        bill_id: id,
                        position: i as i32 + 1,
                        level: s.level as i32,
                        kind: section_kind(s),
                        label: &s.label,
                        heading: &s.heading,
                    },
                )?);
            }
            for (i, a) in articles.iter().enumerate() {
                articles::insert(
                    conn,
                    &NewArticle {
                        bill_id: id,
                        section_id: a.section.map(|s| section_ids[s]),
                        position: i as i32 + 1,
                        label: &a.label,
                        heading: a.heading.as_deref(),
                        body: &a.body,
                        explanation: a.explanation.as_deref(),
                        author_id: Some(user_id),
                        now,
                    },
                )?;
            }
            Ok(bills::find(conn, id)?)
        })
        .await
}

fn section_kind(s: &ImportedSection) -> &'static str {
    match serde_json::to_value(s.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .as_deref()
    {
        Some("part") => "part",
        Some("titre") => "titre",
        Some("chapitre") => "chapitre",
        Some("sous_section") => "sous_section",
        _ => "section",
    }
}

/// The scheduled job: moves every bill whose date has come.
pub async fn apply_calendar(ctx: &AppContext) -> Result<usize, AppError> {
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |conn| {
            let due = bills::due_for_calendar(conn, time::now())?;
            let n = due.len();
            for row in due {
                access::settle(conn, &audit_key, row)?;
            }
            Ok(n)
        })
        .await
}

/// The bill at `slug` as `viewer` may see it (a draft is a 404 to others).
pub async fn detail(
    ctx: &AppContext,
    viewer: Option<&User>,
    slug: &str,
) -> Result<BillDetail, AppError> {
    let slug = slug.to_string();
    let viewer = viewer.cloned();
    ctx.db
        .run(move |conn| {
            let access =
                BillAccess::read(conn, BillKey::Slug(&slug), viewer.as_ref())?.visible()?;
            let id = access.row.id;
            Ok(BillDetail {
                status: access.status,
                sponsors: bills::sponsors(conn, id)?,
                sections: bills::sections(conn, id)?,
                articles: articles::list_for_bill(conn, id)?,
                transitions: bills::transitions(conn, id)?,
                can_manage: access.can_manage,
                bill: access.row,
            })
        })
        .await
}

/// An article and its bill, for a change by `user`: 404 if they cannot see
/// it, 403 if they can see but not change it.
fn managed_article(
    conn: &mut DbConnection,
    audit_key: &ChainKey,
    user: &User,
    article_id: i64,
) -> Result<(ArticleRow, BillAccess), AppError> {
    let bill_id = articles::find(conn, article_id)?.bill_id;
    let access = BillAccess::write(conn, audit_key, BillKey::Id(bill_id), Some(user))?.managed()?;
    // Read again under the bill's lock.
    Ok((articles::find(conn, article_id)?, access))
}

/// Moves the bill one step along its life. Publication is more than a
/// move (decisions, final text, synthesis): it has its own use case.
pub async fn transition(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    to: BillStatus,
) -> Result<BillRow, AppError> {
    if to == BillStatus::Published {
        return Err(AppError::Conflict("error-publish-through-publication"));
    }
    let (user, slug) = (user.clone(), slug.to_string());
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let access =
                BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?.managed()?;
            let (row, from) = (access.row, access.status);
            if !from.can_become(to) {
                return Err(AppError::Conflict("error-transition-not-allowed"));
            }
            let now = time::now();
            if to == BillStatus::Open
                && let Some(why) = crate::domain::bill::why_it_cannot_open(row.closes_at, now)
            {
                return Err(AppError::Conflict(why));
            }
            if !bills::move_status(c, &audit_key, row.id, from, to, Some(user.id), now)? {
                return Err(AppError::Conflict("error-transition-not-allowed"));
            }
            // The dates say what really happened.
            let changes = match to {
                BillStatus::Open if row.opens_at.is_none_or(|o| o > now) => BillChanges {
                    opens_at: Some(Some(now)),
                    ..Default::default()
                },
                BillStatus::Closed if row.closes_at.is_none_or(|c| c > now) => BillChanges {
                    closes_at: Some(Some(now)),
                    ..Default::default()
                },
                _ => BillChanges::default(),
            };
            if changes.opens_at.is_some() || changes.closes_at.is_some() {
                bills::update(c, row.id, &changes)?;
            }
            Ok(bills::find(c, row.id)?)
        })
        .await
}

/// Changes to a bill's own fields.
#[derive(Debug, Clone, Default)]
pub struct BillPatch {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub opens_at: Option<Option<NaiveDateTime>>,
    pub closes_at: Option<Option<NaiveDateTime>>,
}

pub async fn update(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    patch: BillPatch,
) -> Result<BillRow, AppError> {
    let mut errors = FieldErrors::default();
    let title = match &patch.title {
        Some(t) => errors.take(bill::parse_title(t)),
        None => None,
    };
    let summary = match &patch.summary {
        Some(s) => errors.take(bill::parse_summary(s)),
        None => None,
    };
    errors.into_result()?;
    let (user, slug) = (user.clone(), slug.to_string());
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let access =
                BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?.managed()?;
            let (row, status) = (access.row, access.status);
            let now = time::now();
            match status {
                BillStatus::Closed | BillStatus::Published => {
                    return Err(AppError::Conflict("error-bill-frozen"));
                }
                BillStatus::Open if patch.opens_at.is_some() => {
                    return Err(AppError::field("opens_at", "error-opens-at-fixed"));
                }
                BillStatus::Open if patch.closes_at.is_some_and(|c| c.is_none_or(|c| c <= now)) => {
                    return Err(AppError::field("closes_at", "error-closes-in-past"));
                }
                _ => {}
            }
            let opens = patch.opens_at.unwrap_or(row.opens_at);
            let closes = patch.closes_at.unwrap_or(row.closes_at);
            bill::check_dates(opens, closes)?;
            // The address follows the title while drafting, then stays.
            let slug = match (&title, status) {
                (Some(t), BillStatus::Draft) if *t != row.title => Some(bills::new_slug(c, t)?),
                _ => None,
            };
            bills::update(
                c,
                row.id,
                &BillChanges {
                    slug: slug.as_deref(),
                    title: title.as_deref(),
                    summary: summary.as_deref(),
                    opens_at: patch.opens_at,
                    closes_at: patch.closes_at,
                    updated_at: Some(now),
                },
            )?;
            Ok(bills::find(c, row.id)?)
        })
        .await
}

/// Names another sponsor of the bill.
pub async fn add_cosponsor(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    email: &str,
) -> Result<(), AppError> {
    let email = crate::domain::Email::parse(email)?;
    let (user, slug) = (user.clone(), slug.to_string());
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let access =
                BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?.managed()?;
            let Some(target) = users::find_by_email(c, email.as_str())? else {
                return Err(AppError::field("email", "error-cosponsor-unknown"));
            };
            let target = User::from(target);
            if !bill::can_sponsor(&target) {
                return Err(AppError::field("email", "error-cosponsor-role"));
            }
            if bills::is_sponsor(c, access.row.id, target.id)? {
                return Err(AppError::field("email", "error-cosponsor-already"));
            }
            Ok(bills::add_sponsor(
                c,
                access.row.id,
                target.id,
                time::now(),
            )?)
        })
        .await
}

/// What a sponsor changes in an article.
#[derive(Debug, Clone, Default)]
pub struct ArticleEdit {
    pub label: Option<String>,
    pub heading: Option<String>,
    pub body: String,
    pub reason: Option<String>,
}

/// Adds an article at the end of a draft.
pub async fn add_article(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    input: ArticleInput,
) -> Result<ArticleRow, AppError> {
    let input = validate_articles(std::slice::from_ref(&input), 0)?.remove(0);
    let (user, slug) = (user.clone(), slug.to_string());
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let access =
                BillAccess::write(c, &audit_key, BillKey::Slug(&slug), Some(&user))?.managed()?;
            let bill_id = access.row.id;
            if bill::article_edits(access.status) != ArticleEdits::Free {
                return Err(AppError::Conflict("error-articles-fixed"));
            }
            let position = articles::next_position(c, bill_id)?;
            let inserted = articles::insert(
                c,
                &NewArticle {
                    bill_id,
                    section_id: None,
                    position,
                    label: &input.label,
                    heading: input.heading.as_deref(),
                    body: &input.body,
                    explanation: input.explanation.as_deref(),
                    author_id: Some(user.id),
                    now: time::now(),
                },
            );
            match inserted {
                Ok(id) => Ok(articles::find(c, id)?),
                Err(StoreError::Duplicate) => {
                    Err(AppError::field("label", "error-article-duplicate"))
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
}

/// A new version of an article: free while drafting, with a reason while
/// the consultation is open, refused afterwards.
pub async fn edit_article(
    ctx: &AppContext,
    user: &User,
    article_id: i64,
    edit: ArticleEdit,
) -> Result<ArticleRow, AppError> {
    let user = user.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let (article, access) = managed_article(c, &audit_key, &user, article_id)?;
            let rule = bill::article_edits(access.status);
            if rule == ArticleEdits::Frozen {
                return Err(AppError::Conflict("error-bill-frozen"));
            }
            let mut errors = FieldErrors::default();
            let body = errors.take(bill::parse_body("body", &edit.body));
            let heading = match &edit.heading {
                Some(h) => errors.take(bill::parse_heading(Some(h))),
                None => Some(article.heading.clone()),
            };
            let reason = errors.take(bill::parse_reason(
                edit.reason.as_deref(),
                rule == ArticleEdits::NewVersionWithReason,
            ));
            let label = match edit
                .label
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                Some(l) if rule == ArticleEdits::Free => match import::normalise_label(l) {
                    Some(l) => Some(l),
                    None => {
                        errors.push(
                            FieldError::new("label", "error-article-label").with_arg("label", l),
                        );
                        None
                    }
                },
                Some(l)
                    if import::normalise_label(l).as_deref() != Some(article.label.as_str()) =>
                {
                    errors.push(FieldError::new("label", "error-label-fixed"));
                    None
                }
                _ => Some(article.label.clone()),
            };
            let (Some(body), Some(heading), Some(reason), Some(label), true) =
                (body, heading, reason, label, errors.is_empty())
            else {
                return Err(AppError::Invalid(errors));
            };
            if body == article.body && heading == article.heading && label == article.label {
                return Err(AppError::field("body", "error-no-change"));
            }
            let written = articles::new_version(
                c,
                &article,
                &label,
                heading.as_deref(),
                &body,
                reason.as_deref(),
                user.id,
                time::now(),
            );
            match written {
                Ok(_) => Ok(articles::find(c, article_id)?),
                Err(StoreError::Duplicate) => {
                    Err(AppError::Conflict("error-article-edited-meanwhile"))
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
}

/// Removes an article from a draft.
pub async fn delete_article(
    ctx: &AppContext,
    user: &User,
    article_id: i64,
) -> Result<String, AppError> {
    let user = user.clone();
    let audit_key = ctx.audit_key.clone();
    ctx.db
        .write(move |c| {
            let (_, access) = managed_article(c, &audit_key, &user, article_id)?;
            if bill::article_edits(access.status) != ArticleEdits::Free {
                return Err(AppError::Conflict("error-articles-fixed"));
            }
            articles::delete(c, article_id)?;
            Ok(access.row.slug)
        })
        .await
}

/// An article with its bill, versions and neighbours, as `viewer` may see it.
pub async fn article(
    ctx: &AppContext,
    viewer: Option<&User>,
    article_id: i64,
) -> Result<ArticleDetail, AppError> {
    let viewer = viewer.cloned();
    ctx.db
        .run(move |conn| {
            let article = articles::find(conn, article_id)?;
            let access =
                BillAccess::read(conn, BillKey::Id(article.bill_id), viewer.as_ref())?.visible()?;
            let (row, status, can_manage) = (access.row, access.status, access.can_manage);
            let siblings = articles::list_for_bill(conn, row.id)?;
            let index = siblings
                .iter()
                .position(|a| a.id == article.id)
                .unwrap_or(0);
            let around = |i: Option<usize>| {
                i.and_then(|i| siblings.get(i))
                    .map(|a| (a.id, a.label.clone()))
            };
            let section = match article.section_id {
                Some(sid) => bills::sections(conn, row.id)?
                    .into_iter()
                    .find(|s| s.id == sid),
                None => None,
            };
            Ok(ArticleDetail {
                previous: around(index.checked_sub(1)),
                next: around(Some(index + 1)),
                versions: articles::versions(conn, article.id)?,
                section,
                can_manage,
                status,
                bill: row,
                article,
            })
        })
        .await
}

/// Bills for the home page: open ones (closing soonest first), recently
/// closed or published, and the viewer's own.
pub struct Overview {
    pub open: Vec<BillRow>,
    pub finished: Vec<BillRow>,
    pub mine: Vec<BillRow>,
}

pub async fn overview(ctx: &AppContext, viewer: Option<&User>) -> Result<Overview, AppError> {
    let viewer = viewer.cloned();
    ctx.db
        .run(move |conn| {
            let mut open = by_effective_status(conn, &[BillStatus::Open], 100)?;
            open.sort_by_key(|b| (b.closes_at.is_none(), b.closes_at));
            let finished =
                by_effective_status(conn, &[BillStatus::Closed, BillStatus::Published], 20)?;
            let mine = match &viewer {
                Some(u) if allows(Some(u), Permission::Sponsor) => {
                    with_effective_status(bills::list_sponsored_by(conn, u.id, 100)?)
                }
                _ => Vec::new(),
            };
            Ok(Overview {
                open,
                finished,
                mine,
            })
        })
        .await
}

/// Bills visible to `viewer`, optionally of one status, for the API.
pub async fn list(
    ctx: &AppContext,
    viewer: Option<&User>,
    status: Option<BillStatus>,
) -> Result<Vec<BillRow>, AppError> {
    let viewer = viewer.cloned();
    ctx.db
        .run(move |conn| {
            let public: Vec<BillStatus> = match status {
                Some(BillStatus::Draft) => vec![],
                Some(s) => vec![s],
                None => vec![BillStatus::Open, BillStatus::Closed, BillStatus::Published],
            };
            let mut rows = by_effective_status(conn, &public, 100)?;
            if matches!(status, None | Some(BillStatus::Draft)) {
                if let Some(u) = &viewer {
                    let candidates = if u.role == crate::domain::Role::Admin {
                        bills::list_by_status(conn, &[BillStatus::Draft], 100)?
                    } else {
                        bills::list_sponsored_by(conn, u.id, 100)?
                    };
                    rows.extend(
                        with_effective_status(candidates)
                            .into_iter()
                            .filter(|b| b.status == BillStatus::Draft),
                    );
                }
            }
            Ok(rows)
        })
        .await
}

/// Rows with the status their dates give them now.
fn with_effective_status(rows: Vec<BillRow>) -> Vec<BillRow> {
    rows.into_iter()
        .map(|mut row| {
            row.status = access::effective(&row);
            row
        })
        .collect()
}

/// Bills whose status, as their dates give it now, is among `wanted`,
/// most recently active first, bounded: those stored so, and those a
/// calendar move not yet persisted brings in.
fn by_effective_status(
    conn: &mut DbConnection,
    wanted: &[BillStatus],
    limit: i64,
) -> Result<Vec<BillRow>, StoreError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = bills::list_by_status(conn, wanted, limit)?;
    rows.extend(bills::due_for_calendar(conn, time::now())?);
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| seen.insert(r.id));
    let mut rows: Vec<BillRow> = with_effective_status(rows)
        .into_iter()
        .filter(|r| wanted.contains(&r.status))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse((r.updated_at, r.id)));
    rows.truncate(limit as usize);
    Ok(rows)
}
