//! k-means against scikit-learn (run by scripts/bench-kmeans.sh, which compares the figures):
//! 1. quality: inertia of our segmentation (k-means++, best of 10 seeded runs) on the standardised log RFM of
//!    complete_journey, for k = 2..10; the same matrix is written to .bench/cj_rfm.f64 for scikit-learn;
//! 2. speed: Lloyd iterations on a seeded 1,000,000 x 4 synthetic set from fixed initial centres (the first
//!    k rows), written to .bench/synthetic.f64 for scikit-learn; the time per iteration is the median over
//!    BENCH_RUNS runs. Set RAYON_NUM_THREADS=1 for a one-thread comparison.

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{s, Array2};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::segment::{self, kmeans, Feature, KMeansParams, RfmParams};
use std::io::Write;
use std::time::Instant;

fn write_f64(path: &str, x: &Array2<f64>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for v in x.iter() {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
}

fn quality() {
    let path = "../shared/data/complete_journey/transactions.csv";
    let Ok(bytes) = std::fs::read(path) else {
        println!("SKIPPED: {path} is not present");
        return;
    };
    let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let table = segment::rfm(&data, &RfmParams::default()).unwrap();
    let features = [Feature::Recency, Feature::Frequency, Feature::Monetary];
    let x = kmeans::standardised(&kmeans::raw_features(&table, &features));
    write_f64(".bench/cj_rfm.f64", &x);
    for k in 2..=10 {
        let params = KMeansParams {
            k: Some(k),
            ..Default::default()
        };
        let t = Instant::now();
        let s = segment::segment(&table, &params, &mut Silent).unwrap();
        println!(
            "{{\"bench\":\"quality\",\"engine\":\"ours\",\"k\":{k},\"n\":{},\"inertia\":{},\"seconds\":{:.4}}}",
            x.nrows(),
            s.scores[0].inertia,
            t.elapsed().as_secs_f64()
        );
    }
}

fn speed() {
    let (n, d, k, iterations) = (1_000_000, 4, 8, 20u64);
    let mut rng = Xoshiro256Plus::seed_from_u64(7);
    let mut unit = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    // Eight blobs: centre per blob from the RNG, points spread uniformly around it.
    let centres: Vec<f64> = (0..k * d).map(|_| unit() * 20.0).collect();
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        centres[(i % k) * d + j] + unit() * 6.0 - 3.0
    });
    write_f64(".bench/synthetic.f64", &x);
    let init = x.slice(s![0..k, ..]).to_owned();
    let dataset = DatasetBase::from(x.clone());
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut per_iteration = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(1))
            .init_method(KMeansInit::Precomputed(init.clone()))
            .n_runs(1)
            .max_n_iterations(iterations)
            .tolerance(1e-300)
            .fit(&dataset)
            .unwrap();
        per_iteration.push(t.elapsed().as_secs_f64() / iterations as f64);
        std::hint::black_box(model.inertia());
    }
    per_iteration.sort_by(f64::total_cmp);
    println!(
        "{{\"bench\":\"speed\",\"engine\":\"ours (linfa 0.8.1)\",\"n\":{n},\"d\":{d},\"k\":{k},\"iterations\":{iterations},\"ms_per_iteration\":{:.3},\"threads\":\"{}\"}}",
        per_iteration[runs / 2] * 1000.0,
        std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all".into())
    );
}

fn main() {
    std::fs::create_dir_all(".bench").unwrap();
    quality();
    speed();
}
