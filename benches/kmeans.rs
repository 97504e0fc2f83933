//! k-means against scikit-learn and linfa-clustering (run by scripts/bench-kmeans.sh, which compares the figures):
//! 1. quality: inertia of our segmentation (k-means++, best of 10 seeded runs) on the standardised log RFM of
//!    complete_journey, for k = 2..10; the same matrix is written to .bench/cj_rfm.f64 for scikit-learn;
//! 2. speed: Lloyd iterations on a seeded 1,000,000 x 4 synthetic set from fixed initial centres (the first
//!    k rows), written to .bench/synthetic.f64 for scikit-learn; the time per iteration is the median over
//!    BENCH_RUNS runs, with the inertia reached and the process's peak memory over the runs (the 32 MB
//!    matrix held; linfa's runs also hold the dataset copy it needs). RAYON_NUM_THREADS=1 keeps linfa on one
//!    thread (ours is single-threaded).

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{s, Array2};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::segment::lloyd::KMeansFit;
use shopscope::segment::{self, kmeans, Feature, KMeansParams, RfmParams};
use std::io::Write;
use std::time::Instant;

mod common;
use common::{peak_mb, reset_peak};

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
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let ours = KMeansFit {
        k,
        runs: 1,
        max_iterations: iterations,
        tolerance: 0.0,
    };
    time_iterations("ours (segment::lloyd)", &x, iterations, runs, &|| {
        let c = ours
            .fit_from(x.view(), init.iter().copied().collect())
            .unwrap();
        (c.inertia, c.iterations)
    });
    // linfa counts the old centre as one more point of its cluster (m_k-means), so its inertia after the same
    // iterations differs slightly; timed on its own dataset copy, as it needs one.
    let dataset = DatasetBase::from(x.clone());
    time_iterations("linfa-clustering 0.8.1", &x, iterations, runs, &|| {
        let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(1))
            .init_method(KMeansInit::Precomputed(init.clone()))
            .n_runs(1)
            .max_n_iterations(iterations)
            .tolerance(1e-300)
            .fit(&dataset)
            .unwrap();
        (model.inertia() * x.nrows() as f64, iterations)
    });
}

/// Prints the median time per Lloyd iteration of `fit` (which returns the inertia and the iterations made),
/// with the process's peak memory over the runs.
fn time_iterations(
    engine: &str,
    x: &Array2<f64>,
    iterations: u64,
    runs: usize,
    fit: &dyn Fn() -> (f64, u64),
) {
    let mut per_iteration = Vec::new();
    let mut inertia = 0.0;
    reset_peak();
    for _ in 0..runs {
        let t = Instant::now();
        let (i, made) = fit();
        per_iteration.push(t.elapsed().as_secs_f64() / made as f64);
        inertia = i;
    }
    per_iteration.sort_by(f64::total_cmp);
    println!(
        "{{\"bench\":\"speed\",\"engine\":\"{engine}\",\"n\":{},\"d\":{},\"k\":8,\"iterations\":{iterations},\"ms_per_iteration\":{:.3},\"inertia\":{inertia:.6},\"threads\":\"1\",\"peak_mb\":{}}}",
        x.nrows(),
        x.ncols(),
        per_iteration[runs / 2] * 1000.0,
        peak_mb()
    );
}

fn main() {
    std::fs::create_dir_all(".bench").unwrap();
    quality();
    speed();
}
