//! What a request for suggested themes may ask: the part of the bill, the
//! kinds of contributions, and how many themes.

use std::fmt;

use super::contribution::ContributionKind;
use super::validation::{FieldError, FieldErrors};
use crate::analysis::themes::{MAX_THEMES, MIN_THEMES};

/// The kinds grouped into themes: sources are links, not opinions.
pub const KINDS: [ContributionKind; 3] = [
    ContributionKind::Proposal,
    ContributionKind::Amendment,
    ContributionKind::Argument,
];

/// Which contributions: the whole bill's, or those on one article (its
/// arguments, its amendments and their arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Bill,
    Article(i64),
}

impl Scope {
    /// `bill` (the default) or `article:{id}`.
    pub fn parse(raw: Option<&str>) -> Result<Scope, FieldError> {
        let invalid = || FieldError::new("scope", "error-theme-scope");
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("bill") => Ok(Scope::Bill),
            Some(other) => other
                .strip_prefix("article:")
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| *id > 0)
                .map(Scope::Article)
                .ok_or_else(invalid),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Bill => f.write_str("bill"),
            Scope::Article(id) => write!(f, "article:{id}"),
        }
    }
}

/// A valid request: its kinds deduplicated, in [`KINDS`] order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    pub scope: Scope,
    pub kinds: Vec<ContributionKind>,
    /// `None`: chosen from the contributions.
    pub themes: Option<usize>,
}

impl Request {
    pub fn parse(
        scope: Option<&str>,
        kinds: Option<&str>,
        themes: Option<&str>,
    ) -> Result<Request, FieldErrors> {
        let mut errors = FieldErrors::default();
        let scope = errors.take(Scope::parse(scope));
        let kinds = errors.take(parse_kinds(kinds));
        let themes = errors.take(parse_themes(themes));
        errors.into_result()?;
        match (scope, kinds, themes) {
            (Some(scope), Some(kinds), Some(themes)) => Ok(Request {
                scope,
                kinds,
                themes,
            }),
            _ => Err(FieldErrors::default()),
        }
    }
}

/// A comma-separated list among `proposal`, `amendment`, `argument`; all
/// three when absent.
fn parse_kinds(raw: Option<&str>) -> Result<Vec<ContributionKind>, FieldError> {
    let Some(raw) = raw else {
        return Ok(KINDS.to_vec());
    };
    let mut wanted = Vec::new();
    for part in raw.split(',').map(str::trim) {
        let kind = part
            .parse::<ContributionKind>()
            .ok()
            .filter(|k| KINDS.contains(k))
            .ok_or_else(|| FieldError::new("kinds", "error-theme-kinds"))?;
        wanted.push(kind);
    }
    Ok(KINDS.into_iter().filter(|k| wanted.contains(k)).collect())
}

/// A whole number of themes within the bounds, or absent.
fn parse_themes(raw: Option<&str>) -> Result<Option<usize>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    raw.parse::<usize>()
        .ok()
        .filter(|n| (MIN_THEMES..=MAX_THEMES).contains(n))
        .map(Some)
        .ok_or_else(|| {
            FieldError::new("themes", "error-theme-count")
                .with_arg("min", MIN_THEMES)
                .with_arg("max", MAX_THEMES)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContributionKind::*;

    #[test]
    fn defaults_are_the_whole_bill_every_kind_and_a_chosen_number() {
        let r = Request::parse(None, None, None).unwrap();
        assert_eq!(r.scope, Scope::Bill);
        assert_eq!(r.kinds, [Proposal, Amendment, Argument]);
        assert_eq!(r.themes, None);
    }

    #[test]
    fn scopes() {
        assert_eq!(Scope::parse(Some("bill")), Ok(Scope::Bill));
        assert_eq!(Scope::parse(Some("article:12")), Ok(Scope::Article(12)));
        assert_eq!(Scope::Article(12).to_string(), "article:12");
        for bad in [
            "article:",
            "article:x",
            "article:-1",
            "articles:3",
            "chapitre",
        ] {
            assert_eq!(Scope::parse(Some(bad)).unwrap_err().field, "scope", "{bad}");
        }
    }

    #[test]
    fn kinds_are_checked_and_put_in_order() {
        let r = Request::parse(None, Some("argument,proposal,argument"), None).unwrap();
        assert_eq!(r.kinds, [Proposal, Argument]);
        for bad in ["", "source", "argument,", "vote"] {
            let e = Request::parse(None, Some(bad), None).unwrap_err();
            assert_eq!(e.0[0].field, "kinds", "{bad}");
        }
    }

    #[test]
    fn the_number_of_themes_is_bounded() {
        assert_eq!(
            Request::parse(None, None, Some("12")).unwrap().themes,
            Some(12)
        );
        for bad in ["1", "31", "douze", "-3", "2.5"] {
            let e = Request::parse(None, None, Some(bad)).unwrap_err();
            assert_eq!(e.0[0].field, "themes", "{bad}");
        }
        let all_wrong = Request::parse(Some("x"), Some("y"), Some("0")).unwrap_err();
        assert_eq!(all_wrong.0.len(), 3);
    }
}
