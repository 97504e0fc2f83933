//! A products table (one row per product: category, department, brand...): names products, and its columns
//! can stand for products in baskets. A dataset given it (`nameProducts`) shares it.

use super::{from_js, js_error, text_decoder, to_js};
use crate::dataset::names::ProductTableSummary;
use crate::dataset::table::KeyedTable;
use crate::ingest::table::{read_keyed_table, TableOptions};
use crate::ingest::Role;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct ProductTable {
    pub(super) inner: Rc<KeyedTable>,
}

#[wasm_bindgen]
impl ProductTable {
    /// `{idColumn, nameColumn, rows, columns: [{name, distinct, missing}], duplicateIds}`.
    #[wasm_bindgen(getter, unchecked_return_type = "ProductTableSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&ProductTableSummary::of(&self.inner))
    }
}

/// Reads a products table; options: `{idColumn, delimiter, mask, encoding}`.
#[wasm_bindgen(js_name = loadProductTable)]
pub fn load_product_table(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "TableOptions | undefined")] options: JsValue,
) -> Result<ProductTable, JsValue> {
    let mut opts: TableOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decoder);
    let inner = read_keyed_table(bytes, Role::ProductId, &opts).map_err(js_error)?;
    Ok(ProductTable {
        inner: Rc::new(inner),
    })
}
