//! Lifetime-value speed (run by scripts/bench-clv.sh beside lifetimes): median time from the ingested
//! transactions to every customer's P(alive) and 1-year value (summary, BG/NBD fit, Gamma-Gamma fit,
//! prediction), without intervals (lifetimes has none) and with the default 100 parameter draws; on CDNOW
//! (the full 23,570-customer log, calibrated to 1997-09-30, weeks) and complete_journey (2017-09-30). The peak
//! memory is the process's over the runs, with the ingested transactions held.

use shopscope::analysis::Analysis;
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use std::time::Instant;

mod common;
use common::{peak_mb, reset_peak};

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for (name, file, end) in [
        (
            "cdnow",
            "../shared/data/cdnow/cdnow_master.csv",
            "1997-09-30",
        ),
        (
            "complete_journey",
            "../shared/data/complete_journey/transactions.csv",
            "2017-09-30",
        ),
    ] {
        let Ok(bytes) = std::fs::read(file) else {
            println!("SKIPPED: {file} is not present");
            continue;
        };
        let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        for draws in [0, 100] {
            let params = ClvParams {
                calibration_end: Some(end.into()),
                interval_draws: draws,
                ..ClvParams::default()
            };
            let mut times = Vec::new();
            let mut last = None;
            reset_peak();
            for _ in 0..runs {
                let t = Instant::now();
                last =
                    Some(LifetimeValue::check_and_run(&data, params.clone(), &mut Silent).unwrap());
                times.push(t.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            let r = last.unwrap();
            let (m, g) = (r.purchase_model, r.spend_model.unwrap());
            println!(
                "{{\"engine\": \"shopscope native\", \"data\": \"{name}\", \"interval_draws\": {draws}, \
                 \"customers\": {}, \"median_s\": {:.4}, \"r\": {:.4}, \"alpha\": {:.4}, \"a\": {:.4}, \
                 \"b\": {:.4}, \"p\": {:.4}, \"q\": {:.4}, \"gamma\": {:.4}, \"total_clv\": {:.1}, \
                 \"holdout_actual\": {}, \"holdout_predicted\": {:.1}, \"peak_mb\": {}}}",
                r.totals.customers,
                times[runs / 2],
                m.r,
                m.alpha,
                m.a,
                m.b,
                g.p,
                g.q,
                g.gamma,
                r.totals.value,
                r.holdout.as_ref().map_or(0.0, |h| h.actual_total),
                r.holdout.as_ref().map_or(0.0, |h| h.predicted_total),
                peak_mb(),
            );
        }
    }
}
