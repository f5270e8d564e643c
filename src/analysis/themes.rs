//! Suggested themes: contributions grouped by what they say, each group
//! named by the words that set it apart, for moderators writing the
//! synthesis. Local and deterministic: no network, no model.
//!
//! 1. Near-duplicates (a copy-paste campaign, as the moderation scan groups
//!    them) become one member standing for all its copies, so a campaign
//!    weighs as one voice in the clustering and shows its size.
//! 2. Texts become vectors (`themes/features.rs`): the search pipeline's French terms
//!    plus adjacent pairs of them ("neutralité internet", "logiciel libre"),
//!    kept when in at least 2 texts and at most half of them, at most 20,000;
//!    weighted (1 + ln tf) × idf and scaled to unit length (words of a single
//!    text have no column but count in that length, so a text sharing one
//!    word with others among many of its own is not mistaken for close).
//! 3. Spherical k-means (`themes/kmeans.rs`) with greedy k-means++ seeding from a
//!    fixed seed. Chosen over agglomerative clustering because each round costs
//!    texts × nonzero terms × themes, so 80,000 contributions take seconds
//!    and memory stays the sparse vectors plus the centres; agglomerative
//!    methods need the similarity of every pair (80,000² of them). Cosine is
//!    the geometry TF-IDF vectors are meant for. The number of themes, unless
//!    asked for, is the fewest among candidates around √(n/2) (bounded
//!    2..=30) whose clustering of a sample gains nearly the most cohesion
//!    over the same clustering of topic-free text (silhouette, tried first,
//!    is noise on short texts: see `bench/RESULTS.md`).
//! 4. A member less similar to its theme's centre than
//!    [`MIN_SIMILARITY`], a text with no usable term, and a theme of a single
//!    contribution are left unassigned rather than forced into a theme.
//! 5. Keywords by class-based TF-IDF (how many of the theme's members use a
//!    term, against how common the term is across themes), each shown as the
//!    word people most often wrote for it; the label is the first 3 to 5
//!    words of them.
//!
//! Same input, same output: input is sorted by id, numbering follows sorted
//! terms, every tie is broken by order, and work split between cores is
//! joined in order.

mod features;
mod kmeans;

use std::collections::BTreeMap;

use features::{Features, Term};

/// Bounds on the number of themes, chosen or asked for.
pub const MIN_THEMES: usize = 2;
pub const MAX_THEMES: usize = 30;
/// Cosine similarity to its theme's centre under which a member is left
/// unassigned: it shares too little with the theme to be read as part of it.
pub const MIN_SIMILARITY: f32 = 0.1;
/// Keywords listed per theme.
const KEYWORDS: usize = 10;
/// Words in a label.
const LABEL_WORDS: (usize, usize) = (3, 5);
/// Cores used at most, and rows below which one core is quicker.
const MAX_THREADS: usize = 8;
const PARALLEL_MIN: usize = 2_000;

/// A contribution to group: its text and, if it is one of a
/// near-duplicate group, the group's root.
#[derive(Debug, Clone)]
pub struct Contribution {
    pub id: i64,
    pub text: String,
    pub group: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many themes; `None`: chosen from the data.
    pub themes: Option<usize>,
    /// See [`MIN_SIMILARITY`]; 0 assigns every text that has a usable term.
    pub min_similarity: f32,
    /// Decides the k-means++ draws: the same seed and contributions give
    /// the same themes. Measurements vary it; the application keeps the
    /// default.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            themes: None,
            min_similarity: MIN_SIMILARITY,
            seed: kmeans::SEED,
        }
    }
}

/// A contribution, or a near-duplicate group under its root's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    /// How many contributions it stands for.
    pub size: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub label: String,
    pub keywords: Vec<String>,
    /// Closest to the theme's centre first.
    pub members: Vec<Member>,
    /// The member closest to the centre.
    pub representative: i64,
    /// Contributions in the theme, copies included.
    pub size: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    /// Largest first.
    pub themes: Vec<Theme>,
    /// By id.
    pub unassigned: Vec<Member>,
}

/// Groups `contributions` into themes.
pub fn suggest(contributions: &[Contribution], options: Options) -> Suggestions {
    let units = collapse_near_duplicates(contributions);
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let features = Features::build(&texts);
    let usable: Vec<usize> = (0..units.len())
        .filter(|&i| !features.matrix.is_empty_row(i))
        .collect();
    let mut unassigned: Vec<Member> = (0..units.len())
        .filter(|&i| features.matrix.is_empty_row(i))
        .map(|i| units[i].member)
        .collect();
    if usable.len() < MIN_THEMES {
        unassigned.extend(usable.iter().map(|&i| units[i].member));
        return finish(Vec::new(), unassigned);
    }
    let k = match options.themes {
        Some(k) => k.clamp(1, usable.len()),
        None => kmeans::choose_k(
            &features.matrix,
            &usable,
            (MIN_THEMES, MAX_THEMES),
            options.seed,
        ),
    };
    let clustering = kmeans::cluster(&features.matrix, &usable, k, options.seed);
    let groups = kept_groups(&units, &usable, &clustering, k, options.min_similarity);
    unassigned.extend(groups.left_out);
    let keywords = keywords_of(&features, &groups.themes);
    let themes = groups
        .themes
        .into_iter()
        .zip(keywords)
        .map(|(rows, keywords)| theme(&units, rows, keywords))
        .collect();
    finish(themes, unassigned)
}

fn finish(mut themes: Vec<Theme>, mut unassigned: Vec<Member>) -> Suggestions {
    themes.sort_by(|a, b| {
        b.size
            .cmp(&a.size)
            .then(a.representative.cmp(&b.representative))
    });
    unassigned.sort_by_key(|m| m.id);
    Suggestions { themes, unassigned }
}

// Near-duplicates.

/// What is clustered: one text per contribution or near-duplicate group.
struct Unit<'a> {
    member: Member,
    text: &'a str,
}

/// One unit per group: the root when it is among the contributions (else
/// the smallest id), its text, and the group's size. Contributions come
/// out sorted by id, whatever order they came in.
fn collapse_near_duplicates(contributions: &[Contribution]) -> Vec<Unit<'_>> {
    let mut groups: BTreeMap<i64, Vec<&Contribution>> = BTreeMap::new();
    for c in contributions {
        groups.entry(c.group.unwrap_or(c.id)).or_default().push(c);
    }
    let mut units: Vec<Unit> = groups
        .into_iter()
        .map(|(root, mut copies)| {
            copies.sort_by_key(|c| c.id);
            copies.dedup_by_key(|c| c.id);
            let shown = copies.iter().find(|c| c.id == root).unwrap_or(&copies[0]);
            Unit {
                member: Member {
                    id: shown.id,
                    size: copies.len(),
                },
                text: &shown.text,
            }
        })
        .collect();
    units.sort_by_key(|u| u.member.id);
    units
}

// Themes.

struct Groups {
    /// The rows of each theme, closest to its centre first.
    themes: Vec<Vec<(usize, f32)>>,
    left_out: Vec<Member>,
}

/// The clusters as themes: members too far from their centre are left
/// out, and so is a cluster of a single contribution.
fn kept_groups(
    units: &[Unit],
    usable: &[usize],
    clustering: &kmeans::Clustering,
    k: usize,
    min_similarity: f32,
) -> Groups {
    let mut clusters: Vec<Vec<(usize, f32)>> = vec![Vec::new(); k];
    let mut left_out = Vec::new();
    for (n, &row) in usable.iter().enumerate() {
        let similarity = clustering.similarity[n];
        if similarity < min_similarity {
            left_out.push(units[row].member);
        } else {
            clusters[clustering.assignment[n]].push((row, similarity));
        }
    }
    let mut themes = Vec::new();
    for mut rows in clusters {
        let size: usize = rows.iter().map(|&(r, _)| units[r].member.size).sum();
        if size < 2 {
            left_out.extend(rows.iter().map(|&(r, _)| units[r].member));
            continue;
        }
        rows.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(units[a.0].member.id.cmp(&units[b.0].member.id))
        });
        themes.push(rows);
    }
    Groups { themes, left_out }
}

fn theme(units: &[Unit], rows: Vec<(usize, f32)>, keywords: Vec<String>) -> Theme {
    let members: Vec<Member> = rows.iter().map(|&(r, _)| units[r].member).collect();
    Theme {
        label: label(&keywords),
        representative: members[0].id,
        size: members.iter().map(|m| m.size).sum(),
        keywords,
        members,
    }
}

/// Class-based TF-IDF: a term weighs by the share of the theme's members
/// using it, times ln(1 + A / f), where f counts its uses across all themes
/// and A is the average number of uses per theme. A term every theme uses
/// weighs little; one a theme has to itself, much. Terms whose stems a
/// better keyword already shows are skipped.
fn keywords_of(features: &Features, themes: &[Vec<(usize, f32)>]) -> Vec<Vec<String>> {
    let presence: Vec<BTreeMap<u32, f32>> = themes
        .iter()
        .map(|rows| {
            let mut uses: BTreeMap<u32, f32> = BTreeMap::new();
            for &(r, _) in rows {
                for &column in features.matrix.row(r).0 {
                    *uses.entry(column).or_default() += 1.0;
                }
            }
            uses
        })
        .collect();
    let mut across: BTreeMap<u32, f32> = BTreeMap::new();
    for uses in &presence {
        for (&column, &n) in uses {
            *across.entry(column).or_default() += n;
        }
    }
    let average = across.values().sum::<f32>() / themes.len().max(1) as f32;
    presence
        .iter()
        .zip(themes)
        .map(|(uses, rows)| {
            // Words several members share come first: a word of a single
            // member, however rare, does not name a theme.
            let shared = |n: f32| n >= 2.0 || rows.len() == 1;
            let mut weighted: Vec<(bool, f32, u32)> = uses
                .iter()
                .map(|(&column, &n)| {
                    let tf = n / rows.len() as f32;
                    (
                        shared(n),
                        tf * (1.0 + average / across[&column]).ln(),
                        column,
                    )
                })
                .collect();
            weighted.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
            distinct_keywords(features, weighted.into_iter().map(|(_, _, c)| c))
        })
        .collect()
}

/// The first [`KEYWORDS`] terms that show at least one stem not shown yet.
fn distinct_keywords(features: &Features, columns: impl Iterator<Item = u32>) -> Vec<String> {
    let mut shown_stems: Vec<u32> = Vec::new();
    let mut keywords = Vec::new();
    for column in columns {
        let term: Term = features.terms[column as usize];
        if term.stems().all(|s| shown_stems.contains(&s)) {
            continue;
        }
        shown_stems.extend(term.stems());
        keywords.push(features.surface(term));
        if keywords.len() == KEYWORDS {
            break;
        }
    }
    keywords
}

/// The leading keywords, 3 to 5 words in all.
fn label(keywords: &[String]) -> String {
    let (least, most) = LABEL_WORDS;
    let mut words: Vec<&str> = Vec::new();
    for keyword in keywords {
        let more: Vec<&str> = keyword.split(' ').filter(|w| !words.contains(w)).collect();
        if words.len() + more.len() > most {
            continue;
        }
        words.extend(more);
        if words.len() >= least {
            break;
        }
    }
    words.join(" ")
}

/// Applies `f` to consecutive chunks of `items` on up to the available
/// cores and returns the results in chunk order, so the outcome does not
/// depend on how many cores there are.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS);
    if threads < 2 || items.len() < PARALLEL_MIN {
        return vec![f(items)];
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let running: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || f(part)))
            .collect();
        running
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contribution(id: i64, text: &str) -> Contribution {
        Contribution {
            id,
            text: text.to_string(),
            group: None,
        }
    }

    const TOPICS: [[&str; 6]; 3] = [
        [
            "neutralité",
            "opérateurs",
            "trafic",
            "discrimination",
            "internet",
            "débit",
        ],
        [
            "logiciels",
            "libres",
            "code",
            "source",
            "éditeurs",
            "licences",
        ],
        [
            "fibre",
            "rurales",
            "communes",
            "territoires",
            "raccordement",
            "villages",
        ],
    ];

    /// Three topics of a digital-rights consultation, twelve contributions
    /// each, every one four of the topic's six words (a different four each
    /// time) in a sentence otherwise the same.
    fn three_topics() -> Vec<Contribution> {
        let mut out = Vec::new();
        for words in TOPICS {
            for i in 0..12 {
                let skipped = [i % 6, (i + 1 + i / 6) % 6];
                let kept: Vec<&str> = (0..6)
                    .filter(|w| !skipped.contains(w))
                    .map(|w| words[w])
                    .collect();
                let text = format!(
                    "Ce texte doit parler de {}, de {}, de {} et de {}.",
                    kept[0], kept[1], kept[2], kept[3]
                );
                out.push(contribution(out.len() as i64 + 1, &text));
            }
        }
        out
    }

    fn theme_of(s: &Suggestions, id: i64) -> Option<usize> {
        s.themes
            .iter()
            .position(|t| t.members.iter().any(|m| m.id == id))
    }

    #[test]
    fn separable_topics_are_recovered() {
        let s = suggest(&three_topics(), Options::default());
        assert_eq!(s.themes.len(), 3, "{s:#?}");
        assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
        for topic in 0..3 {
            let ids: Vec<i64> = (1..=12).map(|n| topic * 12 + n).collect();
            let first = theme_of(&s, ids[0]);
            assert!(first.is_some());
            assert!(ids.iter().all(|&id| theme_of(&s, id) == first), "{s:#?}");
        }
        for t in &s.themes {
            assert_eq!(t.size, 12);
            assert_eq!(t.members[0].id, t.representative);
        }
    }

    #[test]
    fn the_same_contributions_give_the_same_themes_in_any_order() {
        let contributions = three_topics();
        let first = suggest(&contributions, Options::default());
        let mut shuffled = contributions.clone();
        shuffled.reverse();
        shuffled.rotate_left(7);
        assert_eq!(suggest(&shuffled, Options::default()), first);
        assert_eq!(suggest(&contributions, Options::default()), first);
    }

    #[test]
    fn a_campaign_of_fifty_copies_is_one_member_of_size_fifty() {
        let mut contributions = three_topics();
        let campaign = "Inscrivez la neutralité du net dans la loi, sans exception pour les \
                        opérateurs de télécommunications.";
        for n in 0..50 {
            contributions.push(Contribution {
                id: 100 + n,
                text: format!("{campaign} Signé : citoyen n°{n}"),
                group: Some(100),
            });
        }
        let s = suggest(&contributions, Options::default());
        let members: Vec<Member> = s
            .themes
            .iter()
            .flat_map(|t| t.members.iter().copied())
            .chain(s.unassigned.iter().copied())
            .filter(|m| m.id >= 100)
            .collect();
        assert_eq!(members, [Member { id: 100, size: 50 }]);
        let total: usize = s.themes.iter().map(|t| t.size).sum::<usize>()
            + s.unassigned.iter().map(|m| m.size).sum::<usize>();
        assert_eq!(total, 36 + 50);
    }

    #[test]
    fn empty_and_short_texts_are_unassigned() {
        let mut contributions = three_topics();
        contributions.push(contribution(90, ""));
        contributions.push(contribution(91, "Oui !"));
        contributions.push(contribution(92, "Le, la, les et des."));
        contributions.push(contribution(93, "Bravo 2015"));
        let s = suggest(&contributions, Options::default());
        let unassigned: Vec<i64> = s.unassigned.iter().map(|m| m.id).collect();
        assert_eq!(unassigned, [90, 91, 92, 93]);
        assert_eq!(suggest(&[], Options::default()), Suggestions::default());
        let alone = suggest(
            &[contribution(1, "La neutralité du net.")],
            Options::default(),
        );
        assert!(alone.themes.is_empty());
    }

    #[test]
    fn a_text_unlike_the_others_is_left_out() {
        let mut contributions = three_topics();
        contributions.push(contribution(
            95,
            "Les abeilles et les ruches disparaissent : protégeons les pollinisateurs, \
             et les opérateurs.",
        ));
        let s = suggest(&contributions, Options::default());
        assert_eq!(s.unassigned, [Member { id: 95, size: 1 }], "{s:#?}");
        let forced = suggest(
            &contributions,
            Options {
                min_similarity: 0.0,
                ..Options::default()
            },
        );
        assert!(forced.unassigned.is_empty());
    }

    #[test]
    fn labels_use_real_words() {
        let s = suggest(&three_topics(), Options::default());
        let labels: Vec<&str> = s.themes.iter().map(|t| t.label.as_str()).collect();
        for t in &s.themes {
            let words = t.label.split(' ').count();
            assert!((3..=5).contains(&words), "{labels:?}");
            assert!(t.keywords.len() >= 3 && t.keywords.len() <= KEYWORDS);
        }
        // Each label is words of one topic, as written (accents and all).
        let mut topics_named: Vec<usize> = s
            .themes
            .iter()
            .map(|t| {
                let topic = TOPICS
                    .iter()
                    .position(|words| t.label.split(' ').all(|w| words.contains(&w)));
                topic.unwrap_or_else(|| panic!("{labels:?}"))
            })
            .collect();
        topics_named.sort_unstable();
        assert_eq!(topics_named, [0, 1, 2], "{labels:?}");
    }

    #[test]
    fn the_number_of_themes_can_be_asked_for() {
        let s = suggest(
            &three_topics(),
            Options {
                themes: Some(2),
                ..Options::default()
            },
        );
        assert_eq!(s.themes.len(), 2);
        let s = suggest(
            &three_topics(),
            Options {
                themes: Some(40),
                min_similarity: 0.0,
                ..Options::default()
            },
        );
        assert!(s.themes.len() <= 36);
    }
}
