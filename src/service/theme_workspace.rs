//! The synthesis workspace: moderators turn thousands of contributions into
//! themes. A theme is made at once with its members (from a suggestion or
//! a selection), renamed, merged into another, split, and its members added,
//! removed or moved in bulk. Each act runs in one transaction on the bill's
//! row lock, and none is possible once the synthesis is published.

use crate::context::AppContext;
use crate::domain::decision::THEME_TITLE_MAX;
use crate::domain::validation::bounded_text;
use crate::domain::{User, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey, article_of_bill, synthesiser};
use crate::store::bills::BillRow;
use crate::store::contributions::ContributionRow;
use crate::store::synthesis::{self, ThemeRow};
use crate::store::themes;
use crate::store::{DbConnection, StoreError, articles};

/// The most contributions one act may name (a suggestion of a national
/// consultation stays well under it).
pub const MAX_IDS: usize = 20_000;

/// The contributions that join a theme when `ids` are asked for: each
/// must be a standing contribution of the bill of a kind themes are made
/// of (a 422 naming the field otherwise), and the near-duplicate copies of
/// a group's root join with it.
fn joining(
    c: &mut DbConnection,
    bill_id: i64,
    field: &'static str,
    ids: &[i64],
) -> Result<Vec<i64>, AppError> {
    if ids.len() > MAX_IDS {
        return Err(AppError::Invalid(
            crate::domain::FieldError::new(field, "error-too-many-ids")
                .with_arg("max", MAX_IDS)
                .into(),
        ));
    }
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if themes::standing_of_bill(c, bill_id, &wanted)?.len() != wanted.len() {
        return Err(AppError::field(field, "error-theme-members-unknown"));
    }
    let with_copies = themes::with_copies(c, &wanted)?;
    Ok(themes::standing_of_bill(c, bill_id, &with_copies)?)
}

/// The theme, locked with its bill for a change: the bill's sponsors,
/// moderators and admins; not once published.
fn theme_for_change(
    c: &mut DbConnection,
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
) -> Result<(ThemeRow, BillRow), AppError> {
    let bill_id = synthesis::find_theme(c, theme_id)?.bill_id;
    let bill = BillAccess::write(c, &ctx.audit_key, BillKey::Id(bill_id), Some(user))?
        .visible()?
        .not_published()?
        .row;
    // Read again under the bill's lock: a merge or delete that committed
    // meanwhile leaves nothing to change (404), not a dangling member.
    let theme = synthesis::find_theme(c, theme_id)?;
    Ok((theme, bill))
}

/// What a new theme is: its title, where it belongs, its first members.
#[derive(Debug, Clone, Default)]
pub struct NewTheme {
    pub title: String,
    pub article_id: Option<i64>,
    pub contribution_ids: Vec<i64>,
}

/// Creates a theme with its members in one act (accepting a suggestion is
/// this, with the suggestion's label and members).
pub async fn create(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    new: NewTheme,
) -> Result<ThemeRow, AppError> {
    synthesiser(user)?;
    let title = bounded_text("title", &new.title, 2, THEME_TITLE_MAX)?;
    let (user, slug, ctx2) = (user.clone(), slug.to_string(), ctx.clone());
    ctx.db
        .write(move |c| {
            let bill = BillAccess::write(c, &ctx2.audit_key, BillKey::Slug(&slug), Some(&user))?
                .visible()?
                .not_published()?
                .row;
            if let Some(a) = new.article_id {
                article_of_bill(c, a, bill.id, "article_id")?;
            }
            let ids = joining(c, bill.id, "contribution_ids", &new.contribution_ids)?;
            let id =
                synthesis::insert_theme(c, bill.id, new.article_id, &title, user.id, time::now())?;
            themes::add(c, id, &ids)?;
            Ok(synthesis::find_theme(c, id)?)
        })
        .await
}

/// Runs `act` in one write transaction on a theme locked with its bill:
/// for the moderation team, refused once the synthesis is published.
async fn on_theme<T, F>(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
    mut act: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnMut(&mut DbConnection, &User, &ThemeRow, &BillRow) -> Result<T, AppError> + Send + 'static,
{
    synthesiser(user)?;
    let (user, ctx2) = (user.clone(), ctx.clone());
    ctx.db
        .write(move |c| {
            let (theme, bill) = theme_for_change(c, &ctx2, &user, theme_id)?;
            act(c, &user, &theme, &bill)
        })
        .await
}

/// Adds and removes members of a theme in one act; the theme's members
/// after it.
pub async fn change_members(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
    add: Vec<i64>,
    remove: Vec<i64>,
) -> Result<Vec<i64>, AppError> {
    on_theme(ctx, user, theme_id, move |c, _, theme, bill| {
        let add = joining(c, bill.id, "add", &add)?;
        // Anything may leave, even what no longer stands.
        themes::remove(c, theme.id, &remove)?;
        themes::add(c, theme.id, &add)?;
        Ok(themes::member_ids(c, theme.id)?)
    })
    .await
}

/// Moves members from one theme to another of the same bill.
pub async fn move_members(
    ctx: &AppContext,
    user: &User,
    from: i64,
    to: i64,
    ids: Vec<i64>,
) -> Result<(), AppError> {
    on_theme(ctx, user, from, move |c, _, source, bill| {
        let target = same_bill_theme(c, bill, to, "to")?;
        all_members(c, source, &ids)?;
        themes::remove(c, source.id, &ids)?;
        themes::add(c, target.id, &ids)?;
        Ok(())
    })
    .await
}

/// A 422 unless `ids` name at least one contribution and only members of
/// `theme`.
fn all_members(c: &mut DbConnection, theme: &ThemeRow, ids: &[i64]) -> Result<(), AppError> {
    let current = themes::member_ids(c, theme.id)?;
    if ids.is_empty() || ids.iter().any(|id| current.binary_search(id).is_err()) {
        return Err(AppError::field(
            "contribution_ids",
            "error-theme-split-members",
        ));
    }
    Ok(())
}

fn same_bill_theme(
    c: &mut DbConnection,
    bill: &BillRow,
    id: i64,
    field: &'static str,
) -> Result<ThemeRow, AppError> {
    match synthesis::find_theme(c, id) {
        Ok(t) if t.bill_id == bill.id => Ok(t),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::field(field, "error-theme-unknown")),
        Err(e) => Err(e.into()),
    }
}

pub async fn rename(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
    title: &str,
) -> Result<ThemeRow, AppError> {
    let title = bounded_text("title", title, 2, THEME_TITLE_MAX)?;
    on_theme(ctx, user, theme_id, move |c, _, theme, _| {
        themes::rename(c, theme.id, &title)?;
        Ok(synthesis::find_theme(c, theme.id)?)
    })
    .await
}

/// Merges a theme into another of the same bill: its members join the
/// other, and it is gone. Returns the theme that remains.
pub async fn merge(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
    into: i64,
) -> Result<ThemeRow, AppError> {
    if theme_id == into {
        return Err(AppError::field("into", "error-theme-merge-self"));
    }
    on_theme(ctx, user, theme_id, move |c, _, theme, bill| {
        let target = same_bill_theme(c, bill, into, "into")?;
        let ids = themes::member_ids(c, theme.id)?;
        themes::add(c, target.id, &ids)?;
        themes::delete(c, theme.id)?;
        Ok(target)
    })
    .await
}

/// Splits some members off a theme into a new theme of the same scope.
/// Returns the new theme.
pub async fn split(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
    title: &str,
    ids: Vec<i64>,
) -> Result<ThemeRow, AppError> {
    let title = bounded_text("title", title, 2, THEME_TITLE_MAX)?;
    let mut ids = ids;
    ids.sort_unstable();
    ids.dedup();
    on_theme(ctx, user, theme_id, move |c, user, theme, bill| {
        all_members(c, theme, &ids)?;
        let new =
            synthesis::insert_theme(c, bill.id, theme.article_id, &title, user.id, time::now())?;
        themes::remove(c, theme.id, &ids)?;
        themes::add(c, new, &ids)?;
        Ok(synthesis::find_theme(c, new)?)
    })
    .await
}

pub async fn delete(ctx: &AppContext, user: &User, theme_id: i64) -> Result<BillRow, AppError> {
    on_theme(ctx, user, theme_id, |c, _, theme, bill| {
        themes::delete(c, theme.id)?;
        Ok(bill.clone())
    })
    .await
}

// What the workspace shows.

/// A theme with its standing members, most supported first.
pub struct ThemePage {
    pub bill: BillRow,
    pub theme: ThemeRow,
    pub members: Vec<ContributionRow>,
    /// The bill's other themes (to move or merge into).
    pub others: Vec<ThemeRow>,
}

pub async fn theme_page(
    ctx: &AppContext,
    user: &User,
    theme_id: i64,
) -> Result<ThemePage, AppError> {
    synthesiser(user)?;
    let user = user.clone();
    ctx.db
        .run(move |c| {
            let theme = synthesis::find_theme(c, theme_id)?;
            let bill = BillAccess::read(c, BillKey::Id(theme.bill_id), Some(&user))?
                .visible()?
                .row;
            let others = synthesis::themes_of_bill(c, bill.id)?
                .into_iter()
                .filter(|t| t.id != theme.id)
                .collect();
            Ok(ThemePage {
                members: themes::members(c, theme.id)?,
                others,
                bill,
                theme,
            })
        })
        .await
}

/// The workspace's figures and lists: every theme with its number of
/// standing members, how many contributions are in a theme, and a page of
/// those in none.
pub struct Overview {
    pub bill: BillRow,
    pub themes: Vec<(ThemeRow, i64)>,
    pub in_a_theme: i64,
    pub total: i64,
    pub unthemed: Vec<ContributionRow>,
    pub next_after: Option<i64>,
    /// The bill's articles (id, label), for their syntheses.
    pub articles: Vec<(i64, String)>,
}

pub const UNTHEMED_PAGE: i64 = 50;

pub async fn overview(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    unthemed_after: i64,
) -> Result<Overview, AppError> {
    synthesiser(user)?;
    let (user, slug) = (user.clone(), slug.to_string());
    ctx.db
        .run(move |c| {
            let bill = BillAccess::read(c, BillKey::Slug(&slug), Some(&user))?
                .visible()?
                .row;
            let counts = themes::standing_counts(c, bill.id)?;
            let themes = synthesis::themes_of_bill(c, bill.id)?
                .into_iter()
                .map(|t| {
                    let n = counts.get(&t.id).copied().unwrap_or(0);
                    (t, n)
                })
                .collect();
            let (in_a_theme, total) = themes::progress(c, bill.id)?;
            let mut unthemed = themes::unthemed(c, bill.id, unthemed_after, UNTHEMED_PAGE + 1)?;
            let next_after = if unthemed.len() as i64 > UNTHEMED_PAGE {
                unthemed.truncate(UNTHEMED_PAGE as usize);
                unthemed.last().map(|r| r.id)
            } else {
                None
            };
            let articles = articles::list_for_bill(c, bill.id)?
                .into_iter()
                .map(|a| (a.id, a.label))
                .collect();
            Ok(Overview {
                articles,
                bill,
                themes,
                in_a_theme,
                total,
                unthemed,
                next_after,
            })
        })
        .await
}

/// Contributions by id, for showing suggestions' representatives.
pub async fn rows(ctx: &AppContext, ids: Vec<i64>) -> Result<Vec<ContributionRow>, AppError> {
    Ok(ctx.db.run(move |c| themes::rows(c, &ids)).await?)
}

/// One group of an article's argument map: a theme (or none), how many
/// arguments for and against it holds, and the most supported of each.
pub struct MapGroup {
    pub theme: Option<String>,
    pub for_count: usize,
    pub against_count: usize,
    pub best_for: Option<ContributionRow>,
    pub best_against: Option<ContributionRow>,
}

/// The arguments for and against an article, grouped by theme.
pub struct ArgumentMap {
    pub bill: BillRow,
    pub article: crate::store::articles::ArticleRow,
    pub note: Option<String>,
    /// The themes by size, then the arguments in no theme.
    pub groups: Vec<MapGroup>,
}

pub async fn argument_map(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    article_id: i64,
) -> Result<ArgumentMap, AppError> {
    synthesiser(user)?;
    let (user, slug) = (user.clone(), slug.to_string());
    ctx.db
        .run(move |c| {
            let bill = BillAccess::read(c, BillKey::Slug(&slug), Some(&user))?
                .visible()?
                .row;
            let article = match articles::find(c, article_id) {
                Ok(a) if a.bill_id == bill.id => a,
                Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
                Err(e) => return Err(e.into()),
            };
            let titles: std::collections::HashMap<i64, String> =
                synthesis::themes_of_bill(c, bill.id)?
                    .into_iter()
                    .map(|t| (t.id, t.title))
                    .collect();
            let note = synthesis::notes(c, bill.id)?
                .into_iter()
                .find(|(a, _)| *a == article.id)
                .map(|(_, body)| body);
            let rows = themes::arguments_with_themes(c, article.id)?;
            Ok(ArgumentMap {
                groups: map_groups(rows, &titles),
                bill,
                article,
                note,
            })
        })
        .await
}

/// Groups arguments (most supported first) by theme: the first argument of
/// each stance met in a group is its most supported.
fn map_groups(
    rows: Vec<(ContributionRow, Option<i64>)>,
    titles: &std::collections::HashMap<i64, String>,
) -> Vec<MapGroup> {
    use crate::domain::contribution::Stance;
    let mut groups: Vec<(Option<i64>, MapGroup)> = Vec::new();
    for (row, theme) in rows {
        let at = match groups.iter().position(|(t, _)| *t == theme) {
            Some(at) => at,
            None => {
                groups.push((
                    theme,
                    MapGroup {
                        theme: theme.and_then(|t| titles.get(&t).cloned()),
                        for_count: 0,
                        against_count: 0,
                        best_for: None,
                        best_against: None,
                    },
                ));
                groups.len() - 1
            }
        };
        let g = &mut groups[at].1;
        match row.stance {
            Some(Stance::Against) => {
                g.against_count += 1;
                g.best_against.get_or_insert(row);
            }
            _ => {
                g.for_count += 1;
                g.best_for.get_or_insert(row);
            }
        }
    }
    groups.sort_by_key(|(t, g)| {
        (
            t.is_none(),
            std::cmp::Reverse(g.for_count + g.against_count),
        )
    });
    groups.into_iter().map(|(_, g)| g).collect()
}
