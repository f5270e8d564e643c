//! Contributions and votes: what each kind holds, how long it may be, what
//! can be voted on what, and the scores lists are sorted by.

use std::fmt;
use std::str::FromStr;

use super::validation::{FieldError, FieldErrors, bounded_text};

// Limits, in characters, set from what real consultations hold. Figures
// from the 2015 "Projet de loi pour une République numérique" consultation
// (Cap Collectif export of 2015-10-18; a section of it is kept in
// `shared/data/consultations/republique-numerique-2015/`):
// - the section sample (29 citizens' proposals, 181 arguments, 9 sources),
//   lengths of the texts as published (HTML) / as plain text:
//   proposal title max 120; proposed text max 12,704 / 8,903;
//   explanation max 2,843 / 2,047 (7 of the 29 have none); argument max
//   2,000 (the platform's own limit); source title max 83, description
//   max 2,759, link max 108;
// - the whole consultation (666 proposals, 326 sources) replayed against
//   the former limits: 158 proposals had no explanation, 7 explanations
//   exceeded 5,000, one title exceeded 200, 32 source descriptions exceeded
//   1,000; every proposed text fitted 20,000 and every argument 2,000;
// - the platform kept titles in a 255-character column and set no limit on
//   explanations and source descriptions.
// Hence: titles 300 (above the 255 any of them could have); explanations
// 30,000, half as much again as the proposed texts they explain, which all
// fitted 20,000; source descriptions 20,000 (a tenth of them exceed 1,000:
// they quote the source at length).
pub const ARGUMENT_MAX: usize = 2_000;
/// An amendment's rationale or a proposal's explanation (exposé des motifs).
pub const EXPLANATION_MAX: usize = 30_000;
pub const PROPOSED_TEXT_MAX: usize = 20_000;
pub const TITLE_MAX: usize = 300;
pub const TITLE_MIN: usize = 3;
pub const SOURCE_DESCRIPTION_MAX: usize = 20_000;
pub const URL_MAX: usize = 2_000;
/// An argument or an amendment's rationale says something: a few
/// characters at least.
pub const STATEMENT_MIN: usize = 3;

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
        return Err(FieldError::new("url", "error-url-too-long")
            .with_arg("max", URL_MAX)
            .with_arg("length", url.chars().count()));
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

/// The text fields a contribution may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Title,
    /// An argument's text, an amendment's rationale, a proposal's
    /// explanation, a source's description.
    Body,
    ProposedText,
    Url,
}

impl TextField {
    pub const ALL: &'static [TextField] = &[
        TextField::Title,
        TextField::Body,
        TextField::ProposedText,
        TextField::Url,
    ];

    /// The name of the field in forms and in the API.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Body => "body",
            TextField::ProposedText => "proposed_text",
            TextField::Url => "url",
        }
    }
}

impl FromStr for TextField {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        TextField::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or(())
    }
}

/// What one text field of one kind of contribution takes. Forms show the
/// same rule (`required`, `maxlength`) as [`check`] applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// Whether it must be given. An amendment's proposed text is required
    /// unless the amendment deletes the article.
    pub required: bool,
    /// The fewest characters it holds when given.
    pub min: usize,
    pub max: usize,
    /// Message ids: when it is missing or too short, when it is too long.
    pub missing: &'static str,
    pub too_long: &'static str,
}

/// The rule of `field` for a contribution of `kind`; None when that kind
/// has no such field.
///
/// A proposal's explanation is optional: a proposal is a new article, and
/// its proposed text says what it is (158 of the 666 proposals of the 2015
/// consultation came without one). An amendment's rationale stays
/// required: the platform of that consultation required one with every
/// amendment, as the rules of the Assemblée nationale and of the Sénat
/// require an amendment to be "sommairement motivé".
pub fn field_rule(kind: ContributionKind, field: TextField) -> Option<FieldRule> {
    use ContributionKind::*;
    let rule = |required, min, max, missing, too_long| {
        Some(FieldRule {
            required,
            min,
            max,
            missing,
            too_long,
        })
    };
    match (kind, field) {
        (Argument, TextField::Body) => rule(
            true,
            STATEMENT_MIN,
            ARGUMENT_MAX,
            "error-argument-missing",
            "error-argument-too-long",
        ),
        (Amendment, TextField::Body) => rule(
            true,
            STATEMENT_MIN,
            EXPLANATION_MAX,
            "error-rationale-missing",
            "error-rationale-too-long",
        ),
        (Proposal, TextField::Body) => rule(
            false,
            0,
            EXPLANATION_MAX,
            "error-required",
            "error-explanation-too-long",
        ),
        (Source, TextField::Body) => rule(
            false,
            0,
            SOURCE_DESCRIPTION_MAX,
            "error-required",
            "error-source-description-too-long",
        ),
        (Amendment, TextField::ProposedText) => rule(
            true,
            1,
            PROPOSED_TEXT_MAX,
            "error-amendment-text-required",
            "error-proposed-text-too-long",
        ),
        (Proposal, TextField::ProposedText) => rule(
            true,
            1,
            PROPOSED_TEXT_MAX,
            "error-proposed-text-required",
            "error-proposed-text-too-long",
        ),
        (Proposal | Source, TextField::Title) => rule(
            true,
            TITLE_MIN,
            TITLE_MAX,
            "error-title-missing",
            "error-title-too-long",
        ),
        (Source, TextField::Url) => rule(
            true,
            1,
            URL_MAX,
            "error-source-url-required",
            "error-url-too-long",
        ),
        _ => None,
    }
}

/// Checks one text field against its rule: the rule's own messages, with
/// the limit and (when too long) the length sent.
fn checked(
    kind: ContributionKind,
    field: TextField,
    value: Option<&str>,
) -> Result<Option<String>, FieldError> {
    let Some(rule) = field_rule(kind, field) else {
        return Ok(None);
    };
    let value = value.unwrap_or("").trim();
    if value.is_empty() && !rule.required {
        return Ok(None);
    }
    let length = value.chars().count();
    if length < rule.min.max(1) {
        return Err(FieldError::new(field.name(), rule.missing).with_arg("min", rule.min));
    }
    if length > rule.max {
        return Err(FieldError::new(field.name(), rule.too_long)
            .with_arg("max", rule.max)
            .with_arg("length", length));
    }
    bounded_text(field.name(), value, 0, rule.max).map(Some)
}

/// Checks the fields a kind needs, each against its rule; every problem
/// is reported, per field.
pub fn check(
    kind: ContributionKind,
    input: &ContributionInput,
) -> Result<ContributionFields, FieldErrors> {
    // Browsers send textarea line ends as CRLF: store LF, so a diff against
    // the article sees only real changes.
    let unix = |s: &str| s.replace("\r\n", "\n");
    let body = unix(&input.body);
    let proposed = input.proposed_text.as_deref().map(unix);
    let mut errors = FieldErrors::default();
    let mut fields = ContributionFields {
        stance: None,
        title: None,
        body: String::new(),
        proposed_text: None,
        deletes_article: false,
        url: None,
    };
    if kind == ContributionKind::Argument {
        fields.stance = match optional(&input.stance).map(str::parse::<Stance>) {
            Some(Ok(s)) => Some(s),
            _ => {
                errors.push(FieldError::new("stance", "error-stance-required"));
                None
            }
        };
    }
    fields.title = errors
        .take(checked(kind, TextField::Title, input.title.as_deref()))
        .flatten();
    fields.body = errors
        .take(checked(kind, TextField::Body, Some(&body)))
        .flatten()
        .unwrap_or_default();
    if kind == ContributionKind::Amendment {
        fields.deletes_article = input.deletes_article;
    }
    if !fields.deletes_article {
        fields.proposed_text = errors
            .take(checked(kind, TextField::ProposedText, proposed.as_deref()))
            .flatten();
    }
    if kind == ContributionKind::Source {
        fields.url = match optional(&input.url) {
            Some(u) => errors.take(parse_url(u)),
            None => {
                errors.push(FieldError::new("url", "error-source-url-required"));
                None
            }
        };
    }
    errors.into_result().map(|_| fields)
}

/// Where a contribution is attached, as sent: which of the ids are given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    pub article: bool,
    pub parent: bool,
    pub after_article: bool,
}

/// What each kind is attached to, checked before any id is looked up: an
/// amendment rewrites an existing article (`article_id`); a proposal is a
/// new article, attached to nothing, that may say where it would go
/// (`after_article_id`); an argument or a source is about one article or
/// one amendment or proposal (`article_id` or `parent_id`, not both).
pub fn check_attachment(kind: ContributionKind, to: Attachment) -> Result<(), FieldErrors> {
    use ContributionKind::*;
    let mut errors = FieldErrors::default();
    match kind {
        Proposal => {
            if to.article {
                errors.push(FieldError::new("article_id", "error-proposal-article"));
            }
            if to.parent {
                errors.push(FieldError::new("parent_id", "error-proposal-parent"));
            }
        }
        Amendment => {
            if !to.article {
                errors.push(FieldError::new("article_id", "error-amendment-article"));
            }
            if to.parent {
                errors.push(FieldError::new("parent_id", "error-amendment-parent"));
            }
        }
        Argument | Source => {
            if to.article == to.parent {
                let field = if to.article {
                    "parent_id"
                } else {
                    "article_id"
                };
                errors.push(FieldError::new(field, "error-reply-target"));
            }
        }
    }
    if to.after_article && kind != Proposal {
        errors.push(FieldError::new(
            "after_article_id",
            "error-after-article-proposal-only",
        ));
    }
    errors.into_result()
}

/// Nobody supports or rates their own contribution: a vote says what
/// others think of it.
pub fn may_vote_on(author_id: i64, voter_id: i64) -> bool {
    author_id != voter_id
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
    #[test]
    fn nobody_votes_on_their_own_contribution() {
        assert!(!super::may_vote_on(7, 7));
        assert!(super::may_vote_on(7, 8));
    }

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
        assert_eq!(
            (e.0[0].field, e.0[0].message),
            ("body", "error-argument-too-long")
        );
        assert!(e.0[0].args.contains(&("max", "2000".into())));
        assert!(e.0[0].args.contains(&("length", "2001".into())));
    }

    #[test]
    fn a_proposal_needs_no_explanation() {
        let proposal = ContributionInput {
            title: Some("Loyauté du DNS".into()),
            proposed_text: Some("Les résolveurs DNS répondent sans filtrer.".into()),
            body: " \n ".into(),
            ..Default::default()
        };
        let fields = check(ContributionKind::Proposal, &proposal).unwrap();
        assert_eq!(fields.body, "");
        // A short explanation is still an explanation.
        let short = ContributionInput {
            body: "Vu.".into(),
            ..proposal.clone()
        };
        assert_eq!(
            check(ContributionKind::Proposal, &short).unwrap().body,
            "Vu."
        );
        // An amendment still gives its reasons.
        let amendment = ContributionInput {
            body: "".into(),
            proposed_text: Some("Nouvelle rédaction.".into()),
            ..Default::default()
        };
        let e = check(ContributionKind::Amendment, &amendment).unwrap_err();
        assert_eq!(
            (e.0[0].field, e.0[0].message),
            ("body", "error-rationale-missing")
        );
    }

    #[test]
    fn limits_name_the_field_and_the_limit() {
        let long = |n: usize| "é".repeat(n);
        let proposal = ContributionInput {
            title: Some(long(TITLE_MAX + 1)),
            proposed_text: Some(long(PROPOSED_TEXT_MAX + 1)),
            body: long(EXPLANATION_MAX + 1),
            ..Default::default()
        };
        let e = check(ContributionKind::Proposal, &proposal).unwrap_err();
        let got: Vec<_> = e.0.iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            got,
            [
                ("title", "error-title-too-long"),
                ("body", "error-explanation-too-long"),
                ("proposed_text", "error-proposed-text-too-long"),
            ]
        );
        assert!(e.0[1].args.contains(&("max", EXPLANATION_MAX.to_string())));
        let at_limit = ContributionInput {
            title: Some(long(TITLE_MAX)),
            proposed_text: Some(long(PROPOSED_TEXT_MAX)),
            body: long(EXPLANATION_MAX),
            ..Default::default()
        };
        assert!(check(ContributionKind::Proposal, &at_limit).is_ok());
        let source = ContributionInput {
            title: Some("Rapport".into()),
            url: Some("https://example.org/rapport".into()),
            body: long(SOURCE_DESCRIPTION_MAX + 1),
            ..Default::default()
        };
        let e = check(ContributionKind::Source, &source).unwrap_err();
        assert_eq!(e.0[0].message, "error-source-description-too-long");
    }

    /// Every text of the real sample section fits its rule as published
    /// (HTML), the longest included.
    #[test]
    fn the_real_consultation_fits() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/consultations/republique-numerique-2015/sample-section-neutralite.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let items: serde_json::Value = serde_json::from_str(&text).unwrap();
        let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let mut checked = 0;
        for item in items.as_array().unwrap() {
            if item["author"]["username"] != "Gouvernement" {
                let proposal = ContributionInput {
                    title: Some(s(&item["title"])),
                    proposed_text: Some(s(&item["body"])),
                    body: s(&item["appendices"][0]["body"]),
                    ..Default::default()
                };
                check(ContributionKind::Proposal, &proposal).unwrap();
                checked += 1;
            }
            for argument in item["arguments"].as_array().unwrap() {
                let stance = if argument["type"] == 1 {
                    "for"
                } else {
                    "against"
                };
                let input = ContributionInput {
                    stance: Some(stance.into()),
                    body: s(&argument["body"]),
                    ..Default::default()
                };
                check(ContributionKind::Argument, &input).unwrap();
                checked += 1;
            }
            for source in item["sources"].as_array().unwrap() {
                let input = ContributionInput {
                    title: Some(s(&source["title"])),
                    url: Some(s(&source["link"])),
                    body: s(&source["body"]),
                    ..Default::default()
                };
                check(ContributionKind::Source, &input).unwrap();
                checked += 1;
            }
        }
        assert_eq!(checked, 29 + 181 + 9);
    }

    #[test]
    fn each_kind_is_attached_as_it_is() {
        use ContributionKind::*;
        let to = |article, parent, after_article| Attachment {
            article,
            parent,
            after_article,
        };
        assert!(check_attachment(Proposal, to(false, false, true)).is_ok());
        assert!(check_attachment(Proposal, to(false, false, false)).is_ok());
        let e = check_attachment(Proposal, to(true, false, false)).unwrap_err();
        assert_eq!(
            (e.0[0].field, e.0[0].message),
            ("article_id", "error-proposal-article")
        );
        assert!(check_attachment(Amendment, to(true, false, false)).is_ok());
        let e = check_attachment(Amendment, to(false, false, true)).unwrap_err();
        let got: Vec<_> = e.0.iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            got,
            [
                ("article_id", "error-amendment-article"),
                ("after_article_id", "error-after-article-proposal-only")
            ]
        );
        assert!(check_attachment(Argument, to(true, false, false)).is_ok());
        assert!(check_attachment(Source, to(false, true, false)).is_ok());
        assert!(check_attachment(Argument, to(true, true, false)).is_err());
        assert!(check_attachment(Source, to(false, false, false)).is_err());
    }

    #[test]
    fn every_message_is_translated() {
        use crate::domain::Locale;
        use crate::i18n::t_args;
        let mut ids = vec![
            "error-proposal-article",
            "error-proposal-parent",
            "error-amendment-article",
            "error-amendment-parent",
            "error-reply-target",
            "error-after-article-proposal-only",
            "error-source-url-required",
        ];
        for &kind in ContributionKind::ALL {
            for &field in TextField::ALL {
                if let Some(rule) = field_rule(kind, field) {
                    ids.extend([rule.missing, rule.too_long]);
                }
            }
        }
        let args = [
            ("min", "3".to_string()),
            ("max", "30000".to_string()),
            ("length", "30001".to_string()),
        ];
        for id in ids {
            let fr = t_args(Locale::Fr, id, &args);
            let en = t_args(Locale::En, id, &args);
            for text in [&fr, &en] {
                assert!(
                    !text.contains("Unknown localization key") && !text.contains('$'),
                    "{id}: {text}"
                );
            }
            assert_ne!(fr, en, "{id}");
            if id.ends_with("too-long") {
                assert!(fr.contains("30000") && en.contains("30001"), "{id}: {fr}");
            }
        }
        assert!(t_args(Locale::En, "error-proposal-article", &[]).contains("after_article_id"));
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
