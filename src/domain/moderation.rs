//! Moderation: the acts, the states they leave, which reasons fit which
//! act, and how urgent an item in the queue is.

use std::fmt;
use std::str::FromStr;

use super::contribution::text_enum;
use super::validation::{FieldError, bounded_text};

pub const REASON_MAX: usize = 1_000;
pub const CONTEST_MAX: usize = 2_000;
pub const BAN_REASON_MAX: usize = 1_000;
/// How many items a bulk action may touch at once.
pub const BULK_MAX: usize = 500;

text_enum!(Action {
    Trash => "trash",
    Hide => "hide",
    Restore => "restore",
    Redact => "redact",
});

// What the public sees of a moderated contribution: trashed (collapsed and
// marked, readable on demand), hidden (a placeholder with the reason), or
// redacted (personal data removed by a moderator; the redacted text shows).
text_enum!(State {
    Trashed => "trashed",
    Hidden => "hidden",
    Redacted => "redacted",
});

// Why an item is in the queue, for the queue's filter.
text_enum!(QueueReason {
    Spam => "spam",
    Offensive => "offensive",
    OffTopic => "off_topic",
    PersonalData => "personal_data",
    Illegal => "illegal",
    Other => "other",
    Duplicate => "duplicate",
    Contested => "contested",
});

/// What the public may read of a contribution: a withdrawn or hidden one
/// leaves only a placeholder; a trashed one can still be read on demand, a
/// redacted one shows its redacted text. Views, API and exports all ask
/// this one rule.
pub fn text_is_public(
    status: super::contribution::ContributionState,
    moderation: Option<State>,
) -> bool {
    public_view(status, moderation).text_is_public()
}

/// What the public sees of a contribution, from its state and its
/// moderation: the one rule the pages, the API and the exports follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicView {
    /// Shown in full.
    Shown,
    /// Shown with the text a moderator redacted, and marked so.
    Redacted,
    /// Trashed: marked and collapsed, readable on demand.
    Collapsed,
    /// Withdrawn by its author: a placeholder only.
    Withdrawn,
    /// Hidden by a moderator: a placeholder with the reason only.
    Hidden,
}

impl PublicView {
    /// Whether its text (title, body, link) may be shown at all.
    pub fn text_is_public(self) -> bool {
        !matches!(self, PublicView::Withdrawn | PublicView::Hidden)
    }

    /// Whether it goes after every other item of a list, whatever the
    /// order (most supported, newest…): what was trashed, withdrawn or
    /// hidden never tops a list.
    pub fn sinks(self) -> bool {
        !matches!(self, PublicView::Shown | PublicView::Redacted)
    }
}

pub fn public_view(
    status: super::contribution::ContributionState,
    moderation: Option<State>,
) -> PublicView {
    use super::contribution::ContributionState;
    match (status, moderation) {
        (ContributionState::Withdrawn, _) => PublicView::Withdrawn,
        (_, Some(State::Hidden)) => PublicView::Hidden,
        (_, Some(State::Trashed)) => PublicView::Collapsed,
        (_, Some(State::Redacted)) => PublicView::Redacted,
        (_, None) => PublicView::Shown,
    }
}

impl Action {
    /// The state the act leaves (None: back to normal).
    pub fn state(self) -> Option<State> {
        match self {
            Action::Trash => Some(State::Trashed),
            Action::Hide => Some(State::Hidden),
            Action::Redact => Some(State::Redacted),
            Action::Restore => None,
        }
    }

    /// The audit log's name for the act.
    pub fn audit_action(self) -> &'static str {
        match self {
            Action::Trash => "contribution.trash",
            Action::Hide => "contribution.hide",
            Action::Restore => "contribution.restore",
            Action::Redact => "contribution.redact",
        }
    }
}

/// The moderator's reason: required, bounded.
pub fn reason(raw: &str) -> Result<String, FieldError> {
    bounded_text("reason", raw, 3, REASON_MAX)
}

/// What the queue knows about an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    pub reports: i32,
    pub personal_data: bool,
    /// How many contributions share this text (1: none other).
    pub group_size: i32,
    pub contested: bool,
}

impl Signals {
    /// Whether anything calls for a moderator.
    pub fn needs_review(&self) -> bool {
        self.reports > 0 || self.personal_data || self.group_size > 1 || self.contested
    }

    /// Higher first. A contest is a person waiting for an answer; personal
    /// data harms someone while it stays up; each report counts, with
    /// diminishing weight past ten; a campaign weighs by its size. Items of
    /// equal urgency are then taken oldest first.
    pub fn urgency(&self) -> i32 {
        let reports = self.reports.clamp(0, 10) * 10 + (self.reports - 10).clamp(0, 90);
        let group = if self.group_size > 1 {
            20 + self.group_size.min(50)
        } else {
            0
        };
        reports
            + group
            + if self.personal_data { 60 } else { 0 }
            + if self.contested { 200 } else { 0 }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_is_not_shown_in_full_sinks() {
        use super::super::contribution::ContributionState::{Published, Withdrawn};
        use super::{PublicView, State, public_view};
        assert_eq!(public_view(Published, None), PublicView::Shown);
        assert!(!public_view(Published, None).sinks());
        assert!(!public_view(Published, Some(State::Redacted)).sinks());
        assert!(public_view(Published, Some(State::Trashed)).sinks());
        assert!(public_view(Published, Some(State::Trashed)).text_is_public());
        assert!(public_view(Published, Some(State::Hidden)).sinks());
        assert!(!public_view(Published, Some(State::Hidden)).text_is_public());
        assert_eq!(
            public_view(Withdrawn, Some(State::Trashed)),
            PublicView::Withdrawn
        );
        assert!(public_view(Withdrawn, None).sinks());
    }

    use super::*;

    #[test]
    fn acts_leave_their_state() {
        assert_eq!(Action::Trash.state(), Some(State::Trashed));
        assert_eq!(Action::Restore.state(), None);
        assert_eq!("redact".parse(), Ok(Action::Redact));
        assert!("delete".parse::<Action>().is_err());
    }

    #[test]
    fn reasons_are_required() {
        assert!(reason("  ").is_err());
        assert_eq!(reason(" Hors sujet ").unwrap(), "Hors sujet");
    }

    #[test]
    fn urgency_orders_what_matters_most_first() {
        let quiet = Signals::default();
        assert!(!quiet.needs_review());
        assert_eq!(quiet.urgency(), 0);
        let one_report = Signals {
            reports: 1,
            ..quiet
        };
        let many = Signals {
            reports: 12,
            ..quiet
        };
        let pii = Signals {
            personal_data: true,
            ..quiet
        };
        let contested = Signals {
            contested: true,
            ..quiet
        };
        let campaign = Signals {
            group_size: 30,
            ..quiet
        };
        assert!(one_report.needs_review() && campaign.needs_review());
        assert!(many.urgency() > pii.urgency());
        assert!(pii.urgency() > one_report.urgency());
        assert!(campaign.urgency() > one_report.urgency());
        assert!(contested.urgency() > many.urgency());
    }
}
