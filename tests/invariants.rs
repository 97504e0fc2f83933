//! Every analysis but lifetime value (tests/clv.rs has its own) on random small files with random valid
//! parameters: each result in its domain (tests/common/analysis_domain.rs, shared with the fuzz bodies), or
//! an error that says why.

#![cfg(not(target_arch = "wasm32"))]

#[path = "common/analysis_domain.rs"]
mod analysis_domain;

use analysis_domain::*;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use shopscope::analysis::{Analysis, Params};
use shopscope::dataset::days::format_day;
use shopscope::dataset::names::ProductNames;
use shopscope::dataset::Dataset;
use shopscope::ingest::table::TableOptions;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::recommend::next_basket::Task;
use shopscope::recommend::{
    bought_together, evaluate, last_order_split, random_split, EvaluationParams, FitRecommender,
    Interactions, ItemKnnParams, ModelName, RecommendParams, Recommender, RecommenderInput,
    RecommenderParams, Scores, TogetherParams, Weighting,
};
use shopscope::rules::{self, Baskets, Metric, MiningParams, RuleParams};
use shopscope::segment::{self, Feature, KMeansParams, RfmParams, TableParams, TableSegments};

type Rand = Xoshiro256PlusPlus;

/// The first day of the generated files, 2020-01-01.
const FIRST: i64 = 18_262;

/// A transactions file: customers with one to many orders of a few products, quantities and prices (some
/// free), returns (negative quantities, on their own orders), with or without prices and order ids.
fn transactions(rng: &mut Rand) -> (String, i64) {
    let span: i64 = rng.gen_range(0..=700);
    let customers = rng.gen_range(1..=40);
    let products = rng.gen_range(1..=15);
    let priced = rng.gen_bool(0.8);
    let ordered = rng.gen_bool(0.85);
    let mut csv = String::from("customer,");
    if ordered {
        csv.push_str("order,");
    }
    csv.push_str("product,quantity,");
    if priced {
        csv.push_str("price,");
    }
    csv.push_str("date\n");
    let mut order = 0;
    for c in 0..customers {
        let first = rng.gen_range(0..=span);
        for _ in 0..[1, 2, 4, 10][rng.gen_range(0..4)] {
            order += 1;
            let day = rng.gen_range(first..=span);
            let returned = rng.gen_bool(0.1);
            for _ in 0..rng.gen_range(1..=4) {
                // Popular products more often, so that rules and neighbours exist.
                let p = rng.gen_range(0..products).min(rng.gen_range(0..products));
                let q: i32 = rng.gen_range(1..=5);
                let q = if returned { -q } else { q };
                csv.push_str(&format!("c{c},"));
                if ordered {
                    csv.push_str(&format!("{}{order},", if returned { "C" } else { "o" }));
                }
                csv.push_str(&format!("p{p},{q},"));
                if priced {
                    let price = if rng.gen_bool(0.05) {
                        0.0
                    } else {
                        rng.gen_range(0.5..100.0)
                    };
                    csv.push_str(&format!("{price:.2},"));
                }
                csv.push_str(&format_day((FIRST + day) * 86_400));
                csv.push('\n');
            }
        }
    }
    (csv, span)
}

fn kmeans_params(rng: &mut Rand) -> KMeansParams {
    let all = [
        Feature::Recency,
        Feature::Frequency,
        Feature::Monetary,
        Feature::AverageOrderValue,
        Feature::Tenure,
        Feature::DistinctProducts,
    ];
    let min_k = rng.gen_range(2..=3);
    KMeansParams {
        features: rng.gen_bool(0.5).then(|| {
            (0..rng.gen_range(1..=4))
                .map(|_| all[rng.gen_range(0..all.len())])
                .collect()
        }),
        k: rng.gen_bool(0.3).then(|| rng.gen_range(1..=6)),
        min_k,
        max_k: rng.gen_range(min_k..=8),
        seed: rng.gen(),
        runs: rng.gen_range(1..=3),
        max_iterations: rng.gen_range(1..=50),
        tolerance: [1e-8, 1e-4, 1e-2][rng.gen_range(0..3)],
        silhouette_sample: rng.gen_range(2..=300),
        search_sample: rng.gen_range(2..=300),
        search_runs: rng.gen_range(1..=2),
    }
}

fn knn_params(rng: &mut Rand) -> ItemKnnParams {
    ItemKnnParams {
        neighbours: rng.gen_range(1..=60),
        weighting: [
            Weighting::Cosine,
            Weighting::TfIdf,
            Weighting::Bm25,
            Weighting::Rp3Beta,
        ][rng.gen_range(0..4)],
        bm25_k1: rng.gen_range(0.0..3.0),
        bm25_b: rng.gen_range(0.0..=1.0),
        alpha: rng.gen_range(0.0..2.0),
        beta: rng.gen_range(0.0..=1.0),
    }
}

/// Counts of results checked per analysis, so the test shows it checked something.
#[derive(Debug, Default)]
struct Checked {
    rfm: u32,
    kmeans: u32,
    itemsets: u32,
    rules: u32,
    recommended: u32,
    served: u32,
    similar: u32,
    together: u32,
    evaluations: u32,
    tables: u32,
}

/// The recommender as a page fits and asks it, with any model for either task.
fn served(rng: &mut Rand, data: &Dataset, seen: &mut Checked, what: &str) {
    let names = ProductNames::new(data, None);
    let input = RecommenderInput {
        data,
        names: &names,
        products: None,
    };
    let params = RecommenderParams {
        model: ModelName::ALL[rng.gen_range(0..ModelName::ALL.len())],
        task: [Task::NextBasket, Task::Discovery][rng.gen_range(0..2)],
        ..Default::default()
    };
    let what = &format!("{what}, {params:?}");
    match FitRecommender::check_and_run(input, params, &mut Silent) {
        Ok(fitted) => {
            assert_model_summary_in_domain(&fitted.summary());
            let ask = RecommendParams {
                n: rng.gen_range(1..=20),
                exclude_bought: [None, Some(false), Some(true)][rng.gen_range(0..3)],
                ..Default::default()
            };
            let ask = ask.check().expect("valid parameters");
            let ids: Vec<String> = fitted.customer_ids().map(str::to_owned).collect();
            for id in ids.iter().map(String::as_str).chain(["no such customer"]) {
                assert_for_customer_in_domain(&fitted.recommend(id, &ask), ask.n);
            }
            seen.served += 1;
        }
        Err(e) => refused(&e, what),
    }
}

fn refused(e: &shopscope::Error, what: &str) {
    if std::env::var_os("SHOW_REFUSED").is_some() {
        println!("REFUSED {:?}", e.message);
    }
    assert!(!e.message.is_empty(), "{what}: {e:?}");
}

fn segments(rng: &mut Rand, data: &Dataset, span: i64, seen: &mut Checked, what: &str) {
    let params = RfmParams {
        analysis_date: rng
            .gen_bool(0.5)
            .then(|| format_day((FIRST + rng.gen_range(-5..=span + 30)) * 86_400)),
    };
    let table = match segment::rfm(data, &params) {
        Ok(t) => t,
        Err(e) => return refused(&e, what),
    };
    let what = &format!("{what}, {params:?}");
    assert_rfm_in_domain(data, &table, what);
    seen.rfm += 1;
    let params = kmeans_params(rng);
    match segment::segment(&table, &params, &mut Silent) {
        Ok(s) => {
            assert_segmentation_in_domain(
                &s,
                table.customers.len(),
                &format!("{what}, {params:?}"),
            );
            seen.kmeans += 1;
        }
        Err(e) => refused(&e, what),
    }
}

fn association_rules(rng: &mut Rand, data: &Dataset, seen: &mut Checked, what: &str) {
    let baskets = match Baskets::from_dataset(data) {
        Ok(b) => b,
        Err(e) => return refused(&e, what),
    };
    let params = MiningParams {
        min_support: rng.gen_bool(0.4).then(|| rng.gen_range(0.01..=1.0)),
        min_count: rng.gen_bool(0.2).then(|| rng.gen_range(1..=5)),
        max_length: rng.gen_bool(0.5).then(|| rng.gen_range(1..=4)),
        max_itemsets: 100_000,
        itemset_budget: rng.gen_range(10..=10_000),
        min_baskets: rng.gen_range(1..=20),
        item_column: None,
    };
    let what = &format!("{what}, {params:?}");
    let sets = match rules::mine(&baskets, &params.clone().check().unwrap(), &mut Silent) {
        Ok(s) => s,
        Err(e) => return refused(&e, what),
    };
    assert_eq!(sets.baskets, baskets.len() as u64, "{what}");
    assert_itemsets_in_domain(&sets, params.max_length, what);
    seen.itemsets += 1;
    let rule_params = RuleParams {
        min_confidence: rng.gen_range(0.0..=1.0),
        min_lift: rng.gen_range(0.0..2.0),
        max_antecedent: rng.gen_bool(0.3).then(|| rng.gen_range(1..=3)),
        max_consequent: rng.gen_bool(0.3).then(|| rng.gen_range(1..=3)),
        sort_by: [
            Metric::Support,
            Metric::Confidence,
            Metric::Lift,
            Metric::Leverage,
            Metric::Conviction,
            Metric::Zhang,
        ][rng.gen_range(0..6)],
        top: rng.gen_bool(0.5).then(|| rng.gen_range(0..=50)),
        max_rules: 100_000,
        ..RuleParams::default()
    };
    match rules::rules(&baskets.names, &sets, &rule_params.clone().check().unwrap()) {
        Ok(found) => {
            assert_rules_in_domain(
                &found,
                sets.baskets,
                params.max_length,
                rule_params.top,
                &format!("{what}, {rule_params:?}"),
            );
            seen.rules += 1;
        }
        Err(e) => refused(&e, what),
    }
}

fn recommendations(rng: &mut Rand, data: &Dataset, seen: &mut Checked, what: &str) {
    let knn = knn_params(rng);
    let what = &format!("{what}, {knn:?}");
    if let Ok(history) = Interactions::from_dataset(data) {
        match Recommender::fit(&history, &knn, &mut Silent) {
            Ok(model) => {
                let params = RecommendParams {
                    n: rng.gen_range(1..=20),
                    exclude_bought: Some(rng.gen_bool(0.5)),
                    explain: rng.gen_range(0..=5),
                    repeat_weight: [0.0, 2.0, rng.gen_range(0.0..10.0)][rng.gen_range(0..3)],
                };
                let what = &format!("{what}, {params:?}");
                params.validate().expect("valid parameters");
                let mut acc = Scores::new(history.items);
                for row in 0..history.len() {
                    let (items, counts) = history.row(row);
                    let recs = model.recommend(items, counts, &params, &mut acc);
                    assert_recommendations_in_domain(
                        &recs,
                        history.items,
                        items,
                        params.n,
                        params.excludes_bought(),
                        &format!("{what}, customer row {row}"),
                    );
                }
                let recs = model.recommend(&[], &[], &params, &mut acc);
                assert_recommendations_in_domain(&recs, history.items, &[], params.n, true, what);
                seen.recommended += 1;
                if history.items > 0 {
                    let item = rng.gen_range(0..history.items as u32);
                    let n = rng.gen_range(0..=20);
                    assert_similar_in_domain(
                        &model.knn.similar(item, n),
                        item,
                        history.items,
                        n,
                        what,
                    );
                    seen.similar += 1;
                }
            }
            Err(e) => refused(&e, what),
        }
    }
    served(rng, data, seen, what);
    let products = data.products.len() as u32;
    if products > 0 {
        let cart: Vec<u32> = (0..rng.gen_range(1..=3))
            .map(|_| rng.gen_range(0..products))
            .collect();
        let params = TogetherParams {
            n: rng.gen_range(1..=20),
            min_count: rng.gen_range(1..=3),
        };
        match bought_together(
            &data.baskets,
            data.products.len(),
            &cart,
            &params.clone().check().unwrap(),
        ) {
            Ok(t) => {
                assert_together_in_domain(
                    &t,
                    &cart,
                    data.products.len(),
                    params.n,
                    params.min_count,
                    &format!("{what}, cart {cart:?}, {params:?}"),
                );
                seen.together += 1;
            }
            Err(e) => refused(&e, what),
        }
    }
    let split = if rng.gen_bool(0.5) {
        last_order_split(data)
    } else {
        Interactions::from_dataset(data)
            .and_then(|all| random_split(&all, rng.gen_range(0.05..0.9), rng.gen()))
    };
    if let Ok(split) = split {
        let params = EvaluationParams {
            k: rng.gen_range(1..=20),
            exclude_bought: rng.gen_bool(0.5),
            knn: knn_params(rng),
            ..EvaluationParams::default()
        };
        match evaluate(&split, &params.clone().check().unwrap(), &mut Silent) {
            Ok(e) => {
                assert_evaluation_in_domain(&e, params.k, &format!("{what}, {params:?}"));
                seen.evaluations += 1;
            }
            Err(e) => refused(&e, what),
        }
    }
}

/// A customer table of a few numeric columns (one with gaps, one constant, one banded), clustered.
fn customer_table(rng: &mut Rand, seen: &mut Checked, what: &str) {
    let rows = rng.gen_range(1..=60);
    let mut csv = String::from("customer_id,age,income,visits,band\n");
    for r in 0..rows {
        let income = if rng.gen_bool(0.1) {
            String::new()
        } else {
            format!("{:.0}", rng.gen_range(0.0..200_000.0))
        };
        let low = rng.gen_range(0..8) * 10;
        csv.push_str(&format!(
            "id{r},{},{income},3,{low}-{}\n",
            rng.gen_range(18..=90),
            low + 9
        ));
    }
    let table = match segment::read_customer_table(csv.as_bytes(), &TableOptions::default()) {
        Ok(t) => t,
        Err(e) => return refused(&e, what),
    };
    let params = TableParams {
        columns: None,
        log: rng.gen_bool(0.5),
        kmeans: KMeansParams {
            features: None,
            ..kmeans_params(rng)
        },
    };
    match TableSegments::check_and_run(&table, params.clone(), &mut Silent) {
        Ok(t) => {
            assert_table_segmentation_in_domain(
                &t,
                table.ids.len(),
                &format!("{what}, {params:?}"),
            );
            seen.tables += 1;
        }
        Err(e) => refused(&e, what),
    }
}

#[test]
fn random_small_files_give_results_in_their_domain_or_a_reason() {
    let mut rng = Rand::seed_from_u64(20);
    let mut seen = Checked::default();
    let rounds = 300;
    for round in 0..rounds {
        let (csv, span) = transactions(&mut rng);
        let what = format!("round {round}");
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap_or_else(|e| panic!("{what}: {e:?}\n{csv}"))
            .dataset;
        segments(&mut rng, &data, span, &mut seen, &what);
        association_rules(&mut rng, &data, &mut seen, &what);
        recommendations(&mut rng, &data, &mut seen, &what);
        customer_table(&mut rng, &mut seen, &what);
    }
    println!("{rounds} files, results checked: {seen:?}");
    // Most results are analysed, not refused: the ranges above were checked on real results.
    let most = rounds * 2 / 3;
    for (n, what) in [
        (seen.rfm, "rfm"),
        (seen.kmeans, "kmeans"),
        (seen.itemsets, "itemsets"),
        (seen.rules, "rules"),
        (seen.recommended, "recommended"),
        (seen.served, "served"),
        (seen.together, "together"),
        (seen.evaluations, "evaluations"),
        (seen.tables, "tables"),
    ] {
        assert!(
            n > most / 2,
            "{what}: only {n} of {rounds} checked: {seen:?}"
        );
    }
}

#[test]
fn amounts_too_large_to_add_up_are_skipped_not_summed_to_infinity() {
    // Each line is finite; a customer's two once made a spend of `inf` in RFM and k-means.
    let csv = "customer,order,product,price,date\nc1,o1,p1,1e308,2020-01-01\n\
               c1,o2,p1,1e308,2020-01-02\nc2,o3,p2,5,2020-01-03\nc2,o4,p1,-1e300,2020-01-04\n";
    let read = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(read.dataset.lines.len(), 1, "{:?}", read.report);
    let table = segment::rfm(&read.dataset, &RfmParams::default()).unwrap();
    assert_rfm_in_domain(&read.dataset, &table, "huge amounts");
}
