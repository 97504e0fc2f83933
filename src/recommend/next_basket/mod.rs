//! Next-basket recommendation (issue 22): what each customer will put in their next basket, from their
//! sequence of past baskets. Models: popularity, P-TopFreq and GP-TopFreq (`baselines`), TIFU-KNN (`tifu`)
//! and, for discovery, popularity-damped item-kNN (`item_knn`) and a blend of TIFU-KNN with the content
//! similarity of products from a products table (`blend`, `content`); recall@k and nDCG@k overall, on repeat and
//! on new items (`metrics`), on leave-last-basket-out splits (`history`).
//!
//! `auto` picks a model the way an analyst would: it fits every candidate on the training baskets minus
//! each customer's last one, scores them on that held-back (validation) basket, keeps the best by nDCG@10
//! for the task, then refits it on all training baskets and evaluates it on the test basket, which no
//! choice has seen.

pub mod baselines;
pub mod blend;
pub mod content;
pub mod history;
pub mod item_knn;
pub mod metrics;
pub mod serve;
pub mod tifu;

pub use baselines::{gp_top_freq, p_top_freq, Popularity};
pub use blend::{Blend, BlendParams};
pub use content::{Content, ContentParams, TfIdf};
pub use history::{Histories, Split};
pub use item_knn::{ItemKnnDiscovery, ItemKnnDiscoveryParams};
pub use metrics::{Evaluation, Evaluator, Metrics};
pub use serve::{serve, Report, Scored, Served};
pub use tifu::{Distance, Tifu, TifuParams};

use crate::analysis::Params;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use crate::recommend::scores::Scores;
use serde::{Deserialize, Serialize};
use tifu::Acc;

/// What the list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Task {
    /// The next basket, repeat purchases included (a shopping list).
    #[default]
    NextBasket,
    /// Only items the customer has not bought (discovery); scored on the new items of the next basket.
    Discovery,
}

/// Why an item is recommended, as a page words it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Because {
    /// "You buy this every N days": in `baskets` of the customer's baskets, on average `every_days` apart
    /// (`None` when it was in one basket only, or all on one day).
    #[serde(rename_all = "camelCase")]
    Repeat {
        baskets: u32,
        every_days: Option<f64>,
    },
    /// "Customers who shop like you buy it": the neighbours' part of the score is the larger.
    SimilarCustomers,
    /// "Goes with `item`, which you buy".
    BoughtWith { item: u32 },
    /// "Like `item`, which you bought": similar by the products table (category, type, brand, name).
    LikeBought { item: u32 },
    /// One of the most bought items.
    Popular,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub item: u32,
    pub score: f64,
    pub because: Because,
}

/// The repeat explanation of `item` for row `r`: how many of its baskets hold it, and how far apart.
fn repeat_reason(train: &Histories, r: usize, item: u32) -> Because {
    let times: Vec<i64> = train
        .baskets_of(r)
        .iter()
        .filter(|&&b| train.basket(b).binary_search(&item).is_ok())
        .map(|&b| train.time.get(b as usize).copied().unwrap_or(0))
        .collect();
    let baskets = times.len() as u32;
    let every_days = match (times.first(), times.last()) {
        (Some(&first), Some(&last)) if baskets > 1 && last > first => {
            Some((last - first) as f64 / 86_400.0 / f64::from(baskets - 1))
        }
        _ => None,
    };
    Because::Repeat {
        baskets,
        every_days,
    }
}

/// A model and its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "camelCase", deny_unknown_fields)]
pub enum ModelSpec {
    Popularity,
    PTopFreq,
    GpTopFreq,
    Tifu(TifuParams),
    ItemKnn(ItemKnnDiscoveryParams),
    Blend(BlendParams),
}

/// A fitted model with what it needs to recommend.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub spec: ModelSpec,
    pub popularity: Popularity,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Baseline,
    Tifu(Tifu),
    ItemKnn(ItemKnnDiscovery),
    Blend(Blend),
}

/// Scratch space for `Fitted::recommend`, sized to the item count and reused across customers.
pub struct Scratch {
    acc: Acc,
    scores: Scores,
    /// The blend's content scores, beside its collaborative ones in `acc`.
    content: Acc,
    /// Per item: bought by the customer being scored (set and cleared per customer).
    bought: Vec<bool>,
}

impl Scratch {
    pub fn new(items: usize) -> Scratch {
        Scratch {
            acc: Acc::new(items),
            scores: Scores::new(items),
            content: Acc::new(items),
            bought: vec![false; items],
        }
    }
}

impl ModelSpec {
    /// Fits on `train`; `content` (the products' similarity lists) is needed by the blend only.
    pub fn fit(
        &self,
        train: &Histories,
        content: Option<&Content>,
        progress: &mut dyn Progress,
    ) -> Result<Fitted> {
        self.fit_sharing(train, content, &mut Vec::new(), progress)
    }

    /// `fit`, taking a TIFU-KNN of the same settings from `fits` (fitted on the same `train`) where one is
    /// there, and leaving the TIFU-KNN it fits there: a blend and the TIFU-KNN candidate it blends cost one
    /// fit.
    pub fn fit_sharing(
        &self,
        train: &Histories,
        content: Option<&Content>,
        fits: &mut Vec<Tifu>,
        progress: &mut dyn Progress,
    ) -> Result<Fitted> {
        let mut tifu = |p: &TifuParams| -> Result<Tifu> {
            if let Some(t) = fits.iter().find(|t| t.params() == p) {
                return Ok(t.clone());
            }
            let t = p.clone().check()?.fit(train, progress)?;
            fits.push(t.clone());
            Ok(t)
        };
        let kind = match self {
            ModelSpec::Popularity | ModelSpec::PTopFreq | ModelSpec::GpTopFreq => Kind::Baseline,
            ModelSpec::Tifu(p) => Kind::Tifu(tifu(p)?),
            ModelSpec::ItemKnn(p) => Kind::ItemKnn(p.fit(train, progress)?),
            ModelSpec::Blend(p) => Kind::Blend(p.fit_with(train, content, &mut || tifu(&p.tifu))?),
        };
        Ok(Fitted {
            spec: self.clone(),
            popularity: Popularity::fit(train),
            kind,
        })
    }

    /// A short name for reports.
    pub fn name(&self) -> String {
        match self {
            ModelSpec::Popularity => "popularity".into(),
            ModelSpec::PTopFreq => "P-TopFreq".into(),
            ModelSpec::GpTopFreq => "GP-TopFreq".into(),
            ModelSpec::Tifu(p) => format!(
                "TIFU-KNN(groups {}, rb {}, rg {}, k {}, alpha {}, {:?})",
                p.groups, p.within_decay, p.group_decay, p.neighbours, p.alpha, p.distance
            ),
            ModelSpec::ItemKnn(p) => format!(
                "item-kNN({:?}, {} neighbours, damping {})",
                p.weighting, p.neighbours, p.damping
            ),
            ModelSpec::Blend(p) => format!(
                "blend(content {}, {} like each bought, popularity^{}, TIFU-KNN k {}, {:?})",
                p.content_weight,
                p.neighbours,
                p.popularity_power,
                p.tifu.neighbours,
                p.tifu.distance
            ),
        }
    }
}

impl Fitted {
    /// The `n` best items for row `r` of the histories the model was fitted on.
    pub fn recommend(
        &self,
        train: &Histories,
        r: usize,
        n: usize,
        task: Task,
        scratch: &mut Scratch,
    ) -> Vec<Recommendation> {
        let pop = &self.popularity;
        match (&self.kind, &self.spec) {
            (Kind::Tifu(m), _) => m.recommend(train, r, n, task, &mut scratch.acc),
            (Kind::ItemKnn(m), _) => m.recommend(train, pop, r, n, task, &mut scratch.scores),
            (Kind::Blend(m), _) => m.recommend(pop, r, n, scratch),
            (_, ModelSpec::PTopFreq) => p_top_freq(train, pop, r, n, task),
            (_, ModelSpec::GpTopFreq) => gp_top_freq(train, pop, r, n, task),
            _ => pop.recommend(train, r, n, task),
        }
    }

    /// Scores the top-`k` lists of every customer with a held-out basket in `split` (whose `train` the
    /// model was fitted on).
    pub fn evaluate(
        &self,
        split: &Split,
        k: usize,
        task: Task,
        progress: &mut dyn Progress,
    ) -> Result<Evaluation> {
        let mut e = Evaluator::new(k);
        let mut scratch = Scratch::new(split.train.items);
        let users = split.held_out.len();
        for (r, truth) in split.held_out.iter().enumerate() {
            if r % 64 == 0 && !progress.update("next basket: evaluating", r as f64 / users as f64) {
                return Err(Error::cancelled());
            }
            if truth.is_empty() {
                continue;
            }
            let list: Vec<u32> = self
                .recommend(&split.train, r, k, task, &mut scratch)
                .iter()
                .map(|x| x.item)
                .collect();
            e.add(&list, truth, &split.train.bought(r));
        }
        Ok(e.finish())
    }
}

/// The list length models are chosen and reported at.
pub const CHOOSE_AT: usize = 10;

/// One candidate's validation result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub model: ModelSpec,
    pub name: String,
    pub validation: Evaluation,
}

/// What `auto` chose, why, and how the choice does on the test baskets.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoChoice {
    pub task: Task,
    pub chosen: ModelSpec,
    pub name: String,
    /// Every candidate's validation scores, in the order tried; the chosen one has the best nDCG@10 on the
    /// task's items (all items for the next basket, new items for discovery; ties: the earlier candidate).
    pub candidates: Vec<Candidate>,
    /// The chosen model refitted on all training baskets, on each customer's last basket.
    pub test: Evaluation,
}

/// The candidates `auto` compares: the baselines and a few TIFU-KNN settings for the next basket;
/// popularity, TIFU-KNN and, `with_content` (a products table loaded), blends of TIFU-KNN with content
/// similarity for discovery. Kept small so that `auto` runs in seconds.
pub fn candidates(task: Task, with_content: bool) -> Vec<ModelSpec> {
    let tifu = |groups, within_decay, group_decay, neighbours, alpha, distance| {
        ModelSpec::Tifu(TifuParams {
            groups,
            within_decay,
            group_decay,
            neighbours,
            alpha,
            distance,
        })
    };
    match task {
        Task::NextBasket => vec![
            ModelSpec::PTopFreq,
            ModelSpec::GpTopFreq,
            ModelSpec::Popularity,
            ModelSpec::Tifu(TifuParams::default()),
            tifu(3, 0.9, 0.6, 100, 0.2, Distance::Euclidean),
        ],
        Task::Discovery => {
            let mut all = vec![
                ModelSpec::Popularity,
                ModelSpec::Tifu(TifuParams::default()),
                tifu(30, 1.0, 0.9, 100, 0.5, Distance::Cosine),
            ];
            if with_content {
                all.extend(BLEND_GRID.iter().map(|&(content_weight, neighbours)| {
                    ModelSpec::Blend(BlendParams {
                        content_weight,
                        neighbours,
                        ..Default::default()
                    })
                }));
            }
            all
        }
    }
}

/// The score a task is judged by.
fn judged(task: Task, e: &Evaluation) -> f64 {
    match task {
        Task::NextBasket => e.overall.ndcg,
        Task::Discovery => e.new.ndcg,
    }
}

/// The blends `auto` tries for discovery: (content weight, similar products per bought product). One
/// setting, since each costs a TIFU-KNN fit and `auto` must stay within seconds.
const BLEND_GRID: [(f64, usize); 1] = [(0.3, 20)];

/// Chooses among `candidates(task, content.is_some())` on a validation split carved from `test.train`,
/// refits the choice on all of `test.train` and evaluates it on `test.held_out`. `content`: the products'
/// similarity lists, when a products table is loaded.
pub fn auto(
    test: &Split,
    task: Task,
    content: Option<&Content>,
    progress: &mut dyn Progress,
) -> Result<AutoChoice> {
    let validation = test.train.leave_last_out();
    if validation.held_out.iter().all(Vec::is_empty) {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            "choosing a model needs customers with at least three baskets (two to learn from, one to \
             check on, before the last one is tested); no customer has that many",
        ));
    }
    let mut tried = Vec::new();
    let mut fits = Vec::new();
    for spec in candidates(task, content.is_some()) {
        let fitted = spec.fit_sharing(&validation.train, content, &mut fits, progress)?;
        let scores = fitted.evaluate(&validation, CHOOSE_AT, task, progress)?;
        tried.push(Candidate {
            name: spec.name(),
            model: spec,
            validation: scores,
        });
    }
    let mut best = 0;
    for (i, c) in tried.iter().enumerate() {
        if tried
            .get(best)
            .is_some_and(|b| judged(task, &c.validation) > judged(task, &b.validation))
        {
            best = i;
        }
    }
    let chosen = tried
        .get(best)
        .map(|c| c.model.clone())
        .unwrap_or(ModelSpec::Popularity);
    let fitted = chosen.fit(&test.train, content, progress)?;
    let scores = fitted.evaluate(test, CHOOSE_AT, task, progress)?;
    Ok(AutoChoice {
        task,
        name: chosen.name(),
        chosen,
        candidates: tried,
        test: scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    #[test]
    fn auto_chooses_on_validation_and_reports_every_candidate() {
        let mut csv = String::from("customer,order,date,product\n");
        for c in 0..12 {
            for o in 0..6 {
                let order = c * 10 + o;
                for p in [c % 3, 3 + (c + o) % 4, 7 + o % 2] {
                    csv.push_str(&format!("c{c},{order},2024-01-{:02},p{p}\n", o + 1));
                }
            }
        }
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let split = Histories::from_dataset(&data).unwrap().leave_last_out();
        for task in [Task::NextBasket, Task::Discovery] {
            let a = auto(&split, task, None, &mut Silent).unwrap();
            assert_eq!(a.candidates.len(), candidates(task, false).len());
            let best = a
                .candidates
                .iter()
                .map(|c| judged(task, &c.validation))
                .fold(f64::MIN, f64::max);
            let chosen = a.candidates.iter().find(|c| c.model == a.chosen).unwrap();
            assert_eq!(judged(task, &chosen.validation), best);
            assert_eq!(a.test.overall.customers, 12);
            assert!(serde_json::to_string(&a)
                .unwrap()
                .contains("\"candidates\""));
        }
    }

    #[test]
    fn auto_without_enough_baskets_says_what_is_needed() {
        let csv = "customer,order,date,product\na,1,2024-01-01,x\na,2,2024-01-02,y\n";
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let split = Histories::from_dataset(&data).unwrap().leave_last_out();
        let e = auto(&split, Task::NextBasket, None, &mut Silent).unwrap_err();
        assert_eq!(e.code, ErrorCode::NoUsableRows);
    }

    #[test]
    fn explanations_say_how_often() {
        let json = serde_json::to_string(&Because::Repeat {
            baskets: 3,
            every_days: Some(7.0),
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"repeat","baskets":3,"everyDays":7.0}"#);
    }
}
