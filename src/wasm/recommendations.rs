//! Product recommendations: the fitted recommender and its queries, offline evaluation, and products
//! bought together.

use super::file::Dataset;
use super::{from_js, js_error, run, to_js};
use crate::analysis::Params;
use crate::recommend::{
    self, BoughtTogether, EvaluateRecommendations, FitRecommender, RecommendParams,
    RecommenderInput, TogetherInput,
};
use wasm_bindgen::prelude::*;

/// A recommender fitted on every purchase of a file (it keeps copies of the ids, so it outlives the file).
#[wasm_bindgen]
pub struct RecommenderModel(recommend::Fitted);

#[wasm_bindgen]
impl Dataset {
    /// Fits the recommender on every purchase. Options: `{model: 'auto'|'itemKnn'|'tifu'|'pTopFreq'|
    /// 'gpTopFreq'|'popularity', task: 'nextBasket'|'discovery', knn: {neighbours, weighting, ...}, tifu:
    /// {groups, withinDecay, groupDecay, neighbours, alpha, distance}}`. Products are named as the dataset
    /// names them now (`nameProducts`), and the products table kept there lets discovery compare products'
    /// descriptions.
    pub fn recommender(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommenderParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<RecommenderModel, JsValue> {
        let input = RecommenderInput {
            data: &self.inner.dataset,
            names: &self.names,
            products: self.products.as_deref(),
        };
        Ok(RecommenderModel(run::<FitRecommender>(
            input, options, progress,
        )?))
    }

    /// Offline evaluation beside popularity: `{k, users, trainPairs, testPairs, split, model: {precision,
    /// recall, ndcg, map, hitRate, coverage}, popularity: {...}, buyAgain: {...} | null}`. Options:
    /// `{split: 'lastOrder'|'random', testShare: 0.2, seed: 42, k: 10, excludeBought: true, knn: {...}}`.
    #[wasm_bindgen(js_name = evaluateRecommendations, unchecked_return_type = "Evaluation")]
    pub fn evaluate_recommendations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvaluationParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<JsValue, JsValue> {
        to_js(&run::<EvaluateRecommendations>(
            &self.inner.dataset,
            options,
            progress,
        )?)
    }

    /// Products bought with any of `products` (ids), most often first, where more than chance:
    /// `{cartBaskets, cartLabels, items: [{product, name, label, count, confidence, lift}]}`. Options:
    /// `{n, minCount}`.
    #[wasm_bindgen(js_name = boughtTogether, unchecked_return_type = "TogetherResult")]
    pub fn bought_together(
        &self,
        products: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "TogetherParams | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = TogetherInput {
            data: &self.inner.dataset,
            names: &self.names,
            cart: &products,
        };
        to_js(&run::<BoughtTogether>(input, options, None)?)
    }
}

#[wasm_bindgen]
impl RecommenderModel {
    /// `{customers, products, pairs, similarities}`.
    #[wasm_bindgen(getter, unchecked_return_type = "ModelSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.summary())
    }

    /// Top-N for one customer: `{customer, known, bought, recommendations: [{product, name, label, score,
    /// popular, repeatShare, because: [{product, name, label, share}]}]}`. Options: `{n, excludeBought,
    /// explain, repeatWeight}`.
    #[wasm_bindgen(unchecked_return_type = "ForCustomer")]
    pub fn recommend(
        &self,
        customer: &str,
        #[wasm_bindgen(unchecked_param_type = "RecommendParams | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let params = checked(options)?;
        to_js(&self.0.recommend(customer, &params))
    }

    /// Top-N for every customer as CSV (customer, rank, product_id, product_name, score, popular, because).
    #[wasm_bindgen(js_name = exportRecommendations)]
    pub fn export_recommendations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RecommendParams | undefined")] options: JsValue,
    ) -> Result<String, JsValue> {
        Ok(self.0.export_csv(&checked(options)?))
    }

    /// The products most similar to one (by who bought them): `[{product, name, label, similarity}]`.
    #[wasm_bindgen(js_name = similarProducts, unchecked_return_type = "Related[]")]
    pub fn similar_products(&self, product: &str, n: Option<usize>) -> Result<JsValue, JsValue> {
        to_js(&self.0.similar_products(product, n).map_err(js_error)?)
    }

    /// Customer ids in the order of the file, for pickers.
    #[wasm_bindgen(js_name = customerIds)]
    pub fn customer_ids(&self) -> Vec<String> {
        self.0.customer_ids().map(str::to_owned).collect()
    }
}

fn checked(options: JsValue) -> Result<crate::analysis::Checked<RecommendParams>, JsValue> {
    from_js::<RecommendParams>(options, "options")?
        .check()
        .map_err(js_error)
}
