//! Item-item k-nearest-neighbour collaborative filtering on implicit feedback, with implicit's weightings
//! (cosine, TF-IDF, BM25), sparse throughout: item similarities are accumulated only over items that share
//! a user, and each item keeps its `neighbours` best. A user's score for an item is the sum, over the items
//! they bought, of purchase count x similarity, so each recommendation comes with the bought items that
//! contributed most (its explanation).

use super::interactions::Interactions;
use super::scores::Scores;
use crate::analysis::Params;
use crate::dataset::Csr;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Weighting {
    /// Cosine of the items' purchase-count vectors.
    Cosine,
    /// sqrt(count) x idf of the user, then cosine (implicit's TFIDFRecommender).
    TfIdf,
    /// BM25 weights (saturated counts, item-length normalised, user idf), then dot products
    /// (implicit's BM25Recommender).
    Bm25,
    /// RP3beta (Paudel et al. 2016): the probability of a 3-step random walk item -> user -> item, each
    /// step raised to `alpha`, divided by the target's popularity to the power `beta` (so niche items can
    /// rank).
    Rp3Beta,
}

/// Defaults: RP3beta with alpha 1, beta 0.6 and 200 neighbours, the best of the weightings on MovieLens
/// 100k (BENCHMARKS.md has the comparison).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemKnnParams {
    /// Most similar items kept per item.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub neighbours: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub weighting: Weighting,
    /// BM25's count saturation and length normalisation.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub bm25_k1: f32,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub bm25_b: f32,
    /// RP3beta's exponent on the walk's probabilities and its popularity penalty.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub alpha: f32,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub beta: f32,
}

impl Default for ItemKnnParams {
    fn default() -> Self {
        ItemKnnParams {
            neighbours: 200,
            weighting: Weighting::Rp3Beta,
            bm25_k1: 1.2,
            bm25_b: 0.75,
            alpha: 1.0,
            beta: 0.6,
        }
    }
}

/// Item x item similarities: row `i` holds the neighbours of `i` (sorted by id) and `similarity` their
/// weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemKnn {
    pub neighbours: Csr,
    pub similarity: Vec<f32>,
}

impl Params for ItemKnnParams {
    fn validate(&self) -> Result<()> {
        let invalid = |m: String| Err(Error::new(ErrorCode::InvalidOption, m));
        if self.neighbours == 0 {
            return invalid("neighbours must be at least 1 (e.g. 100)".into());
        }
        if !(self.bm25_k1.is_finite() && self.bm25_k1 >= 0.0) {
            return invalid(format!(
                "bm25K1 = {}: use a number >= 0, e.g. 1.2",
                self.bm25_k1
            ));
        }
        if !(0.0..=1.0).contains(&self.bm25_b) {
            return invalid(format!(
                "bm25B = {}: use a number between 0 and 1, e.g. 0.75",
                self.bm25_b
            ));
        }
        if !(self.alpha.is_finite()
            && self.alpha > 0.0
            && self.beta.is_finite()
            && self.beta >= 0.0)
        {
            return invalid(format!(
                "alpha = {}, beta = {}: use alpha > 0 and beta >= 0, e.g. 1 and 0.5",
                self.alpha, self.beta
            ));
        }
        Ok(())
    }
}

impl ItemKnnParams {
    pub fn fit(&self, train: &Interactions, progress: &mut dyn Progress) -> Result<ItemKnn> {
        self.validate()?;
        let Walk {
            left,
            right,
            penalty,
        } = self.weights(train);
        let by_item = transpose(train, &left);
        // The target's factor folded into the user-side weights once, not in the innermost loop.
        let right: Vec<f32> = right
            .iter()
            .zip(&train.rows.items)
            .map(|(&w, &j)| w * penalty[j as usize])
            .collect();
        let items = train.items;
        let mut acc = Scores::new(items);
        let mut neighbours = Csr {
            offsets: Vec::with_capacity(items + 1),
            items: Vec::new(),
        };
        neighbours.offsets.push(0);
        let mut similarity = Vec::new();
        let step = (items / 100).max(1);
        for i in 0..items {
            if i % step == 0 && !progress.update("similar items", i as f64 / items as f64) {
                return Err(Error::cancelled());
            }
            let best = self.neighbours_of(i, &by_item, train, &right, &mut acc);
            best.sort_unstable_by_key(|&(j, _)| j);
            for &(j, s) in best.iter() {
                neighbours.items.push(j);
                similarity.push(s);
            }
            neighbours.offsets.push(neighbours.items.len() as u32);
        }
        Ok(ItemKnn {
            neighbours,
            similarity,
        })
    }

    /// Item `i`'s best neighbours and their similarities. Kept out of line on purpose: V8 runs a wasm
    /// function's first calls in baseline code and switches only at the next call once it has optimised
    /// it, so with the loop over all items inlined into `fit`, the whole fit ran in baseline code in the
    /// page, slower; called once per item, it switches after a few items.
    #[inline(never)]
    fn neighbours_of<'a>(
        &self,
        i: usize,
        by_item: &Weighted,
        train: &Interactions,
        right: &[f32],
        acc: &'a mut Scores,
    ) -> &'a mut [(u32, f32)] {
        let (users, w_users) = by_item.row(i);
        for (&u, &w_iu) in users.iter().zip(w_users) {
            let (a, b) = (
                train.rows.offsets[u as usize] as usize,
                train.rows.offsets[u as usize + 1] as usize,
            );
            for (&j, &w_ju) in train.rows.items[a..b].iter().zip(&right[a..b]) {
                acc.add(j, w_iu * w_ju);
            }
        }
        acc.take_top(self.neighbours, &[])
    }

    /// The weights of each entry of `train.rows` (user-major) on the item side and the user side of the
    /// similarity sum, per `self.weighting`, and a per-item factor on the target.
    fn weights(&self, train: &Interactions) -> Walk {
        let items = train.items.max(1) as f64;
        // Users' idf: a user who bought a large share of all items says little about any one of them (and
        // one who bought over a third of them, nothing: never a negative weight).
        let idf: Vec<f64> = (0..train.len())
            .map(|u| (items / (1.0 + train.row(u).0.len() as f64)).ln().max(0.0))
            .collect();
        let entry_user: Vec<usize> = (0..train.len())
            .flat_map(|u| std::iter::repeat_n(u, train.row(u).0.len()))
            .collect();
        let mut buyers = vec![0.0f64; train.items];
        for &i in &train.rows.items {
            buyers[i as usize] += 1.0;
        }
        if self.weighting == Weighting::Rp3Beta {
            let alpha = f64::from(self.alpha);
            // Item -> user: 1 / buyers of the item; user -> item: 1 / items of the user.
            let left = train
                .rows
                .items
                .iter()
                .map(|&i| (1.0 / buyers[i as usize]).powf(alpha) as f32)
                .collect();
            let right = entry_user
                .iter()
                .map(|&u| (1.0 / train.row(u).0.len() as f64).powf(alpha) as f32)
                .collect();
            let penalty = buyers
                .iter()
                .map(|&b| {
                    if b > 0.0 {
                        b.powf(-f64::from(self.beta)) as f32
                    } else {
                        0.0
                    }
                })
                .collect();
            return Walk {
                left,
                right,
                penalty,
            };
        }
        let mut w: Vec<f64> = match self.weighting {
            Weighting::Cosine => train.counts.iter().map(|&c| f64::from(c)).collect(),
            Weighting::TfIdf => train
                .counts
                .iter()
                .zip(&entry_user)
                .map(|(&c, &u)| f64::from(c).sqrt() * idf[u])
                .collect(),
            Weighting::Bm25 => {
                let mut length = vec![0.0f64; train.items];
                for (&i, &c) in train.rows.items.iter().zip(&train.counts) {
                    length[i as usize] += f64::from(c);
                }
                let average = length.iter().sum::<f64>() / items;
                let (k1, b) = (f64::from(self.bm25_k1), f64::from(self.bm25_b));
                train
                    .rows
                    .items
                    .iter()
                    .zip(&train.counts)
                    .zip(&entry_user)
                    .map(|((&i, &c), &u)| {
                        let c = f64::from(c);
                        let norm = (1.0 - b) + b * length[i as usize] / average;
                        c * (k1 + 1.0) / (k1 * norm + c) * idf[u]
                    })
                    .collect()
            }
            Weighting::Rp3Beta => unreachable!("handled above"),
        };
        if self.weighting != Weighting::Bm25 {
            // Unit-length item vectors: their dot products are cosines.
            let mut norm = vec![0.0f64; train.items];
            for (&i, &x) in train.rows.items.iter().zip(&w) {
                norm[i as usize] += x * x;
            }
            for (x, &i) in w.iter_mut().zip(&train.rows.items) {
                let n = norm[i as usize].sqrt();
                *x = if n > 0.0 { *x / n } else { 0.0 };
            }
        }
        let w: Vec<f32> = w.into_iter().map(|x| x as f32).collect();
        Walk {
            left: w.clone(),
            right: w,
            penalty: vec![1.0; train.items],
        }
    }
}

/// Per entry of the user-major matrix, its weight on the item side and on the user side of a similarity
/// sum, and a per-item factor on the target item.
struct Walk {
    left: Vec<f32>,
    right: Vec<f32>,
    penalty: Vec<f32>,
}

/// Item-major copy of the user-major weights: per item, its users and their weights.
fn transpose(train: &Interactions, weights: &[f32]) -> Weighted {
    let mut offsets = vec![0u32; train.items + 1];
    for &i in &train.rows.items {
        offsets[i as usize + 1] += 1;
    }
    for i in 0..train.items {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut users = vec![0u32; train.rows.items.len()];
    let mut w = vec![0f32; train.rows.items.len()];
    for u in 0..train.len() {
        let (a, b) = (
            train.rows.offsets[u] as usize,
            train.rows.offsets[u + 1] as usize,
        );
        for e in a..b {
            let slot = &mut fill[train.rows.items[e] as usize];
            users[*slot as usize] = u as u32;
            w[*slot as usize] = weights[e];
            *slot += 1;
        }
    }
    Weighted {
        rows: Csr {
            offsets,
            items: users,
        },
        weights: w,
    }
}

struct Weighted {
    rows: Csr,
    weights: Vec<f32>,
}

impl Weighted {
    fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (
            self.rows.offsets[i] as usize,
            self.rows.offsets[i + 1] as usize,
        );
        (&self.rows.items[a..b], &self.weights[a..b])
    }
}

impl ItemKnn {
    /// Adds a user's scores (purchase counts x similarities) to `acc`.
    pub fn score(&self, items: &[u32], counts: &[f32], acc: &mut Scores) {
        for (&i, &c) in items.iter().zip(counts) {
            let (a, b) = self.range(i);
            for (&j, &s) in self.neighbours.items[a..b]
                .iter()
                .zip(&self.similarity[a..b])
            {
                acc.add(j, c * s);
            }
        }
    }

    /// The similarity of `j` as a neighbour of `i` (0 when `j` is not among `i`'s neighbours).
    pub fn similarity(&self, i: u32, j: u32) -> f32 {
        let (a, b) = self.range(i);
        self.neighbours.items[a..b]
            .binary_search(&j)
            .map(|k| self.similarity[a + k])
            .unwrap_or(0.0)
    }

    /// The bought items that contribute most to `target`'s score, with their contributions, best first.
    pub fn explain(
        &self,
        items: &[u32],
        counts: &[f32],
        target: u32,
        top: usize,
    ) -> Vec<(u32, f32)> {
        let mut parts: Vec<(u32, f32)> = items
            .iter()
            .zip(counts)
            .map(|(&i, &c)| (i, c * self.similarity(i, target)))
            .filter(|&(i, s)| s > 0.0 && i != target)
            .collect();
        crate::sorting::sort_by(&mut parts, &|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        parts.truncate(top);
        parts
    }

    /// The `n` items most similar to `item` (itself left out), best first.
    pub fn similar(&self, item: u32, n: usize) -> Vec<(u32, f32)> {
        let (a, b) = self.range(item);
        let mut out: Vec<(u32, f32)> = self.neighbours.items[a..b]
            .iter()
            .copied()
            .zip(self.similarity[a..b].iter().copied())
            .filter(|&(j, s)| j != item && s > 0.0)
            .collect();
        crate::sorting::sort_by(&mut out, &|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(n);
        out
    }

    fn range(&self, i: u32) -> (usize, usize) {
        (
            self.neighbours.offsets[i as usize] as usize,
            self.neighbours.offsets[i as usize + 1] as usize,
        )
    }

    pub fn heap_bytes(&self) -> usize {
        4 * (self.neighbours.offsets.capacity()
            + self.neighbours.items.capacity()
            + self.similarity.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Four users; items 0 and 1 always go together, item 2 is bought by others.
    fn train() -> Interactions {
        Interactions {
            users: vec![0, 1, 2, 3],
            items: 4,
            rows: Csr {
                offsets: vec![0, 2, 4, 6, 7],
                items: vec![0, 1, 0, 1, 1, 2, 2],
            },
            counts: vec![1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 1.0],
        }
    }

    #[test]
    fn cosine_similarities_are_cosines() {
        let params = ItemKnnParams {
            weighting: Weighting::Cosine,
            ..Default::default()
        };
        let m = params.fit(&train(), &mut Silent).unwrap();
        // Item 0: users (1, 2); item 1: users (1, 2, 1); item 2: users (1, 1).
        let cos01 = (1.0 + 4.0) / (5f32.sqrt() * 6f32.sqrt());
        assert!((m.similarity(0, 1) - cos01).abs() < 1e-6);
        assert!((m.similarity(0, 0) - 1.0).abs() < 1e-6);
        assert_eq!(m.similarity(0, 2), 0.0);
        assert!((m.similarity(1, 2) - 1.0 / (6f32.sqrt() * 2f32.sqrt())).abs() < 1e-6);
        assert_eq!(m.similar(0, 5).len(), 1);
        assert_eq!(m.similar(0, 5)[0].0, 1);
    }

    #[test]
    fn keeps_only_the_best_neighbours() {
        let params = ItemKnnParams {
            neighbours: 1,
            weighting: Weighting::Cosine,
            ..Default::default()
        };
        let m = params.fit(&train(), &mut Silent).unwrap();
        for i in 0..3 {
            assert_eq!(
                m.neighbours.row(i),
                &[i as u32],
                "an item is most like itself"
            );
        }
        assert_eq!(
            m.neighbours.row(3),
            &[] as &[u32],
            "item 3 was never bought"
        );
    }

    #[test]
    fn scores_and_explains() {
        let m = ItemKnnParams::default().fit(&train(), &mut Silent).unwrap();
        let mut acc = Scores::new(4);
        // A user who bought item 0 twice.
        m.score(&[0], &[2.0], &mut acc);
        let top = acc.take_top(2, &[0]);
        assert_eq!(top[0].0, 1);
        assert!((top[0].1 - 2.0 * m.similarity(0, 1)).abs() < 1e-6);
        let why = m.explain(&[0, 2], &[2.0, 1.0], 1, 3);
        assert_eq!(why.len(), 2);
        assert_eq!(why.iter().map(|w| w.0).collect::<Vec<_>>().len(), 2);
        assert!(why[0].1 >= why[1].1);
    }

    #[test]
    fn rejects_bad_params_and_stops_when_cancelled() {
        let bad = ItemKnnParams {
            neighbours: 0,
            ..Default::default()
        };
        assert_eq!(
            bad.fit(&train(), &mut Silent).unwrap_err().code,
            ErrorCode::InvalidOption
        );
        let mut stop = |_: &str, _: f64| false;
        let e = ItemKnnParams::default()
            .fit(&train(), &mut stop)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled);
    }
}
