//! The recommender an embedding page keeps: fitted on every purchase of a file, with copies of its ids and
//! product names so that it outlives the file, answering for customers and products by their ids.

use super::interactions::Interactions;
use super::knn::ItemKnnParams;
use super::model::{self, RecommendParams, Recommender};
use super::scores::Scores;
use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::names::ProductNames;
use crate::dataset::{Dataset, Interner};
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::Serialize;

/// Fits the recommender on every purchase of a file.
pub struct FitRecommender;

/// A file and how its products are named now.
#[derive(Clone, Copy)]
pub struct RecommenderInput<'a> {
    pub data: &'a Dataset,
    pub names: &'a ProductNames,
}

pub struct Fitted {
    model: Recommender,
    history: Interactions,
    customers: Interner,
    products: Interner,
    names: ProductNames,
}

impl Analysis for FitRecommender {
    type Input<'a> = RecommenderInput<'a>;
    type Params = ItemKnnParams;
    type Output = Fitted;

    /// The similarity lists hold at most `neighbours` per product, bounded by the products.
    fn guard(_: RecommenderInput<'_>, _: &Checked<ItemKnnParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        input: RecommenderInput<'_>,
        params: &Checked<ItemKnnParams>,
        progress: &mut dyn Progress,
    ) -> Result<Fitted> {
        let history = Interactions::from_dataset(input.data)?;
        let model = Recommender::fit(&history, params, progress)?;
        Ok(Fitted {
            model,
            history,
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

// Results name a product by `product` (its id), `name` (null when none is known) and `label` ("name (id)",
// or the id) fields of their own rather than a flattened struct: serde's flatten links a map serializer
// that costs kilobytes of wasm.

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reason<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    pub label: String,
    pub share: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Recommended<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    pub label: String,
    pub score: f32,
    pub popular: bool,
    /// Share of the score from having bought it before (0 when bought items are excluded).
    pub repeat_share: f32,
    pub because: Vec<Reason<'a>>,
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
    pub pairs: usize,
    pub similarities: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Related<'a> {
    pub product: &'a str,
    pub name: Option<&'a str>,
    pub label: String,
    pub similarity: f32,
}

impl Fitted {
    pub fn summary(&self) -> ModelSummary {
        ModelSummary {
            customers: self.history.len(),
            products: self.history.items,
            pairs: self.history.pairs(),
            similarities: self.model.knn.similarity.len(),
        }
    }

    /// Top-N for one customer id; an id with no purchase gets the most popular products.
    pub fn recommend<'a>(
        &'a self,
        customer: &'a str,
        params: &Checked<RecommendParams>,
    ) -> ForCustomer<'a> {
        let row = self.row(customer);
        let (items, counts) = row.map(|r| self.history.row(r)).unwrap_or((&[], &[]));
        let mut acc = Scores::new(self.history.items);
        let found = self.model.recommend(items, counts, params, &mut acc);
        ForCustomer {
            customer,
            known: row.is_some(),
            bought: items.len(),
            recommendations: found
                .iter()
                .map(|r| {
                    let (product, name, label) = self.item(r.item);
                    Recommended {
                        product,
                        name,
                        label,
                        score: r.score,
                        popular: r.popular,
                        repeat_share: r.repeat_share,
                        because: r
                            .because
                            .iter()
                            .map(|b| {
                                let (product, name, label) = self.item(b.item);
                                Reason {
                                    product,
                                    name,
                                    label,
                                    share: b.share,
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }

    /// Top-N for every customer as CSV (customer, rank, product_id, product_name, score, popular, because).
    pub fn export_csv(&self, params: &Checked<RecommendParams>) -> String {
        model::export_csv(
            &self.model,
            &self.history,
            params,
            &self.customers,
            &self.products,
            &self.names,
        )
    }

    /// The products most similar to one (by who bought them), 10 unless `n` says.
    pub fn similar_products(&self, product: &str, n: Option<usize>) -> Result<Vec<Related<'_>>> {
        let p = product_id(&self.products, product)?;
        Ok(self
            .model
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
    pub fn customer_ids(&self) -> impl Iterator<Item = &str> {
        self.history.users.iter().map(|&c| self.customers.name(c))
    }

    /// A product's id, name and label.
    fn item(&self, i: u32) -> (&str, Option<&str>, String) {
        let id = self.products.name(i);
        (id, self.names.name(i), self.names.label(i, id))
    }

    /// The history row of a customer id: `history.users` holds customer ids in ascending order.
    fn row(&self, customer: &str) -> Option<usize> {
        let c = self.customers.get(customer)?;
        self.history.users.binary_search(&c).ok()
    }
}

/// The id of a product the caller names, or an error saying it is not in the file.
pub(super) fn product_id(products: &Interner, id: &str) -> Result<u32> {
    products.get(id).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("no product `{}` in the file", crate::error::excerpt(id)),
        )
    })
}
