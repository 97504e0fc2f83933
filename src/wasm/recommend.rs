//! The recommendation part of the JS binding: conversions only.

use super::{from_js, js_error, set, to_js, Dataset, JsProgress};
use crate::error::{Error, ErrorCode};
use crate::ingest::Interner;
use crate::product_names::ProductNames;
use crate::recommend::{
    bought_together, evaluate, last_order_split, model, random_split, EvaluationParams,
    Interactions, ItemKnnParams, RecommendParams, Recommender, Scores, TogetherParams,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A recommender fitted on every purchase of a file.
#[wasm_bindgen]
pub struct RecommenderModel {
    model: Recommender,
    history: Interactions,
    /// The file's customer and product ids (copies of the dataset's, so the model outlives it).
    customers: Interner,
    products: Interner,
    names: ProductNames,
}

// Results name a product by `product` (its id), `name` (null when none is known) and `label` ("name (id)",
// or the id) fields of their own rather than a flattened struct: serde's flatten links a map serializer
// that costs kilobytes of wasm.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Reason<'a> {
    product: &'a str,
    name: Option<&'a str>,
    label: String,
    share: f32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Recommended<'a> {
    product: &'a str,
    name: Option<&'a str>,
    label: String,
    score: f32,
    popular: bool,
    /// Share of the score from having bought it before (when bought items are not excluded).
    repeat_share: f32,
    because: Vec<Reason<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ForCustomer<'a> {
    customer: &'a str,
    /// false: the customer has no purchase in the file, so the list is the most popular products.
    known: bool,
    bought: usize,
    recommendations: Vec<Recommended<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelSummary {
    customers: usize,
    products: usize,
    pairs: usize,
    similarities: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Related<'a> {
    product: &'a str,
    name: Option<&'a str>,
    label: String,
    similarity: f32,
}

impl RecommenderModel {
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

#[wasm_bindgen]
impl RecommenderModel {
    /// `{customers, products, pairs, similarities}`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&ModelSummary {
            customers: self.history.len(),
            products: self.history.items,
            pairs: self.history.pairs(),
            similarities: self.model.knn.similarity.len(),
        })
    }

    /// Top-N for one customer: `{customer, known, bought, recommendations: [{product, name, label, score,
    /// popular, repeatShare, because: [{product, name, label, share}]}]}`. Options: `{n, excludeBought,
    /// explain, repeatWeight}`.
    pub fn recommend(&self, customer: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let params: RecommendParams = from_js(options, "options")?;
        params.validate().map_err(js_error)?;
        let row = self.row(customer);
        let (items, counts) = row.map(|r| self.history.row(r)).unwrap_or((&[], &[]));
        let mut acc = Scores::new(self.history.items);
        let found = self.model.recommend(items, counts, &params, &mut acc);
        to_js(&ForCustomer {
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
        })
    }

    /// Top-N for every customer as CSV (customer, rank, product_id, product_name, score, popular, because).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, options: JsValue) -> Result<String, JsValue> {
        let params: RecommendParams = from_js(options, "options")?;
        params.validate().map_err(js_error)?;
        Ok(model::export_csv(
            &self.model,
            &self.history,
            &params,
            &self.customers,
            &self.products,
            &self.names,
        ))
    }

    /// The products most similar to one (by who bought them): `[{product, name, label, similarity}]`.
    pub fn similar(&self, product: &str, n: Option<usize>) -> Result<JsValue, JsValue> {
        let p = product_id(&self.products, product)?;
        let found = self.model.knn.similar(p, n.unwrap_or(10));
        to_js(
            &found
                .iter()
                .map(|&(i, s)| {
                    let (product, name, label) = self.item(i);
                    Related {
                        product,
                        name,
                        label,
                        similarity: s,
                    }
                })
                .collect::<Vec<_>>(),
        )
    }

    /// Customer ids in the order of the file, for pickers.
    #[wasm_bindgen(js_name = customerIds)]
    pub fn customer_ids(&self) -> Vec<String> {
        self.history
            .users
            .iter()
            .map(|&c| self.customers.name(c).to_owned())
            .collect()
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct EvaluateOptions {
    /// `lastOrder` (default when the file has orders and dates) or `random`.
    split: Option<String>,
    test_share: Option<f64>,
    seed: Option<u64>,
    k: Option<usize>,
    exclude_bought: Option<bool>,
    knn: Option<ItemKnnParams>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TogetherOut<'a> {
    cart_baskets: u64,
    /// The cart's products as shown: "Name (id)" where a name is known.
    cart_labels: Vec<String>,
    items: Vec<TogetherItem<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TogetherItem<'a> {
    product: &'a str,
    name: Option<&'a str>,
    label: String,
    count: u64,
    confidence: f64,
    lift: f64,
}

#[wasm_bindgen]
impl Dataset {
    /// Fits item-kNN on every purchase. Options: `{neighbours, weighting: 'rp3Beta'|'bm25'|'tfIdf'|'cosine',
    /// bm25K1, bm25B, alpha, beta}`. Products are named as the dataset names them now (`nameProducts`).
    pub fn recommender(
        &self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<RecommenderModel, JsValue> {
        let params: ItemKnnParams = from_js(options, "options")?;
        let data = &self.inner.dataset;
        let history = Interactions::from_dataset(data).map_err(js_error)?;
        let model =
            Recommender::fit(&history, &params, &mut JsProgress(progress)).map_err(js_error)?;
        Ok(RecommenderModel {
            names: self.names.clone(),
            customers: data.customers.clone(),
            products: data.products.clone(),
            model,
            history,
        })
    }

    /// Offline evaluation beside popularity: `{k, users, trainPairs, testPairs, model: {precision, recall,
    /// ndcg, map, hitRate, coverage}, popularity: {...}, buyAgain: {...} | null, split}`. Options: `{split: 'lastOrder'|'random',
    /// testShare: 0.2, seed: 42, k: 10, excludeBought: true, knn: {...}}`.
    #[wasm_bindgen(js_name = evaluateRecommendations)]
    pub fn evaluate_recommendations(
        &self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let opts: EvaluateOptions = from_js(options, "options")?;
        let data = &self.inner.dataset;
        let defaults = EvaluationParams::default();
        let params = EvaluationParams {
            k: opts.k.unwrap_or(defaults.k),
            exclude_bought: opts.exclude_bought.unwrap_or(defaults.exclude_bought),
            knn: opts.knn.unwrap_or(defaults.knn),
        };
        let time_aware = !data.lines.order.is_empty() && !data.lines.time.is_empty();
        let split_name = opts
            .split
            .unwrap_or_else(|| if time_aware { "lastOrder" } else { "random" }.into());
        let split = match split_name.as_str() {
            "lastOrder" => last_order_split(data),
            "random" => Interactions::from_dataset(data).and_then(|all| {
                random_split(
                    &all,
                    opts.test_share.unwrap_or(0.2),
                    opts.seed.unwrap_or(42),
                )
            }),
            other => Err(Error::new(
                ErrorCode::InvalidOption,
                format!("split `{other}`: use `lastOrder` or `random`"),
            )),
        }
        .map_err(js_error)?;
        let result = evaluate(&split, &params, &mut JsProgress(progress)).map_err(js_error)?;
        let out = to_js(&result)?;
        set(&out, "split", &split_name.into());
        Ok(out)
    }

    /// Products bought with any of `products` (ids), most often first, where more than chance:
    /// `{cartBaskets, cartLabels, items: [{product, name, label, count, confidence, lift}]}`. Options:
    /// `{n, minCount}`.
    #[wasm_bindgen(js_name = boughtTogether)]
    pub fn bought_together(
        &self,
        products: Vec<String>,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let params: TogetherParams = from_js(options, "options")?;
        let data = &self.inner.dataset;
        let cart = products
            .iter()
            .map(|p| product_id(&data.products, p))
            .collect::<Result<Vec<u32>, JsValue>>()?;
        let list = bought_together(&data.baskets, data.products.len(), &cart, &params)
            .map_err(js_error)?;
        to_js(&TogetherOut {
            cart_baskets: list.cart_baskets,
            cart_labels: cart
                .iter()
                .map(|&p| self.names.label(p, data.products.name(p)))
                .collect(),
            items: list
                .items
                .iter()
                .map(|t| TogetherItem {
                    product: data.products.name(t.item),
                    name: self.names.name(t.item),
                    label: self.names.label(t.item, data.products.name(t.item)),
                    count: t.count,
                    confidence: t.confidence,
                    lift: t.lift,
                })
                .collect(),
        })
    }
}

/// The id of a product the caller names, or an error saying it is not in the file.
fn product_id(products: &Interner, id: &str) -> Result<u32, JsValue> {
    products.get(id).ok_or_else(|| {
        js_error(Error::new(
            ErrorCode::InvalidOption,
            format!("no product `{id}` in the file"),
        ))
    })
}
