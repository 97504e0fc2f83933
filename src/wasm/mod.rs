//! The JS binding: converts JS values to core types and back, and nothing else. One file per analysis
//! (`file` reads the transactions; the others run on what it read), each over `run`: options from JS,
//! checked, run with the page's progress callback, the result converted back. Errors become JS `Error`
//! objects with a stable `code` property (see `ErrorCode`) and a message meant for people.

use crate::analysis::Analysis;
use crate::error::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "bench-exports")]
mod bench;
mod columns;
mod customer_table;
mod file;
mod lifetime_value;
mod product_table;
mod recommendations;
mod rules;
mod segments;
mod text_decoder;

pub use customer_table::{load_customer_table, CustomerTable};
pub use file::{ingest_file, inspect, Dataset};
pub use product_table::{load_product_table, ProductTable};
pub use recommendations::RecommenderModel;
pub use rules::Itemsets;

// The raw bindings' TypeScript: the options and results by the names the core's types have in
// lib/types.d.ts (generated from them), which the wasm-pack output sits beside in the package and in www/.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
import type { Clv, ClvParams, Evaluation, EvaluationParams, ForCustomer, IngestOptions, IngestReport, Inspection,
  ItemsetSummary, MiningParams, ModelSummary, ProductTableSummary, RecommendParams, RecommenderParams, Related,
  RuleParams, RulesResult, SegmentParams, SegmentResult, TableOptions, TableParams, TableSegmentation,
  TableSummary, TogetherParams, TogetherResult } from '../lib/types.js';
/** Called as a run goes: `stage` names its step, `fraction` of it is done (0 to 1); returning `false` stops the
 * run, which then fails with a `cancelled` error. */
export type Progress = (stage: string, fraction: number) => boolean | void;
"#;

#[wasm_bindgen(start)]
fn start() {
    // A panic must never happen on user input, but if one does, the console should say where.
    console_error_panic_hook::set_once();
}

/// The crate version, so an embedding page can log which build it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Bytes of linear memory the module holds now (it only grows): the figure to watch on large files.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let code = serde_json_code(e.code);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    err.into()
}

fn serde_json_code(code: ErrorCode) -> String {
    to_js(&code)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(Error::new(ErrorCode::InvalidOption, e.to_string())))
}

/// Sets `name` on an object the binding made (a fresh plain object: cannot fail).
fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &name.into(), value);
}

/// `target[name]` of an object the binding made.
fn get(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &name.into()).unwrap_or_default()
}

fn from_js<T: DeserializeOwned + Serialize + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let invalid = |message: String| {
        js_error(Error::new(
            ErrorCode::InvalidOption,
            format!("{what}: {message}"),
        ))
    };
    let parsed: T =
        serde_wasm_bindgen::from_value(value.clone()).map_err(|e| invalid(e.to_string()))?;
    // serde-wasm-bindgen reads only the fields a struct declares, so a mistyped option ("minSuport") would
    // silently be its default. Written back, the options show every field they have: a key of the input
    // that is not among them is unknown. (Parsing through serde_json instead, whose deny_unknown_fields
    // sees every key, cost 14 KB of the gzipped wasm.)
    let known = to_js(&parsed)?;
    match unknown_key(&value, &known, "") {
        Some((path, options)) => Err(invalid(format!(
            "unknown option `{path}`; the options here are: {options}"
        ))),
        None => Ok(parsed),
    }
}

/// The first key of `given` (recursively) that `known` lacks, as a dotted path, with `known`'s keys there.
fn unknown_key(given: &JsValue, known: &JsValue, prefix: &str) -> Option<(String, String)> {
    if !given.is_object() || js_sys::Array::is_array(given) || !known.is_object() {
        return None;
    }
    let (given, known): (&js_sys::Object, &js_sys::Object) =
        (given.unchecked_ref(), known.unchecked_ref());
    for key in js_sys::Object::keys(given) {
        let name = key.as_string().unwrap_or_default();
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        if !js_sys::Object::has_own(known, &key) {
            let options: Vec<String> = js_sys::Object::keys(known)
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            return Some((path, options.join(", ")));
        }
        let inner = js_sys::Reflect::get(given, &key).unwrap_or_default();
        let known_inner = js_sys::Reflect::get(known, &key).unwrap_or_default();
        if let Some(found) = unknown_key(&inner, &known_inner, &path) {
            return Some(found);
        }
    }
    None
}

/// Calls a JS `progress(stage, fraction)` callback; it cancels the run by returning `false`.
struct JsProgress(Option<js_sys::Function>);

impl crate::progress::Progress for JsProgress {
    fn update(&mut self, stage: &str, fraction: f64) -> bool {
        match &self.0 {
            None => true,
            Some(f) => f
                .call2(&JsValue::NULL, &stage.into(), &fraction.into())
                .map(|r| r.as_bool() != Some(false))
                .unwrap_or(true),
        }
    }
}

/// The one call of every analysis: its options from JS, checked, run with the page's progress callback.
fn run<A: Analysis>(
    input: A::Input<'_>,
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<A::Output, JsValue>
where
    A::Params: DeserializeOwned + Serialize + Default,
{
    let params: A::Params = from_js(options, "options")?;
    A::check_and_run(input, params, &mut JsProgress(progress)).map_err(js_error)
}
