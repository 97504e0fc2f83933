//! Category-level rules of the embedded sample (the products table joined for `product_category`), as the
//! CSV the page exports: the golden file `sample_rules.csv` holds it, and the native and wasm tests must
//! both reproduce it byte for byte.

use shopscope::analysis::Params;
use shopscope::ingest::table::{read_keyed_table, TableOptions};
use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;
use shopscope::rules::{self, Baskets, MiningParams, RuleParams};

pub const PRODUCTS: &[u8] = include_bytes!("../../www/sample/complete_journey_products.csv");
pub const MINING: &str = r#"{"minSupport": 0.01, "maxLength": 3}"#;
pub const RULES: &str = r#"{"minConfidence": 0.3, "minLift": 1.5, "sortBy": "lift", "top": 300}"#;

pub fn run(sample: &[u8]) -> String {
    let data = ingest(sample, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let table = read_keyed_table(PRODUCTS, Role::ProductId, &TableOptions::default()).unwrap();
    let (baskets, _) = Baskets::from_dataset_by(&data, &table, "product_category").unwrap();
    let mining: MiningParams = serde_json::from_str(MINING).unwrap();
    let sets = rules::mine(&baskets, &mining.clone().check().unwrap(), &mut Silent).unwrap();
    let params: RuleParams = serde_json::from_str(RULES).unwrap();
    let found = rules::rules(&baskets.names, &sets, &params.clone().check().unwrap()).unwrap();
    rules::rules_csv(&baskets.names, &found)
}
