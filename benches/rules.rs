//! FP-growth speed (run by scripts/bench-rules.sh beside mlxtend and pyfim): median time of `rules::mine`
//! on complete_journey's product baskets and Weka's supermarket baskets at three supports each. Writes the
//! baskets as item ids, one basket per line, to .bench/ so the peers mine exactly the same transactions, and
//! also times reading that file and mining it, which is what the wasm figure (`mineBasketLines`) includes.

use shopscope::analysis::{Checked, Params};
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::rules::{self, Baskets, MiningParams};
use std::io::Write;
use std::time::Instant;

mod common;
use common::{peak_mb, reset_peak};

fn write_baskets(b: &Baskets, path: &str) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for r in 0..b.len() {
        let row: Vec<String> = b.rows.row(r).iter().map(u32::to_string).collect();
        writeln!(f, "{}", row.join(",")).unwrap();
    }
}

/// Prints the median time of `mine` (which returns the number of itemsets found) at each support, and the
/// process's peak memory over its runs.
fn time(
    name: &str,
    engine: &str,
    supports: &[f64],
    mine: &dyn Fn(&Checked<MiningParams>) -> usize,
) {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for &s in supports {
        let params = MiningParams {
            min_support: Some(s),
            ..Default::default()
        }
        .check()
        .expect("a support between 0 and 1");
        let mut times = Vec::new();
        let mut found = 0;
        reset_peak();
        for _ in 0..runs {
            let t = Instant::now();
            found = mine(&params);
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"data\":\"{name}\",\"engine\":\"{engine}\",\"support\":{s},\"itemsets\":{found},\"median_s\":{:.5},\"peak_mb\":{}}}",
            times[runs / 2],
            peak_mb()
        );
    }
}

/// Writes `b` to `path` for the peers and the wasm bench, then times mining `b`, and reading `path` + mining.
fn time_both(name: &str, b: &Baskets, path: &str, supports: &[f64]) {
    write_baskets(b, path);
    time(name, "ours native", supports, &|p| {
        rules::mine(b, p, &mut Silent).unwrap().itemsets.len()
    });
    time(
        name,
        "ours native (incl. reading the basket file)",
        supports,
        &|p| {
            let text = std::fs::read_to_string(path).unwrap();
            let b = Baskets::from_lines(&text, b',').unwrap();
            rules::mine(&b, p, &mut Silent).unwrap().itemsets.len()
        },
    );
}

fn main() {
    std::fs::create_dir_all(".bench").unwrap();
    if let Ok(text) =
        std::fs::read_to_string("../shared/data/weka_supermarket/supermarket_baskets.txt")
    {
        let b = Baskets::from_lines(&text, b',').unwrap();
        time_both("weka", &b, ".bench/weka_baskets.txt", &[0.15, 0.1, 0.05]);
    }
    if let Ok(bytes) = std::fs::read("../shared/data/complete_journey/transactions.csv") {
        // The transactions are dropped before timing: the peers hold only the baskets.
        let b = {
            let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
                .unwrap()
                .dataset;
            Baskets::from_dataset(&data).unwrap()
        };
        drop(bytes);
        time_both(
            "complete_journey products",
            &b,
            ".bench/cj_baskets.txt",
            &[0.005, 0.002, 0.001],
        );
    }
}
