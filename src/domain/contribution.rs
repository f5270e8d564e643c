//! Contributions and votes: what each kind holds, how long it may be, what
//! can be voted on what, and the scores lists are sorted by.

use std::fmt;
use std::str::FromStr;

use super::validation::{FieldError, FieldErrors, bounded_text};

pub const ARGUMENT_MAX: usize = 2_000;
pub const RATIONALE_MAX: usize = 5_000;
pub const PROPOSED_TEXT_MAX: usize = 20_000;
pub const TITLE_MAX: usize = 200;
pub const SOURCE_DESCRIPTION_MAX: usize = 1_000;
pub const URL_MAX: usize = 2_000;

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(()) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Views and open data carry the code.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(ContributionKind {
    Argument => "argument",
    Amendment => "amendment",
    Proposal => "proposal",
    Source => "source",
});

// Whether a contribution still stands: its author may withdraw it (a
// placeholder stays).
text_enum!(ContributionState {
    Published => "published",
    Withdrawn => "withdrawn",
});

text_enum!(Stance {
    For => "for",
    Against => "against",
});

text_enum!(VoteValue {
    Agree => "agree",
    Mixed => "mixed",
    Disagree => "disagree",
    Support => "support",
});

text_enum!(ReportReason {
    Spam => "spam",
    Offensive => "offensive",
    OffTopic => "off_topic",
    PersonalData => "personal_data",
    Illegal => "illegal",
    Other => "other",
});

pub const REPORT_DETAILS_MAX: usize = 1_000;

text_enum!(SortOrder {
    Supported => "supported",
    Recent => "recent",
    Controversial => "controversial",
    Random => "random",
});

/// What a vote is cast on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteTarget {
    Article,
    Contribution(ContributionKind),
}

impl VoteTarget {
    /// Articles, amendments and proposals: agree / mixed / disagree;
    /// arguments and sources: support.
    pub fn accepts(self, value: VoteValue) -> bool {
        let scale = matches!(
            self,
            VoteTarget::Article
                | VoteTarget::Contribution(
                    ContributionKind::Amendment | ContributionKind::Proposal
                )
        );
        scale != (value == VoteValue::Support)
    }
}

/// Vote counts of one item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub agree: i32,
    pub mixed: i32,
    pub disagree: i32,
    pub support: i32,
}

impl Tally {
    /// "Most supported": approvals minus disapprovals.
    pub fn support_score(&self) -> i32 {
        self.support + self.agree - self.disagree
    }

    /// "Most controversial": many votes, evenly split. Twice the smaller
    /// side plus the mixed votes.
    pub fn controversy_score(&self) -> i32 {
        2 * self.agree.min(self.disagree) + self.mixed
    }

    /// The change of counts when a vote goes from `old` to `new`.
    pub fn delta(old: Option<VoteValue>, new: Option<VoteValue>) -> Tally {
        let mut d = Tally::default();
        let mut add = |v: VoteValue, n: i32| match v {
            VoteValue::Agree => d.agree += n,
            VoteValue::Mixed => d.mixed += n,
            VoteValue::Disagree => d.disagree += n,
            VoteValue::Support => d.support += n,
        };
        if let Some(v) = old {
            add(v, -1);
        }
        if let Some(v) = new {
            add(v, 1);
        }
        d
    }
}

/// What someone submits, before checking.
#[derive(Debug, Clone, Default)]
pub struct ContributionInput {
    pub stance: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub deletes_article: bool,
    pub url: Option<String>,
}

/// A contribution's checked fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionFields {
    pub stance: Option<Stance>,
    pub title: Option<String>,
    pub body: String,
    pub proposed_text: Option<String>,
    pub deletes_article: bool,
    pub url: Option<String>,
}

fn optional(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A link to a source: http or https, with a host, no spaces.
pub fn parse_url(raw: &str) -> Result<String, FieldError> {
    let url = raw.trim();
    if url.chars().count() > URL_MAX {
        return Err(FieldError::new("url", "error-too-long").with_arg("max", URL_MAX));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| FieldError::new("url", "error-url-invalid"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let host_name = host.split(':').next().unwrap_or("");
    let valid_host = host_name.contains('.')
        && !host_name.starts_with('.')
        && !host_name.ends_with('.')
        && host_name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !valid_host || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new("url", "error-url-invalid"));
    }
    Ok(url.to_string())
}

/// The replacement text of an amendment or a proposal: required, bounded.
fn proposed_text(input: &ContributionInput) -> Result<String, FieldError> {
    match optional(&input.proposed_text) {
        Some(t) => bounded_text("proposed_text", t, 1, PROPOSED_TEXT_MAX),
        None => Err(FieldError::new(
            "proposed_text",
            "error-proposed-text-required",
        )),
    }
}

/// The title of a proposal or a source.
fn title(input: &ContributionInput) -> Result<String, FieldError> {
    bounded_text("title", input.title.as_deref().unwrap_or(""), 3, TITLE_MAX)
}

/// Checks the fields a kind needs, each against its limit; every problem
/// is reported, per field.
pub fn check(
    kind: ContributionKind,
    input: &ContributionInput,
) -> Result<ContributionFields, FieldErrors> {
    // Browsers send textarea line ends as CRLF: store LF, so a diff against
    // the article sees only real changes.
    let unix = |s: &str| s.replace("\r\n", "\n");
    let input = &ContributionInput {
        body: unix(&input.body),
        proposed_text: input.proposed_text.as_deref().map(unix),
        ..input.clone()
    };
    let mut errors = FieldErrors::default();
    let mut fields = ContributionFields {
        stance: None,
        title: None,
        body: String::new(),
        proposed_text: None,
        deletes_article: false,
        url: None,
    };
    match kind {
        ContributionKind::Argument => {
            fields.stance = match optional(&input.stance).map(str::parse::<Stance>) {
                Some(Ok(s)) => Some(s),
                _ => {
                    errors.push(FieldError::new("stance", "error-stance-required"));
                    None
                }
            };
            fields.body = errors
                .take(bounded_text("body", &input.body, 3, ARGUMENT_MAX))
                .unwrap_or_default();
        }
        ContributionKind::Amendment => {
            fields.body = errors
                .take(bounded_text("body", &input.body, 3, RATIONALE_MAX))
                .unwrap_or_default();
            fields.deletes_article = input.deletes_article;
            if !input.deletes_article {
                fields.proposed_text = errors.take(proposed_text(input));
            }
        }
        ContributionKind::Proposal => {
            fields.title = errors.take(title(input));
            fields.body = errors
                .take(bounded_text("body", &input.body, 3, RATIONALE_MAX))
                .unwrap_or_default();
            fields.proposed_text = errors.take(proposed_text(input));
        }
        ContributionKind::Source => {
            fields.title = errors.take(title(input));
            fields.body = errors
                .take(bounded_text("body", &input.body, 0, SOURCE_DESCRIPTION_MAX))
                .unwrap_or_default();
            match optional(&input.url) {
                Some(u) => fields.url = errors.take(parse_url(u)),
                None => errors.push(FieldError::new("url", "error-required")),
            }
        }
    }
    errors.into_result().map(|_| fields)
}

/// What a contribution of `kind` may be attached to.
pub fn parent_allowed(kind: ContributionKind, parent: Option<ContributionKind>) -> bool {
    match (kind, parent) {
        (_, None) => true,
        (ContributionKind::Argument | ContributionKind::Source, Some(p)) => {
            matches!(p, ContributionKind::Amendment | ContributionKind::Proposal)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_values_fit_their_targets() {
        use ContributionKind::*;
        assert!(VoteTarget::Article.accepts(VoteValue::Mixed));
        assert!(!VoteTarget::Article.accepts(VoteValue::Support));
        assert!(VoteTarget::Contribution(Amendment).accepts(VoteValue::Disagree));
        assert!(VoteTarget::Contribution(Proposal).accepts(VoteValue::Agree));
        assert!(VoteTarget::Contribution(Argument).accepts(VoteValue::Support));
        assert!(!VoteTarget::Contribution(Argument).accepts(VoteValue::Agree));
        assert!(VoteTarget::Contribution(Source).accepts(VoteValue::Support));
    }

    #[test]
    fn deltas_and_scores() {
        let d = Tally::delta(Some(VoteValue::Agree), Some(VoteValue::Disagree));
        assert_eq!((d.agree, d.disagree), (-1, 1));
        assert_eq!(Tally::delta(None, None), Tally::default());
        let t = Tally {
            agree: 10,
            mixed: 3,
            disagree: 8,
            support: 0,
        };
        assert_eq!(t.support_score(), 2);
        assert_eq!(t.controversy_score(), 19);
        let one_sided = Tally {
            agree: 18,
            mixed: 0,
            disagree: 0,
            support: 0,
        };
        assert!(one_sided.controversy_score() < t.controversy_score());
    }

    #[test]
    fn each_kind_requires_its_fields() {
        let argument = ContributionInput {
            body: "Trop vague".into(),
            ..Default::default()
        };
        let e = check(ContributionKind::Argument, &argument).unwrap_err();
        assert_eq!(e.0[0].field, "stance");
        let amendment = ContributionInput {
            body: "Parce que".into(),
            ..Default::default()
        };
        assert_eq!(
            check(ContributionKind::Amendment, &amendment)
                .unwrap_err()
                .0[0]
                .field,
            "proposed_text"
        );
        let deletion = ContributionInput {
            body: "Inutile".into(),
            deletes_article: true,
            ..Default::default()
        };
        assert!(
            check(ContributionKind::Amendment, &deletion)
                .unwrap()
                .proposed_text
                .is_none()
        );
        let long = ContributionInput {
            stance: Some("for".into()),
            body: "x".repeat(ARGUMENT_MAX + 1),
            ..Default::default()
        };
        let e = check(ContributionKind::Argument, &long).unwrap_err();
        assert_eq!((e.0[0].field, e.0[0].message), ("body", "error-too-long"));
    }

    #[test]
    fn line_ends_are_normalised() {
        let input = ContributionInput {
            body: "Motif.\r\n\r\nSuite.".into(),
            proposed_text: Some("Alinéa 1.\r\n\r\nAlinéa 2.".into()),
            ..Default::default()
        };
        let f = check(ContributionKind::Amendment, &input).unwrap();
        assert_eq!(f.body, "Motif.\n\nSuite.");
        assert_eq!(f.proposed_text.as_deref(), Some("Alinéa 1.\n\nAlinéa 2."));
    }

    #[test]
    fn source_links_are_checked() {
        assert!(parse_url("https://www.legifrance.gouv.fr/loda/id/JORFTEXT000033202746").is_ok());
        assert!(parse_url("http://example.org:8080/a?b=c#d").is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://example.org",
            "https://",
            "https://localhost",
            "https://exa mple.org",
            "www.example.org",
            "https://.org",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn what_attaches_to_what() {
        use ContributionKind::*;
        assert!(parent_allowed(Argument, Some(Amendment)));
        assert!(parent_allowed(Source, Some(Proposal)));
        assert!(!parent_allowed(Argument, Some(Argument)));
        assert!(!parent_allowed(Amendment, Some(Amendment)));
    }
}
