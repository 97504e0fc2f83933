//! Per-customer results cross to JS as columns: one typed array per field, each made by one copy out of wasm
//! memory, rather than an object per customer that serde builds field by field (a dozen JS calls per
//! customer). Typed arrays are also cheap to post from the worker (their buffers are moved, see worker.js)
//! and small to keep: 8 bytes a number instead of a boxed property.

use super::{set, to_js};
use crate::clv::CustomerValue;
use crate::segment::rfm::CustomerRfm;
use js_sys::{Array, Float64Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::JsValue;

pub(super) fn numbers(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

pub(super) fn counts(values: &[u32]) -> JsValue {
    Uint32Array::from(values).into()
}

/// A plain object of columns, one per field of `rows`. Fields are read through `&dyn Fn`, which keeps one
/// copy of each loop per row type rather than one per field.
struct Columns<'a, T> {
    out: JsValue,
    rows: &'a [T],
}

impl<'a, T> Columns<'a, T> {
    fn new(rows: &'a [T]) -> Self {
        Columns {
            out: Object::new().into(),
            rows,
        }
    }

    fn column<V>(&self, field: &dyn Fn(&T) -> V) -> Vec<V> {
        self.rows.iter().map(field).collect()
    }

    fn number(&self, name: &str, field: &dyn Fn(&T) -> f64) -> &Self {
        set(&self.out, name, &numbers(&self.column(field)));
        self
    }

    fn count(&self, name: &str, field: &dyn Fn(&T) -> u32) -> &Self {
        set(&self.out, name, &counts(&self.column(field)));
        self
    }

    fn byte(&self, name: &str, field: &dyn Fn(&T) -> u8) -> &Self {
        set(&self.out, name, &Uint8Array::from(&self.column(field)[..]));
        self
    }
}

/// RFM rows as `{recencyDays, frequency, ..., segment}`: numbers as Float64Array, counts as Uint32Array,
/// scores as Uint8Array, and segment keys as an array of strings (one JS string per segment, shared).
pub(super) fn rfm(rows: &[CustomerRfm]) -> Result<JsValue, JsValue> {
    let columns = Columns::new(rows);
    columns
        .number("recencyDays", &|c| c.recency_days as f64)
        .number("monetary", &|c| c.monetary)
        .number("averageOrderValue", &|c| c.average_order_value)
        .number("firstPurchaseDay", &|c| c.first_purchase_day as f64)
        .number("lastPurchaseDay", &|c| c.last_purchase_day as f64)
        .number("tenureDays", &|c| c.tenure_days as f64)
        .count("frequency", &|c| c.frequency)
        .count("distinctProducts", &|c| c.distinct_products)
        .byte("r", &|c| c.r)
        .byte("f", &|c| c.f)
        .byte("m", &|c| c.m);
    let mut names = Vec::new();
    let segments = Array::new_with_length(rows.len() as u32);
    for (i, c) in rows.iter().enumerate() {
        let name = match names.iter().find(|(s, _)| *s == c.segment) {
            Some((_, name)) => name,
            None => {
                names.push((c.segment, to_js(&c.segment)?));
                &names[names.len() - 1].1
            }
        };
        segments.set(i as u32, name.clone());
    }
    set(&columns.out, "segment", &segments);
    Ok(columns.out)
}

/// Lifetime-value rows as `{repeatPurchases, ..., atRisk, holdoutPurchases}`: Float64Array (an expected
/// spend without a spend model is NaN), Uint32Array for counts, Uint8Array (1 or 0) for `atRisk`.
pub(super) fn lifetime(rows: &[CustomerValue]) -> JsValue {
    let columns = Columns::new(rows);
    columns
        .number("daysSinceLast", &|c| c.days_since_last)
        .number("ageDays", &|c| c.age_days)
        .number("spend", &|c| c.spend)
        .number("pAlive", &|c| c.p_alive)
        .number("expectedPurchases", &|c| c.expected_purchases)
        .number("expectedSpend", &|c| c.expected_spend.unwrap_or(f64::NAN))
        .number("value", &|c| c.value)
        .number("valueLow", &|c| c.value_low)
        .number("valueHigh", &|c| c.value_high)
        .count("repeatPurchases", &|c| c.repeat_purchases)
        .count("holdoutPurchases", &|c| c.holdout_purchases)
        .byte("atRisk", &|c| c.at_risk as u8);
    columns.out
}
