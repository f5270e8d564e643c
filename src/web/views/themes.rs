//! The synthesis workspace for templates and the API: themes, their
//! members, suggestions and an article's argument map.

use serde::Serialize;
use utoipa::ToSchema;

use crate::analysis::themes::Theme as Suggestion;
use crate::domain::time;
use crate::service::theme_workspace::{ArgumentMap, Overview, ThemePage};
use crate::service::themes::Suggested;
use crate::store::contributions::ContributionRow;
use crate::store::synthesis::ThemeRow;

/// A contribution in a line: its title, or the first words of its text.
fn excerpt(row: &ContributionRow) -> String {
    match row.title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(title) => title.to_string(),
        None => crate::text::excerpt::at_word(&row.body, 200),
    }
}

/// A contribution in a theme or a list, for the pages and the API alike.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberLine {
    pub id: i64,
    pub kind: String,
    /// for or against (arguments)
    pub stance: Option<String>,
    pub article_id: Option<i64>,
    /// The title, or the first words of the text.
    pub excerpt: String,
    pub votes_agree: i32,
    pub votes_mixed: i32,
    pub votes_disagree: i32,
    pub votes_support: i32,
}

impl From<&ContributionRow> for MemberLine {
    fn from(r: &ContributionRow) -> Self {
        MemberLine {
            id: r.id,
            kind: r.kind.to_string(),
            stance: r.stance.map(|s| s.to_string()),
            article_id: r.article_id,
            excerpt: excerpt(r),
            votes_agree: r.votes_agree,
            votes_mixed: r.votes_mixed,
            votes_disagree: r.votes_disagree,
            votes_support: r.votes_support,
        }
    }
}

#[derive(Serialize)]
pub struct ThemeLine {
    pub id: i64,
    pub title: String,
    pub article_id: Option<i64>,
    pub members: i64,
}

#[derive(Serialize)]
pub struct SuggestionLine {
    pub label: String,
    pub keywords: Vec<String>,
    pub size: usize,
    /// Every member, comma-separated: what accepting it makes a theme of.
    pub members: String,
    pub representative: Option<MemberLine>,
}

#[derive(Serialize)]
pub struct WorkspaceView {
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub in_a_theme: i64,
    pub total: i64,
    pub themes: Vec<ThemeLine>,
    /// None while they are being computed.
    pub suggestions: Option<Vec<SuggestionLine>>,
    pub unassigned_suggested: usize,
    pub unthemed: Vec<MemberLine>,
    pub next_after: Option<i64>,
    pub articles: Vec<(i64, String)>,
}

pub fn workspace(
    o: &Overview,
    suggestions: Option<(&[Suggestion], usize, &[ContributionRow])>,
) -> WorkspaceView {
    WorkspaceView {
        slug: o.bill.slug.clone(),
        title: o.bill.title.clone(),
        published: o.bill.status == crate::domain::BillStatus::Published,
        in_a_theme: o.in_a_theme,
        total: o.total,
        themes: o
            .themes
            .iter()
            .map(|(t, n)| ThemeLine {
                id: t.id,
                title: t.title.clone(),
                article_id: t.article_id,
                members: *n,
            })
            .collect(),
        unassigned_suggested: suggestions.map_or(0, |(_, n, _)| n),
        suggestions: suggestions.map(|(themes, _, representatives)| {
            themes
                .iter()
                .map(|s| SuggestionLine {
                    label: s.label.clone(),
                    keywords: s.keywords.clone(),
                    size: s.size,
                    members: s
                        .members
                        .iter()
                        .map(|m| m.id.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                    representative: representatives
                        .iter()
                        .find(|r| r.id == s.representative)
                        .map(MemberLine::from),
                })
                .collect()
        }),
        unthemed: o.unthemed.iter().map(MemberLine::from).collect(),
        next_after: o.next_after,
        articles: o.articles.clone(),
    }
}

/// A theme's page.
#[derive(Serialize)]
pub struct ThemeScreen {
    pub slug: String,
    pub bill_title: String,
    pub id: i64,
    pub title: String,
    pub members: Vec<MemberLine>,
    pub others: Vec<(i64, String)>,
}

pub fn theme(p: &ThemePage) -> ThemeScreen {
    ThemeScreen {
        slug: p.bill.slug.clone(),
        bill_title: p.bill.title.clone(),
        id: p.theme.id,
        title: p.theme.title.clone(),
        members: p.members.iter().map(MemberLine::from).collect(),
        others: p.others.iter().map(|t| (t.id, t.title.clone())).collect(),
    }
}

#[derive(Serialize)]
pub struct MapGroup {
    /// None: in no theme yet.
    pub theme: Option<String>,
    pub for_count: usize,
    pub against_count: usize,
    pub best_for: Option<MemberLine>,
    pub best_against: Option<MemberLine>,
}

#[derive(Serialize)]
pub struct ArgumentMapView {
    pub slug: String,
    pub bill_title: String,
    pub article_id: i64,
    pub article_label: String,
    pub note: Option<String>,
    pub groups: Vec<MapGroup>,
}

pub fn argument_map(m: &ArgumentMap) -> ArgumentMapView {
    ArgumentMapView {
        slug: m.bill.slug.clone(),
        bill_title: m.bill.title.clone(),
        article_id: m.article.id,
        article_label: m.article.label.clone(),
        note: m.note.clone(),
        groups: m
            .groups
            .iter()
            .map(|g| MapGroup {
                theme: g.theme.clone(),
                for_count: g.for_count,
                against_count: g.against_count,
                best_for: g.best_for.as_ref().map(MemberLine::from),
                best_against: g.best_against.as_ref().map(MemberLine::from),
            })
            .collect(),
    }
}

/// A refused form of the themes pages as it was sent: which form, and the
/// fields it may carry (empty when it has none).
#[derive(Serialize, Default)]
pub struct SentForm {
    pub name: &'static str,
    pub title: String,
    pub article_id: String,
    pub theme_id: String,
    pub act: String,
    pub to: String,
    pub contribution_ids: Vec<i64>,
}

impl SentForm {
    pub fn of(name: &'static str, f: &crate::web::forms::FormFields) -> SentForm {
        SentForm {
            name,
            title: f.one("title").to_string(),
            article_id: f.one("article_id").to_string(),
            theme_id: f.one("theme_id").to_string(),
            act: f.one("act").to_string(),
            to: f.one("to").to_string(),
            contribution_ids: f.ids("contribution_ids", "").unwrap_or_default(),
        }
    }
}

// The API.

#[derive(Serialize, ToSchema)]
pub struct SuggestedThemeView {
    /// Three to five words that set the theme apart.
    pub label: String,
    pub keywords: Vec<String>,
    /// Contribution ids, closest to the theme's centre first; a
    /// near-duplicate group appears once, under its root's id.
    pub members: Vec<i64>,
    /// The member closest to the centre.
    pub representative: i64,
    /// Contributions in the theme, near-duplicates included.
    pub size: usize,
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    /// The id standing for the group in `members` or `unassigned`.
    pub id: i64,
    /// How many contributions share its text.
    pub size: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeSuggestionsView {
    pub scope: String,
    pub kinds: Vec<String>,
    pub computed_at: String,
    /// Contributions read (published, neither hidden nor trashed).
    pub contributions: usize,
    /// Largest first.
    pub themes: Vec<SuggestedThemeView>,
    /// Contributions too unlike any theme, or with too few words to place.
    pub unassigned: Vec<i64>,
    /// The near-duplicate groups among members and unassigned.
    pub near_duplicates: Vec<GroupView>,
}

impl From<&Suggested> for ThemeSuggestionsView {
    fn from(s: &Suggested) -> Self {
        let found = &s.suggestions;
        let groups = found
            .themes
            .iter()
            .flat_map(|t| &t.members)
            .chain(&found.unassigned)
            .filter(|m| m.size > 1)
            .map(|m| GroupView {
                id: m.id,
                size: m.size,
            });
        let mut near_duplicates: Vec<GroupView> = groups.collect();
        near_duplicates.sort_by_key(|g| g.id);
        ThemeSuggestionsView {
            scope: s.scope.to_string(),
            kinds: s.kinds.iter().map(|k| k.to_string()).collect(),
            computed_at: time::rfc3339(s.computed_at),
            contributions: s.contributions,
            themes: found
                .themes
                .iter()
                .map(|t| SuggestedThemeView {
                    label: t.label.clone(),
                    keywords: t.keywords.clone(),
                    members: t.members.iter().map(|m| m.id).collect(),
                    representative: t.representative,
                    size: t.size,
                })
                .collect(),
            unassigned: found.unassigned.iter().map(|m| m.id).collect(),
            near_duplicates,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    pub id: i64,
    pub title: String,
    pub article_id: Option<i64>,
}

impl From<ThemeRow> for ThemeView {
    fn from(t: ThemeRow) -> Self {
        ThemeView {
            id: t.id,
            title: t.title,
            article_id: t.article_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThemeDetailView {
    #[serde(flatten)]
    pub theme: ThemeView,
    /// Standing members, most supported first.
    pub members: Vec<MemberLine>,
}

#[derive(Serialize, ToSchema)]
pub struct MembersView {
    /// Every member after the change, by id.
    pub members: Vec<i64>,
}
