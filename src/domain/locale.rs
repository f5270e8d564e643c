use std::fmt;
use std::str::FromStr;

/// The languages the platform speaks; French is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// Picks the first supported language of an `Accept-Language` header,
    /// honouring quality values.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut ranked: Vec<(f32, usize, Locale)> = Vec::new();
        for (i, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Ok(locale) = primary.parse::<Locale>() {
                if q > 0.0 {
                    ranked.push((q, i, locale));
                }
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }
}

impl FromStr for Locale {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "fr" => Ok(Locale::Fr),
            "en" => Ok(Locale::En),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(
            Locale::negotiate("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::negotiate("de-DE, fr-CA;q=0.5, en;q=0.4"),
            Some(Locale::Fr)
        );
        assert_eq!(Locale::negotiate("de, it"), None);
        assert_eq!(Locale::negotiate("en;q=0, fr"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate(""), None);
    }
}
