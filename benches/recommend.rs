//! Recommendation speed (run by scripts/bench-recommend.sh beside implicit): median time to fit item-kNN
//! and compute the top 10 (bought items excluded) for every user, on MovieLens 100k's seeded 80/20 training
//! split and on all of complete_journey's purchases. Writes the same user/item/count pairs to .bench/ so
//! implicit fits exactly the same matrices, and MovieLens' held-out pairs so it is scored the same way. Each
//! engine's peak memory is the process's over its runs, with the purchase matrix held.

use shopscope::analysis::Params;
use shopscope::dataset::Dataset;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::recommend::{
    evaluate, random_split, EvaluationParams, Interactions, ItemKnnParams, RecommendParams,
    Recommender, Scores, Weighting,
};
use std::io::Write;
use std::time::Instant;

mod common;
use common::{peak_mb, reset_peak};

fn write_pairs(m: &Interactions, path: &str) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "user,item,count").unwrap();
    for u in 0..m.len() {
        let (items, counts) = m.row(u);
        for (i, c) in items.iter().zip(counts) {
            writeln!(f, "{u},{i},{c}").unwrap();
        }
    }
}

fn time(name: &str, train: &Interactions) {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for (label, weighting) in [
        ("cosine", Weighting::Cosine),
        ("bm25", Weighting::Bm25),
        ("rp3beta", Weighting::Rp3Beta),
    ] {
        let params = ItemKnnParams {
            weighting,
            ..Default::default()
        };
        let mut times = Vec::new();
        reset_peak();
        for _ in 0..runs {
            let t = Instant::now();
            let model = Recommender::fit(train, &params, &mut Silent).unwrap();
            let mut acc = Scores::new(train.items);
            let mut n = 0;
            for u in 0..train.len() {
                let (items, counts) = train.row(u);
                n += model
                    .recommend(
                        items,
                        counts,
                        &RecommendParams {
                            explain: 0,
                            ..Default::default()
                        },
                        &mut acc,
                    )
                    .len();
            }
            assert!(n > 0);
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"data\":\"{name}\",\"engine\":\"ours native {label} (K=200)\",\"users\":{},\"median_s\":{:.4},\"peak_mb\":{}}}",
            train.len(),
            times[runs / 2],
            peak_mb()
        );
    }
}

fn read(path: &str) -> Option<Dataset> {
    let bytes = std::fs::read(path).ok()?;
    Some(
        ingest(&bytes, &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset,
    )
}

fn main() {
    std::fs::create_dir_all(".bench").unwrap();
    if let Some(data) = read("../shared/data/movielens_100k/ratings.csv") {
        let all = Interactions::from_dataset(&data).unwrap();
        let split = random_split(&all, 0.2, 42).unwrap();
        write_pairs(&split.train, ".bench/ml_train.csv");
        write_pairs(&split.test, ".bench/ml_test.csv");
        time("movielens_100k train", &split.train);
        for (label, weighting) in [
            ("cosine", Weighting::Cosine),
            ("bm25", Weighting::Bm25),
            ("rp3beta", Weighting::Rp3Beta),
        ] {
            let params = EvaluationParams {
                knn: ItemKnnParams {
                    weighting,
                    ..Default::default()
                },
                ..Default::default()
            };
            let e = evaluate(&split, &params.clone().check().unwrap(), &mut Silent).unwrap();
            println!(
                "{{\"data\":\"movielens_100k quality\",\"engine\":\"ours {label} (K=200)\",\"precision\":{:.4},\"recall\":{:.4},\"ndcg\":{:.4},\"map\":{:.4}}}",
                e.model.precision, e.model.recall, e.model.ndcg, e.model.map
            );
        }
    }
    // The transactions are dropped before timing: implicit holds only the matrix.
    if let Some(all) = read("../shared/data/complete_journey/transactions.csv")
        .map(|data| Interactions::from_dataset(&data).unwrap())
    {
        write_pairs(&all, ".bench/cj_pairs.csv");
        time("complete_journey all", &all);
    }
}
