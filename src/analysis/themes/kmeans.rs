//! Spherical k-means: texts and centres are unit vectors compared by cosine,
//! centres are seeded by k-means++ from a fixed seed, and the number of
//! centres, when not given, is the one whose clusters best hold together by
//! silhouette on a sample.

use super::features::Matrix;
use super::in_parallel;

/// Fixed, so that the same texts always give the same themes.
const SEED: u64 = 0x636f_6472_6166_7421;
/// Lloyd rounds at most; most runs settle well before.
const MAX_ROUNDS: usize = 30;
/// Texts sampled to choose the number of themes: the silhouette compares
/// every pair, so the sample is what bounds its cost.
const SAMPLE: usize = 1_000;
/// Candidate numbers of themes tried when choosing.
const CANDIDATES: usize = 8;

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
        let norm = weights.iter().map(|w| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
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

/// Clusters `rows` of `m` (none of them empty) around `k` centres.
pub(super) fn cluster(m: &Matrix, rows: &[usize], k: usize) -> Clustering {
    let k = k.clamp(1, rows.len().max(1));
    let mut centres = seed(m, rows, k, &mut Random(SEED));
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

/// k-means++: the first centre drawn uniformly, each next one drawn with
/// probability growing with the square of its distance to the nearest
/// centre so far, which spreads the centres over the distinct topics.
fn seed(m: &Matrix, rows: &[usize], k: usize, random: &mut Random) -> Centres {
    let mut centres = Centres::zeros(k, m.dimensions);
    let first = (random.next() % rows.len() as u64) as usize;
    let mut chosen = vec![first];
    let mut nearest = vec![f32::MIN; rows.len()];
    let mut dense = vec![0.0f32; m.dimensions];
    while chosen.len() < k {
        let last = rows[chosen[chosen.len() - 1]];
        let (columns, weights) = m.row(last);
        for (&j, &w) in columns.iter().zip(weights) {
            dense[j as usize] = w;
        }
        let similarities = in_parallel(rows, |chunk| {
            chunk.iter().map(|&i| dot(m, i, &dense)).collect::<Vec<_>>()
        });
        for (n, s) in nearest.iter_mut().zip(similarities.into_iter().flatten()) {
            *n = n.max(s);
        }
        for &c in &chosen {
            nearest[c] = 1.0;
        }
        for &j in columns {
            dense[j as usize] = 0.0;
        }
        chosen.push(draw_far(&nearest, &chosen, random));
    }
    for (c, &r) in chosen.iter().enumerate() {
        centres.set_to_row(c, m, rows[r]);
    }
    centres
}

fn dot(m: &Matrix, i: usize, dense: &[f32]) -> f32 {
    let (columns, weights) = m.row(i);
    columns
        .iter()
        .zip(weights)
        .map(|(&j, &w)| w * dense[j as usize])
        .sum()
}

/// A row drawn with weight (1 − similarity)²; when every row sits on a
/// centre already, the first row not yet chosen.
fn draw_far(nearest: &[f32], chosen: &[usize], random: &mut Random) -> usize {
    let weight = |s: f32| f64::from((1.0 - s).max(0.0)).powi(2);
    let total: f64 = nearest.iter().map(|&s| weight(s)).sum();
    if total > 0.0 {
        let mut target = random.unit() * total;
        for (i, &s) in nearest.iter().enumerate() {
            target -= weight(s);
            if target < 0.0 && weight(s) > 0.0 {
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

/// The number of themes, among [`candidates`], whose clustering of a
/// sample has the best mean silhouette (ties: the fewer themes).
pub(super) fn choose_k(m: &Matrix, rows: &[usize], bounds: (usize, usize)) -> usize {
    let ks = candidates(rows.len(), bounds);
    if ks.len() == 1 {
        return ks[0];
    }
    let sample = spread_sample(rows, SAMPLE);
    let similarities = pairwise(m, &sample);
    let mut best = (ks[0], f64::MIN);
    for &k in &ks {
        let clustering = cluster(m, &sample, k);
        let score = silhouette(&similarities, &clustering.assignment, k);
        if score > best.1 {
            best = (k, score);
        }
    }
    best.0
}

/// At most `size` rows, evenly spread over `rows`.
fn spread_sample(rows: &[usize], size: usize) -> Vec<usize> {
    if rows.len() <= size {
        return rows.to_vec();
    }
    (0..size).map(|s| rows[s * rows.len() / size]).collect()
}

/// Cosine similarity of every pair of the sample, row-major.
fn pairwise(m: &Matrix, sample: &[usize]) -> Vec<f32> {
    let n = sample.len();
    let indices: Vec<usize> = (0..n).collect();
    let rows = in_parallel(&indices, |chunk| {
        let mut dense = vec![0.0f32; m.dimensions];
        let mut out = Vec::with_capacity(chunk.len() * n);
        for &a in chunk {
            let (columns, weights) = m.row(sample[a]);
            for (&j, &w) in columns.iter().zip(weights) {
                dense[j as usize] = w;
            }
            out.extend(sample.iter().map(|&b| dot(m, b, &dense)));
            for &j in columns {
                dense[j as usize] = 0.0;
            }
        }
        out
    });
    rows.concat()
}

/// Mean silhouette with cosine distance: for each text, how much nearer it
/// is to its own cluster than to the next nearest one (−1 to 1). Texts
/// alone in their cluster count 0.
fn silhouette(similarities: &[f32], assignment: &[usize], k: usize) -> f64 {
    let n = assignment.len();
    let mut sizes = vec![0usize; k];
    for &c in assignment {
        sizes[c] += 1;
    }
    let mut sums = vec![0.0f64; k];
    let mut total = 0.0;
    for i in 0..n {
        sums.fill(0.0);
        for (j, &c) in assignment.iter().enumerate() {
            if j != i {
                sums[c] += f64::from(similarities[i * n + j]);
            }
        }
        let own = assignment[i];
        if sizes[own] < 2 {
            continue;
        }
        let a = 1.0 - sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| 1.0 - sums[c] / sizes[c] as f64)
            .fold(f64::MAX, f64::min);
        if b < f64::MAX && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / n as f64
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
