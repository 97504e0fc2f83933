//! The recommender a page uses: item-kNN scores with explanations, topped up with the most popular items
//! for customers whose history gives too few candidates (new or light buyers).

use super::interactions::Interactions;
use super::knn::{ItemKnn, ItemKnnParams};
use super::scores::Scores;
use crate::analysis::Params;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RecommendParams {
    /// Recommendations per customer.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub n: usize,
    /// Leave out what the customer already bought (for discovery); `false` lets repeat purchases rank.
    /// Unset: as the recommender's task says (left out for discovery, ranked for the next basket).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub exclude_bought: Option<bool>,
    /// Bought items quoted as the reason for each recommendation.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub explain: usize,
    /// When bought items may be recommended: weight of "buys it again" (the item's share of the customer's
    /// purchases) against the neighbours' scores (scaled to sum to 1). Repeat purchases dominate grocery
    /// baskets, where personal frequency alone beats popularity by far (BENCHMARKS.md).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub repeat_weight: f32,
}

impl Default for RecommendParams {
    fn default() -> Self {
        RecommendParams {
            n: 10,
            exclude_bought: None,
            explain: 3,
            repeat_weight: 2.0,
        }
    }
}

impl RecommendParams {
    /// Whether bought items are left out; unset, they are (item-kNN's own default, for discovery).
    pub fn excludes_bought(&self) -> bool {
        self.exclude_bought.unwrap_or(true)
    }
}

impl Params for RecommendParams {
    fn validate(&self) -> Result<()> {
        if !(self.repeat_weight.is_finite() && self.repeat_weight >= 0.0) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "repeatWeight = {}: use a number >= 0, e.g. 2",
                    self.repeat_weight
                ),
            ));
        }
        if self.n == 0 || self.n > 1000 {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "n = {}: ask for between 1 and 1,000 recommendations",
                    self.n
                ),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub item: u32,
    pub score: f32,
    /// Bought items that led to it, with their share of the score, best first. Empty for popular fill-ins.
    pub because: Vec<Because>,
    /// Filled in from the most popular items (too little history for neighbours).
    pub popular: bool,
    /// Share of the score from having bought it before (0 when bought items are excluded).
    pub repeat_share: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Because {
    pub item: u32,
    pub share: f32,
}

#[derive(Debug, Clone)]
pub struct Recommender {
    pub knn: ItemKnn,
    /// Items by number of buyers in the training data, most bought first (ties: lower id first).
    pub popular: Vec<u32>,
    /// Number of buyers per item.
    pub buyers: Vec<u32>,
}

impl Recommender {
    pub fn fit(
        train: &Interactions,
        params: &ItemKnnParams,
        progress: &mut dyn Progress,
    ) -> Result<Recommender> {
        let knn = params.fit(train, progress)?;
        let (popular, buyers) = popularity(train);
        Ok(Recommender {
            knn,
            popular,
            buyers,
        })
    }

    /// Top-N for a customer with this history (items sorted, with purchase counts). `acc` is scratch space
    /// sized to the item count, reused across calls.
    pub fn recommend(
        &self,
        items: &[u32],
        counts: &[f32],
        params: &RecommendParams,
        acc: &mut Scores,
    ) -> Vec<Recommendation> {
        self.knn.score(items, counts, acc);
        let skip: &[u32] = if params.excludes_bought() { items } else { &[] };
        // Neighbour scores scaled to sum to 1, so that the repeat term has a fixed meaning.
        let mut scale = 1.0;
        let repeats = !params.excludes_bought() && params.repeat_weight > 0.0;
        if repeats {
            let total: f32 = acc.touched().iter().map(|&i| acc.get(i)).sum();
            scale = if total > 0.0 { 1.0 / total } else { 0.0 };
            acc.scale(scale);
            let bought: f32 = counts.iter().sum();
            for (&i, &c) in items.iter().zip(counts) {
                acc.add(i, params.repeat_weight * c / bought);
            }
        }
        let bought_share = |item: u32| match items.binary_search(&item) {
            Ok(k) if repeats => params.repeat_weight * counts[k] / counts.iter().sum::<f32>(),
            _ => 0.0,
        };
        let mut out: Vec<Recommendation> = acc
            .take_top(params.n, skip)
            .to_vec()
            .into_iter()
            .map(|(item, score)| {
                let because = self.knn.explain(items, counts, item, params.explain);
                Recommendation {
                    item,
                    score,
                    because: because
                        .into_iter()
                        .map(|(i, s)| Because {
                            item: i,
                            share: s * scale / score,
                        })
                        .collect(),
                    popular: false,
                    repeat_share: bought_share(item) / score,
                }
            })
            .collect();
        self.fill_popular(skip, params.n, &mut out);
        out
    }

    /// Tops `out` up to `n` with the most bought items, leaving out those in `skip` (sorted).
    pub fn fill_popular(&self, skip: &[u32], n: usize, out: &mut Vec<Recommendation>) {
        let fill: Vec<u32> = self
            .popular
            .iter()
            .copied()
            .filter(|i| skip.binary_search(i).is_err() && !out.iter().any(|r| r.item == *i))
            .take(n.saturating_sub(out.len()))
            .collect();
        out.extend(fill.into_iter().map(|item| Recommendation {
            item,
            score: 0.0,
            because: Vec::new(),
            popular: true,
            repeat_share: 0.0,
        }));
    }
}

/// Items ranked by how many users bought them, and the counts.
pub fn popularity(train: &Interactions) -> (Vec<u32>, Vec<u32>) {
    let mut buyers = vec![0u32; train.items];
    for &i in &train.rows.items {
        buyers[i as usize] += 1;
    }
    let mut popular: Vec<u32> = (0..train.items as u32)
        .filter(|&i| buyers[i as usize] > 0)
        .collect();
    crate::sorting::sort_by(&mut popular, &|&a, &b| {
        buyers[b as usize].cmp(&buyers[a as usize]).then(a.cmp(&b))
    });
    (popular, buyers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Csr;
    use crate::progress::Silent;

    #[test]
    fn explains_and_fills_with_popular_items() {
        // Items 0 and 1 go together; 2 is the most bought; 3 is bought once, alone.
        let train = Interactions {
            users: vec![0, 1, 2, 3],
            items: 4,
            rows: Csr {
                offsets: vec![0, 3, 5, 6, 7],
                items: vec![0, 1, 2, 0, 1, 2, 3],
            },
            counts: vec![1.0; 7],
        };
        let cosine = ItemKnnParams {
            weighting: super::super::knn::Weighting::Cosine,
            ..Default::default()
        };
        let r = Recommender::fit(&train, &cosine, &mut Silent).unwrap();
        assert_eq!(r.popular, [0, 1, 2, 3]);
        let mut acc = Scores::new(4);
        let params = RecommendParams {
            n: 3,
            ..Default::default()
        };
        let recs = r.recommend(&[0], &[1.0], &params, &mut acc);
        assert_eq!(recs[0].item, 1);
        assert_eq!(
            recs[0].because,
            [Because {
                item: 0,
                share: 1.0
            }]
        );
        assert!(!recs[0].popular);
        // Only 1 and 2 share a buyer with 0; the third place is filled by popularity.
        assert_eq!(recs.len(), 3);
        assert!(recs[2].popular && recs[2].item == 3);
        let repeat = RecommendParams {
            exclude_bought: Some(false),
            ..params
        };
        assert_eq!(r.recommend(&[0], &[1.0], &repeat, &mut acc)[0].item, 0);
        assert!(RecommendParams {
            n: 0,
            ..Default::default()
        }
        .validate()
        .is_err());
    }
}
