//! FP-growth speed (run by scripts/bench-rules.sh beside mlxtend and pyfim): median time of `rules::mine`
//! on complete_journey's product baskets and Weka's supermarket baskets at three supports each. Writes the
//! baskets as item ids, one basket per line, to .bench/ so the peers mine exactly the same transactions.

use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::rules::{self, Baskets, MiningParams};
use std::io::Write;
use std::time::Instant;

fn write_baskets(b: &Baskets, path: &str) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for r in 0..b.len() {
        let row: Vec<String> = b.rows.row(r).iter().map(u32::to_string).collect();
        writeln!(f, "{}", row.join(",")).unwrap();
    }
}

fn time(name: &str, b: &Baskets, supports: &[f64]) {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for &s in supports {
        let params = MiningParams {
            min_support: s,
            ..Default::default()
        };
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..runs {
            let t = Instant::now();
            found = rules::mine(b, &params, &mut Silent).unwrap().itemsets.len();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"data\":\"{name}\",\"engine\":\"ours native\",\"support\":{s},\"itemsets\":{found},\"median_s\":{:.5}}}",
            times[runs / 2]
        );
    }
}

fn main() {
    std::fs::create_dir_all(".bench").unwrap();
    if let Ok(text) =
        std::fs::read_to_string("../shared/data/weka_supermarket/supermarket_baskets.txt")
    {
        let b = Baskets::from_lines(&text, b',').unwrap();
        write_baskets(&b, ".bench/weka_baskets.txt");
        time("weka", &b, &[0.15, 0.1, 0.05]);
    }
    if let Ok(bytes) = std::fs::read("../shared/data/complete_journey/transactions.csv") {
        let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let b = Baskets::from_dataset(&data).unwrap();
        write_baskets(&b, ".bench/cj_baskets.txt");
        time("complete_journey products", &b, &[0.005, 0.002, 0.001]);
    }
}
