//! Native ingest throughput on ../shared/data/complete_journey/transactions.csv (or a file given as the
//! first argument): median of several runs, MB/s, rows/s, the model's memory and the
//! process's peak memory over the runs (the file's bytes included; with `--stream`, the file is read from
//! disk a chunk at a time instead, and not held). Run via `cargo bench --bench ingest`;
//! `scripts/bench-ingest.sh` runs it beside the wasm and peer figures.

use shopscope::ingest::{ingest, ingest_from, IngestOptions};
use shopscope::progress::Silent;
use std::time::Instant;

mod common;
use common::{peak_mb, reset_peak};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "../shared/data/complete_journey/transactions.csv".into());
    let stream = std::env::args().any(|a| a == "--stream");
    let Ok(size) = std::fs::metadata(&path).map(|m| m.len()) else {
        println!("SKIPPED: {path} is not present");
        return;
    };
    let bytes = if stream {
        Vec::new()
    } else {
        std::fs::read(&path).expect("reads the file")
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut times = Vec::new();
    let mut report = None;
    reset_peak();
    for _ in 0..runs {
        let t = Instant::now();
        let opts = IngestOptions::default();
        let got = if stream {
            let mut file = std::fs::File::open(&path).expect("opens the file");
            ingest_from(&mut file, &opts, &mut Silent)
        } else {
            ingest(&bytes, &opts, &mut Silent)
        }
        .expect("ingests");
        times.push(t.elapsed().as_secs_f64());
        report = Some(got.report);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let r = report.expect("at least one run");
    let mb = size as f64 / 1e6;
    let engine = if stream {
        "native (streamed)"
    } else {
        "native"
    };
    println!(
        "{{\"engine\":\"{engine}\",\"file\":\"{path}\",\"runs\":{runs},\"median_s\":{median:.4},\"mb_per_s\":{:.1},\
         \"rows\":{},\"model_mb\":{:.1},\"bytes_per_row\":{:.1},\"peak_mb\":{}}}",
        mb / median,
        r.rows_read,
        r.model_bytes as f64 / 1e6,
        r.bytes_per_row,
        peak_mb()
    );
}
