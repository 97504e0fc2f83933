//! Lifetime value and churn of a file's customers.

use super::file::Dataset;
use super::{columns, run, set, to_js};
use crate::analysis::Analysis;
use crate::clv::LifetimeValue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Dataset {
    /// Lifetime value and churn (BG/NBD + Gamma-Gamma). Options: `{calibrationEnd, timeUnitDays,
    /// horizonDays, annualDiscountRate, intervalDraws, intervalLevel, seed, atRiskBelow}`.
    #[wasm_bindgen(js_name = lifetimeValue, unchecked_return_type = "Clv")]
    pub fn lifetime_value(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClvParams | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
            js_sys::Function,
        >,
    ) -> Result<JsValue, JsValue> {
        let data = &self.inner.dataset;
        let clv = run::<LifetimeValue>(data, options, progress)?;
        let result = to_js(&clv)?;
        let ids: Vec<&str> = clv
            .customers
            .iter()
            .map(|c| data.customers.name(c.customer))
            .collect();
        // Set on the serialised object rather than through serde's flatten, which costs wasm size
        // (BENCHMARKS.md, "Figures behind choices in the code").
        set(&result, "customers", &columns::lifetime(&clv.customers));
        set(&result, "customerIds", &to_js(&ids)?);
        set(
            &result,
            "exportCsv",
            &LifetimeValue::export_csv(data, &clv).into(),
        );
        Ok(result)
    }
}
