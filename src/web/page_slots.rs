//! Pages rendered once for every viewer, with markers where what belongs
//! to one viewer goes, and filled per request.
//!
//! A page template rendered with `slots` leaves `<!--viewer:NAME-->` where
//! the viewer's part goes (their account links, their vote and its
//! buttons, the forms carrying their CSRF token…) and renders nothing of
//! any viewer: that body can be kept and shared. A second, small template
//! renders the fragments of one viewer, in the markers' order, each ended
//! by [`END`]; [`SlottedPage::fill`] puts them in place. Markers are only
//! written by templates: every text a person wrote is escaped, so it can
//! never make one.

use serde::Serialize;

const OPEN: &str = "<!--viewer:";
const CLOSE: &str = "-->";
/// Ends each fragment of the viewer's part.
pub const END: &str = "<!--/viewer-->";

/// A place for the viewer's part, as its marker names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum Slot {
    /// The header's account links or the sign-in links.
    Account,
    /// A message shown once, the notice of a ban.
    Notices,
    /// The link to edit the article, for those who manage the bill.
    Edit,
    /// The article's vote buttons, their vote pressed.
    ArticleVote,
    /// The form to add an argument for or against, an amendment or a
    /// source.
    Contribute { which: String },
    /// An item's vote buttons, or the note that it is the viewer's own.
    Vote {
        id: i64,
        kind: String,
        author_id: i64,
    },
}

impl Slot {
    fn parse(name: &str) -> Option<Slot> {
        let mut parts = name.split(':');
        let slot = match parts.next()? {
            "account" => Slot::Account,
            "notices" => Slot::Notices,
            "edit" => Slot::Edit,
            "article-vote" => Slot::ArticleVote,
            "contribute" => Slot::Contribute {
                which: parts.next()?.to_string(),
            },
            "vote" => Slot::Vote {
                id: parts.next()?.parse().ok()?,
                kind: parts.next()?.to_string(),
                author_id: parts.next()?.parse().ok()?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(slot)
    }
}

/// A page rendered for every viewer, cut at its markers, with what its
/// viewer's part needs to know of the page (`D`).
#[derive(Debug)]
pub struct SlottedPage<D> {
    /// The text around the slots: one more than there are slots.
    parts: Vec<String>,
    pub slots: Vec<Slot>,
    pub data: D,
}

impl<D> SlottedPage<D> {
    /// Cuts `html` at its markers; `None` if one of them is unknown.
    pub fn parse(html: &str, data: D) -> Option<Self> {
        let mut parts = Vec::new();
        let mut slots = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find(OPEN) {
            let after = &rest[at + OPEN.len()..];
            let end = after.find(CLOSE)?;
            parts.push(rest[..at].to_string());
            slots.push(Slot::parse(&after[..end])?);
            rest = &after[end + CLOSE.len()..];
        }
        parts.push(rest.to_string());
        Some(SlottedPage { parts, slots, data })
    }

    /// The ids of the items whose vote buttons the page shows.
    pub fn voted_items(&self) -> Vec<i64> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Vote { id, .. } => Some(*id),
                _ => None,
            })
            .collect()
    }

    /// The page with `fragments` (one per slot, each ended by [`END`]) in
    /// place; `None` if they do not match the slots.
    pub fn fill(&self, fragments: &str) -> Option<String> {
        // Each fragment is ended by its own `END`: a missing one would
        // shift every later fragment to the wrong place.
        if fragments.matches(END).count() != self.slots.len() {
            return None;
        }
        let mut pieces = fragments.split(END);
        let mut page = String::with_capacity(
            self.parts.iter().map(String::len).sum::<usize>() + fragments.len(),
        );
        for (i, part) in self.parts.iter().enumerate() {
            page.push_str(part);
            if i < self.slots.len() {
                page.push_str(pieces.next()?);
            }
        }
        // What follows the last fragment is only the template's spacing.
        let trailing = pieces.next().unwrap_or("");
        (pieces.next().is_none() && trailing.trim().is_empty()).then_some(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_at_its_markers_and_filled_in_their_order() {
        let html = "<nav><!--viewer:account--></nav><p>texte</p>\
                    <!--viewer:vote:12:argument:7--><!--viewer:contribute:for-->fin";
        let page = SlottedPage::parse(html, ()).unwrap();
        assert_eq!(
            page.slots,
            vec![
                Slot::Account,
                Slot::Vote {
                    id: 12,
                    kind: "argument".into(),
                    author_id: 7
                },
                Slot::Contribute {
                    which: "for".into()
                },
            ]
        );
        assert_eq!(page.voted_items(), vec![12]);
        let filled = page
            .fill("<a>compte</a><!--/viewer-->\n<form>12</form><!--/viewer-->\n<!--/viewer-->\n")
            .unwrap();
        assert_eq!(
            filled,
            "<nav><a>compte</a></nav><p>texte</p>\n<form>12</form>\nfin"
        );
    }

    #[test]
    fn fragments_that_do_not_match_the_slots_fill_nothing() {
        let page = SlottedPage::parse("a<!--viewer:account-->b<!--viewer:notices-->c", ()).unwrap();
        assert_eq!(page.fill("x<!--/viewer-->"), None);
        assert_eq!(
            page.fill("x<!--/viewer-->y<!--/viewer-->z<!--/viewer-->"),
            None
        );
        assert_eq!(
            page.fill("x<!--/viewer-->y<!--/viewer-->").as_deref(),
            Some("axbyc")
        );
    }

    #[test]
    fn an_unknown_marker_is_refused() {
        assert!(SlottedPage::parse("<!--viewer:password-->", ()).is_none());
        assert!(SlottedPage::parse("<!--viewer:vote:x:argument:1-->", ()).is_none());
        assert!(SlottedPage::parse("<!--viewer:account", ()).is_none());
        assert!(SlottedPage::parse("<!-- an ordinary comment -->", ()).is_some());
    }
}
