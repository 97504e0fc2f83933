//! The recommender an embedding page keeps: fitted on every purchase of a file, with copies of its ids and
//! product names so that it outlives the file, answering for customers and products by their ids. Two
//! engines serve it: the next-basket models (`next_basket::serve`, `auto` by default) and item-kNN, the model
//! for files without baskets over time, where `auto` falls back to it.

use super::choice::{ModelName, RecommenderParams};
use super::evaluate::{evaluate, EvaluationParams};
use super::interactions::{random_split, Interactions};
use super::model::{RecommendParams, Recommender};
use super::next_basket::{self, Scored, Scratch, Served, Task};
use super::scores::Scores;
use crate::analysis::{Analysis, Checked, Params};
use crate::csv_cell;
use crate::dataset::names::ProductNames;
use crate::dataset::table::KeyedTable;
use crate::dataset::{Dataset, Interner};
use crate::error::{Error, ErrorCode, Result};
use crate::progress::{Progress, Steps};
use serde::Serialize;

/// Fits the recommender on every purchase of a file.
pub struct FitRecommender;

/// A file, how its products are named now, and the products table when one is loaded (its descriptions
/// let discovery recommend products by what they are like).
#[derive(Clone, Copy)]
pub struct RecommenderInput<'a> {
    pub data: &'a Dataset,
    pub names: &'a ProductNames,
    pub products: Option<&'a KeyedTable>,
}

pub struct Fitted {
    engine: Engine,
    customers: Interner,
    products: Interner,
    names: ProductNames,
}

enum Engine {
    ItemKnn {
        model: Box<Recommender>,
        history: Interactions,
        /// What lists leave out unless asked: bought items for discovery.
        task: Task,
        /// Why item-kNN: asked for, or why `auto` could not compare the next-basket models.
        reason: String,
        /// Lists of the most bought products only: `auto` found item-kNN worse than them.
        best_sellers: bool,
    },
    Baskets(Box<Served>),
}

impl Analysis for FitRecommender {
    type Input<'a> = RecommenderInput<'a>;
    type Params = RecommenderParams;
    type Output = Fitted;

    /// Item-kNN's similarity lists hold at most `neighbours` per product; TIFU-KNN keeps `neighbours`
    /// customers per customer, a vector per customer no longer than their history.
    fn guard(_: RecommenderInput<'_>, _: &Checked<RecommenderParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        input: RecommenderInput<'_>,
        params: &Checked<RecommenderParams>,
        progress: &mut dyn Progress,
    ) -> Result<Fitted> {
        let engine = match params.model {
            ModelName::ItemKnn => item_knn(input.data, params, "as asked".into(), progress)?,
            ModelName::Auto => auto(input, params, progress)?,
            _ => Engine::Baskets(Box::new(next_basket::serve(
                input.data,
                input.products,
                params.task,
                params.basket_model(),
                progress,
            )?)),
        };
        Ok(Fitted {
            engine,
            customers: input.data.customers.clone(),
            products: input.data.products.clone(),
            names: input.names.clone(),
        })
    }

    /// Top-N for every customer with the default options.
    fn export_csv(_: RecommenderInput<'_>, fitted: &Fitted) -> String {
        // The defaults pass their own check.
        RecommendParams::default()
            .check()
            .map(|params| fitted.export_csv(&params))
            .unwrap_or_default()
    }
}

/// Below this share of repeat purchases (`Interactions::repeat_share`) a file is ratings or one-off
/// purchases: the next-basket models learn from products bought again, and a customer's last basket is not
/// what they will do next (ratings are entered in sessions), so `auto` goes to item-kNN, checked on
/// purchases held out at random.
const RARE_REPEATS: f64 = 0.01;

/// `auto`: the next-basket models compared on the file's own last baskets; on files without repeat
/// purchases, or with too few baskets to compare on, item-kNN checked against best sellers.
fn auto(
    input: RecommenderInput<'_>,
    params: &RecommenderParams,
    progress: &mut dyn Progress,
) -> Result<Engine> {
    let history = Interactions::from_dataset(input.data)?;
    let repeats = history.repeat_share();
    let (task, why) = if repeats < RARE_REPEATS {
        let why = format!(
            "customers bought a product again in {:.1}% of their purchases, too few for the next-basket \
             models, so new products only",
            100.0 * repeats
        );
        (Task::Discovery, why)
    } else {
        match next_basket::serve(input.data, input.products, params.task, None, progress) {
            Ok(served) => return Ok(Engine::Baskets(Box::new(served))),
            Err(e) if matches!(e.code, ErrorCode::NoUsableRows | ErrorCode::MissingColumn) => (
                params.task,
                format!(
                    "the next-basket models could not be compared: {}",
                    e.message
                ),
            ),
            Err(e) => return Err(e),
        }
    };
    let checked = EvaluationParams {
        split: Some("random".into()),
        seed: params.seed,
        exclude_bought: task == Task::Discovery,
        knn: params.knn.clone(),
        ..EvaluationParams::default()
    }
    .check()?;
    let progress = &mut Steps::new(progress, 2);
    let held_out = random_split(&history, checked.test_share, checked.seed)?;
    let (best_sellers, reason) = match evaluate(&held_out, &checked, progress) {
        Ok(e) => {
            let (knn, popular) = (e.model.ndcg, e.popularity.ndcg);
            let verdict = if knn >= popular {
                "item-kNN"
            } else {
                "best sellers"
            };
            // Equal as shown is a tie, said so: item-kNN is kept, since it gives each customer their own list.
            let (knn_shown, popular_shown) = (format!("{knn:.3}"), format!("{popular:.3}"));
            let comparison = if knn_shown == popular_shown {
                format!("the same as best sellers' ({popular_shown})")
            } else {
                format!("{knn_shown} against best sellers' {popular_shown}")
            };
            let tie = if knn_shown == popular_shown && verdict == "item-kNN" {
                ", which gives each customer a list of their own"
            } else {
                ""
            };
            let reason = format!(
                "{why}; item-kNN's nDCG@{k} (how high the purchases held out rank in its top {k}, 0 to 1) is \
                 {comparison} on a random {share:.0}% of the purchases held out, so {verdict}{tie}",
                k = checked.k,
                share = 100.0 * checked.test_share
            );
            (knn < popular, reason)
        }
        Err(e) if e.code == ErrorCode::NoUsableRows => (false, format!("{why}: item-kNN")),
        Err(e) => return Err(e),
    };
    let model = Recommender::fit(&history, &params.knn, progress)?;
    Ok(Engine::ItemKnn {
        model: Box::new(model),
        history,
        task,
        reason,
        best_sellers,
    })
}

fn item_knn(
    data: &Dataset,
    params: &RecommenderParams,
    reason: String,
    progress: &mut dyn Progress,
) -> Result<Engine> {
    let history = Interactions::from_dataset(data)?;
    let model = Recommender::fit(&history, &params.knn, progress)?;
    Ok(Engine::ItemKnn {
        model: Box::new(model),
        history,
        task: params.task,
        reason,
        best_sellers: false,
    })
}

// Results name a product by `product` (its id), `name` (null when none is known) and `label` ("name (id)",
// or the id) fields of their own rather than a flattened struct: serde's flatten links a map serializer
// that costs kilobytes of wasm.

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reason<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    /// "name (id)" where the file names the product, else its id (`product_label`).
    pub label: String,
    pub share: f32,
}

/// Why a product is recommended, in the page's words: "you buy this every N days", "customers who shop
/// like you buy it", "goes with X, which you buy", "like X, which you bought", or a best seller.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Why<'a> {
    /// Bought `times` before (in that many baskets, for the next-basket models), on average `everyDays`
    /// apart (null when unknown: one basket, all on one day, or item-kNN, which does not see dates).
    #[serde(rename_all = "camelCase")]
    Repeat {
        times: u32,
        every_days: Option<f64>,
    },
    SimilarCustomers,
    BoughtWith {
        product: &'a str,
        name: Option<&'a str>,
        label: String,
    },
    LikeBought {
        product: &'a str,
        name: Option<&'a str>,
        label: String,
    },
    Popular,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Recommended<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    /// "name (id)" where the file names the product, else its id (`product_label`).
    pub label: String,
    pub score: f32,
    pub popular: bool,
    /// Item-kNN: share of the score from having bought it before (0 when bought items are excluded). The
    /// next-basket models leave it 0 and say it in `why`.
    pub repeat_share: f32,
    /// Item-kNN: the bought products that led to it, with their share of the score.
    pub because: Vec<Reason<'a>>,
    /// The main reason, for every model.
    pub why: Why<'a>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ForCustomer<'a> {
    pub customer: &'a str,
    /// false: the customer has no purchase in the file, so the list is the most popular products.
    pub known: bool,
    pub bought: usize,
    pub recommendations: Vec<Recommended<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ModelSummary {
    pub customers: usize,
    pub products: usize,
    /// Distinct customer-product pairs learned from.
    pub pairs: usize,
    /// Item-kNN's product-product similarities (0 for the next-basket models).
    pub similarities: usize,
    /// The model fitted, with its settings.
    pub model: String,
    /// What it was fitted for, and what lists leave out unless asked otherwise.
    pub task: Task,
    /// Why this model: "as asked", what `auto` compared, or why it fell back to item-kNN.
    pub reason: String,
    /// On each customer's last basket, held out (the model fitted without it): the model first, then the
    /// baselines. Empty for item-kNN (its evaluation is `evaluateRecommendations`) and when no customer
    /// has two baskets.
    pub test: Vec<Scored>,
    /// `auto`'s candidates on each customer's second-to-last basket, in the order tried.
    pub candidates: Vec<Scored>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Related<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    /// "name (id)" where the file names the product, else its id (`product_label`).
    pub label: String,
    pub similarity: f32,
}

/// One recommendation by item numbers, before it is named.
struct Raw {
    item: u32,
    score: f32,
    repeat_share: f32,
    because: Vec<(u32, f32)>,
    why: next_basket::Because,
}

/// Scratch space of the engine, sized to the products and reused across customers.
enum Work {
    ItemKnn(Scores),
    Baskets(Box<Scratch>),
}

impl Fitted {
    pub fn summary(&self) -> ModelSummary {
        match &self.engine {
            Engine::ItemKnn {
                model,
                history,
                task,
                reason,
                best_sellers,
            } => ModelSummary {
                customers: history.len(),
                products: history.items,
                pairs: history.pairs(),
                similarities: model.knn.similarity.len(),
                model: if *best_sellers {
                    "best sellers"
                } else {
                    "item-kNN"
                }
                .into(),
                task: *task,
                reason: reason.clone(),
                test: Vec::new(),
                candidates: Vec::new(),
            },
            Engine::Baskets(s) => ModelSummary {
                customers: s.history.len(),
                products: s.history.items,
                pairs: (0..s.history.len())
                    .map(|r| s.history.bought(r).len())
                    .sum(),
                similarities: 0,
                model: s.report.model.clone(),
                task: s.task,
                reason: s.report.reason.clone(),
                test: s.report.test.clone(),
                candidates: s.report.candidates.clone(),
            },
        }
    }

    /// Top-N for one customer id; an id with no purchase gets the most popular products.
    pub fn recommend<'a>(
        &'a self,
        customer: &'a str,
        params: &Checked<RecommendParams>,
    ) -> ForCustomer<'a> {
        let row = self.row(customer);
        let (bought, found) = self.raw(row, params, &mut self.work());
        ForCustomer {
            customer,
            known: row.is_some(),
            bought,
            recommendations: found
                .into_iter()
                .map(|r| {
                    let (product, name, label) = self.item(r.item);
                    Recommended {
                        product,
                        name,
                        label,
                        score: r.score,
                        popular: r.why == next_basket::Because::Popular,
                        repeat_share: r.repeat_share,
                        because: r
                            .because
                            .iter()
                            .map(|&(i, share)| {
                                let (product, name, label) = self.item(i);
                                Reason {
                                    product,
                                    name,
                                    label,
                                    share,
                                }
                            })
                            .collect(),
                        why: self.why(&r.why),
                    }
                })
                .collect(),
        }
    }

    /// Top-N for every customer as CSV (customer, rank, product_id, product_name, score, popular, because):
    /// `because` is item-kNN's reasons' labels, or the next-basket models' reason in words.
    pub fn export_csv(&self, params: &Checked<RecommendParams>) -> String {
        let mut w = csv_cell::CsvFile::new();
        w.row([
            "customer",
            "rank",
            "product_id",
            "product_name",
            "score",
            "popular",
            "because",
        ]);
        let mut work = self.work();
        for (row, customer) in self.customer_ids().enumerate() {
            let who = csv_cell::text(customer);
            for (rank, r) in self.raw(Some(row), params, &mut work).1.iter().enumerate() {
                let because = if r.because.is_empty() {
                    self.why_in_words(&r.why)
                } else {
                    let labels: Vec<String> =
                        r.because.iter().map(|&(i, _)| self.item(i).2).collect();
                    labels.join(" | ")
                };
                w.row([
                    who.clone(),
                    (rank + 1).to_string(),
                    csv_cell::text(self.products.name(r.item)),
                    csv_cell::text(self.names.name(r.item).unwrap_or_default()),
                    format!("{:.6}", r.score),
                    (r.why == next_basket::Because::Popular).to_string(),
                    csv_cell::text(&because),
                ]);
            }
        }
        w.finish()
    }

    /// The products most similar to one (by who bought them), 10 unless `n` says. Item-kNN only.
    pub fn similar_products(&self, product: &str, n: Option<usize>) -> Result<Vec<Related<'_>>> {
        let Engine::ItemKnn { model, .. } = &self.engine else {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "similar products come from item-kNN's similarities: fit recommender({model: 'itemKnn'}) \
                 for them",
            ));
        };
        let p = product_id(&self.products, &self.names, product)?;
        Ok(model
            .knn
            .similar(p, n.unwrap_or(10))
            .iter()
            .map(|&(i, similarity)| {
                let (product, name, label) = self.item(i);
                Related {
                    product,
                    name,
                    label,
                    similarity,
                }
            })
            .collect())
    }

    /// Customer ids in the order of the file, for pickers.
    pub fn customer_ids(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        let ids: &[u32] = match &self.engine {
            Engine::ItemKnn { history, .. } => &history.users,
            Engine::Baskets(s) => &s.history.customers,
        };
        Box::new(ids.iter().map(|&c| self.customers.name(c)))
    }

    fn work(&self) -> Work {
        match &self.engine {
            Engine::ItemKnn { history, .. } => Work::ItemKnn(Scores::new(history.items)),
            Engine::Baskets(s) => Work::Baskets(Box::new(Scratch::new(s.history.items))),
        }
    }

    /// The number of products row `row` bought, and its top-N (popular products for `None`).
    fn raw(
        &self,
        row: Option<usize>,
        params: &RecommendParams,
        work: &mut Work,
    ) -> (usize, Vec<Raw>) {
        match (&self.engine, work) {
            (
                Engine::ItemKnn {
                    model,
                    history,
                    task,
                    best_sellers,
                    ..
                },
                Work::ItemKnn(acc),
            ) => {
                let (items, counts) = row.map(|r| history.row(r)).unwrap_or((&[], &[]));
                let asked = RecommendParams {
                    exclude_bought: Some(excludes(params, *task)),
                    ..params.clone()
                };
                let found = if *best_sellers {
                    let mut found = Vec::new();
                    let skip = if asked.excludes_bought() { items } else { &[] };
                    model.fill_popular(skip, asked.n, &mut found);
                    found
                } else {
                    model.recommend(items, counts, &asked, acc)
                };
                let raw = found
                    .into_iter()
                    .map(|r| {
                        let bought = items.binary_search(&r.item).ok();
                        let why = match (r.popular, r.because.first()) {
                            (true, _) => next_basket::Because::Popular,
                            (false, _) if r.repeat_share >= 0.5 => next_basket::Because::Repeat {
                                baskets: bought
                                    .and_then(|k| counts.get(k))
                                    .map_or(0, |&c| c as u32),
                                every_days: None,
                            },
                            (false, Some(b)) => next_basket::Because::BoughtWith { item: b.item },
                            (false, None) => next_basket::Because::Popular,
                        };
                        Raw {
                            item: r.item,
                            score: r.score,
                            repeat_share: r.repeat_share,
                            because: r.because.iter().map(|b| (b.item, b.share)).collect(),
                            why,
                        }
                    })
                    .collect();
                (items.len(), raw)
            }
            (Engine::Baskets(s), Work::Baskets(scratch)) => {
                let task = if excludes(params, s.task) {
                    Task::Discovery
                } else {
                    Task::NextBasket
                };
                let found = match row {
                    Some(r) => s.fitted.recommend(&s.history, r, params.n, task, scratch),
                    None => {
                        let mut list = Vec::new();
                        s.fitted.popularity.fill(&mut list, params.n, &[]);
                        list
                    }
                };
                let raw = found
                    .into_iter()
                    .map(|r| Raw {
                        item: r.item,
                        score: r.score as f32,
                        repeat_share: 0.0,
                        because: Vec::new(),
                        why: r.because,
                    })
                    .collect();
                (row.map_or(0, |r| s.history.bought(r).len()), raw)
            }
            // `work` is always made by `self.work()`.
            _ => (0, Vec::new()),
        }
    }

    fn why(&self, because: &next_basket::Because) -> Why<'_> {
        use next_basket::Because as B;
        match *because {
            B::Repeat {
                baskets,
                every_days,
            } => Why::Repeat {
                times: baskets,
                every_days,
            },
            B::SimilarCustomers => Why::SimilarCustomers,
            B::BoughtWith { item } => {
                let (product, name, label) = self.item(item);
                Why::BoughtWith {
                    product,
                    name,
                    label,
                }
            }
            B::LikeBought { item } => {
                let (product, name, label) = self.item(item);
                Why::LikeBought {
                    product,
                    name,
                    label,
                }
            }
            B::Popular => Why::Popular,
        }
    }

    /// The reason as the export's `because` column says it.
    fn why_in_words(&self, because: &next_basket::Because) -> String {
        use next_basket::Because as B;
        match *because {
            B::Repeat {
                baskets,
                every_days: Some(days),
            } => format!("bought in {baskets} baskets, every {days:.0} days"),
            B::Repeat { baskets, .. } => format!("bought in {baskets} baskets"),
            B::SimilarCustomers => "customers who shop alike buy it".into(),
            B::BoughtWith { item } => format!("goes with {}", self.item(item).2),
            B::LikeBought { item } => format!("like {}", self.item(item).2),
            B::Popular => String::new(),
        }
    }

    /// A product's id, name and label.
    fn item(&self, i: u32) -> (&str, Option<&str>, String) {
        let id = self.products.name(i);
        (id, self.names.name(i), self.names.label(i, id))
    }

    /// The row of a customer id: both engines keep customer ids in ascending order.
    fn row(&self, customer: &str) -> Option<usize> {
        let c = self.customers.get(customer)?;
        match &self.engine {
            Engine::ItemKnn { history, .. } => history.users.binary_search(&c).ok(),
            Engine::Baskets(s) => s.history.customers.binary_search(&c).ok(),
        }
    }
}

/// Whether bought items are left out: as asked, else as the model's task says.
fn excludes(params: &RecommendParams, task: Task) -> bool {
    params.exclude_bought.unwrap_or(task == Task::Discovery)
}

/// The product the caller means: by its id, else by its name when one product has it; or an error saying
/// which (a name several products share lists their ids).
pub(super) fn product_id(products: &Interner, names: &ProductNames, text: &str) -> Result<u32> {
    if let Some(p) = products.get(text) {
        return Ok(p);
    }
    // As results show a named product: `Name (id)`.
    let shown = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
        .and_then(|(_, id)| products.get(id));
    if let Some(p) = shown {
        return Ok(p);
    }
    let invalid = |m: String| Error::new(ErrorCode::InvalidOption, m);
    match names.named(text)[..] {
        [p] => Ok(p),
        [] => Err(invalid(format!(
            "no product with the id or name `{}` in the file",
            crate::error::excerpt(text)
        ))),
        ref several => Err(invalid(format!(
            "{} products are named `{}`: give one's id ({})",
            several.len(),
            crate::error::excerpt(text),
            several
                .iter()
                .take(5)
                .map(|&p| products.name(p))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    /// Ratings-like: 40 customers in two groups of taste, each rating 8 of their group's 12 films once,
    /// on dates a day apart.
    fn ratings() -> Dataset {
        let mut csv = String::from("customer,product,date\n");
        for c in 0..40 {
            let group = c % 2;
            for k in 0..8 {
                let film = group * 12 + (c / 2 + k * 5) % 12;
                csv.push_str(&format!("c{c},f{film},2024-01-{:02}\n", 1 + k));
            }
        }
        ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset
    }

    fn fit(data: &Dataset) -> Fitted {
        let names = ProductNames::new(data, None);
        let input = RecommenderInput {
            data,
            names: &names,
            products: None,
        };
        FitRecommender::check_and_run(input, RecommenderParams::default(), &mut Silent).unwrap()
    }

    #[test]
    fn a_product_is_found_by_its_id_or_by_a_name_only_it_has() {
        let csv =
            "customer,sku,name\nc1,BEAN-01,Wool Beanie\nc1,TEE-01,Tee\nc2,TEE-02,Tee\nc2,GIFT,\n";
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let names = ProductNames::new(&data, None);
        let find = |text: &str| product_id(&data.products, &names, text);
        assert_eq!(find("BEAN-01").unwrap(), find(" wool beanie ").unwrap());
        assert_eq!(data.products.name(find("GIFT").unwrap()), "GIFT");
        // As results show it, "Name (id)": the id decides, even where the name is shared.
        assert_eq!(data.products.name(find("Tee (TEE-02)").unwrap()), "TEE-02");
        let shared = find("Tee").unwrap_err().message;
        assert_eq!(
            shared,
            "2 products are named `Tee`: give one's id (TEE-01, TEE-02)"
        );
        let missing = find("Hoodie").unwrap_err().message;
        assert_eq!(
            missing,
            "no product with the id or name `Hoodie` in the file"
        );
    }

    #[test]
    fn auto_serves_new_products_by_item_knn_where_nothing_is_bought_twice() {
        let data = ratings();
        let fitted = fit(&data);
        let summary = fitted.summary();
        assert_eq!(summary.model, "item-kNN", "{}", summary.reason);
        assert_eq!(summary.task, Task::Discovery);
        assert!(
            summary.reason.contains("0.0% of their purchases"),
            "{}",
            summary.reason
        );
        let ask = RecommendParams::default().check().unwrap();
        let found = fitted.recommend("c0", &ask);
        // c0's group has 4 films it has not rated: those first, then best sellers to fill 10.
        let (similar, filled) = found.recommendations.split_at(4);
        assert!(similar.iter().all(|r| {
            let film: usize = r.product[1..].parse().unwrap();
            film < 12 && !r.popular
        }));
        assert_eq!(filled.len(), 6);
        assert!(filled.iter().all(|r| r.popular));
    }

    #[test]
    fn best_sellers_leave_out_what_was_bought_when_asked() {
        let data = ratings();
        let mut fitted = fit(&data);
        let Engine::ItemKnn { best_sellers, .. } = &mut fitted.engine else {
            panic!("item-kNN expected");
        };
        *best_sellers = true;
        assert_eq!(fitted.summary().model, "best sellers");
        let ask = RecommendParams::default().check().unwrap();
        let found = fitted.recommend("c0", &ask);
        assert_eq!(found.recommendations.len(), 10);
        let bought = fitted.recommend(
            "c0",
            &RecommendParams {
                exclude_bought: Some(false),
                ..Default::default()
            }
            .check()
            .unwrap(),
        );
        assert!(found.recommendations.iter().all(|r| r.popular));
        assert_ne!(found.recommendations, bought.recommendations);
    }
}
