//! Segmentation against golden files: RFM tables made independently with pandas
//! (scripts/reference/rfm_reference.py) for complete_journey and cdnow_master, and the k-means result on
//! the embedded sample, which `tests/wasm.rs` checks against the same file (same labels natively and in
//! wasm). `UPDATE_GOLDEN=1 cargo test` rewrites the k-means golden file (tests/common/golden.rs).

#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "common/golden.rs"]
mod golden;

#[path = "golden/sample_kmeans.rs"]
mod sample_kmeans;

use shopscope::dataset::Dataset;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::segment::{self, KMeansParams, Rfm, RfmParams};
use std::collections::HashMap;

/// A shared data file read, ingested with default options, and its RFM table.
fn rfm_of(relative: &str) -> Option<(Dataset, Rfm)> {
    let bytes = std::fs::read(common::shared_data(relative)?).unwrap();
    let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let table = segment::rfm(&data, &RfmParams::default()).unwrap();
    Some((data, table))
}

/// Our RFM export, keyed by customer id, as the reference's columns.
fn ours(relative: &str) -> Option<HashMap<String, Vec<String>>> {
    let (data, table) = rfm_of(relative)?;
    let csv = segment::export_csv(&data, &table, None);
    let mut rows = HashMap::new();
    // Read as CSV: the export quotes cells such as `"Can't lose them"` (see src/csv_cell.rs).
    for record in csv::Reader::from_reader(csv.as_bytes()).records() {
        let f: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        // customer_id, recency, frequency, monetary, r, f, m, segment (skipping aov, tenure, products)
        let row = [&f[1], &f[2], &f[3], &f[7], &f[8], &f[9], &f[10]]
            .map(|s| s.to_string())
            .to_vec();
        rows.insert(f[0].clone(), row);
    }
    Some(rows)
}

fn compare(ours: &HashMap<String, Vec<String>>, golden_csv: &str) -> usize {
    let mut checked = 0;
    for line in golden_csv.lines().skip(1) {
        let (id, want) = line.split_once(',').unwrap();
        let want: Vec<&str> = want.split(',').collect();
        let got = ours
            .get(id)
            .unwrap_or_else(|| panic!("customer {id} missing"));
        assert_eq!(got[0], want[0], "{id} recency");
        assert_eq!(got[1], want[1], "{id} frequency");
        let (g, w): (f64, f64) = (got[2].parse().unwrap(), want[2].parse().unwrap());
        assert!((g - w).abs() < 0.006, "{id} monetary {g} vs {w}");
        assert_eq!(&got[3..6], &want[3..6], "{id} scores");
        assert_eq!(got[6], want[6], "{id} segment");
        checked += 1;
    }
    checked
}

#[test]
fn complete_journey_rfm_matches_the_pandas_reference() {
    let Some(ours) = ours("complete_journey/transactions.csv") else {
        return;
    };
    assert_eq!(ours.len(), 2_469);
    assert_eq!(
        compare(&ours, &golden::read("rfm_complete_journey.csv")),
        2_469
    );
}

#[test]
fn cdnow_rfm_matches_the_pandas_reference() {
    let Some(ours) = ours("cdnow/cdnow_master.csv") else {
        return;
    };
    assert_eq!(ours.len(), 23_570);
    assert_eq!(
        compare(&ours, &golden::read("rfm_cdnow_every_20th.csv")),
        1_179
    );
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for row in ours.values() {
        *sizes.entry(row[6].as_str()).or_default() += 1;
    }
    for line in golden::read("rfm_cdnow_segment_sizes.csv").lines().skip(1) {
        let (name, count) = line.rsplit_once(',').unwrap();
        assert_eq!(
            sizes.get(name).copied().unwrap_or(0),
            count.parse::<usize>().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn complete_journey_kmeans_finds_stable_segments() {
    let Some((_, table)) = rfm_of("complete_journey/transactions.csv") else {
        return;
    };
    let s = segment::segment(&table, &KMeansParams::default(), &mut Silent).unwrap();
    assert_eq!(s.scores.len(), 9);
    assert_eq!(s.labels.len(), 2_469);
    let sizes: u64 = s.profiles.iter().map(|p| p.customers).sum();
    assert_eq!(sizes, 2_469);
    // Inertia falls as k grows (each k is the best of 10 k-means++ runs).
    assert!(
        s.scores.windows(2).all(|w| w[1].inertia < w[0].inertia),
        "{:?}",
        s.scores
    );
    let again = segment::segment(&table, &KMeansParams::default(), &mut Silent).unwrap();
    assert_eq!(s, again, "same input and seed, same result");
    println!(
        "complete_journey k-means: k = {}, {:?}",
        s.k,
        s.profiles
            .iter()
            .map(|p| (p.customers, &p.description))
            .collect::<Vec<_>>()
    );
}

#[test]
fn sample_kmeans_matches_its_golden_file() {
    golden::matches("sample_kmeans.json", &sample_kmeans::run());
}

#[test]
fn complete_journey_demographics_cluster_on_banded_age_and_income() {
    use shopscope::analysis::Analysis;
    use shopscope::ingest::table::TableOptions;
    use shopscope::segment::{read_customer_table, TableParams, TableSegments};
    let Some(path) = common::shared_data("complete_journey/demographics.csv") else {
        return;
    };
    let table =
        read_customer_table(&std::fs::read(path).unwrap(), &TableOptions::default()).unwrap();
    assert_eq!(table.id_column, "household_id");
    assert_eq!(table.ids.len(), 801);
    let numeric: Vec<&str> = table.numeric.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(numeric, ["age", "income", "household_size", "kids_count"]);
    assert!(table.numeric[0].banded && table.numeric[1].banded);
    let params = TableParams {
        columns: Some(vec!["age".into(), "income".into()]),
        ..Default::default()
    };
    let s = TableSegments::check_and_run(&table, params, &mut Silent).unwrap();
    assert_eq!(s.rows.len() as u64 + s.rows_missing_values, 801);
    assert!(s.segmentation.k >= 2);
    let words: Vec<&str> = s
        .segmentation
        .profiles
        .iter()
        .map(|p| p.description.as_str())
        .collect();
    assert!(words.iter().any(|w| w.contains("income")), "{words:?}");
    println!("demographics: k = {}, {words:?}", s.segmentation.k);
}

#[test]
fn cdnow_kmeans_chooses_k_on_a_sample_and_labels_everyone() {
    let Some((_, table)) = rfm_of("cdnow/cdnow_master.csv") else {
        return;
    };
    let params = KMeansParams::default();
    assert!(
        table.customers.len() > params.search_sample,
        "exercises the sampled search"
    );
    let s = segment::segment(&table, &params, &mut Silent).unwrap();
    assert_eq!(s.labels.len(), 23_570);
    assert_eq!(s.profiles.iter().map(|p| p.customers).sum::<u64>(), 23_570);
    assert!((2..=10).contains(&s.k));
    assert_eq!(s, segment::segment(&table, &params, &mut Silent).unwrap());
}

/// Our k-means (`segment::lloyd`) replaced linfa-clustering's for speed; its fits must be as good. On the
/// standardised RFM of the sample and of complete_journey, for k = 2..10, best of 10 seeded runs each: the
/// total inertia within 1% of linfa's, and no k worse by more than 5% (single k differ either way by which
/// local minimum the restarts land in).
#[test]
fn kmeans_fits_as_well_as_linfa() {
    use linfa::prelude::*;
    use linfa_clustering::KMeans;
    use rand_xoshiro::rand_core::SeedableRng;
    use rand_xoshiro::Xoshiro256Plus;
    use segment::kmeans::{raw_features, standardised, Feature};
    use segment::lloyd::KMeansFit;

    let sample = ingest(
        sample_kmeans::SAMPLE,
        &IngestOptions::default(),
        &mut Silent,
    )
    .unwrap()
    .dataset;
    let mut tables = vec![(
        "sample",
        segment::rfm(&sample, &RfmParams::default()).unwrap(),
    )];
    tables
        .extend(rfm_of("complete_journey/transactions.csv").map(|(_, t)| ("complete_journey", t)));
    let features = [Feature::Recency, Feature::Frequency, Feature::Monetary];
    for (name, table) in tables {
        let x = standardised(&raw_features(&table, &features));
        let (mut ours_total, mut linfa_total) = (0.0, 0.0);
        for k in 2..=10 {
            let ours = KMeansFit {
                k,
                runs: 10,
                max_iterations: 300,
                tolerance: 1e-4,
            }
            .fit(x.view(), &mut Xoshiro256Plus::seed_from_u64(k as u64))
            .unwrap()
            .inertia;
            let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(k as u64))
                .n_runs(10)
                .fit(&DatasetBase::from(x.clone()))
                .unwrap();
            let labels = model.predict(&x);
            let linfa: f64 = x
                .outer_iter()
                .zip(labels.iter())
                .map(|(row, &c)| {
                    let centre = model.centroids().row(c);
                    row.iter()
                        .zip(centre)
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum::<f64>()
                })
                .sum();
            assert!(
                ours <= linfa * 1.05,
                "{name}, k = {k}: {ours} vs linfa's {linfa}"
            );
            ours_total += ours;
            linfa_total += linfa;
        }
        println!(
            "{name}: total inertia over k = 2..10, ours {ours_total:.2}, linfa {linfa_total:.2}"
        );
        assert!(
            ours_total <= linfa_total * 1.01,
            "{name}: {ours_total} vs {linfa_total}"
        );
    }
}
