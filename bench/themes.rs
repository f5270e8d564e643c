//! Suggested themes, measured.
//!
//! `cargo run --release --example themes -- real [FILE]` clusters the real
//! arguments of one section of the 2015 République numérique consultation
//! (default: `demo/republique-numerique-2015-neutralite.json`) into as many
//! themes as items that have arguments, and prints the normalised mutual
//! information (NMI) between the themes and the item each argument was
//! posted on, for `analysis::themes` and for a plain TF-IDF + k-means
//! baseline (raw term counts, no bigrams, no vocabulary filter, Euclidean
//! Lloyd k-means with k-means++ seeded from a fixed seed, every text
//! assigned), with timings.
//!
//! `cargo run --release --example themes -- synthetic N` times N synthetic
//! contributions made by mixing the sentences of real arguments of the same
//! item (one in twenty a copy from one of a few campaigns, grouped as the
//! near-duplicate scan groups them), and prints the time, the peak memory
//! of the process and the NMI against the item each text was drawn from.

use std::collections::BTreeMap;
use std::time::Instant;

use codraft::analysis::near_duplicates;
use codraft::analysis::search::index_terms;
use codraft::analysis::themes::{self, Contribution, Options, Suggestions};
use serde_json::Value;

const DEFAULT_FILE: &str = "demo/republique-numerique-2015-neutralite.json";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("real") | None => real(args.get(1).map(String::as_str)),
        Some("synthetic") => {
            let n = args.get(1).map_or(Ok(5_000), |n| n.parse())?;
            synthetic(n, args.get(2).map(String::as_str))
        }
        Some(other) => {
            Err(format!("unknown command {other}: real [FILE] | synthetic N [FILE]").into())
        }
    }
}

/// The arguments of the section: (text, index of the item it was posted on).
fn arguments(file: Option<&str>) -> Result<Vec<(String, usize)>, Box<dyn std::error::Error>> {
    let path = file.map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_FILE),
        std::path::PathBuf::from,
    );
    let items: Vec<Value> = serde_json::from_slice(&std::fs::read(&path)?)?;
    let mut out = Vec::new();
    for (item, value) in items.iter().enumerate() {
        for argument in value["arguments"].as_array().into_iter().flatten() {
            let body = argument["body"].as_str().unwrap_or("").trim();
            if argument["is_trashed"].as_bool() != Some(true) && body.chars().count() >= 3 {
                out.push((body.to_string(), item));
            }
        }
    }
    Ok(out)
}

fn real(file: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let args = arguments(file)?;
    let truth: Vec<usize> = args.iter().map(|(_, item)| *item).collect();
    let k = distinct(&truth);
    let contributions = grouped(&args);
    println!(
        "{} arguments on {k} items; {} of them in near-duplicate groups\n",
        args.len(),
        contributions.iter().filter(|c| c.group.is_some()).count()
    );
    let asked = Options {
        themes: Some(k),
        ..Options::default()
    };
    let runs = [
        ("codraft, themes=k", asked),
        (
            "codraft, themes=k, every text assigned",
            Options {
                min_similarity: 0.0,
                ..asked
            },
        ),
        ("codraft, k chosen", Options::default()),
    ];
    println!(
        "| method | themes | assigned | NMI (unassigned as one more cluster) | NMI (assigned only) | time |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, options) in runs {
        let started = Instant::now();
        let s = themes::suggest(&contributions, options);
        let elapsed = started.elapsed();
        let found = labels_of_ids(&s, &contributions);
        let assigned: Vec<usize> = (0..found.len())
            .filter(|&i| found[i] != usize::MAX)
            .collect();
        let pick = |v: &[usize]| assigned.iter().map(|&i| v[i]).collect::<Vec<_>>();
        println!(
            "| {name} | {} | {} / {} | {:.3} | {:.3} | {:.1} ms |",
            s.themes.len(),
            assigned.len(),
            found.len(),
            nmi(&truth, &found),
            nmi(&pick(&truth), &pick(&found)),
            elapsed.as_secs_f64() * 1000.0
        );
    }
    let texts: Vec<&str> = args.iter().map(|(t, _)| t.as_str()).collect();
    let started = Instant::now();
    let found = baseline(&texts, k, 0);
    println!(
        "| plain TF-IDF + k-means | {k} | {n} / {n} | {:.3} | {:.3} | {:.1} ms |",
        nmi(&truth, &found),
        nmi(&truth, &found),
        started.elapsed().as_secs_f64() * 1000.0,
        n = texts.len()
    );
    let seeds = 0..10u64;
    let ours: Vec<f64> = seeds
        .clone()
        .map(|seed| {
            let s = themes::suggest(&contributions, Options { seed, ..asked });
            nmi(&truth, &labels_of_ids(&s, &contributions))
        })
        .collect();
    let theirs: Vec<f64> = seeds
        .map(|seed| nmi(&truth, &baseline(&texts, k, seed)))
        .collect();
    println!("\nNMI over 10 seeds, themes=k, mean ± sd (min–max):");
    println!("- codraft: {}", spread(&ours));
    println!("- plain TF-IDF + k-means: {}", spread(&theirs));
    println!("\nThemes (themes=k, default seed), size and label:");
    for t in themes::suggest(&contributions, asked).themes {
        println!("- {} · {}", t.size, t.label);
    }
    Ok(())
}

fn spread(values: &[f64]) -> String {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let min = values.iter().copied().fold(f64::MAX, f64::min);
    let max = values.iter().copied().fold(f64::MIN, f64::max);
    format!("{mean:.3} ± {sd:.3} ({min:.3}–{max:.3})")
}

/// The arguments as contributions (ids from 1), in near-duplicate groups
/// as the moderation scan forms them: a text joins the group of the first
/// earlier text whose signature is close enough.
fn grouped(args: &[(String, usize)]) -> Vec<Contribution> {
    let signatures: Vec<_> = args
        .iter()
        .map(|(t, _)| near_duplicates::signature(t))
        .collect();
    let mut contributions: Vec<Contribution> = Vec::new();
    for (i, (text, _)) in args.iter().enumerate() {
        let root = signatures[i].as_ref().and_then(|sig| {
            (0..i).find(|&j| {
                signatures[j]
                    .as_ref()
                    .is_some_and(|other| sig.similarity(other) >= near_duplicates::THRESHOLD)
            })
        });
        let group = root.map(|j| contributions[j].group.unwrap_or(j as i64 + 1));
        if let Some(g) = group {
            contributions[g as usize - 1].group = Some(g);
        }
        contributions.push(Contribution {
            id: i as i64 + 1,
            text: text.clone(),
            group,
        });
    }
    contributions
}

fn distinct(labels: &[usize]) -> usize {
    let mut l = labels.to_vec();
    l.sort_unstable();
    l.dedup();
    l.len()
}

/// Normalised mutual information, arithmetic-mean normalisation:
/// 2·I(A;B) / (H(A) + H(B)).
fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    let mut joint: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut pa: BTreeMap<usize, f64> = BTreeMap::new();
    let mut pb: BTreeMap<usize, f64> = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1.0 / n;
        *pa.entry(x).or_default() += 1.0 / n;
        *pb.entry(y).or_default() += 1.0 / n;
    }
    let entropy = |p: &BTreeMap<usize, f64>| -p.values().map(|v| v * v.ln()).sum::<f64>();
    let mutual: f64 = joint
        .iter()
        .map(|(&(x, y), &p)| p * (p / (pa[&x] * pb[&y])).ln())
        .sum();
    let (ha, hb) = (entropy(&pa), entropy(&pb));
    if ha + hb == 0.0 {
        1.0
    } else {
        2.0 * mutual / (ha + hb)
    }
}

// The baseline.

/// Raw-count TF-IDF (smoothed idf) of the search terms, L2-normalised,
/// clustered by Euclidean k-means (Lloyd) from k-means++ seeds.
fn baseline(texts: &[&str], k: usize, seed: u64) -> Vec<usize> {
    let docs: Vec<Vec<String>> = texts
        .iter()
        .map(|t| {
            index_terms(t)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let mut vocabulary: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        for t in d {
            vocabulary.entry(t.as_str()).or_default();
        }
    }
    for (i, v) in vocabulary.values_mut().enumerate() {
        *v = i;
    }
    let dim = vocabulary.len();
    let mut df = vec![0.0f64; dim];
    let mut vectors: Vec<Vec<f64>> = docs
        .iter()
        .map(|d| {
            let mut v = vec![0.0; dim];
            for t in d {
                v[vocabulary[t.as_str()]] += 1.0;
            }
            for (j, x) in v.iter().enumerate() {
                if *x > 0.0 {
                    df[j] += 1.0;
                }
            }
            v
        })
        .collect();
    let n = docs.len() as f64;
    for v in &mut vectors {
        for (j, x) in v.iter_mut().enumerate() {
            *x *= ((1.0 + n) / (1.0 + df[j])).ln() + 1.0;
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
    lloyd(&vectors, k, seed)
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

fn nearest(v: &[f64], centres: &[Vec<f64>]) -> usize {
    (0..centres.len())
        .min_by(|&a, &b| distance(v, &centres[a]).total_cmp(&distance(v, &centres[b])))
        .unwrap_or(0)
}

fn lloyd(vectors: &[Vec<f64>], k: usize, seed: u64) -> Vec<usize> {
    let mut random = 0x5eed_u64 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D);
    let mut next = move || {
        random = random.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = random;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut centres = vec![vectors[(next() * vectors.len() as f64) as usize].clone()];
    while centres.len() < k {
        let d: Vec<f64> = vectors
            .iter()
            .map(|v| {
                centres
                    .iter()
                    .map(|c| distance(v, c))
                    .fold(f64::MAX, f64::min)
            })
            .collect();
        let mut target = next() * d.iter().sum::<f64>();
        let pick = d
            .iter()
            .position(|x| {
                target -= x;
                target < 0.0
            })
            .unwrap_or(0);
        centres.push(vectors[pick].clone());
    }
    let mut labels: Vec<usize> = vectors.iter().map(|v| nearest(v, &centres)).collect();
    for _ in 0..100 {
        for (c, centre) in centres.iter_mut().enumerate() {
            let members: Vec<&Vec<f64>> = vectors
                .iter()
                .zip(&labels)
                .filter(|(_, l)| **l == c)
                .map(|(v, _)| v)
                .collect();
            if members.is_empty() {
                continue;
            }
            for (j, x) in centre.iter_mut().enumerate() {
                *x = members.iter().map(|v| v[j]).sum::<f64>() / members.len() as f64;
            }
        }
        let next_labels: Vec<usize> = vectors.iter().map(|v| nearest(v, &centres)).collect();
        if next_labels == labels {
            break;
        }
        labels = next_labels;
    }
    labels
}

// Synthetic consultations.

fn synthetic(n: usize, file: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let args = arguments(file)?;
    let (contributions, truth) = mix(&args, n);
    let started = Instant::now();
    let s = themes::suggest(&contributions, Options::default());
    let elapsed = started.elapsed();
    let found = labels_of_ids(&s, &contributions);
    let largest = s
        .themes
        .iter()
        .flat_map(|t| &t.members)
        .map(|m| m.size)
        .max();
    println!(
        "{n} contributions: {} themes, {} unassigned, largest member {} copies; {:.2} s; \
         peak memory {} MiB; NMI against the source item {:.3}",
        s.themes.len(),
        s.unassigned.iter().map(|m| m.size).sum::<usize>(),
        largest.unwrap_or(0),
        elapsed.as_secs_f64(),
        peak_mib(),
        nmi(&truth, &found),
    );
    for t in &s.themes {
        eprintln!("{:>6}  {}", t.size, t.label);
    }
    Ok(())
}

/// `n` texts of one to three sentences of real arguments posted on the same
/// item, one in twenty a copy of one of five campaign texts.
fn mix(args: &[(String, usize)], n: usize) -> (Vec<Contribution>, Vec<usize>) {
    let mut by_item: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (text, item) in args {
        by_item.entry(*item).or_default().extend(
            text.split_inclusive(['.', '!', '?', '\n'])
                .map(str::trim)
                .filter(|s| s.chars().count() > 20),
        );
    }
    let items: Vec<(usize, Vec<&str>)> =
        by_item.into_iter().filter(|(_, s)| s.len() >= 2).collect();
    let mut random = 2015u64;
    let mut next = move |below: usize| {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        (random % below as u64) as usize
    };
    let campaigns: Vec<(usize, String)> = (0..5)
        .map(|c| {
            let (item, sentences) = &items[c * 3 % items.len()];
            (*item, sentences[..2].join(" "))
        })
        .collect();
    let mut contributions = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    let mut roots: [Option<i64>; 5] = [None; 5];
    for i in 0..n {
        let id = i as i64 + 1;
        if next(20) == 0 {
            let c = next(5);
            let root = *roots[c].get_or_insert(id);
            contributions.push(Contribution {
                id,
                text: format!("{} Signé n°{i}", campaigns[c].1),
                group: Some(root),
            });
            truth.push(campaigns[c].0);
            continue;
        }
        let (item, sentences) = &items[next(items.len())];
        let count = 1 + next(3);
        let text: Vec<&str> = (0..count)
            .map(|_| sentences[next(sentences.len())])
            .collect();
        contributions.push(Contribution {
            id,
            text: text.join(" "),
            group: None,
        });
        truth.push(*item);
    }
    (contributions, truth)
}

/// Each contribution's theme; a near-duplicate group's copies share their
/// root's.
fn labels_of_ids(s: &Suggestions, contributions: &[Contribution]) -> Vec<usize> {
    let mut theme_of: BTreeMap<i64, usize> = BTreeMap::new();
    for (t, theme) in s.themes.iter().enumerate() {
        for m in &theme.members {
            theme_of.insert(m.id, t);
        }
    }
    contributions
        .iter()
        .map(|c| {
            let shown = c.group.unwrap_or(c.id);
            theme_of
                .get(&shown)
                .or(theme_of.get(&c.id))
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect()
}

/// The process's peak resident memory (VmHWM), in MiB.
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
        })
        .map_or(0, |kb| kb / 1024)
}
