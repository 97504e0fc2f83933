//! The CSV exports: ids and names that a spreadsheet would evaluate as formulas come out neutralised in
//! every export, numbers stay numbers, and products are named (with their ids) wherever a name is known.

#![cfg(not(target_arch = "wasm32"))]

use shopscope::analysis::{Analysis, Params};
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::dataset::names::ProductNames;
use shopscope::dataset::Dataset;
use shopscope::ingest::table::{read_keyed_table, TableOptions};
use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;
use shopscope::recommend::next_basket::Task;
use shopscope::recommend::{
    bought_together, FitRecommender, Interactions, ItemKnnParams, ModelName, RecommendParams,
    Recommender, RecommenderInput, RecommenderParams, Scores, TogetherParams,
};
use shopscope::rules::{self, Baskets, MiningParams, RuleParams};
use shopscope::segment::{
    self, read_customer_table, KMeansParams, RfmParams, TableParams, TableSegments,
};
use std::collections::HashMap;

/// One text per prefix that spreadsheet programs evaluate.
const DANGEROUS: [&str; 6] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tTAB",
    "\rCR",
];

/// 40 customers with four orders each of three of ten products; the first six customers and products
/// then get the dangerous ids and names.
fn dangerous_data() -> Dataset {
    let mut csv = String::from("customer_id,invoice,date,product_id,description,quantity,price\n");
    for c in 0..40 {
        for o in 0..4 {
            for k in 0..3 {
                // Scattered, so that some pairs are bought together less often than chance.
                let p = ((c * 31 + o * 17 + k * 7) ^ (c * o)) % 10;
                let day = 1 + (c + o * 5) % 28;
                let month = 1 + o * 3;
                csv += &format!(
                    "n{c},i{c}-{o},2017-{month:02}-{day:02},{},item{p},1,{}.5\n",
                    100 + p,
                    1 + p
                );
            }
        }
    }
    let mut data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    data.customers.rename(|id| {
        let c: usize = id[1..].parse().unwrap();
        DANGEROUS.get(c).map_or(id.to_owned(), |d| (*d).to_owned())
    });
    for (name, d) in data.product_names.iter_mut().zip(DANGEROUS) {
        *name = d.to_owned();
    }
    data
}

/// Every cell of `csv`, parsed back; panics where a cell starts as a formula without being a number, and
/// where a neutralised cell was not quoted in the text.
fn cells(csv: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let all: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    for cell in &all {
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        assert!(
            !formula || cell.parse::<f64>().is_ok(),
            "{cell:?} in\n{csv}"
        );
    }
    let neutralised = all.iter().filter(|c| c.starts_with('\'')).count();
    assert_eq!(csv.matches("\"'").count(), neutralised, "quoted: {csv}");
    all
}

/// Every dangerous text is in `cells`, neutralised (at the start of a cell).
fn neutralised_all(cells: &[String], what: &str) {
    for d in DANGEROUS {
        let safe = format!("'{d}");
        assert!(
            cells.iter().any(|c| c.starts_with(&safe)),
            "{what}: no cell starts with {safe:?}"
        );
    }
}

#[test]
fn every_export_neutralises_formula_cells_and_keeps_numbers() {
    let data = dangerous_data();

    let table = segment::rfm(&data, &RfmParams::default()).unwrap();
    let clusters = segment::segment(
        &table,
        &KMeansParams {
            k: Some(2),
            ..Default::default()
        },
        &mut Silent,
    )
    .unwrap();
    let rfm = cells(&segment::export_csv(&data, &table, Some(&clusters)));
    neutralised_all(&rfm, "segments");

    let value = LifetimeValue::check_and_run(&data, ClvParams::default(), &mut Silent).unwrap();
    neutralised_all(
        &cells(&LifetimeValue::export_csv(&data, &value)),
        "lifetime value",
    );

    let mut customers = String::from("customer_id,age\n");
    for i in 0..DANGEROUS.len() {
        customers += &format!("c{i},{}\n", 20 + 10 * i);
    }
    let mut t = read_customer_table(customers.as_bytes(), &TableOptions::default()).unwrap();
    t.id_column = "=id".into();
    for (id, d) in t.ids.iter_mut().zip(DANGEROUS) {
        *id = d.to_owned();
    }
    let params = TableParams {
        kmeans: KMeansParams {
            k: Some(2),
            ..Default::default()
        },
        ..Default::default()
    };
    let s = TableSegments::check_and_run(&t, params, &mut Silent).unwrap();
    let attributes = cells(&TableSegments::export_csv(&t, &s));
    neutralised_all(&attributes, "customer table");
    assert_eq!(attributes[0], "'=id");

    let mut baskets = Baskets::from_dataset(&data).unwrap();
    baskets.names[..DANGEROUS.len()]
        .iter_mut()
        .zip(DANGEROUS)
        .for_each(|(n, d)| *n = d.to_owned());
    let mining = MiningParams {
        min_count: Some(1),
        max_length: Some(2),
        ..Default::default()
    };
    let sets = rules::mine(&baskets, &mining.clone().check().unwrap(), &mut Silent).unwrap();
    let all = RuleParams {
        min_confidence: 0.0,
        ..Default::default()
    };
    let found = rules::rules(&baskets.names, &sets, &all.clone().check().unwrap()).unwrap();
    let rules_csv = rules::rules_csv(&baskets.names, &found);
    neutralised_all(&cells(&rules_csv), "rules");
    // Leverage below zero (pairs bought together less than chance) is written as a plain number.
    let least = found.iter().map(|r| r.leverage).fold(f64::MAX, f64::min);
    assert!(least < 0.0, "{least} {}", found.len());
    assert!(rules_csv.lines().any(|l| l.contains(",-0.")), "{rules_csv}");

    let names = ProductNames::new(&data, None);
    let repeat = RecommendParams {
        exclude_bought: Some(false),
        ..Default::default()
    };
    let csv = item_knn_export(&data, &names, repeat);
    let recommendations = cells(&csv);
    neutralised_all(&recommendations, "recommendations");
    assert!(csv.starts_with("customer,rank,product_id,product_name,score,popular,because\n"));
}

/// Item-kNN's top 10 for every customer, as the recommender exports them.
fn item_knn_export(data: &Dataset, names: &ProductNames, params: RecommendParams) -> String {
    let input = RecommenderInput {
        data,
        names,
        products: None,
    };
    let knn = RecommenderParams {
        model: ModelName::ItemKnn,
        task: Task::Discovery,
        ..Default::default()
    };
    let fitted = FitRecommender::check_and_run(input, knn, &mut Silent).unwrap();
    fitted.export_csv(&params.check().unwrap())
}

/// The sample's product types (from the products table, read here on its own), by product id.
fn sample_types() -> HashMap<String, String> {
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample/complete_journey_products.csv"
    ))
    .unwrap();
    let header = reader.headers().unwrap().clone();
    let (id, kind) = (
        header.iter().position(|h| h == "product_id").unwrap(),
        header.iter().position(|h| h == "product_type").unwrap(),
    );
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !r[kind].is_empty())
        .map(|r| (r[id].to_owned(), r[kind].to_owned()))
        .collect()
}

#[test]
fn the_products_table_names_recommendations_reasons_together_similar_and_the_export() {
    let sample = include_bytes!("../www/sample/complete_journey_sample.csv");
    let data = ingest(sample, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let products = read_keyed_table(
        include_bytes!("../www/sample/complete_journey_products.csv"),
        Role::ProductId,
        &TableOptions::default(),
    )
    .unwrap();
    let names = ProductNames::new(&data, Some(&products));
    let types = sample_types();
    // A product is shown as "type (id)" where the table has its type, else as its id.
    let shown = |p: u32| {
        let id = data.products.name(p);
        let want = types
            .get(id)
            .map_or(id.to_owned(), |t| format!("{t} ({id})"));
        assert_eq!(names.label(p, id), want);
        types.contains_key(id)
    };
    let history = Interactions::from_dataset(&data).unwrap();
    let model = Recommender::fit(&history, &ItemKnnParams::default(), &mut Silent).unwrap();
    let mut acc = Scores::new(history.items);
    let (items, counts) = history.row(0);
    let recs = model.recommend(items, counts, &RecommendParams::default(), &mut acc);
    let reasons: Vec<u32> = recs
        .iter()
        .flat_map(|r| r.because.iter().map(|b| b.item))
        .collect();
    let similar: Vec<u32> = model
        .knn
        .similar(recs[0].item, 10)
        .iter()
        .map(|s| s.0)
        .collect();
    // What the customer buys most, which many baskets hold.
    let staple = items[(0..items.len())
        .max_by(|&a, &b| counts[a].total_cmp(&counts[b]))
        .unwrap()];
    let together = bought_together(
        &data.baskets,
        data.products.len(),
        &[staple],
        &TogetherParams::default().check().unwrap(),
    )
    .unwrap();
    let listed: Vec<u32> = together.items.iter().map(|t| t.item).collect();
    for (what, list) in [
        (
            "recommended",
            recs.iter().map(|r| r.item).collect::<Vec<_>>(),
        ),
        ("reasons", reasons),
        ("similar", similar),
        ("bought together", listed),
    ] {
        let named = list.iter().filter(|&&p| shown(p)).count();
        assert!(
            !list.is_empty() && named * 10 >= list.len() * 8,
            "{what}: {named} of {} named",
            list.len()
        );
    }

    let csv = item_knn_export(&data, &names, RecommendParams::default());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut named = 0;
    let mut rows = 0;
    for r in reader.records() {
        let r = r.unwrap();
        rows += 1;
        assert_eq!(r[3], *types.get(&r[2]).map_or("", String::as_str), "{r:?}");
        named += usize::from(!r[3].is_empty());
        for reason in r[6].split(" | ").filter(|b| !b.is_empty()) {
            let id = reason
                .rsplit_once(" (")
                .map_or(reason, |(_, id)| &id[..id.len() - 1]);
            let want = types
                .get(id)
                .map_or(id.to_owned(), |t| format!("{t} ({id})"));
            assert_eq!(reason, want);
        }
    }
    assert_eq!(rows, history.len() * 10);
    assert!(named * 10 >= rows * 8, "{named} of {rows} rows named");
}
