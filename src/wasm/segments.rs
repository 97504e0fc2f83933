//! Customer segments of a file: RFM scores and named segments, and k-means clusters.

use super::columns::{self, counts};
use super::file::Dataset;
use super::{get, run, set, to_js};
use crate::analysis::Analysis;
use crate::segment::Segments;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Dataset {
    /// RFM segmentation, and k-means clusters unless `kmeans` is `false`. Options: `{rfm: {analysisDate},
    /// kmeans: {features, k, minK, maxK, seed, runs, ...} | false}`. Result: `{rfm: {analysisDay,
    /// hasMonetary, customers: {recencyDays, ...}}, summary: [...], kmeans: {..., labels: Uint32Array} |
    /// null, customerIds: [...], exportCsv}`.
    #[wasm_bindgen(unchecked_return_type = "SegmentResult")]
    pub fn segment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SegmentParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<JsValue, JsValue> {
        let data = &self.inner.dataset;
        let result = run::<Segments>(data, options, progress)?;
        let out = to_js(&result)?;
        let ids: Vec<&str> = result
            .rfm
            .customers
            .iter()
            .map(|c| data.customers.name(c.customer))
            .collect();
        set(&out, "customerIds", &to_js(&ids)?);
        set(
            &out,
            "exportCsv",
            &Segments::export_csv(data, &result).into(),
        );
        let customers = columns::rfm(&result.rfm.customers)?;
        set(&get(&out, "rfm"), "customers", &customers);
        if let Some(kmeans) = &result.kmeans {
            set(&get(&out, "kmeans"), "labels", &counts(&kmeans.labels));
        }
        Ok(out)
    }
}
