//! The pages people expect of a public platform: participation charter,
//! legal notice, privacy policy and accessibility statement. Admins write
//! them in Markdown, per language; until they do, a default shows.

use super::Locale;
use super::validation::{FieldError, bounded_text};

pub const BODY_MAX: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SitePage {
    Charter,
    LegalNotice,
    Privacy,
    Accessibility,
}

impl SitePage {
    pub const ALL: [SitePage; 4] = [
        SitePage::Charter,
        SitePage::LegalNotice,
        SitePage::Privacy,
        SitePage::Accessibility,
    ];

    /// Its address: `/pages/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            SitePage::Charter => "charter",
            SitePage::LegalNotice => "legal-notice",
            SitePage::Privacy => "privacy",
            SitePage::Accessibility => "accessibility",
        }
    }

    pub fn from_slug(slug: &str) -> Option<SitePage> {
        SitePage::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// What shows until an admin writes it.
    pub fn default_body(self, locale: Locale) -> &'static str {
        use Locale::*;
        use SitePage::*;
        match (self, locale) {
            (Charter, Fr) => include_str!("site_pages/charter.fr.md"),
            (Charter, En) => include_str!("site_pages/charter.en.md"),
            (LegalNotice, Fr) => include_str!("site_pages/legal-notice.fr.md"),
            (LegalNotice, En) => include_str!("site_pages/legal-notice.en.md"),
            (Privacy, Fr) => include_str!("site_pages/privacy.fr.md"),
            (Privacy, En) => include_str!("site_pages/privacy.en.md"),
            (Accessibility, Fr) => include_str!("site_pages/accessibility.fr.md"),
            (Accessibility, En) => include_str!("site_pages/accessibility.en.md"),
        }
    }
}

pub fn parse_body(raw: &str) -> Result<String, FieldError> {
    bounded_text("body", &raw.replace("\r\n", "\n"), 1, BODY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_default_in_both_languages() {
        for page in SitePage::ALL {
            assert_eq!(SitePage::from_slug(page.slug()), Some(page));
            for locale in Locale::ALL {
                assert!(page.default_body(locale).starts_with("# "));
            }
        }
        assert!(
            SitePage::Accessibility
                .default_body(Locale::Fr)
                .contains("partiellement conforme")
        );
        assert!(parse_body("").is_err());
    }
}
