//! An account as its owner sees it through the API: the account itself,
//! what registering, signing in and asking `me` answer, and a new token;
//! and the account and tokens pages, my contributions and my follows.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::api_token::TokenScope;
use crate::domain::{ContributorCategory, Locale, Role, User, time};
use crate::domain::{bill, moderation};
use crate::service::my_activity::Page;
use crate::store::api_tokens::ApiTokenRow;
use crate::store::my_activity::{MyContribution, MyFollow};
use crate::text::excerpt;
use crate::web::views::dates;

/// An account as the API shows it to its owner or an admin.
#[derive(Serialize, ToSchema)]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[schema(example = "citizen")]
    pub role: &'static str,
    #[schema(example = "citizen")]
    pub category: &'static str,
    #[schema(example = "fr")]
    pub locale: &'static str,
    pub email_confirmed: bool,
    /// Whether an admin verified the declared category (always false for
    /// citizens, whose category needs no verification).
    pub category_verified: bool,
}

impl From<&User> for AccountView {
    fn from(u: &User) -> Self {
        AccountView {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.role.as_str(),
            category: u.category.as_str(),
            locale: u.locale.as_str(),
            email_confirmed: u.email_confirmed(),
            category_verified: u.category_verified,
        }
    }
}

/// What a registration answers. The same for an address that already has
/// an account (its owner gets an email instead), so it reveals nothing;
/// the account's id is in `GET /api/v1/me` once signed in.
#[derive(Serialize, ToSchema)]
pub struct RegisteredView {
    pub email: String,
    pub display_name: String,
    #[schema(example = "citizen")]
    pub role: &'static str,
    #[schema(example = "fr")]
    pub locale: &'static str,
    pub email_confirmed: bool,
}

/// `GET /api/v1/me`: the account, and how the caller is signed in.
#[derive(Serialize, ToSchema)]
pub struct MeView {
    #[serde(flatten)]
    pub account: AccountView,
    /// For cookie sessions: the X-CSRF-Token to send on writes.
    pub csrf_token: Option<String>,
    /// For token calls: what the token may do, `read` or `read-write`.
    #[schema(value_type = Option<String>, example = "read")]
    pub token_scope: Option<TokenScope>,
}

/// What signing in answers.
#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub account: AccountView,
    /// Send it back in the X-CSRF-Token header on writes made with the cookie.
    pub csrf_token: String,
}

/// A personal API token, the one time it is shown.
#[derive(Serialize, ToSchema)]
pub struct NewTokenView {
    pub id: i64,
    /// Shown once: only its hash is kept.
    pub token: String,
    pub label: String,
    /// `read` or `read-write`.
    #[schema(value_type = String, example = "read")]
    pub scope: TokenScope,
}

/// The account page's summary of who I am.
#[derive(Serialize)]
pub struct AccountSummary {
    pub email: String,
    pub display_name: String,
    pub role: &'static str,
    pub category: &'static str,
    pub category_declared: bool,
    pub email_confirmed: bool,
    pub created_at: String,
    pub created_on: String,
    pub name_public: bool,
    /// Staff and declared organisations are always shown by name.
    pub always_named: bool,
}

impl AccountSummary {
    pub fn new(locale: Locale, user: &User) -> Self {
        AccountSummary {
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            role: user.role.as_str(),
            category: user.category.as_str(),
            category_declared: user.category_is_declared_only(),
            email_confirmed: user.email_confirmed(),
            created_at: time::rfc3339(user.created_at),
            created_on: dates::day(locale, user.created_at),
            name_public: user.name_public,
            always_named: user.role != Role::Citizen
                || user.category != ContributorCategory::Citizen,
        }
    }
}

/// One of my API tokens on the tokens page (never the token itself).
#[derive(Serialize)]
pub struct TokenLine {
    pub id: i64,
    pub label: String,
    pub created_at: String,
    pub created_on: String,
    pub last_used_at: Option<String>,
    pub last_used_on: Option<String>,
    pub scope: TokenScope,
}

impl TokenLine {
    pub fn new(locale: Locale, t: ApiTokenRow) -> Self {
        TokenLine {
            id: t.id,
            label: t.label,
            created_at: time::rfc3339(t.created_at),
            created_on: dates::day(locale, t.created_at),
            last_used_at: t.last_used_at.map(time::rfc3339),
            last_used_on: t.last_used_at.map(|t| dates::day(locale, t)),
            scope: t.scope,
        }
    }
}

/// A page of my contributions or my follows, newest first.
#[derive(Serialize)]
pub struct MyPage<T: Serialize> {
    pub items: Vec<T>,
    /// Where the next page starts, when there is one.
    pub next_cursor: Option<i64>,
    pub first_page: bool,
}

impl<T: Serialize> MyPage<T> {
    pub fn new<R>(page: &Page<R>, before: Option<i64>, line: impl Fn(&R) -> T) -> Self {
        MyPage {
            items: page.items.iter().map(line).collect(),
            next_cursor: page.next,
            first_page: before.is_none(),
        }
    }
}

/// One of my contributions, where it is and what became of it.
#[derive(Serialize)]
pub struct MyContributionLine {
    pub id: i64,
    pub kind: &'static str,
    pub stance: Option<&'static str>,
    pub title: Option<String>,
    pub excerpt: String,
    pub withdrawn: bool,
    pub moderation: Option<&'static str>,
    /// Whether the public reads its text.
    pub public: bool,
    pub bill_slug: String,
    pub bill_title: String,
    pub article_id: Option<i64>,
    pub article_label: Option<String>,
    pub at: String,
    pub at_long: String,
}

impl MyContributionLine {
    pub fn new(locale: Locale, c: &MyContribution) -> Self {
        MyContributionLine {
            id: c.id,
            kind: c.kind.as_str(),
            stance: c.stance.map(|s| s.as_str()),
            title: c.title.clone(),
            excerpt: excerpt::at_word(&c.body, 200),
            withdrawn: c.status != crate::domain::contribution::ContributionState::Published,
            moderation: c.moderation.map(|m| m.as_str()),
            public: moderation::text_is_public(c.status, c.moderation),
            bill_slug: c.bill_slug.clone(),
            bill_title: c.bill_title.clone(),
            article_id: c.article_id,
            article_label: c.article_label.clone(),
            at: time::rfc3339(c.created_at),
            at_long: dates::long(locale, c.created_at),
        }
    }
}

/// A consultation I follow, and where it stands.
#[derive(Serialize)]
pub struct MyFollowLine {
    pub slug: String,
    pub title: String,
    pub status: &'static str,
    pub milestone: Option<String>,
    pub followed_on: String,
}

impl MyFollowLine {
    pub fn new(locale: Locale, f: &MyFollow, now: NaiveDateTime) -> Self {
        let status = bill::effective_status(f.status, f.opens_at, f.closes_at, now);
        MyFollowLine {
            slug: f.slug.clone(),
            title: f.title.clone(),
            status: status.as_str(),
            milestone: dates::milestone(locale, status, f.opens_at, f.closes_at),
            followed_on: dates::day(locale, f.followed_at),
        }
    }
}
