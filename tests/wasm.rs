//! The core and the JS binding compiled to wasm, run in headless Chromium by `wasm-pack test`.
//! Holds the wasm build to the same corpus answers as the native one, and checks what only the binding
//! does: JS errors with codes, options from JS objects, progress callbacks that cancel.
#![cfg(target_arch = "wasm32")]

#[path = "corpus/expectations.rs"]
mod expectations;

#[path = "golden/sample_kmeans.rs"]
mod sample_kmeans;

#[path = "golden/sample_rules.rs"]
mod sample_rules;

#[path = "golden/sample_clv.rs"]
mod sample_clv;

use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::segment::{self, KMeansParams, RfmParams};
use shopscope::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

use sample_kmeans::SAMPLE;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn corpus_gives_the_same_answers_in_wasm() {
    let (failures, checked) = expectations::check_all();
    assert!(checked >= 40, "only {checked} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_codes() {
    let err = wasm::inspect(b"", JsValue::UNDEFINED).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("empty"));
    assert_eq!(
        get(&err, "message").as_string().as_deref(),
        Some("the file is empty")
    );
}

#[wasm_bindgen_test]
fn bad_options_are_reported_not_panicked() {
    let opts = js_sys::JSON::parse(r#"{"delimiter": ";;"}"#).unwrap();
    let err = wasm::inspect(b"a,b\n1,2\n", opts).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_option")
    );
    let opts = js_sys::JSON::parse(r#"{"hasHeadr": true}"#).unwrap();
    let err = wasm::inspect(b"a,b\n1,2\n", opts).unwrap_err();
    let message = get(&err, "message").as_string().unwrap();
    assert!(
        message.contains("unknown option `hasHeadr`; the options here are: ")
            && message.contains("hasHeader"),
        "{message}"
    );
    assert!(!message.is_empty(), "{message}");
}

#[wasm_bindgen_test]
fn sample_ingests_with_plain_object_report() {
    let inspection = wasm::inspect(SAMPLE, JsValue::UNDEFINED).unwrap();
    let mapping = get(&inspection, "mapping");
    assert_eq!(
        get(&mapping, "customer").as_string().as_deref(),
        Some("household_id")
    );
    let data = wasm::ingest_file(SAMPLE, JsValue::UNDEFINED, None).unwrap();
    let report = data.report().unwrap();
    assert_eq!(get(&report, "rowsRead").as_f64(), Some(64_473.0));
    assert_eq!(get(&report, "customers").as_f64(), Some(100.0));
    // A plain object (JSON-compatible), not a JS Map, so embedders can spread and serialise it.
    assert!(js_sys::JSON::stringify(&report)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("\"household_id\""));
}

#[wasm_bindgen_test]
fn progress_is_reported_and_can_cancel() {
    let mut csv = String::from("customer,order,product,amount,date\n");
    for i in 0..140_000 {
        csv.push_str(&format!(
            "c{},{},p{},1.5,2021-01-02\n",
            i % 97,
            i / 4,
            i % 31
        ));
    }
    let calls = js_sys::Array::new();
    let record = js_sys::Function::new_with_args("stage, f", "this.push([stage, f]); return true;")
        .bind0(&calls);
    wasm::ingest_file(csv.as_bytes(), JsValue::UNDEFINED, Some(record)).unwrap();
    assert!(calls.length() >= 2, "{} progress calls", calls.length());
    let cancel = js_sys::Function::new_with_args("stage, f", "return false;");
    let err = wasm::ingest_file(csv.as_bytes(), JsValue::UNDEFINED, Some(cancel))
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("cancelled"));
}

#[wasm_bindgen_test]
fn distinct_rows_are_never_taken_for_duplicates() {
    // With a 32-bit row hash (FxHash on wasm32), 400k distinct rows collide about 20 times.
    let mut csv = String::from("customer,order,product,amount,date\n");
    for i in 0..400_000 {
        csv.push_str(&format!(
            "c{},{},p{},{}.25,2021-01-02\n",
            i % 1000,
            i / 3,
            i % 7919,
            i % 50 + 1
        ));
    }
    let data = wasm::ingest_file(csv.as_bytes(), JsValue::UNDEFINED, None).unwrap();
    let report = data.report().unwrap();
    assert_eq!(get(&report, "rowsUsed").as_f64(), Some(400_000.0));
}

#[wasm_bindgen_test]
fn sample_segmentation_is_byte_identical_to_native() {
    assert_eq!(
        sample_kmeans::run(),
        include_str!("golden/sample_kmeans.json")
    );
}

#[wasm_bindgen_test]
fn segment_through_the_binding() {
    let data = wasm::ingest_file(SAMPLE, JsValue::UNDEFINED, None).unwrap();
    let opts = js_sys::JSON::parse(r#"{"k": 3, "features": ["recency", "frequency"]}"#).unwrap();
    let result = data.segment(options("kmeans", opts), None).unwrap();
    let kmeans = get(&result, "kmeans");
    assert_eq!(get(&kmeans, "k").as_f64(), Some(3.0));
    assert_eq!(
        get(&kmeans, "chosenBy").as_string().as_deref(),
        Some("given")
    );
    let ids = js_sys::Array::from(&get(&result, "customerIds"));
    assert_eq!(ids.length(), 100);
    // Per-customer results are typed-array columns, with the core's values.
    let native = {
        let data = ingest(SAMPLE, &IngestOptions::default(), &mut Silent).unwrap();
        let rfm = segment::rfm(&data.dataset, &RfmParams::default()).unwrap();
        let params: KMeansParams =
            serde_json::from_str(r#"{"k": 3, "features": ["recency", "frequency"]}"#).unwrap();
        let s = segment::segment(&rfm, &params, &mut Silent).unwrap();
        (rfm, s.labels)
    };
    let labels: js_sys::Uint32Array = get(&kmeans, "labels").dyn_into().unwrap();
    assert_eq!(labels.to_vec(), native.1);
    let customers = get(&get(&result, "rfm"), "customers");
    let monetary: js_sys::Float64Array = get(&customers, "monetary").dyn_into().unwrap();
    let want: Vec<f64> = native.0.customers.iter().map(|c| c.monetary).collect();
    assert_eq!(monetary.to_vec(), want);
    let r: js_sys::Uint8Array = get(&customers, "r").dyn_into().unwrap();
    assert_eq!(
        r.to_vec(),
        native.0.customers.iter().map(|c| c.r).collect::<Vec<_>>()
    );
    let segments = js_sys::Array::from(&get(&customers, "segment"));
    assert_eq!(segments.length(), 100);
    assert!(segments
        .iter()
        .all(|s| s.as_string().is_some_and(|s| !s.is_empty())));
    let csv = get(&result, "exportCsv").as_string().unwrap();
    assert_eq!(csv.lines().count(), 101);
    let bad = js_sys::JSON::parse(r#"{"k": 0}"#).unwrap();
    let err = data.segment(options("kmeans", bad), None).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_option")
    );
    let no_kmeans = data
        .segment(options("kmeans", JsValue::FALSE), None)
        .unwrap();
    assert!(get(&no_kmeans, "kmeans").is_null());
    // As a page passes them: parts left undefined have their defaults.
    let parts = options("rfm", JsValue::UNDEFINED);
    js_sys::Reflect::set(&parts, &"kmeans".into(), &JsValue::NULL).unwrap();
    let defaults = data.segment(parts, None).unwrap();
    assert!(get(&get(&defaults, "kmeans"), "k").as_f64().is_some());
}

#[wasm_bindgen_test]
fn sample_category_rules_are_byte_identical_to_native_through_the_binding() {
    let golden = include_str!("golden/sample_rules.csv");
    assert_eq!(sample_rules::run(SAMPLE), golden);
    let data = wasm::ingest_file(SAMPLE, JsValue::UNDEFINED, None).unwrap();
    let products = wasm::load_product_table(sample_rules::PRODUCTS, JsValue::UNDEFINED).unwrap();
    let summary = products.summary().unwrap();
    assert_eq!(
        get(&summary, "idColumn").as_string().as_deref(),
        Some("product_id")
    );
    let mining = js_sys::JSON::parse(sample_rules::MINING).unwrap();
    js_sys::Reflect::set(&mining, &"itemColumn".into(), &"product_category".into()).unwrap();
    let err = data.mine(mining.clone(), None).map(|_| ()).unwrap_err();
    assert_eq!(
        get(&err, "message").as_string().as_deref(),
        Some("itemColumn needs a product table: call loadProductTable() first")
    );
    let mut data = data;
    data.name_products(&products);
    let sets = data.mine(mining, None).unwrap();
    let coverage = get(&sets.summary().unwrap(), "coverage");
    assert_eq!(
        get(&coverage, "column").as_string().as_deref(),
        Some("product_category")
    );
    let result = sets
        .rules(js_sys::JSON::parse(sample_rules::RULES).unwrap())
        .unwrap();
    assert_eq!(
        get(&result, "exportCsv").as_string().as_deref(),
        Some(golden)
    );
    let first = get(&js_sys::Array::from(&get(&result, "rules")).get(0), "lift");
    assert!(first.as_f64().unwrap() >= 1.5);
    let err = data
        .mine(options("itemColumn", "colour".into()), None)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_option")
    );
}

#[wasm_bindgen_test]
fn baskets_mine_and_filter_through_the_binding() {
    let lines =
        b"order,product\n1,milk\n1,bread\n2,milk\n2,bread\n2,butter\n3,bread\n4,milk\n4,butter\n\
                  5,milk\n5,bread\n5,butter\n";
    let data = wasm::ingest_file(lines, JsValue::UNDEFINED, None).unwrap();
    let opts = js_sys::JSON::parse(r#"{"minSupport": 0.4}"#).unwrap();
    let sets = data.mine(opts, None).unwrap();
    let summary = sets.summary().unwrap();
    assert_eq!(get(&summary, "baskets").as_f64(), Some(5.0));
    assert_eq!(get(&summary, "itemsets").as_f64(), Some(7.0));
    assert!(get(&summary, "coverage").is_null());
    assert_eq!(get(&summary, "minSupport").as_f64(), Some(0.4));
    assert_eq!(
        get(&summary, "supportChosenBy").as_string().as_deref(),
        Some("given")
    );
    // No support given: chosen from the data (five baskets, fewer than the floor: the ladder's top, 50%).
    let chosen = data
        .mine(JsValue::UNDEFINED, None)
        .unwrap()
        .summary()
        .unwrap();
    assert_eq!(get(&chosen, "minSupport").as_f64(), Some(0.5));
    assert_eq!(
        get(&chosen, "supportChosenBy").as_string().as_deref(),
        Some("data")
    );
    let opts = js_sys::JSON::parse(
        r#"{"minConfidence": 0.6, "consequentHas": ["butter"], "sortBy": "confidence"}"#,
    )
    .unwrap();
    let rules = js_sys::Array::from(&get(&sets.rules(opts).unwrap(), "rules"));
    // milk -> butter: support 3/5, confidence 3/4, lift 0.75 / 0.6; then milk + bread -> butter (2/3).
    assert_eq!(rules.length(), 2);
    let rule = rules.get(0);
    assert_eq!(
        js_sys::Array::from(&get(&rule, "antecedent"))
            .join(",")
            .as_string()
            .as_deref(),
        Some("milk")
    );
    // As mlxtend: support / antecedent support = 0.6 / 0.8, which is 0.7499999999999999 in floats.
    assert!((get(&rule, "confidence").as_f64().unwrap() - 0.75).abs() < 1e-12);
    assert!((get(&rule, "lift").as_f64().unwrap() - 1.25).abs() < 1e-12);
    let bad = js_sys::JSON::parse(r#"{"minSupport": 2}"#).unwrap();
    let err = data.mine(bad, None).map(|_| ()).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_option")
    );
    let unknown = js_sys::JSON::parse(r#"{"consequentHas": ["caviar"]}"#).unwrap();
    let err = sets.rules(unknown).unwrap_err();
    let message = get(&err, "message").as_string().unwrap();
    assert!(
        message.contains("no basket has an item named `caviar`"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn sample_lifetime_value_is_byte_identical_to_native() {
    assert_eq!(sample_clv::run(), include_str!("golden/sample_clv.csv"));
}

#[wasm_bindgen_test]
fn lifetime_value_through_the_binding() {
    let data = wasm::ingest_file(SAMPLE, JsValue::UNDEFINED, None).unwrap();
    let opts =
        js_sys::JSON::parse(r#"{"calibrationEnd": "2017-09-30", "intervalDraws": 20}"#).unwrap();
    let result = data.lifetime_value(opts, None).unwrap();
    assert_eq!(
        get(&result, "valueUnit").as_string().as_deref(),
        Some("money")
    );
    // To 2017-09-30 the sample's customers share one small chance of leaving: the fit is a limit of the
    // model and says so in words (as natively, tests/clv.rs).
    let fit = get(&result, "purchaseFit");
    assert_eq!(get(&fit, "converged").as_bool(), Some(true));
    let limit = get(&fit, "limit").as_string().unwrap();
    assert!(
        limit.starts_with("customers hardly differ in their chance of leaving"),
        "{limit}"
    );
    assert_eq!(
        get(&get(&result, "spendFit"), "converged").as_bool(),
        Some(true)
    );
    let ids = js_sys::Array::from(&get(&result, "customerIds"));
    let customers = get(&result, "customers");
    let value: js_sys::Float64Array = get(&customers, "value").dyn_into().unwrap();
    assert_eq!(ids.length(), value.length());
    let at_risk: js_sys::Uint8Array = get(&customers, "atRisk").dyn_into().unwrap();
    let flagged = at_risk.to_vec().iter().filter(|&&f| f == 1).count();
    assert_eq!(
        flagged as u32,
        js_sys::Array::from(&get(&result, "atRisk")).length()
    );
    assert!(
        get(&get(&result, "holdout"), "actualTotal")
            .as_f64()
            .unwrap()
            > 0.0
    );
    let bad = js_sys::JSON::parse(r#"{"horizonDays": -1}"#).unwrap();
    let err = data.lifetime_value(bad, None).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("invalid_option")
    );
    let typo = js_sys::JSON::parse(r#"{"horizon": 30}"#).unwrap();
    let err = data.lifetime_value(typo, None).unwrap_err();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("unknown option `horizon`"), "{message}");
}

#[wasm_bindgen_test]
fn a_products_table_names_products_through_the_binding() {
    let mut data = wasm::ingest_file(SAMPLE, JsValue::UNDEFINED, None).unwrap();
    let products = wasm::load_product_table(sample_rules::PRODUCTS, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get(&products.summary().unwrap(), "nameColumn")
            .as_string()
            .as_deref(),
        Some("product_type")
    );
    // `{product, name, label}` of every product a result lists: named as "name (id)", or the id alone.
    let check = |items: &JsValue, named: bool| {
        let items = js_sys::Array::from(items);
        assert!(items.length() > 0);
        let mut with_name = 0;
        for item in items.iter() {
            let id = get(&item, "product").as_string().unwrap();
            let label = get(&item, "label").as_string().unwrap();
            match get(&item, "name").as_string() {
                Some(name) => {
                    with_name += 1;
                    assert_eq!(label, format!("{name} ({id})"));
                }
                None => assert_eq!(label, id),
            }
        }
        assert_eq!(with_name > 0, named, "{with_name} named");
    };
    // Item-kNN: its reasons and similar products name products too.
    let knn = || js_sys::JSON::parse(r#"{"model": "itemKnn", "task": "discovery"}"#).unwrap();
    let bare = data.recommender(knn(), None).unwrap();
    let customer = bare.customer_ids()[0].clone();
    let recommendations = |model: &wasm::RecommenderModel| {
        get(
            &model.recommend(&customer, JsValue::UNDEFINED).unwrap(),
            "recommendations",
        )
    };
    check(&recommendations(&bare), false);
    data.name_products(&products);
    let model = data.recommender(knn(), None).unwrap();
    let recs = recommendations(&model);
    check(&recs, true);
    let first = js_sys::Array::from(&recs).get(0);
    check(&get(&first, "because"), true);
    let id = get(&first, "product").as_string().unwrap();
    check(&model.similar_products(&id, None).unwrap(), true);
    let staple = get(
        &js_sys::Array::from(&get(&first, "because")).get(0),
        "product",
    );
    let together = data
        .bought_together(vec![staple.as_string().unwrap()], JsValue::UNDEFINED)
        .unwrap();
    check(&get(&together, "items"), true);
    let csv = model.export_recommendations(JsValue::UNDEFINED).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("customer,rank,product_id,product_name,score,popular,because")
    );
    let name = get(&first, "name").as_string().unwrap();
    assert!(lines.any(|l| l.starts_with(&format!("{customer},1,{id},{name},"))));
    // The default: a next-basket model chosen on the file, scored beside the baselines, each list named and
    // explained; similar products are item-kNN's, so it says which model to fit for them.
    let chosen = data.recommender(JsValue::UNDEFINED, None).unwrap();
    let summary = chosen.summary().unwrap();
    assert_eq!(
        get(&summary, "task").as_string().as_deref(),
        Some("nextBasket")
    );
    assert!(get(&summary, "reason")
        .as_string()
        .unwrap()
        .starts_with("the best nDCG@10"));
    assert!(js_sys::Array::from(&get(&summary, "test")).length() >= 3);
    let recs = recommendations(&chosen);
    check(&recs, true);
    let why = get(&js_sys::Array::from(&recs).get(0), "why");
    assert!(get(&why, "kind").as_string().is_some());
    let refused = chosen.similar_products(&id, None).unwrap_err();
    assert_eq!(
        get(&refused, "code").as_string().as_deref(),
        Some("invalid_option")
    );
}

/// The realistic exports of tests/layouts through the binding: legacy encodings decoded by the browser's
/// `TextDecoder`, to the same facts as natively (tests/layouts.rs).
#[wasm_bindgen_test]
fn platform_and_legacy_encoded_exports_read_through_the_binding() {
    const FILES: [(&str, &[u8]); 6] = [
        (
            "zh_orders_gbk.csv",
            include_bytes!("layouts/zh_orders_gbk.csv"),
        ),
        (
            "ja_orders_sjis.csv",
            include_bytes!("layouts/ja_orders_sjis.csv"),
        ),
        (
            "ko_orders_euckr.csv",
            include_bytes!("layouts/ko_orders_euckr.csv"),
        ),
        (
            "ru_zakazy_1251.csv",
            include_bytes!("layouts/ru_zakazy_1251.csv"),
        ),
        (
            "zh_taobao_utf8_bom.csv",
            include_bytes!("layouts/zh_taobao_utf8_bom.csv"),
        ),
        (
            "shopify_orders_export.csv",
            include_bytes!("layouts/shopify_orders_export.csv"),
        ),
    ];
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("layouts/expected.json")).unwrap();
    for (name, bytes) in FILES {
        let data = wasm::ingest_file(bytes, JsValue::UNDEFINED, None).unwrap();
        let report = data.report().unwrap();
        for key in ["customers", "orders", "products", "netAmount"] {
            let want = expected[name][key].as_f64().unwrap();
            let got = get(&report, key).as_f64().unwrap();
            assert!(
                (got - want).abs() < 0.005,
                "{name}: {key} {got}, expected {want}"
            );
        }
        for key in ["firstDate", "lastDate"] {
            assert_eq!(
                get(&report, key).as_string().as_deref(),
                expected[name][key].as_str(),
                "{name}"
            );
        }
    }
}

/// `{name: value}`, as a page passes one option.
fn options(name: &str, value: JsValue) -> JsValue {
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &name.into(), &value).unwrap();
    out.into()
}
