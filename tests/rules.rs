//! Association rules against mlxtend (golden files made by scripts/reference/rules_reference.py): the same
//! frequent itemsets with the same counts, and the same rules with every metric equal to 1e-9.

#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "common/golden.rs"]
mod golden;

#[path = "golden/sample_rules.rs"]
mod sample_rules;

use shopscope::analysis::Params;
use shopscope::dataset::Dataset;
use shopscope::ingest::table::{read_keyed_table, TableOptions};
use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;
use shopscope::rules::{self, Baskets, MiningParams, RuleParams, SupportChoice};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::Instant;

fn key(names: &[String], items: &[u32]) -> String {
    let set: BTreeSet<&str> = items.iter().map(|&i| names[i as usize].as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join("|")
}

fn check(baskets: &Baskets, min_support: f64, min_confidence: f64, name: &str) {
    let sets = rules::mine(
        baskets,
        &(MiningParams {
            min_support: Some(min_support),
            ..Default::default()
        })
        .check()
        .unwrap(),
        &mut Silent,
    )
    .unwrap();
    let ours: BTreeMap<String, u64> = sets
        .itemsets
        .iter()
        .map(|s| (key(&baskets.names, &s.items), s.count))
        .collect();
    let want: BTreeMap<String, u64> = golden::read(&format!("{name}_itemsets.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let (items, count) = l.rsplit_once(',').unwrap();
            (items.trim_matches('"').to_owned(), count.parse().unwrap())
        })
        .collect();
    assert_eq!(ours.len(), want.len(), "{name}: number of itemsets");
    assert_eq!(ours, want, "{name}: itemsets and counts");

    let params = RuleParams {
        min_confidence,
        ..Default::default()
    };
    let ours = rules::rules(&baskets.names, &sets, &params.clone().check().unwrap()).unwrap();
    let mut by_key: BTreeMap<(String, String), &rules::Rule> = BTreeMap::new();
    for r in &ours {
        by_key.insert(
            (
                key(&baskets.names, &r.antecedent),
                key(&baskets.names, &r.consequent),
            ),
            r,
        );
    }
    let text = golden::read(&format!("{name}_rules.csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut n = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        let r = by_key
            .get(&(rec[0].to_owned(), rec[1].to_owned()))
            .unwrap_or_else(|| panic!("{name}: rule {} -> {} missing", &rec[0], &rec[1]));
        let got = [
            r.antecedent_support,
            r.consequent_support,
            r.support,
            r.confidence,
            r.lift,
            r.leverage,
            r.conviction.unwrap_or(f64::INFINITY),
            r.zhang,
        ];
        for (j, g) in got.iter().enumerate() {
            let w: f64 = rec[2 + j].parse().unwrap();
            let same = (w.is_infinite() && *g == w) || (g - w).abs() <= 1e-9;
            assert!(
                same,
                "{name}: {} -> {} column {j}: {g} vs {w}",
                &rec[0], &rec[1]
            );
        }
        n += 1;
    }
    assert_eq!(n, ours.len(), "{name}: number of rules");
    println!(
        "{name}: {} itemsets, {n} rules agree with mlxtend",
        sets.itemsets.len()
    );
}

#[test]
fn weka_supermarket_matches_mlxtend() {
    let Some(path) = common::shared_data("weka_supermarket/supermarket_baskets.txt") else {
        return;
    };
    let baskets = Baskets::from_lines(&std::fs::read_to_string(path).unwrap(), b',').unwrap();
    assert_eq!(baskets.len(), 4_627);
    assert_eq!(
        baskets.names.len(),
        122,
        "122 of the 216 departments occur (SOURCE.md)"
    );
    check(&baskets, 0.15, 0.8, "weka_015");
}

/// complete_journey's transactions, read once for the tests that need them (103 MB), or `None` (with the
/// reason printed) when the data is absent.
fn complete_journey() -> Option<&'static Dataset> {
    static DATA: OnceLock<Option<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| {
        let path = common::shared_data("complete_journey/transactions.csv")?;
        let bytes = std::fs::read(path).unwrap();
        Some(
            ingest(&bytes, &IngestOptions::default(), &mut Silent)
                .unwrap()
                .dataset,
        )
    })
    .as_ref()
}

#[test]
fn complete_journey_products_match_mlxtend() {
    let Some(data) = complete_journey() else {
        return;
    };
    let baskets = Baskets::from_dataset(data).unwrap();
    assert_eq!(baskets.len(), 155_518);
    check(&baskets, 0.005, 0.3, "cj_product_005");
    check(&baskets, 0.002, 0.3, "cj_product_002");
}

#[test]
fn complete_journey_categories_and_departments_match_mlxtend() {
    let (Some(data), Some(products)) = (
        complete_journey(),
        common::shared_data("complete_journey/products.csv"),
    ) else {
        return;
    };
    let table = read_keyed_table(
        &std::fs::read(products).unwrap(),
        Role::ProductId,
        &TableOptions::default(),
    )
    .unwrap();
    assert_eq!(table.id_column, "product_id");
    let (baskets, coverage) = Baskets::from_dataset_by(data, &table, "product_category").unwrap();
    assert_eq!(baskets.len(), 155_485);
    assert_eq!(baskets.names.len(), 302);
    assert_eq!(coverage.products_without_value, 325);
    assert_eq!(coverage.baskets_without_value, 155_518 - 155_485);
    for (s, name) in [(0.05, "05"), (0.02, "02"), (0.01, "01")] {
        check(&baskets, s, 0.3, &format!("cj_product_category_{name}"));
    }
    let (baskets, _) = Baskets::from_dataset_by(data, &table, "department").unwrap();
    assert_eq!(baskets.len(), 155_516);
    check(&baskets, 0.02, 0.3, "cj_department_02");
}

#[test]
fn sample_category_rules_match_their_golden_file() {
    let sample = std::fs::read(format!(
        "{}/www/sample/complete_journey_sample.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let got = sample_rules::run(&sample);
    golden::matches("sample_rules.csv", &got);
    println!(
        "sample category rules: {} rules as in the golden file",
        got.lines().count() - 1
    );
}

/// Mines `baskets` and makes rules with every default (the support chosen from the data): at least 20 rules,
/// within the itemset budget. Prints the chosen support and the time, for BENCHMARKS.md.
fn default_rules_are_plenty(baskets: &Baskets, what: &str) {
    let start = Instant::now();
    let params = MiningParams::default();
    let sets = rules::mine(baskets, &params.clone().check().unwrap(), &mut Silent).unwrap();
    let found = rules::rules(
        &baskets.names,
        &sets,
        &RuleParams::default().check().unwrap(),
    )
    .unwrap();
    println!(
        "{what}: support chosen {}% ({} of {} baskets), {} itemsets, {} rules, {:.3} s",
        sets.min_support * 100.0,
        sets.min_count,
        sets.baskets,
        sets.itemsets.len(),
        found.len(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(sets.support_chosen_by, SupportChoice::Data);
    assert!(sets.itemsets.len() <= params.itemset_budget);
    assert!(sets.min_count >= params.min_baskets);
    assert!(found.len() >= 20, "{what}: {} rules", found.len());
}

#[test]
fn the_sample_gives_rules_by_default() {
    let sample = std::fs::read(format!(
        "{}/www/sample/complete_journey_sample.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let data = ingest(&sample, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    // The page's first level: products (with 1% support, 3 rules at 20% confidence).
    default_rules_are_plenty(&Baskets::from_dataset(&data).unwrap(), "sample products");
    let table = read_keyed_table(
        sample_rules::PRODUCTS,
        Role::ProductId,
        &TableOptions::default(),
    )
    .unwrap();
    let (baskets, _) = Baskets::from_dataset_by(&data, &table, "product_category").unwrap();
    default_rules_are_plenty(&baskets, "sample categories");
}

#[test]
fn complete_journey_gives_rules_by_default() {
    let Some(data) = complete_journey() else {
        return;
    };
    // With 1% support: 2 rules at 20% confidence, none at the default 50%.
    default_rules_are_plenty(
        &Baskets::from_dataset(data).unwrap(),
        "complete_journey products",
    );
}
