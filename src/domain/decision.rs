//! The sponsor's decisions on amendments and proposals, and what the final
//! text becomes from them.

use std::fmt;
use std::str::FromStr;

use super::contribution::text_enum;
use super::validation::{FieldError, bounded_text};

pub const JUSTIFICATION_MAX: usize = 5_000;
pub const NOTE_MAX: usize = 20_000;
pub const THEME_TITLE_MAX: usize = 200;

text_enum!(Decision {
    Accepted => "accepted",
    PartiallyAccepted => "partially_accepted",
    Rejected => "rejected",
    AlreadySatisfied => "already_satisfied",
    OutOfScope => "out_of_scope",
});

impl Decision {
    /// Whether the item changes the final text.
    pub fn retained(self) -> bool {
        matches!(self, Decision::Accepted | Decision::PartiallyAccepted)
    }
}

/// A decision as the sponsor gives it: a justification is required except
/// for an acceptance.
pub fn check(
    decision: &str,
    justification: Option<&str>,
) -> Result<(Decision, Option<String>), FieldError> {
    if decision.trim().is_empty() {
        return Err(FieldError::new("decision", "error-decision-required"));
    }
    let decision: Decision = decision
        .parse()
        .map_err(|_| FieldError::new("decision", "error-decision-invalid"))?;
    let justification = justification.map(str::trim).filter(|j| !j.is_empty());
    let justification = match (decision, justification) {
        (Decision::Accepted, None) => None,
        (_, Some(j)) => Some(bounded_text("justification", j, 3, JUSTIFICATION_MAX)?),
        (_, None) => {
            return Err(FieldError::new(
                "justification",
                "error-justification-required",
            ));
        }
    };
    Ok((decision, justification))
}

/// A retained amendment, as the final text needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retained {
    pub amendment_id: i64,
    pub decision: Decision,
    pub deletes_article: bool,
    pub proposed_text: Option<String>,
}

/// What becomes of one article at publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Replaced {
        body: String,
        from: Vec<i64>,
    },
    Deleted {
        from: i64,
    },
    /// Several amendments meet, or one was only partly accepted: the
    /// sponsor writes the wording; no amendment silently overwrites another.
    NeedsWording {
        amendments: Vec<i64>,
    },
}

/// The sponsor's wording wins; otherwise one fully accepted amendment
/// applies itself; anything else needs a wording.
pub fn outcome(retained: &[Retained], wording: Option<&str>) -> Outcome {
    let from = || retained.iter().map(|r| r.amendment_id).collect();
    if let Some(body) = wording {
        return Outcome::Replaced {
            body: body.to_string(),
            from: from(),
        };
    }
    match retained {
        [] => Outcome::Unchanged,
        [one] if one.decision == Decision::Accepted && one.deletes_article => Outcome::Deleted {
            from: one.amendment_id,
        },
        [one] if one.decision == Decision::Accepted => match &one.proposed_text {
            Some(text) => Outcome::Replaced {
                body: text.clone(),
                from: vec![one.amendment_id],
            },
            None => Outcome::NeedsWording { amendments: from() },
        },
        _ => Outcome::NeedsWording { amendments: from() },
    }
}

/// The label of an article inserted after `after` ("Article 3" gives
/// "Article 3 bis", then "ter"…), the first not in `taken`.
pub fn inserted_label(after: &str, taken: &[String]) -> String {
    const SUFFIXES: [&str; 9] = [
        "bis",
        "ter",
        "quater",
        "quinquies",
        "sexies",
        "septies",
        "octies",
        "nonies",
        "decies",
    ];
    // "Article 3 bis" inserted after gives "Article 3 ter", not "3 bis bis".
    let base = SUFFIXES
        .iter()
        .find_map(|s| after.strip_suffix(&format!(" {s}")))
        .unwrap_or(after);
    for suffix in SUFFIXES {
        let label = format!("{base} {suffix}");
        if !taken.contains(&label) {
            return label;
        }
    }
    let mut n = 2;
    loop {
        let label = format!("{base} additionnel {n}");
        if !taken.contains(&label) {
            return label;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(id: i64, decision: Decision, text: Option<&str>, deletes: bool) -> Retained {
        Retained {
            amendment_id: id,
            decision,
            deletes_article: deletes,
            proposed_text: text.map(str::to_string),
        }
    }

    #[test]
    fn justification_is_required_except_for_acceptance() {
        assert_eq!(check("accepted", None), Ok((Decision::Accepted, None)));
        assert!(check("rejected", Some("  ")).is_err());
        assert_eq!(
            check("out_of_scope", Some("Relève du règlement"))
                .unwrap()
                .1
                .as_deref(),
            Some("Relève du règlement")
        );
        assert!(check("maybe", None).is_err());
    }

    #[test]
    fn one_accepted_amendment_applies_itself_several_need_a_wording() {
        use Decision::*;
        assert_eq!(outcome(&[], None), Outcome::Unchanged);
        assert_eq!(
            outcome(&[kept(1, Accepted, Some("Nouveau texte"), false)], None),
            Outcome::Replaced {
                body: "Nouveau texte".into(),
                from: vec![1]
            }
        );
        assert_eq!(
            outcome(&[kept(2, Accepted, None, true)], None),
            Outcome::Deleted { from: 2 }
        );
        let two = [
            kept(1, Accepted, Some("A"), false),
            kept(2, Accepted, Some("B"), false),
        ];
        assert_eq!(
            outcome(&two, None),
            Outcome::NeedsWording {
                amendments: vec![1, 2]
            }
        );
        assert_eq!(
            outcome(&[kept(3, PartiallyAccepted, Some("C"), false)], None),
            Outcome::NeedsWording {
                amendments: vec![3]
            }
        );
        assert_eq!(
            outcome(&two, Some("A et B")),
            Outcome::Replaced {
                body: "A et B".into(),
                from: vec![1, 2]
            }
        );
    }

    #[test]
    fn inserted_articles_take_the_next_latin_suffix() {
        let taken = vec!["Article 3".to_string(), "Article 3 bis".to_string()];
        assert_eq!(inserted_label("Article 2", &taken), "Article 2 bis");
        assert_eq!(inserted_label("Article 3", &taken), "Article 3 ter");
        assert_eq!(inserted_label("Article 3 bis", &taken), "Article 3 ter");
    }
}
