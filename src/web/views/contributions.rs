//! Contributions for templates and the API: an item of a list, one
//! contribution in full, and the API's contribution. What the public may
//! read of each is
//! [`crate::domain::moderation::PublicView`]'s rule, asked here once per item.

use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::dates;
use crate::domain::Locale;
use crate::domain::contribution::{ContributionKind, ContributionState, Stance, Tally};
use crate::domain::moderation::State;
use crate::domain::pseudonym::Shown;
use crate::domain::time;
use crate::i18n;
use crate::service::participation::{Detail, Page};
use crate::store::contributions::{ContributionRow, Listed};
use crate::text::diff;

/// The name shown for an author: their name if public, a pseudonym, or
/// "deleted participant".
pub fn author(locale: Locale, listed: &Listed) -> String {
    shown(locale, &listed.author)
}

pub fn shown(locale: Locale, author: &Shown) -> String {
    match author {
        Shown::Name(n) => n.clone(),
        Shown::Pseudonym(code) => {
            i18n::t_args(locale, "participant-pseudonym", &[("code", code.clone())])
        }
        Shown::Deleted => i18n::t(locale, "deleted-participant"),
    }
}

/// What the public may read of a contribution's own text, by
/// [`crate::domain::moderation::PublicView`]: nothing once withdrawn or hidden.
fn public<T>(row: &ContributionRow, text: T) -> Option<T> {
    row.public_view().text_is_public().then_some(text)
}

#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct VotesView {
    pub agree: i32,
    pub mixed: i32,
    pub disagree: i32,
    pub support: i32,
}

impl From<Tally> for VotesView {
    fn from(t: Tally) -> Self {
        VotesView {
            agree: t.agree,
            mixed: t.mixed,
            disagree: t.disagree,
            support: t.support,
        }
    }
}

impl From<&ContributionRow> for VotesView {
    fn from(r: &ContributionRow) -> Self {
        VotesView {
            agree: r.votes_agree,
            mixed: r.votes_mixed,
            disagree: r.votes_disagree,
            support: r.votes_support,
        }
    }
}

/// A contribution in a list (an article's arguments, a bill's proposals,
/// the answers to an amendment…).
#[derive(Serialize, Clone, Debug)]
pub struct ItemView {
    pub id: i64,
    pub kind: ContributionKind,
    pub stance: Option<Stance>,
    /// `None` when its text is not public.
    pub title: Option<String>,
    /// Empty when its text is not public.
    pub body_html: String,
    pub withdrawn: bool,
    pub moderation: Option<State>,
    pub moderation_reason: Option<String>,
    pub deletes_article: bool,
    pub url: Option<String>,
    pub author: String,
    pub author_id: i64,
    pub at: String,
    pub edited: bool,
    pub votes: VotesView,
    pub arguments: i32,
    pub sources: i32,
    pub my_vote: Option<&'static str>,
    /// Shown first in its list, as the one just posted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub highlighted: bool,
}

pub fn item(locale: Locale, l: &Listed, my_vote: Option<&'static str>) -> ItemView {
    let r = &l.row;
    ItemView {
        id: r.id,
        kind: r.kind,
        stance: r.stance,
        title: public(r, r.title.clone()).flatten(),
        body_html: public(r, l.html.body.clone()).unwrap_or_default(),
        withdrawn: r.status == ContributionState::Withdrawn,
        moderation: r.moderation,
        moderation_reason: l.moderation_reason.clone(),
        deletes_article: r.deletes_article,
        url: public(r, r.url.clone()).flatten(),
        author: author(locale, l),
        author_id: r.author_id,
        at: dates::long(locale, r.created_at),
        edited: r.edited_at.is_some(),
        votes: VotesView::from(r),
        arguments: r.arguments_count,
        sources: r.sources_count,
        my_vote,
        highlighted: false,
    }
}

/// A page of a list and where the next one starts.
#[derive(Serialize, Clone, Debug)]
pub struct PageView {
    pub items: Vec<ItemView>,
    pub next_cursor: Option<String>,
}

pub fn page(locale: Locale, p: &Page) -> PageView {
    let mine = |id: i64| {
        p.my_votes
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.as_str())
    };
    PageView {
        items: p
            .items
            .iter()
            .map(|l| item(locale, l, mine(l.row.id)))
            .collect(),
        next_cursor: p.next_cursor.clone(),
    }
}

impl PageView {
    /// Puts contribution `id` first and marks it `highlighted`: taken from
    /// the list, or from `found` when the list does not hold it (sorted
    /// further down, or on a later page).
    pub fn highlight_first(&mut self, locale: Locale, id: i64, found: Option<&Detail>) {
        let at = self.items.iter().position(|i| i.id == id);
        let mut first = match (at, found) {
            (Some(at), _) => self.items.remove(at),
            (None, Some(d)) if d.item.row.id == id => {
                item(locale, &d.item, d.my_vote.map(|v| v.as_str()))
            }
            _ => return,
        };
        first.highlighted = true;
        self.items.insert(0, first);
    }
}

/// One contribution in full, on its own page (and the edit form's).
#[derive(Serialize, Clone, Debug)]
pub struct DetailView {
    #[serde(flatten)]
    pub item: ItemView,
    /// An amendment's or a proposal's text, when public.
    pub proposed_text_html: Option<String>,
    pub edits: i64,
    /// The amendment's word diff from the article it was written on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<diff::Span>>,
    /// The article has changed since the amendment was written.
    pub article_changed: bool,
}

pub fn detail(locale: Locale, d: &Detail) -> DetailView {
    let r = &d.item.row;
    DetailView {
        item: item(locale, &d.item, d.my_vote.map(|v| v.as_str())),
        proposed_text_html: public(r, d.item.html.proposed_text.clone()).flatten(),
        edits: d.edits,
        diff: match (&d.amended_text, public(r, &r.proposed_text)) {
            (Some(old), Some(Some(new))) => Some(diff::words(old, new)),
            _ => None,
        },
        article_changed: match (&d.article, r.article_version) {
            (Some(a), Some(version)) => a.version != version,
            _ => false,
        },
    }
}

/// A contribution over the API.
#[derive(Serialize, ToSchema)]
pub struct ContributionView {
    id: i64,
    bill_id: i64,
    #[schema(example = "amendment")]
    kind: String,
    article_id: Option<i64>,
    parent_id: Option<i64>,
    stance: Option<String>,
    title: Option<String>,
    /// Empty once withdrawn.
    body: String,
    proposed_text: Option<String>,
    deletes_article: bool,
    url: Option<String>,
    after_article_id: Option<i64>,
    /// The article version an amendment was written on.
    article_version: Option<i32>,
    /// The name if public, else a stable pseudonym ("Participant
    /// 4F2A-91C3"); "deleted participant" once the account is deleted.
    author: String,
    #[schema(example = "published")]
    status: String,
    /// "trashed", "hidden" or "redacted" once moderated.
    moderation: Option<String>,
    /// The moderators' reason, when moderated.
    moderation_reason: Option<String>,
    votes: VotesView,
    counts: CountsView,
    created_at: String,
    edited_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CountsView {
    arguments: i32,
    sources: i32,
}

impl From<&Listed> for ContributionView {
    fn from(l: &Listed) -> Self {
        let r = &l.row;
        ContributionView {
            id: r.id,
            bill_id: r.bill_id,
            kind: r.kind.to_string(),
            article_id: r.article_id,
            parent_id: r.parent_id,
            stance: r.stance.map(|s| s.to_string()),
            title: public(r, r.title.clone()).flatten(),
            body: public(r, r.body.clone()).unwrap_or_default(),
            proposed_text: public(r, r.proposed_text.clone()).flatten(),
            deletes_article: r.deletes_article,
            url: public(r, r.url.clone()).flatten(),
            after_article_id: r.after_article_id,
            article_version: r.article_version,
            author: shown(Locale::En, &l.author),
            status: r.status.to_string(),
            moderation: r.moderation.map(|m| m.to_string()),
            moderation_reason: l.moderation_reason.clone(),
            votes: VotesView::from(r),
            counts: CountsView {
                arguments: r.arguments_count,
                sources: r.sources_count,
            },
            created_at: time::rfc3339(r.created_at),
            edited_at: r.edited_at.map(time::rfc3339),
        }
    }
}

/// The tera function `contribution_rule(kind="proposal", field="body")`:
/// `{required, min, max}` of that field, so that forms carry the rules
/// [`crate::domain::contribution::check`] applies (`required`, `maxlength`).
pub struct RuleFunction;

impl tera::Function for RuleFunction {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        use crate::domain::contribution::{ContributionKind, TextField, field_rule};
        let arg = |name: &str| {
            args.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| tera::Error::msg(format!("contribution_rule() needs {name}=\"…\"")))
        };
        let field: TextField = arg("field")?
            .parse()
            .map_err(|_| tera::Error::msg("contribution_rule(): unknown field"))?;
        // A form sent back with an unknown kind is shown again with its
        // errors: its fields then carry no rule rather than failing the page.
        let rule = arg("kind")?
            .parse::<ContributionKind>()
            .ok()
            .and_then(|kind| field_rule(kind, field));
        Ok(match rule {
            Some(rule) => json!({"required": rule.required, "min": rule.min, "max": rule.max}),
            None => json!({"required": false, "min": 0, "max": 0}),
        })
    }

    fn is_safe(&self) -> bool {
        true
    }
}
