//! Spherical k-means: texts and centres compared by cosine, centres kept at
//! unit length and seeded by greedy k-means++ from a fixed seed; the number of
//! centres, when not given, is the one whose clusters hold together best
//! compared with what the same number of clusters finds in topic-free text.

use super::features::Matrix;
use super::in_parallel;

/// Fixed, so that the same texts always give the same themes.
pub(super) const SEED: u64 = 0x636f_6472_6166_7421;
/// Lloyd rounds at most; most runs settle well before.
const MAX_ROUNDS: usize = 30;
/// Texts sampled to choose the number of themes: each candidate is
/// clustered twice, so the sample is what bounds the cost of choosing.
const SAMPLE: usize = 1_000;
/// Candidate numbers of themes tried when choosing.
const CANDIDATES: usize = 8;
/// Fewer themes are preferred while they keep this close to the best gain
/// (a share of it): a moderator reads broader themes faster, and more of
/// them must earn their place.
const GAIN_TOLERANCE: f64 = 0.15;

/// Centres stored term-major (`[term][centre]`): a text's nonzero terms then
/// read its similarity to every centre from contiguous memory.
pub(super) struct Centres {
    k: usize,
    values: Vec<f32>,
}

impl Centres {
    fn zeros(k: usize, dimensions: usize) -> Centres {
        Centres {
            k,
            values: vec![0.0; k * dimensions],
        }
    }

    /// Cosine similarity of row `i` to each centre, into `out`.
    fn similarities(&self, m: &Matrix, i: usize, out: &mut [f32]) {
        out.fill(0.0);
        let (columns, weights) = m.row(i);
        for (&j, &w) in columns.iter().zip(weights) {
            let centre = &self.values[j as usize * self.k..(j as usize + 1) * self.k];
            for (o, c) in out.iter_mut().zip(centre) {
                *o += w * c;
            }
        }
    }

    fn set_to_row(&mut self, c: usize, m: &Matrix, i: usize) {
        for j in 0..m.dimensions {
            self.values[j * self.k + c] = 0.0;
        }
        let (columns, weights) = m.row(i);
        let norm = weights
            .iter()
            .map(|w| w * w)
            .sum::<f32>()
            .sqrt()
            .max(f32::MIN_POSITIVE);
        for (&j, &w) in columns.iter().zip(weights) {
            self.values[j as usize * self.k + c] = w / norm;
        }
    }

    /// Scales every centre to unit length; the centres that hold nothing.
    fn normalise(&mut self) -> Vec<usize> {
        let mut norms = vec![0.0f32; self.k];
        for term in self.values.chunks_exact(self.k) {
            for (n, v) in norms.iter_mut().zip(term) {
                *n += v * v;
            }
        }
        let scale: Vec<f32> = norms
            .iter()
            .map(|n| if *n > 0.0 { 1.0 / n.sqrt() } else { 0.0 })
            .collect();
        for term in self.values.chunks_exact_mut(self.k) {
            for (v, s) in term.iter_mut().zip(&scale) {
                *v *= s;
            }
        }
        (0..self.k).filter(|&c| norms[c] == 0.0).collect()
    }
}

/// The outcome: for each clustered row, its centre and its similarity to it.
pub(super) struct Clustering {
    pub(super) assignment: Vec<usize>,
    pub(super) similarity: Vec<f32>,
}

/// A small generator of our own (SplitMix64): its sequence never changes
/// with a dependency's version.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Clusters `rows` of `m` (none of them empty) around `k` centres; `seed`
/// decides the k-means++ draws.
pub(super) fn cluster(m: &Matrix, rows: &[usize], k: usize, seed: u64) -> Clustering {
    if rows.is_empty() {
        return Clustering {
            assignment: Vec::new(),
            similarity: Vec::new(),
        };
    }
    let k = k.clamp(1, rows.len());
    let mut centres = seed_centres(m, rows, k, &mut Random(seed));
    let mut clustering = assign(m, rows, &centres);
    for _ in 0..MAX_ROUNDS {
        centres = recentre(m, rows, k, &clustering);
        let next = assign(m, rows, &centres);
        let settled = next.assignment == clustering.assignment;
        clustering = next;
        if settled {
            break;
        }
    }
    clustering
}

impl Clustering {
    /// Mean similarity of the rows to their centre.
    fn cohesion(&self) -> f64 {
        let total: f64 = self.similarity.iter().map(|&s| f64::from(s)).sum();
        total / self.similarity.len().max(1) as f64
    }
}

/// Greedy k-means++: the first centre drawn uniformly; then, for each next
/// one, a few rows drawn with probability growing with the square of their
/// distance to the nearest centre so far, keeping the one that brings the
/// rows nearest to a centre. This spreads the centres over the distinct
/// topics; the greedy choice avoids the two-centres-on-one-topic starts
/// plain k-means++ sometimes draws and Lloyd rounds cannot undo.
fn seed_centres(m: &Matrix, rows: &[usize], k: usize, random: &mut Random) -> Centres {
    let trials = 2 + (k as f64).ln() as usize;
    let first = (random.next() % rows.len() as u64) as usize;
    let mut chosen = vec![first];
    let mut nearest = similarities_to(m, rows, rows[first]);
    nearest[first] = 1.0;
    while chosen.len() < k {
        let mut best: Option<(f64, usize, Vec<f32>)> = None;
        for _ in 0..trials {
            let candidate = draw_far(&nearest, &chosen, random);
            let mut merged = similarities_to(m, rows, rows[candidate]);
            for (s, n) in merged.iter_mut().zip(&nearest) {
                *s = s.max(*n);
            }
            merged[candidate] = 1.0;
            let spread: f64 = merged.iter().map(|&s| far_weight(s)).sum();
            if best.as_ref().is_none_or(|b| spread < b.0) {
                best = Some((spread, candidate, merged));
            }
        }
        let Some((_, pick, merged)) = best else { break };
        chosen.push(pick);
        nearest = merged;
    }
    let mut centres = Centres::zeros(k, m.dimensions);
    for (c, &r) in chosen.iter().enumerate() {
        centres.set_to_row(c, m, rows[r]);
    }
    centres
}

/// Cosine similarity of each of `rows` to row `of`.
fn similarities_to(m: &Matrix, rows: &[usize], of: usize) -> Vec<f32> {
    let mut dense = vec![0.0f32; m.dimensions];
    let (columns, weights) = m.row(of);
    let norm = weights.iter().map(|w| w * w).sum::<f32>().sqrt();
    for (&j, &w) in columns.iter().zip(weights) {
        dense[j as usize] = w / norm.max(f32::MIN_POSITIVE);
    }
    in_parallel(rows, |chunk| {
        chunk.iter().map(|&i| dot(m, i, &dense)).collect::<Vec<_>>()
    })
    .concat()
}

fn dot(m: &Matrix, i: usize, dense: &[f32]) -> f32 {
    let (columns, weights) = m.row(i);
    columns
        .iter()
        .zip(weights)
        .map(|(&j, &w)| w * dense[j as usize])
        .sum()
}

/// How much a row at similarity `s` from its nearest centre weighs in
/// drawing the next one: its squared distance.
fn far_weight(s: f32) -> f64 {
    f64::from((1.0 - s).max(0.0)).powi(2)
}

/// A row drawn with weight (1 − similarity)²; when every row sits on a
/// centre already, the first row not yet chosen.
fn draw_far(nearest: &[f32], chosen: &[usize], random: &mut Random) -> usize {
    let total: f64 = nearest.iter().map(|&s| far_weight(s)).sum();
    if total > 0.0 {
        let mut target = random.unit() * total;
        for (i, &s) in nearest.iter().enumerate() {
            target -= far_weight(s);
            if target < 0.0 && far_weight(s) > 0.0 {
                return i;
            }
        }
    }
    (0..nearest.len())
        .find(|i| !chosen.contains(i))
        .unwrap_or(0)
}

/// Each row to its most similar centre (ties: the lower centre).
fn assign(m: &Matrix, rows: &[usize], centres: &Centres) -> Clustering {
    let parts = in_parallel(rows, |chunk| {
        let mut similarities = vec![0.0f32; centres.k];
        chunk
            .iter()
            .map(|&i| {
                centres.similarities(m, i, &mut similarities);
                let mut best = (0, f32::MIN);
                for (c, &s) in similarities.iter().enumerate() {
                    if s > best.1 {
                        best = (c, s);
                    }
                }
                best
            })
            .collect::<Vec<_>>()
    });
    let (assignment, similarity) = parts.into_iter().flatten().unzip();
    Clustering {
        assignment,
        similarity,
    }
}

/// Each centre moved to the normalised sum of its rows. A centre left
/// without rows takes the row that fits its own centre worst, so k stays k.
fn recentre(m: &Matrix, rows: &[usize], k: usize, clustering: &Clustering) -> Centres {
    let mut centres = Centres::zeros(k, m.dimensions);
    for (&i, &c) in rows.iter().zip(&clustering.assignment) {
        let (columns, weights) = m.row(i);
        for (&j, &w) in columns.iter().zip(weights) {
            centres.values[j as usize * k + c] += w;
        }
    }
    let empty = centres.normalise();
    let mut worst: Vec<usize> = (0..rows.len()).collect();
    worst.sort_by(|&a, &b| {
        clustering.similarity[a]
            .total_cmp(&clustering.similarity[b])
            .then(a.cmp(&b))
    });
    for (c, r) in empty.into_iter().zip(worst) {
        centres.set_to_row(c, m, rows[r]);
    }
    centres
}

// Choosing the number of themes.

/// The range tried: around √(n/2), the usual rule of thumb for texts,
/// from half to twice it, within `bounds`.
pub(super) fn candidates(n: usize, bounds: (usize, usize)) -> Vec<usize> {
    let (min, max) = bounds;
    let max = max.min(n.saturating_sub(1)).max(min);
    let guess = ((n as f64 / 2.0).sqrt().round() as usize).clamp(min, max);
    let low = (guess / 2).clamp(min, max);
    let high = (guess * 2).clamp(min, max);
    let steps = (high - low).min(CANDIDATES - 1);
    let mut ks: Vec<usize> = (0..=steps)
        .map(|s| low + (high - low) * s / steps.max(1))
        .collect();
    ks.dedup();
    ks
}

/// The fewest themes, among [`candidates`], that gain nearly the most
/// cohesion over chance ([`GAIN_TOLERANCE`]). The gain is the mean
/// similarity of a sample's texts to their centre, minus the same for
/// [`topic_free`] text clustered into as many themes: more themes always fit
/// texts more closely, and only the part of that fit that random text
/// cannot reach is owed to topics. (A gap statistic in cosine terms.
/// Silhouette was tried first: on short contributions it stays near 0 and
/// chose anywhere from 4 to 18 themes on the same real sample as the seed
/// changed.)
pub(super) fn choose_k(m: &Matrix, rows: &[usize], bounds: (usize, usize), seed: u64) -> usize {
    let ks = candidates(rows.len(), bounds);
    if ks.len() == 1 {
        return ks[0];
    }
    let sample = spread_sample(rows, SAMPLE);
    let null = topic_free(m, &sample, &mut Random(seed));
    let null_rows: Vec<usize> = (0..sample.len()).collect();
    let gains: Vec<f64> = ks
        .iter()
        .map(|&k| {
            cluster(m, &sample, k, seed).cohesion() - cluster(&null, &null_rows, k, seed).cohesion()
        })
        .collect();
    let best = gains.iter().copied().fold(f64::MIN, f64::max);
    ks.iter()
        .zip(&gains)
        .find(|&(_, &gain)| gain >= best - GAIN_TOLERANCE * best.abs())
        .map_or(ks[0], |(&k, _)| k)
}

/// At most `size` rows, evenly spread over `rows`.
fn spread_sample(rows: &[usize], size: usize) -> Vec<usize> {
    if rows.len() <= size {
        return rows.to_vec();
    }
    (0..size).map(|s| rows[s * rows.len() / size]).collect()
}

/// The sample with each row's terms replaced by terms drawn at random in
/// proportion to how many rows use them: the same lengths, weights and
/// term frequencies, and no topic at all.
fn topic_free(m: &Matrix, sample: &[usize], random: &mut Random) -> Matrix {
    let pool: Vec<u32> = sample
        .iter()
        .flat_map(|&i| m.row(i).0.iter().copied())
        .collect();
    let distinct = {
        let mut p = pool.clone();
        p.sort_unstable();
        p.dedup();
        p.len()
    };
    let rows: Vec<Vec<(u32, f32)>> = sample
        .iter()
        .map(|&i| {
            let weights = m.row(i).1;
            let mut row: Vec<(u32, f32)> = Vec::with_capacity(weights.len());
            for &w in weights.iter().take(distinct) {
                let column = loop {
                    let c = pool[(random.next() % pool.len() as u64) as usize];
                    if !row.iter().any(|&(x, _)| x == c) {
                        break c;
                    }
                };
                row.push((column, w));
            }
            row.sort_unstable_by_key(|&(c, _)| c);
            row
        })
        .collect();
    Matrix::from_rows(rows, m.dimensions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_surround_the_rule_of_thumb() {
        assert_eq!(candidates(200, (2, 30)), vec![5, 7, 9, 11, 13, 15, 17, 20]);
        assert_eq!(candidates(5_000, (2, 30)).first(), Some(&15));
        assert_eq!(candidates(5_000, (2, 30)).last(), Some(&30));
        assert_eq!(candidates(3, (2, 30)), vec![2]);
        assert!(candidates(40, (2, 30)).iter().all(|k| (2..=8).contains(k)));
    }

    #[test]
    fn the_generator_is_fixed() {
        let mut r = Random(1);
        let first: Vec<u64> = (0..2).map(|_| r.next()).collect();
        let mut again = Random(1);
        assert_eq!(first, vec![again.next(), again.next()]);
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.unit())));
    }
}
