//! Exports only the benchmarks use (feature `bench-exports`): not in the shipped module.

use super::rules::Itemsets;
use super::{from_js, js_error, text_decoder, JsProgress};
use crate::analysis::Params;
use crate::rules::{self, Baskets, MiningParams};
use wasm_bindgen::prelude::*;

/// Frequent itemsets of a file with one basket per line (items separated by `delimiter`, default `,`).
#[wasm_bindgen(js_name = mineBasketLines)]
pub fn mine_basket_lines(
    bytes: &[u8],
    delimiter: Option<String>,
    options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
        js_sys::Function,
    >,
) -> Result<Itemsets, JsValue> {
    let text = crate::ingest::decode::decode(bytes, None, Some(text_decoder::decoder))
        .map_err(js_error)?
        .text;
    let delimiter = delimiter.and_then(|d| d.bytes().next()).unwrap_or(b',');
    let baskets = Baskets::from_lines(&text, delimiter).map_err(js_error)?;
    let params = from_js::<MiningParams>(options, "options")?
        .check()
        .map_err(js_error)?;
    rules::Itemsets::from_baskets(baskets, None, &params, &mut JsProgress(progress))
        .map(Itemsets)
        .map_err(js_error)
}
