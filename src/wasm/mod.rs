//! The JS binding: converts JS values to core types and back, and nothing else. Errors become JS `Error`
//! objects with a stable `code` property (see `ErrorCode`) and a message meant for people.

use crate::clv::{self, ClvParams};
use crate::error::{Error, ErrorCode};
use crate::ingest::table::{read_keyed_table, KeyedTable, TableOptions};
use crate::ingest::{self, IngestOptions, Ingested, Role};
use crate::product_names::{self, ProductNames};
use crate::rules::{self, Baskets, Coverage, FrequentItemsets, MiningParams, RuleParams};
use crate::segment::{self, KMeansParams, RfmParams, TableParams};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod columns;
mod recommend;
mod text_decoder;
use columns::{counts, numbers};
pub use recommend::RecommenderModel;

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

/// How the head of a file reads (dialect, columns, detected roles, date format, preview).
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let mut opts: IngestOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decode);
    let inspection = ingest::inspect(bytes, &opts).map_err(js_error)?;
    to_js(&inspection)
}

/// A file read into memory, ready for the analyses.
#[wasm_bindgen]
pub struct Dataset {
    inner: Ingested,
    /// How its products are named in results made from now on.
    names: ProductNames,
}

#[wasm_bindgen]
impl Dataset {
    /// Names the products from a products table too (where the file gives no name), in the recommender,
    /// bought-together lists and product-level itemsets made after this call.
    #[wasm_bindgen(js_name = nameProducts)]
    pub fn name_products(&mut self, products: &ProductTable) {
        self.names = ProductNames::new(&self.inner.dataset, Some(&products.inner));
    }

    /// The ingest report: how the file was read, what was kept and skipped and why.
    #[wasm_bindgen(getter)]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report)
    }

    /// RFM segmentation, and k-means clusters when `kmeans` is not `false`:
    /// `{ rfm: {analysisDay, hasMonetary, customers: {recencyDays, ...}}, summary: [...],
    ///   kmeans: {..., labels: Uint32Array} | null, customerIds: [...] }`.
    pub fn segment(
        &self,
        rfm_options: JsValue,
        kmeans_options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let run_kmeans = kmeans_options.as_bool() != Some(false);
        let rfm_params: RfmParams = from_js(rfm_options, "rfm options")?;
        let table = segment::rfm(&self.inner.dataset, &rfm_params).map_err(js_error)?;
        let kmeans = if run_kmeans {
            let params: KMeansParams = from_js(kmeans_options, "k-means options")?;
            Some(segment::segment(&table, &params, &mut JsProgress(progress)).map_err(js_error)?)
        } else {
            None
        };
        let result = SegmentResult {
            summary: segment::summarise(&table),
            customer_ids: table
                .customers
                .iter()
                .map(|c| self.inner.dataset.customers.name(c.customer))
                .collect(),
            export_csv: segment::export_csv(&self.inner.dataset, &table, kmeans.as_ref()),
            rfm: &table,
            kmeans: kmeans.as_ref(),
        };
        let out = to_js(&result)?;
        set(
            &get(&out, "rfm"),
            "customers",
            &columns::rfm(&table.customers)?,
        );
        if let Some(kmeans) = &kmeans {
            set(&get(&out, "kmeans"), "labels", &counts(&kmeans.labels));
        }
        Ok(out)
    }
}

#[wasm_bindgen]
impl Dataset {
    /// Lifetime value and churn (BG/NBD + Gamma-Gamma). Options: `{calibrationEnd, timeUnitDays,
    /// horizonDays, annualDiscountRate, intervalDraws, intervalLevel, seed, atRiskBelow}`.
    #[wasm_bindgen(js_name = lifetimeValue)]
    pub fn lifetime_value(
        &self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let params: ClvParams = from_js(options, "lifetime value options")?;
        let data = &self.inner.dataset;
        let clv = clv::analyse(data, &params, &mut JsProgress(progress)).map_err(js_error)?;
        let result = to_js(&clv)?;
        let ids: Vec<&str> = clv
            .customers
            .iter()
            .map(|c| data.customers.name(c.customer))
            .collect();
        // Set on the serialised object rather than through serde's flatten, which costs 7 KB of wasm.
        set(&result, "customers", &columns::lifetime(&clv.customers));
        set(&result, "customerIds", &to_js(&ids)?);
        set(&result, "exportCsv", &clv::export_csv(data, &clv).into());
        Ok(result)
    }
}

#[wasm_bindgen]
impl Dataset {
    /// Frequent itemsets of the file's baskets (orders), kept for `Itemsets.rules`, with products named as
    /// the dataset names them now (`nameProducts`). Options: `{minSupport, minCount, maxLength, maxItemsets,
    /// itemsetBudget, minBaskets}`; without `minSupport` or `minCount` the support is chosen from the data.
    #[wasm_bindgen(js_name = mineItemsets)]
    pub fn mine_itemsets(
        &self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<Itemsets, JsValue> {
        let mut baskets = Baskets::from_dataset(&self.inner.dataset).map_err(js_error)?;
        baskets.names = self.names.labels(&self.inner.dataset.products);
        Itemsets::mine(baskets, None, options, progress)
    }

    /// As `mineItemsets`, with each product replaced by its value in `column` of a product table (e.g.
    /// `product_category`), so that rules relate categories.
    #[wasm_bindgen(js_name = mineItemsetsBy)]
    pub fn mine_itemsets_by(
        &self,
        products: &ProductTable,
        column: &str,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<Itemsets, JsValue> {
        let (baskets, coverage) =
            Baskets::from_dataset_by(&self.inner.dataset, &products.inner, column)
                .map_err(js_error)?;
        Itemsets::mine(baskets, Some(coverage), options, progress)
    }
}

/// Frequent itemsets, from which rules are made with any filters without mining again.
#[wasm_bindgen]
pub struct Itemsets {
    baskets: Baskets,
    sets: FrequentItemsets,
    coverage: Option<Coverage>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemsetSummary<'a> {
    baskets: u64,
    items: usize,
    min_support: f64,
    min_count: u64,
    support_chosen_by: rules::SupportChoice,
    itemsets: usize,
    by_size: Vec<u64>,
    /// At attribute level: how many products and baskets had no value.
    coverage: Option<&'a Coverage>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RulesResult<'a> {
    rules: Vec<rules::NamedRule<'a>>,
    export_csv: String,
}

impl Itemsets {
    fn mine(
        baskets: Baskets,
        coverage: Option<Coverage>,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<Itemsets, JsValue> {
        let params: MiningParams = from_js(options, "options")?;
        let sets = rules::mine(&baskets, &params, &mut JsProgress(progress)).map_err(js_error)?;
        Ok(Itemsets {
            baskets,
            sets,
            coverage,
        })
    }
}

#[wasm_bindgen]
impl Itemsets {
    /// `{baskets, items, minSupport, minCount, supportChosenBy: 'given'|'data', itemsets, bySize, coverage}`;
    /// `coverage` (at attribute level):
    /// `{column, products, productsWithoutValue, basketsWithoutValue}`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&ItemsetSummary {
            baskets: self.sets.baskets,
            items: self.baskets.names.len(),
            min_support: self.sets.min_support,
            min_count: self.sets.min_count,
            support_chosen_by: self.sets.support_chosen_by,
            itemsets: self.sets.itemsets.len(),
            by_size: self.sets.by_size.clone(),
            coverage: self.coverage.as_ref(),
        })
    }

    /// Rules with item names and every metric, filtered and sorted: `{rules, exportCsv}`. Options:
    /// `{minConfidence, minLift, maxAntecedent, maxConsequent, antecedentHas, consequentHas, anySideHas,
    /// antecedentLacks, consequentLacks, sortBy, top, maxRules}`.
    pub fn rules(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let params: RuleParams = from_js(options, "options")?;
        let found = rules::rules(&self.baskets.names, &self.sets, &params).map_err(js_error)?;
        to_js(&RulesResult {
            rules: rules::named(&self.baskets.names, &found),
            export_csv: rules::rules_csv(&self.baskets.names, &found),
        })
    }
}

/// Frequent itemsets of a file with one basket per line (items separated by `delimiter`, default `,`).
#[wasm_bindgen(js_name = mineBasketLines)]
pub fn mine_basket_lines(
    bytes: &[u8],
    delimiter: Option<String>,
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<Itemsets, JsValue> {
    let text = crate::ingest::decode::decode(bytes, None, Some(text_decoder::decode))
        .map_err(js_error)?
        .text;
    let delimiter = delimiter.and_then(|d| d.bytes().next()).unwrap_or(b',');
    let baskets = Baskets::from_lines(&text, delimiter).map_err(js_error)?;
    Itemsets::mine(baskets, None, options, progress)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SegmentResult<'a> {
    rfm: &'a segment::Rfm,
    summary: Vec<segment::rfm::SegmentSummary>,
    kmeans: Option<&'a segment::Segmentation>,
    /// The customer id of each row of `rfm.customers`.
    customer_ids: Vec<&'a str>,
    /// One row per customer: id, RFM values and scores, segment, cluster.
    export_csv: String,
}

/// Reads a whole CSV file. `progress(stage, fraction)` is called now and then.
#[wasm_bindgen(js_name = ingest)]
pub fn ingest_file(
    bytes: &[u8],
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<Dataset, JsValue> {
    let mut opts: IngestOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decode);
    let inner = ingest::ingest(bytes, &opts, &mut JsProgress(progress)).map_err(js_error)?;
    let names = ProductNames::new(&inner.dataset, None);
    Ok(Dataset { inner, names })
}

/// A customer table (one row per customer: age, income, spend...), for clustering on its numeric columns.
#[wasm_bindgen]
pub struct CustomerTable {
    inner: segment::CustomerTable,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableColumn<'a> {
    name: &'a str,
    banded: bool,
    missing: u64,
    /// Customers with a value here.
    keeps: u64,
    /// Among the columns clustered on when none are chosen.
    by_default: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSummary<'a> {
    id_column: &'a str,
    rows: usize,
    numeric: Vec<TableColumn<'a>>,
    other_columns: &'a [String],
    duplicate_ids: u64,
    masked_columns: &'a [String],
}

#[wasm_bindgen]
impl CustomerTable {
    /// `{idColumn, rows, numeric: [{name, banded, missing, keeps, byDefault}], otherColumns, duplicateIds}`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        let t = &self.inner;
        let defaults = t.default_columns();
        to_js(&TableSummary {
            id_column: &t.id_column,
            rows: t.ids.len(),
            numeric: t
                .numeric
                .iter()
                .map(|c| TableColumn {
                    name: &c.name,
                    banded: c.banded,
                    missing: c.missing,
                    keeps: c.keeps(),
                    by_default: defaults.iter().any(|d| std::ptr::eq(*d, c)),
                })
                .collect(),
            other_columns: &t.other_columns,
            duplicate_ids: t.duplicate_ids,
            masked_columns: &t.masked_columns,
        })
    }

    /// k-means on the chosen numeric columns: `{rows: Uint32Array, rowsMissingValues, segmentation, kNote,
    /// customerIds, values: Float64Array per chosen column, exportCsv}`.
    pub fn segment(
        &self,
        params: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let params: TableParams = from_js(params, "options")?;
        let result = segment::segment_table(&self.inner, &params, &mut JsProgress(progress))
            .map_err(js_error)?;
        let t = &self.inner;
        // Set on the serialised result rather than through serde's flatten (see `lifetime_value`).
        let out = to_js(&result)?;
        let ids: Vec<&str> = result
            .rows
            .iter()
            .map(|&r| t.ids[r as usize].as_str())
            .collect();
        set(&out, "customerIds", &to_js(&ids)?);
        let csv = segment::attributes::export_csv(t, &result);
        set(&out, "exportCsv", &csv.into());
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

/// Reads a customer table; options: `{idColumn, delimiter}`.
#[wasm_bindgen(js_name = readCustomerTable)]
pub fn read_customer_table(bytes: &[u8], options: JsValue) -> Result<CustomerTable, JsValue> {
    let mut opts: TableOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decode);
    let inner = segment::read_customer_table(bytes, &opts).map_err(js_error)?;
    Ok(CustomerTable { inner })
}

/// A products table (one row per product: category, department, brand...), whose columns can stand for
/// products in baskets.
#[wasm_bindgen]
pub struct ProductTable {
    inner: KeyedTable,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductColumn<'a> {
    name: &'a str,
    distinct: usize,
    missing: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductTableSummary<'a> {
    id_column: &'a str,
    /// The column products are named by where the transactions file names none (`product_names`).
    name_column: Option<&'a str>,
    rows: usize,
    columns: Vec<ProductColumn<'a>>,
    duplicate_ids: u64,
}

#[wasm_bindgen]
impl ProductTable {
    /// `{idColumn, nameColumn, rows, columns: [{name, distinct, missing}], duplicateIds}`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        let t = &self.inner;
        to_js(&ProductTableSummary {
            id_column: &t.id_column,
            name_column: product_names::name_column(t).map(|c| c.name.as_str()),
            rows: t.ids.len(),
            columns: t
                .columns
                .iter()
                .map(|c| ProductColumn {
                    name: &c.name,
                    distinct: c.distinct_values(),
                    missing: c.values.iter().filter(|v| v.is_empty()).count(),
                })
                .collect(),
            duplicate_ids: t.duplicate_ids,
        })
    }
}

/// Reads a products table; options: `{idColumn, delimiter}`.
#[wasm_bindgen(js_name = readProductTable)]
pub fn read_product_table(bytes: &[u8], options: JsValue) -> Result<ProductTable, JsValue> {
    let mut opts: TableOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decode);
    let inner = read_keyed_table(bytes, Role::ProductId, &opts).map_err(js_error)?;
    Ok(ProductTable { inner })
}
