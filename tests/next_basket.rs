//! Next-basket recommendation (src/recommend/next_basket): against an independent numpy implementation on
//! a small fixture (scripts/reference/tifu_reference.py), and on complete_journey against the baselines.

#![cfg(not(target_arch = "wasm32"))]

use shopscope::dataset::{Dataset, Interner};
use shopscope::ingest::table::{read_keyed_table, TableOptions};
use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;
use shopscope::recommend::next_basket::{
    auto, BlendParams, Content, ContentParams, Distance, Evaluation, Histories, ModelSpec, Scratch,
    Split, Task, TfIdf, TifuParams,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn read(path: &std::path::Path) -> Dataset {
    let bytes = std::fs::read(path).expect("readable");
    ingest(&bytes, &IngestOptions::default(), &mut Silent)
        .expect("ingests")
        .dataset
}

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The reference script's models, with the settings it uses.
fn reference_models() -> Vec<(&'static str, ModelSpec)> {
    vec![
        ("p_top_freq", ModelSpec::PTopFreq),
        (
            "tifu_euclidean",
            ModelSpec::Tifu(TifuParams {
                groups: 3,
                within_decay: 0.9,
                group_decay: 0.7,
                neighbours: 5,
                alpha: 0.6,
                distance: Distance::Euclidean,
            }),
        ),
        (
            "tifu_cosine",
            ModelSpec::Tifu(TifuParams {
                groups: 4,
                within_decay: 0.8,
                group_decay: 0.6,
                neighbours: 8,
                alpha: 0.4,
                distance: Distance::Cosine,
            }),
        ),
    ]
}

fn csv_rows(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(golden(name)).expect("golden file");
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// Same top-10 lists and scores as the reference within 1e-9. Tie rule: both rank by score, then by the
/// item's first appearance in the file; since the two sum in different orders, items whose scores are
/// equal within 1e-9 may come in either order, and at the cut a tied item may differ.
#[test]
fn tifu_and_baselines_match_the_numpy_reference() {
    let data = read(&golden("tifu_fixture_baskets.csv"));
    let split = Histories::from_dataset(&data).unwrap().leave_last_out();
    let mut expected: BTreeMap<(String, String), Vec<(String, f64)>> = BTreeMap::new();
    for row in csv_rows("tifu_fixture_top10.csv") {
        let score: f64 = row[4].parse().unwrap();
        expected
            .entry((row[0].clone(), row[1].clone()))
            .or_default()
            .push((row[3].clone(), score));
    }
    let mut metrics: BTreeMap<(String, String), (f64, f64, usize)> = BTreeMap::new();
    for row in csv_rows("tifu_fixture_metrics.csv") {
        metrics.insert(
            (row[0].clone(), row[1].clone()),
            (
                row[2].parse().unwrap(),
                row[3].parse().unwrap(),
                row[4].parse().unwrap(),
            ),
        );
    }
    let mut scratch = Scratch::new(split.train.items);
    for (name, spec) in reference_models() {
        let fitted = spec.fit(&split.train, None, &mut Silent).unwrap();
        for r in 0..split.train.len() {
            let customer = data.customers.name(split.train.customers[r]).to_owned();
            let got: Vec<(String, f64)> = fitted
                .recommend(&split.train, r, 10, Task::NextBasket, &mut scratch)
                .iter()
                .map(|x| (data.products.name(x.item).to_owned(), x.score))
                .collect();
            let want = &expected[&(name.to_owned(), customer.clone())];
            assert_eq!(got.len(), want.len(), "{name} {customer}");
            for (pos, ((gi, gs), (wi, ws))) in got.iter().zip(want).enumerate() {
                assert!(
                    (gs - ws).abs() <= 1e-9,
                    "{name} {customer} #{pos}: {gs} vs {ws}"
                );
                if gi != wi {
                    // Elsewhere in the list with the same score, or past its end tied with the last.
                    let tied = match want.iter().find(|(i, _)| i == gi) {
                        Some((_, s)) => (s - gs).abs() <= 1e-9,
                        None => want.last().is_some_and(|(_, s)| (s - gs).abs() <= 1e-9),
                    };
                    assert!(tied, "{name} {customer} #{pos}: {gi} vs {wi}");
                }
            }
        }
        let e = fitted
            .evaluate(&split, 10, Task::NextBasket, &mut Silent)
            .unwrap();
        for (subset, m) in [("overall", e.overall), ("repeat", e.repeat), ("new", e.new)] {
            let (recall, ndcg, customers) = metrics[&(name.to_owned(), subset.to_owned())];
            assert!((m.recall - recall).abs() <= 1e-9, "{name} {subset} recall");
            assert!((m.ndcg - ndcg).abs() <= 1e-9, "{name} {subset} nDCG");
            assert_eq!(m.customers, customers, "{name} {subset}");
        }
    }
}

/// TF-IDF weights and cosines as scikit-learn's TfidfVectorizer gives them within 1e-9
/// (scripts/reference/content_reference.py: tagged words, max_df 0.5).
#[test]
fn content_similarity_matches_scikit_learn() {
    let bytes = std::fs::read(golden("content_fixture_products.csv")).unwrap();
    let table = read_keyed_table(&bytes, Role::ProductId, &TableOptions::default()).unwrap();
    let mut products = Interner::default();
    for id in &table.ids {
        products.intern(id);
    }
    let params = ContentParams {
        max_share: 0.5,
        ..Default::default()
    };
    let m = TfIdf::new(&table, &products, &params).unwrap();
    let mut expected: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for row in csv_rows("content_fixture_weights.csv") {
        expected
            .entry(row[0].clone())
            .or_default()
            .push((row[1].clone(), row[2].parse().unwrap()));
    }
    for id in &table.ids {
        let p = products.get(id).unwrap();
        let got = m.weights(p);
        let want = expected.get(id).cloned().unwrap_or_default();
        assert_eq!(got.len(), want.len(), "product {id}: {got:?} vs {want:?}");
        for ((gw, g), (ww, w)) in got.iter().zip(&want) {
            assert_eq!(gw, ww, "product {id}");
            assert!((g - w).abs() <= 1e-9, "product {id} {gw}: {g} vs {w}");
        }
    }
    let rows = csv_rows("content_fixture_cosine.csv");
    assert_eq!(rows.len(), table.ids.len() * (table.ids.len() - 1) / 2);
    for row in rows {
        let (a, b) = (
            products.get(&row[0]).unwrap(),
            products.get(&row[1]).unwrap(),
        );
        let want: f64 = row[2].parse().unwrap();
        assert!(
            (m.cosine(a, b) - want).abs() <= 1e-9,
            "{} {}",
            row[0],
            row[1]
        );
    }
}

/// complete_journey under ../shared/data, else /work/shared/data; `None` (with the reason printed) when
/// neither is on this machine.
fn complete_journey() -> Option<PathBuf> {
    let relative = "complete_journey/transactions.csv";
    let candidates = [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from("/work/shared/data"),
    ];
    let found = candidates
        .iter()
        .map(|d| d.join(relative))
        .find(|p| p.exists());
    if found.is_none() {
        println!("SKIPPED: {relative} is in neither ../shared/data nor /work/shared/data (shared data is optional)");
    }
    found
}

fn row(name: &str, e: &Evaluation) {
    println!(
        "{name:<28} | all R@10 {:.4} nDCG@10 {:.4} | repeat {:.4} {:.4} | new {:.4} {:.4} | repeat share {:.3}",
        e.overall.recall,
        e.overall.ndcg,
        e.repeat.recall,
        e.repeat.ndcg,
        e.new.recall,
        e.new.ndcg,
        e.repeat_share
    );
}

/// Each household's last basket held out. The models auto chooses from must never do worse than the
/// baseline a grocer would use without them: P-TopFreq for the next basket, popularity for discovery.
#[test]
fn complete_journey_next_basket_against_the_baselines() {
    let Some(path) = complete_journey() else {
        return;
    };
    let data = read(&path);
    let split: Split = Histories::from_dataset(&data).unwrap().leave_last_out();
    let t = Instant::now();
    let table_bytes = std::fs::read(path.with_file_name("products.csv")).expect("products.csv");
    let table = read_keyed_table(&table_bytes, Role::ProductId, &TableOptions::default()).unwrap();
    let content = Content::build(
        &table,
        &data.products,
        &ContentParams::default(),
        &mut Silent,
    )
    .unwrap();
    println!(
        "content similarity of {} products ({} with similar products) in {:.2} s",
        data.products.len(),
        content.covered(),
        t.elapsed().as_secs_f64()
    );
    let mut results = BTreeMap::new();
    for task in [Task::NextBasket, Task::Discovery] {
        let mut specs = vec![
            ModelSpec::PTopFreq,
            ModelSpec::GpTopFreq,
            ModelSpec::Popularity,
            ModelSpec::Tifu(TifuParams::default()),
        ];
        if task == Task::Discovery {
            for (content_weight, popularity_power) in [(1.0, 1.0), (0.3, 1.0), (0.5, 1.0)] {
                specs.push(ModelSpec::Blend(BlendParams {
                    content_weight,
                    popularity_power,
                    ..Default::default()
                }));
            }
        }
        for spec in specs {
            let t = Instant::now();
            let fitted = spec.fit(&split.train, Some(&content), &mut Silent).unwrap();
            let fit = t.elapsed().as_secs_f64();
            let e = fitted.evaluate(&split, 10, task, &mut Silent).unwrap();
            let secs = t.elapsed().as_secs_f64();
            row(&format!("{task:?} {}", short(&spec)), &e);
            if task == Task::Discovery {
                println!("  {}: fit and score {secs:.2} s", spec.name());
            }
            if matches!(spec, ModelSpec::Tifu(_)) {
                println!(
                    "  TIFU-KNN fit {fit:.2} s, then top-10 and scoring for every household {:.2} s",
                    secs - fit
                );
            }
            assert!(e.overall.customers > 2_000);
            results.insert((format!("{task:?}"), short(&spec)), e);
        }
        let t = Instant::now();
        let a = auto(&split, task, Some(&content), &mut Silent).unwrap();
        let secs = t.elapsed().as_secs_f64();
        for c in &a.candidates {
            row(&format!("  validation {}", c.name), &c.validation);
        }
        row(&format!("{task:?} auto"), &a.test);
        println!("  auto chose {} in {secs:.2} s", a.name);
        results.insert((format!("{task:?}"), "auto".into()), a.test);
    }
    let get = |task: &str, model: &str| results[&(task.to_owned(), model.to_owned())];
    let (auto_next, p) = (get("NextBasket", "auto"), get("NextBasket", "P-TopFreq"));
    let (auto_new, pop) = (get("Discovery", "auto"), get("Discovery", "popularity"));
    for model in [
        "TIFU-KNN",
        "content only pop^1",
        "blend 0.3",
        "blend 0.5",
        "auto",
    ] {
        let e = get("Discovery", model);
        println!(
            "discovery {model:<12} new R@10 {:.4} nDCG@10 {:.4} = {:.3}x popularity",
            e.new.recall,
            e.new.ndcg,
            e.new.ndcg / pop.new.ndcg
        );
    }
    println!(
        "auto / P-TopFreq: nDCG@10 {:.3}x, recall@10 {:.3}x (targets 1.10x, 1.05x); discovery auto / \
         popularity nDCG@10 on new items {:.3}x (target 1.5x)",
        auto_next.overall.ndcg / p.overall.ndcg,
        auto_next.overall.recall / p.overall.recall,
        auto_new.new.ndcg / pop.new.ndcg
    );
    assert!(auto_next.overall.ndcg >= p.overall.ndcg);
    assert!(auto_new.new.ndcg >= pop.new.ndcg);
}

fn short(spec: &ModelSpec) -> String {
    match spec {
        ModelSpec::Tifu(_) => "TIFU-KNN".into(),
        ModelSpec::Blend(p) if p.content_weight == 1.0 => {
            format!("content only pop^{}", p.popularity_power)
        }
        ModelSpec::Blend(p) => format!("blend {}", p.content_weight),
        other => other.name(),
    }
}
