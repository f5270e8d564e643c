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
//!
//! Most fragments hold nothing of their viewer but the CSRF token and a
//! form's fresh idempotency key: the vote buttons of an item in one state,
//! a contribution form. They are rendered with [`CSRF`] and [`KEY`] in
//! place of those and kept with the page per *variant* (what the fragment
//! shows: language, vote pressed, own item…), and each view writes them
//! out with its own token and keys. Both placeholders hold a secret drawn
//! when the process starts, so no text a person wrote can contain them.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde::Serialize;

const OPEN: &str = "<!--viewer:";
const CLOSE: &str = "-->";
/// Ends each fragment of the viewer's part.
pub const END: &str = "<!--/viewer-->";

/// The secret both placeholders carry, drawn once per process.
static SECRET: LazyLock<String> = LazyLock::new(crate::auth::tokens::generate);
/// Rendered where the viewer's CSRF token goes.
pub static CSRF: LazyLock<String> = LazyLock::new(|| format!("csrf{}", *SECRET));
/// Rendered where a form's fresh idempotency key goes.
pub static KEY: LazyLock<String> = LazyLock::new(|| format!("key{}", *SECRET));

/// Most fragments kept per page: past it, new variants are rendered
/// every time rather than kept.
const MAX_KEPT: usize = 4096;

/// A fragment rendered with the placeholders, cut at them.
#[derive(Debug, PartialEq, Eq)]
struct Fragment(Vec<Piece>);

#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Csrf,
    Key,
}

impl Fragment {
    fn parse(mut rest: &str) -> Fragment {
        let mut pieces = Vec::new();
        loop {
            let csrf = rest
                .find(CSRF.as_str())
                .map(|at| (at, Piece::Csrf, CSRF.len()));
            let key = rest
                .find(KEY.as_str())
                .map(|at| (at, Piece::Key, KEY.len()));
            let next = match (csrf, key) {
                (Some(c), Some(k)) => Some(if c.0 < k.0 { c } else { k }),
                (c, k) => c.or(k),
            };
            let Some((at, piece, len)) = next else {
                break;
            };
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].to_string()));
            }
            pieces.push(piece);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Fragment(pieces)
    }

    /// Writes the fragment with the viewer's `csrf` token, and one fresh
    /// key (from `key`) for the form it holds, if any.
    fn write(&self, out: &mut String, csrf: &str, key: &mut impl FnMut() -> String) {
        let mut fresh: Option<String> = None;
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Csrf => out.push_str(csrf),
                Piece::Key => out.push_str(fresh.get_or_insert_with(&mut *key)),
            }
        }
    }
}

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
    /// The fragments rendered so far, by slot and variant.
    /// Per slot, by variant: looked up by the variant's text as it is,
    /// without a key made for each lookup.
    kept: Mutex<Vec<HashMap<String, Arc<Fragment>>>>,
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
        let n = slots.len();
        Some(SlottedPage {
            parts,
            slots,
            data,
            kept: Mutex::new(vec![HashMap::new(); n]),
        })
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

    /// The page with the viewer's part in place. `variants` tells, per
    /// slot, what its fragment shows (`None`: it is the viewer's own, made
    /// for this view only); `render` renders the fragments of the slots it
    /// is given (their indices, in order), each ended by [`END`], with
    /// [`CSRF`] and [`KEY`] in place of the token and the keys. Those of a
    /// variant already rendered for this page are not rendered again.
    /// `None` if what `render` gives does not match the slots it was asked
    /// for.
    pub fn fill<R>(
        &self,
        variants: &[Option<String>],
        csrf: &str,
        mut key: impl FnMut() -> String,
        render: R,
    ) -> Option<String>
    where
        R: FnOnce(&[usize]) -> Option<String>,
    {
        if variants.len() != self.slots.len() {
            return None;
        }
        let mut fragments: Vec<Option<Arc<Fragment>>> = {
            let kept = self.kept.lock().ok()?;
            variants
                .iter()
                .enumerate()
                .map(|(i, v)| v.as_deref().and_then(|v| kept[i].get(v).cloned()))
                .collect()
        };
        let missing: Vec<usize> = (0..self.slots.len())
            .filter(|&i| fragments[i].is_none())
            .collect();
        if !missing.is_empty() {
            let rendered = render(&missing)?;
            // Each fragment is ended by its own `END`: a missing one would
            // shift every later fragment to the wrong place.
            if rendered.matches(END).count() != missing.len() {
                return None;
            }
            let mut pieces = rendered.split(END);
            let mut kept = self.kept.lock().ok()?;
            let mut count: usize = kept.iter().map(HashMap::len).sum();
            for &i in &missing {
                let fragment = Arc::new(Fragment::parse(pieces.next()?));
                if let Some(variant) = &variants[i]
                    && count < MAX_KEPT
                {
                    kept[i].insert(variant.clone(), Arc::clone(&fragment));
                    count += 1;
                }
                fragments[i] = Some(fragment);
            }
            // What follows the last fragment is only the template's spacing.
            let trailing = pieces.next().unwrap_or("");
            if pieces.next().is_some() || !trailing.trim().is_empty() {
                return None;
            }
        }
        let mut page = String::with_capacity(
            self.parts.iter().map(String::len).sum::<usize>() + 512 * self.slots.len(),
        );
        for (i, part) in self.parts.iter().enumerate() {
            page.push_str(part);
            if let Some(fragment) = fragments.get(i) {
                fragment.as_ref()?.write(&mut page, csrf, &mut key);
            }
        }
        Some(page)
    }

    /// How many fragments are kept (for tests).
    pub fn kept(&self) -> usize {
        self.kept
            .lock()
            .map(|k| k.iter().map(HashMap::len).sum())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills `page` with every slot rendered from `fragments`, none kept.
    fn fill_all(page: &SlottedPage<()>, fragments: &str) -> Option<String> {
        let variants = vec![None; page.slots.len()];
        page.fill(&variants, "jeton", String::new, |_| {
            Some(fragments.to_string())
        })
    }

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
        let filled = fill_all(
            &page,
            "<a>compte</a><!--/viewer-->\n<form>12</form><!--/viewer-->\n<!--/viewer-->\n",
        )
        .unwrap();
        assert_eq!(
            filled,
            "<nav><a>compte</a></nav><p>texte</p>\n<form>12</form>\nfin"
        );
    }

    #[test]
    fn fragments_that_do_not_match_the_slots_fill_nothing() {
        let page = SlottedPage::parse("a<!--viewer:account-->b<!--viewer:notices-->c", ()).unwrap();
        assert_eq!(fill_all(&page, "x<!--/viewer-->"), None);
        assert_eq!(
            fill_all(&page, "x<!--/viewer-->y<!--/viewer-->z<!--/viewer-->"),
            None
        );
        assert_eq!(
            fill_all(&page, "x<!--/viewer-->y<!--/viewer-->").as_deref(),
            Some("axbyc")
        );
    }

    #[test]
    fn a_kept_variant_is_not_rendered_again_and_each_view_gets_its_own_token_and_keys() {
        let page = SlottedPage::parse(
            "<!--viewer:account-->|<!--viewer:contribute:for-->|<!--viewer:vote:3:argument:1-->",
            (),
        )
        .unwrap();
        let (csrf, key) = (CSRF.as_str(), KEY.as_str());
        let variants = vec![None, Some("fr".to_string()), Some("fr:none".to_string())];
        let keys = std::cell::Cell::new(0);
        let fresh = || {
            keys.set(keys.get() + 1);
            format!("k{}", keys.get())
        };
        let mut asked = Vec::new();
        let first = page
            .fill(&variants, "T1", fresh, |slots| {
                asked.push(slots.to_vec());
                Some(format!(
                    "Anne<!--/viewer--><form>{csrf} {key} {key}</form><!--/viewer--><b>{csrf}</b><!--/viewer-->"
                ))
            })
            .unwrap();
        assert_eq!(first, "Anne|<form>T1 k1 k1</form>|<b>T1</b>");
        assert_eq!(page.kept(), 2);
        // Another viewer, the same variants: only their own part is
        // rendered; the kept fragments carry their token and a new key.
        let second = page
            .fill(&variants, "T2", fresh, |slots| {
                asked.push(slots.to_vec());
                Some("Bruno<!--/viewer-->".to_string())
            })
            .unwrap();
        assert_eq!(second, "Bruno|<form>T2 k2 k2</form>|<b>T2</b>");
        // A vote pressed is another variant, rendered once.
        let pressed = vec![None, Some("fr".to_string()), Some("fr:support".to_string())];
        let third = page
            .fill(&pressed, "T3", fresh, |slots| {
                asked.push(slots.to_vec());
                Some("Chloé<!--/viewer--><i>{csrf}</i><!--/viewer-->".replace("{csrf}", csrf))
            })
            .unwrap();
        assert_eq!(third, "Chloé|<form>T3 k3 k3</form>|<i>T3</i>");
        assert_eq!(asked, vec![vec![0, 1, 2], vec![0], vec![0, 2]]);
        assert_eq!(page.kept(), 3);
    }

    #[test]
    fn an_unknown_marker_is_refused() {
        assert!(SlottedPage::parse("<!--viewer:password-->", ()).is_none());
        assert!(SlottedPage::parse("<!--viewer:vote:x:argument:1-->", ()).is_none());
        assert!(SlottedPage::parse("<!--viewer:account", ()).is_none());
        assert!(SlottedPage::parse("<!-- an ordinary comment -->", ()).is_some());
    }
}
