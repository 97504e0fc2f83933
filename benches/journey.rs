//! The page's default analyses on complete_journey (or the file given), natively, one after another as the
//! page runs them: read, segments, itemsets + rules, recommender + one customer's list, lifetime value.
//! Prints one JSON line per step with its time and the process's peak memory so far (VmHWM).
//! `scripts/bench-page.sh` runs it beside the same steps in headless Chromium (benches/page.mjs).

use shopscope::analysis::{Analysis, Params};
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::recommend::{Interactions, ItemKnnParams, RecommendParams, Recommender, Scores};
use shopscope::rules::{self, Baskets, MiningParams, RuleParams};
use shopscope::segment::{self, KMeansParams, RfmParams};
use std::time::Instant;

mod common;
use common::peak_mb;

fn step<T>(name: &str, run: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = run();
    println!(
        "{{\"engine\":\"native\",\"step\":\"{name}\",\"seconds\":{:.3},\"peak_mb\":{}}}",
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    out
}

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "../shared/data/complete_journey/transactions.csv".into());
    let data = step("read (file picker to summary)", || {
        let bytes = std::fs::read(&path).ok()?;
        Some(ingest(&bytes, &IngestOptions::default(), &mut Silent).expect("reads"))
    });
    let Some(read) = data else {
        println!("SKIPPED: {path} is not present");
        return;
    };
    let data = &read.dataset;
    step("Segments", || {
        let table = segment::rfm(data, &RfmParams::default()).expect("rfm");
        segment::segment(&table, &KMeansParams::default(), &mut Silent).expect("k-means")
    });
    step("Rules", || {
        let baskets = Baskets::from_dataset(data).expect("baskets");
        // The page's defaults: the support chosen from the data, itemsets of up to 3 items.
        let params = MiningParams {
            max_length: Some(3),
            ..Default::default()
        };
        let sets =
            rules::mine(&baskets, &params.clone().check().unwrap(), &mut Silent).expect("itemsets");
        rules::rules(
            &baskets.names,
            &sets,
            &RuleParams::default().check().unwrap(),
        )
        .expect("rules")
    });
    step("Recommendations", || {
        let history = Interactions::from_dataset(data).expect("interactions");
        let model =
            Recommender::fit(&history, &ItemKnnParams::default(), &mut Silent).expect("fit");
        let (items, counts) = history.row(0);
        let mut acc = Scores::new(history.items);
        model.recommend(items, counts, &RecommendParams::default(), &mut acc)
    });
    step("Lifetime value", || {
        LifetimeValue::check_and_run(data, ClvParams::default(), &mut Silent)
            .expect("lifetime value")
    });
}
