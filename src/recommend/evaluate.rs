//! Offline evaluation: fit on a training split, recommend top-k for every user with held-out items, and
//! score against what they actually bought, always beside the popularity baseline on the same split.
//!
//! Per user, with `relevant` the held-out items (minus those already in training when bought items are
//! excluded) and `hits` the relevant items among the k recommended:
//! precision = hits / k; recall = hits / |relevant|; hit rate = [hits > 0];
//! nDCG = sum over hits at rank r of 1/log2(r + 1), divided by the same for min(|relevant|, k) hits at the top;
//! MAP = sum over hits at rank r of (hits up to r) / r, divided by min(|relevant|, k).
//! Each is averaged over users with at least one relevant item. When bought items may be recommended, a
//! second baseline ranks each user's own purchases by count ("buy again"). Coverage: the share of the items in the
//! training data that are recommended to at least one user.

use super::interactions::{last_order_split, random_split, Interactions, Split, SplitKind};
use super::knn::ItemKnnParams;
use super::model::{RecommendParams, Recommender};
use super::scores::Scores;
use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::Dataset;
use crate::error::{excerpt, Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub map: f64,
    pub hit_rate: f64,
    pub coverage: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub k: usize,
    pub users: usize,
    pub train_pairs: usize,
    pub test_pairs: usize,
    pub model: Metrics,
    pub popularity: Metrics,
    /// When bought items count: each customer's own most bought items ("buy again"), the baseline that
    /// matters for repeat purchases.
    pub buy_again: Option<Metrics>,
    pub split: SplitKind,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluationParams {
    /// `lastOrder` (default when the file has orders and dates) or `random`.
    #[cfg_attr(feature = "ts", ts(optional = nullable, as = "Option<SplitKind>"))]
    pub split: Option<String>,
    /// With the random split: the share of customer x product pairs held out.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub test_share: f64,
    /// With the random split.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub seed: u64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub k: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub exclude_bought: bool,
    #[serde(deserialize_with = "crate::analysis::defaults_if_null")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub knn: ItemKnnParams,
}

impl Default for EvaluationParams {
    fn default() -> Self {
        EvaluationParams {
            split: None,
            test_share: 0.2,
            seed: 42,
            k: 10,
            exclude_bought: true,
            knn: ItemKnnParams::default(),
        }
    }
}

impl Params for EvaluationParams {
    fn validate(&self) -> Result<()> {
        match self.split.as_deref() {
            None | Some("lastOrder" | "random") => {}
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    format!("split `{}`: use `lastOrder` or `random`", excerpt(other)),
                ))
            }
        }
        self.recommend().validate()?;
        self.knn.validate()
    }
}

impl EvaluationParams {
    /// How the model is asked: top `k`, with or without what the customer bought.
    fn recommend(&self) -> RecommendParams {
        RecommendParams {
            n: self.k,
            exclude_bought: Some(self.exclude_bought),
            explain: 0,
            ..Default::default()
        }
    }
}

/// Offline evaluation of the recommender on a file, beside the baselines.
pub struct EvaluateRecommendations;

impl Analysis for EvaluateRecommendations {
    type Input<'a> = &'a Dataset;
    type Params = EvaluationParams;
    type Output = Evaluation;

    /// As the recommender's, on a part of the file.
    fn guard(_: &Dataset, _: &Checked<EvaluationParams>) -> Result<()> {
        Ok(())
    }

    /// On the time-aware split where the file has orders and dates, else on the random one.
    fn fit(
        data: &Dataset,
        params: &Checked<EvaluationParams>,
        progress: &mut dyn Progress,
    ) -> Result<Evaluation> {
        let time_aware = !data.lines.order.is_empty() && !data.lines.time.is_empty();
        let split = match params.split.as_deref() {
            Some("lastOrder") => last_order_split(data)?,
            Some("random") => random_split(
                &Interactions::from_dataset(data)?,
                params.test_share,
                params.seed,
            )?,
            _ if time_aware => last_order_split(data)?,
            _ => random_split(
                &Interactions::from_dataset(data)?,
                params.test_share,
                params.seed,
            )?,
        };
        evaluate(&split, params, progress)
    }

    /// One row per ranking: the model and each baseline.
    fn export_csv(_: &Dataset, e: &Evaluation) -> String {
        let mut w = crate::csv_cell::CsvFile::new();
        w.row([
            "ranking",
            "k",
            "users",
            "precision",
            "recall",
            "ndcg",
            "map",
            "hit_rate",
            "coverage",
        ]);
        let rows = [
            ("model", Some(&e.model)),
            ("popularity", Some(&e.popularity)),
            ("buy_again", e.buy_again.as_ref()),
        ];
        for (name, m) in rows {
            let Some(m) = m else { continue };
            w.row([
                name.to_owned(),
                e.k.to_string(),
                e.users.to_string(),
                format!("{:.6}", m.precision),
                format!("{:.6}", m.recall),
                format!("{:.6}", m.ndcg),
                format!("{:.6}", m.map),
                format!("{:.6}", m.hit_rate),
                format!("{:.6}", m.coverage),
            ]);
        }
        w.finish()
    }
}

pub fn evaluate(
    split: &Split,
    params: &Checked<EvaluationParams>,
    progress: &mut dyn Progress,
) -> Result<Evaluation> {
    let recommend = params.recommend();
    let model = Recommender::fit(&split.train, &params.knn, &mut |stage: &str, f: f64| {
        progress.update(stage, 0.8 * f)
    })?;
    // The model already ranked the training items by buyers: the baseline and coverage reuse it.
    let (popular, buyers) = (&model.popular, &model.buyers);
    let mut acc = Scores::new(split.train.items);
    let mut model_sum = Sums::new(split.train.items);
    let mut popular_sum = Sums::new(split.train.items);
    let mut again_sum = Sums::new(split.train.items);
    let n = split.train.len();
    for u in 0..n {
        if u % 256 == 0 && !progress.update("evaluating", 0.8 + 0.2 * u as f64 / n as f64) {
            return Err(Error::cancelled());
        }
        let (bought, counts) = split.train.row(u);
        let relevant: Vec<u32> = split
            .test
            .row(u)
            .0
            .iter()
            .copied()
            .filter(|i| !params.exclude_bought || bought.binary_search(i).is_err())
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let ours: Vec<u32> = model
            .recommend(bought, counts, &recommend, &mut acc)
            .iter()
            .map(|r| r.item)
            .collect();
        model_sum.add(&ours, &relevant, params.k);
        let baseline: Vec<u32> = popular
            .iter()
            .copied()
            .filter(|i| !params.exclude_bought || bought.binary_search(i).is_err())
            .take(params.k)
            .collect();
        popular_sum.add(&baseline, &relevant, params.k);
        if !params.exclude_bought {
            let mut again: Vec<(u32, f32)> =
                bought.iter().copied().zip(counts.iter().copied()).collect();
            crate::sorting::sort_by(&mut again, &|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let again: Vec<u32> = again.into_iter().map(|(i, _)| i).take(params.k).collect();
            again_sum.add(&again, &relevant, params.k);
        }
    }
    if model_sum.users == 0 {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            "no customer has a held-out purchase to check recommendations against (each needs at least \
             two orders for the time-aware split)",
        ));
    }
    Ok(Evaluation {
        k: params.k,
        users: model_sum.users,
        train_pairs: split.train.pairs(),
        test_pairs: split.test.pairs(),
        model: model_sum.mean(buyers),
        popularity: popular_sum.mean(buyers),
        buy_again: (!params.exclude_bought).then(|| again_sum.mean(buyers)),
        split: split.kind,
    })
}

struct Sums {
    users: usize,
    precision: f64,
    recall: f64,
    ndcg: f64,
    map: f64,
    hits: f64,
    recommended: Vec<bool>,
}

impl Sums {
    fn new(items: usize) -> Sums {
        Sums {
            users: 0,
            precision: 0.0,
            recall: 0.0,
            ndcg: 0.0,
            map: 0.0,
            hits: 0.0,
            recommended: vec![false; items],
        }
    }

    /// `relevant` is sorted.
    fn add(&mut self, ranked: &[u32], relevant: &[u32], k: usize) {
        let mut hits = 0usize;
        let (mut dcg, mut ap) = (0.0, 0.0);
        for (r, item) in ranked.iter().take(k).enumerate() {
            self.recommended[*item as usize] = true;
            if relevant.binary_search(item).is_ok() {
                hits += 1;
                dcg += 1.0 / ((r + 2) as f64).log2();
                ap += hits as f64 / (r + 1) as f64;
            }
        }
        let ideal = relevant.len().min(k);
        let idcg: f64 = (0..ideal).map(|r| 1.0 / ((r + 2) as f64).log2()).sum();
        self.users += 1;
        self.precision += hits as f64 / k as f64;
        self.recall += hits as f64 / relevant.len() as f64;
        self.ndcg += dcg / idcg;
        self.map += ap / ideal as f64;
        self.hits += f64::from(u8::from(hits > 0));
    }

    /// Averages over users; coverage counts the items with a buyer in training (`buyers` per item).
    fn mean(&self, buyers: &[u32]) -> Metrics {
        let n = self.users.max(1) as f64;
        let catalogue = buyers.iter().filter(|&&b| b > 0).count().max(1);
        let covered = self
            .recommended
            .iter()
            .zip(buyers)
            .filter(|&(&r, &b)| r && b > 0)
            .count();
        Metrics {
            precision: self.precision / n,
            recall: self.recall / n,
            ndcg: self.ndcg / n,
            map: self.map / n,
            hit_rate: self.hits / n,
            coverage: covered as f64 / catalogue as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_their_definitions() {
        let mut s = Sums::new(10);
        // Hits at ranks 1 and 3 of 4; three relevant items.
        s.add(&[5, 1, 7, 2], &[5, 7, 9], 4);
        // Every one of the 10 items has a buyer in training.
        let m = s.mean(&[1; 10]);
        assert_eq!(m.precision, 0.5);
        assert!((m.recall - 2.0 / 3.0).abs() < 1e-12);
        let dcg = 1.0 + 1.0 / 4f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!((m.ndcg - dcg / idcg).abs() < 1e-12);
        assert!((m.map - (1.0 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(m.hit_rate, 1.0);
        assert_eq!(m.coverage, 0.4);
    }
}
