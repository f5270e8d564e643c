//! What people hear about, and how often.

use std::str::FromStr;

/// How often someone is emailed about what they follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Frequency {
    #[default]
    Immediate,
    Daily,
    Never,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Immediate, Frequency::Daily, Frequency::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediate => "immediate",
            Frequency::Daily => "daily",
            Frequency::Never => "never",
        }
    }
}

impl FromStr for Frequency {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Frequency::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(())
    }
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Someone answered your contribution with an argument or a source.
    Reply,
    /// A consultation you follow closes in less than two days.
    ClosingSoon,
    /// The sponsor decided on your contribution.
    Decision,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Reply => "reply",
            Event::ClosingSoon => "closing_soon",
            Event::Decision => "decision",
        }
    }
}

/// How long before closing the followers are reminded.
pub const REMINDER_HOURS: i64 = 48;
