//! A customer table (one row per customer: age, income, spend...), clustered on its numeric columns.

use super::columns::{counts, numbers};
use super::{from_js, get, js_error, run, set, text_decoder, to_js};
use crate::analysis::Analysis;
use crate::ingest::table::TableOptions;
use crate::segment::{self, TableSegments};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct CustomerTable {
    inner: segment::CustomerTable,
}

#[wasm_bindgen]
impl CustomerTable {
    /// `{idColumn, rows, numeric: [{name, banded, missing, keeps, byDefault}], otherColumns, duplicateIds,
    /// maskedColumns}`.
    #[wasm_bindgen(getter, unchecked_return_type = "TableSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }

    /// k-means on the chosen numeric columns: `{rows: Uint32Array, rowsMissingValues, segmentation, kNote,
    /// customerIds, values: Float64Array per chosen column, exportCsv}`. Options: `{columns, log, kmeans}`.
    #[wasm_bindgen(js_name = segmentCustomerTable, unchecked_return_type = "TableSegmentation")]
    pub fn segment_customer_table(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TableParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<JsValue, JsValue> {
        let t = &self.inner;
        let result = run::<TableSegments>(t, options, progress)?;
        // Set on the serialised result rather than through serde's flatten (see `lifetime_value`).
        let out = to_js(&result)?;
        let ids: Vec<&str> = result
            .rows
            .iter()
            .map(|&r| t.ids[r as usize].as_str())
            .collect();
        set(&out, "customerIds", &to_js(&ids)?);
        set(
            &out,
            "exportCsv",
            &TableSegments::export_csv(t, &result).into(),
        );
        set(&out, "rows", &counts(&result.rows));
        let labels = counts(&result.segmentation.labels);
        set(&get(&out, "segmentation"), "labels", &labels);
        let values: js_sys::Array = segment::attributes::values_of(t, &result)
            .iter()
            .map(|column| numbers(column))
            .collect();
        set(&out, "values", &values);
        Ok(out)
    }
}

/// Reads a customer table; options: `{idColumn, delimiter, mask, encoding}`.
#[wasm_bindgen(js_name = loadCustomerTable)]
pub fn load_customer_table(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "TableOptions | undefined")] options: JsValue,
) -> Result<CustomerTable, JsValue> {
    let mut opts: TableOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decoder);
    let inner = segment::read_customer_table(bytes, &opts).map_err(js_error)?;
    Ok(CustomerTable { inner })
}
