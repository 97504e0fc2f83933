//! Association rules: frequent itemsets of a file's baskets, kept for rules with any filters.

use super::file::Dataset;
use super::{run, to_js};
use crate::analysis::Analysis;
use crate::rules::{self, Mine, MineInput, Rules};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Dataset {
    /// Frequent itemsets of the file's baskets (orders), kept for `Itemsets.rules`, with products named as
    /// the dataset names them now (`nameProducts`). Options: `{minSupport, minCount, maxLength, maxItemsets,
    /// itemsetBudget, minBaskets, itemColumn}`; without `minSupport` or `minCount` the support is chosen
    /// from the data; with `itemColumn` (a column of the table given to `nameProducts`) items are that
    /// column's values.
    pub fn mine(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MiningParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<Itemsets, JsValue> {
        let input = MineInput {
            data: &self.inner.dataset,
            names: &self.names,
            products: self.products.as_deref(),
        };
        Ok(Itemsets(run::<Mine>(input, options, progress)?))
    }
}

/// Frequent itemsets, from which rules are made with any filters without mining again.
#[wasm_bindgen]
pub struct Itemsets(pub(super) rules::Itemsets);

#[wasm_bindgen]
impl Itemsets {
    /// `{baskets, items, minSupport, minCount, supportChosenBy: 'given'|'data', itemsets, bySize, coverage}`;
    /// `coverage` (at attribute level): `{column, products, productsWithoutValue, basketsWithoutValue}`.
    #[wasm_bindgen(getter, unchecked_return_type = "ItemsetSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.summary())
    }

    /// Rules with item names and every metric, filtered and sorted: `{rules, exportCsv}`. Options:
    /// `{minConfidence, minLift, maxAntecedent, maxConsequent, antecedentHas, consequentHas, anySideHas,
    /// antecedentLacks, consequentLacks, sortBy, top, maxRules}`.
    #[wasm_bindgen(unchecked_return_type = "RulesResult")]
    pub fn rules(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RuleParams | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let found = run::<Rules>(&self.0, options, None)?;
        to_js(&rules::RulesResult {
            rules: rules::named(&self.0.baskets.names, &found),
            export_csv: Rules::export_csv(&self.0, &found),
        })
    }
}
