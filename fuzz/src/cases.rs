//! What each fuzz target does with its input. Shared by the targets (fuzz/fuzz_targets) and by the native
//! regression test (tests/fuzz_regressions.rs), which replays every input a fuzzer ever crashed on.
//!
//! Every entry point is called as the JS binding calls it; errors are fine, a panic is the bug. Parameters
//! whose only effect is cost (k-means runs and iterations, interval draws, result counts) are kept small so a
//! run spends its time on shapes rather than on one slow input; every other parameter is arbitrary,
//! including 0, huge values, NaN and infinities.

#[path = "../../tests/common/clv_domain.rs"]
mod clv_domain;

#[path = "../../tests/common/analysis_domain.rs"]
mod analysis_domain;

use arbitrary::{Arbitrary, Result, Unstructured};
use shopscope::analysis::{Analysis, Params};
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::dataset::names::ProductNames;
use shopscope::ingest::table::{read_keyed_table, TableOptions};
use shopscope::ingest::{self, DateOrder, IngestOptions, Ingested, MaskOptions, Role};
use shopscope::progress::{Progress, Silent};
use shopscope::recommend::next_basket::{Task, TifuParams};
use shopscope::recommend::{
    bought_together, BoughtTogether, EvaluateRecommendations, EvaluationParams, FitRecommender,
    Interactions, ItemKnnParams, ModelName, RecommendParams, Recommender, RecommenderInput,
    RecommenderParams, Scores, TogetherInput, TogetherParams, Weighting,
};
use shopscope::rules::{self, Baskets, Mine, MineInput, MiningParams, RuleParams, Rules};
use shopscope::segment::{
    self, Feature, KMeansParams, RfmParams, SegmentParams, Segments, TableParams, TableSegments,
};

/// Arbitrary bytes as a transactions file, a customer table, a product table and a basket-lines file.
pub fn ingest_bytes(data: &[u8]) {
    let opts = IngestOptions::default();
    let _ = ingest::inspect(data, &opts);
    if let Ok(read) = ingest::ingest(data, &opts, &mut Silent) {
        let _ = read.dataset.heap_bytes();
    }
    let _ = segment::read_customer_table(data, &TableOptions::default());
    let _ = read_keyed_table(data, Role::ProductId, &TableOptions::default());
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Baskets::from_lines(text, b',');
    }
}

/// Arbitrary reading options (delimiter, header, role mapping, date order...) over arbitrary bytes, with a
/// progress callback that may cancel at any point.
pub fn ingest_options(data: &[u8]) {
    let _ = try_ingest_options(&mut Unstructured::new(data));
}

fn try_ingest_options(u: &mut Unstructured) -> Result<()> {
    let opts = ingest_opts(u)?;
    let mut progress = StopAfter(u.arbitrary()?);
    let bytes = u.bytes(u.len())?;
    let _ = ingest::inspect(bytes, &opts);
    let _ = ingest::ingest(bytes, &opts, &mut progress);
    Ok(())
}

/// A small generated transactions file (odd numbers, missing values, repeated ids), then every analysis on
/// it with arbitrary parameters.
pub fn analyses(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(file) = Transactions::arbitrary(&mut u) else {
        return;
    };
    let text = file.csv();
    let Ok(read) = ingest::ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent) else {
        return;
    };
    let _ = segments(&mut u, &read);
    let _ = itemsets(&mut u, &read);
    let _ = recommendations(&mut u, &read);
    let _ = lifetime_value(&mut u, &read);
}

/// Customer and product tables of arbitrary bytes, clustered and used as item attributes with arbitrary
/// parameters.
pub fn tables(data: &[u8]) {
    let _ = try_tables(&mut Unstructured::new(data));
}

fn try_tables(u: &mut Unstructured) -> Result<()> {
    let opts = TableOptions {
        id_column: u.arbitrary()?,
        delimiter: u.arbitrary()?,
        mask: mask_options(u)?,
        encoding: encoding_label(u)?,
        decoder: None,
    };
    let split = u.int_in_range(0..=u.len())?;
    let table_bytes = u.bytes(split)?;
    if let Ok(table) = segment::read_customer_table(table_bytes, &opts) {
        let columns = if u.arbitrary()? {
            let mut chosen = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                chosen.push(pick_name(u, table.numeric.iter().map(|c| c.name.as_str()))?);
            }
            Some(chosen)
        } else {
            None
        };
        let params = TableParams {
            columns,
            log: u.arbitrary()?,
            kmeans: kmeans_params(u)?,
        };
        if let Ok(result) =
            TableSegments::check_and_run(&table, params.clone(), &mut StopAfter(u.arbitrary()?))
        {
            analysis_domain::assert_table_segmentation_in_domain(
                &result,
                table.ids.len(),
                &format!("{params:?}"),
            );
            let _ = segment::attributes::values_of(&table, &result);
            let _ = TableSegments::export_csv(&table, &result);
        }
    }
    let products_bytes = u.bytes(u.len())?;
    if let Ok(products) = read_keyed_table(products_bytes, Role::ProductId, &opts) {
        let file = Transactions::arbitrary(&mut Unstructured::new(products_bytes))?;
        if let Ok(read) = ingest::ingest(file.csv().as_bytes(), &Default::default(), &mut Silent) {
            let column = pick_name(
                &mut Unstructured::new(table_bytes),
                products.columns.iter().map(|c| c.name.as_str()),
            )?;
            let _ = Baskets::from_dataset_by(&read.dataset, &products, &column);
            let names = ProductNames::new(&read.dataset, Some(&products));
            let _ = names.labels(&read.dataset.products);
        }
    }
    Ok(())
}

fn segments(u: &mut Unstructured, read: &Ingested) -> Result<()> {
    let params = SegmentParams {
        rfm: RfmParams {
            analysis_date: date_text(u)?,
        },
        kmeans: if u.arbitrary()? {
            Some(kmeans_params(u)?)
        } else {
            None
        },
    };
    let what = format!("{params:?}");
    let Ok(result) = Segments::check_and_run(&read.dataset, params, &mut StopAfter(u.arbitrary()?))
    else {
        return Ok(());
    };
    analysis_domain::assert_rfm_in_domain(&read.dataset, &result.rfm, &what);
    if let Some(s) = &result.kmeans {
        analysis_domain::assert_segmentation_in_domain(s, result.rfm.customers.len(), &what);
    }
    let _ = Segments::export_csv(&read.dataset, &result);
    Ok(())
}

fn itemsets(u: &mut Unstructured, read: &Ingested) -> Result<()> {
    let names = ProductNames::new(&read.dataset, None);
    let input = MineInput {
        data: &read.dataset,
        names: &names,
        products: None,
    };
    let params = MiningParams {
        min_support: u.arbitrary()?,
        min_count: u.arbitrary()?,
        max_length: u.arbitrary()?,
        max_itemsets: u.int_in_range(0..=100_000)?,
        itemset_budget: u.int_in_range(0..=100_000)?,
        min_baskets: u.arbitrary()?,
        item_column: None,
    };
    let max_length = params.max_length;
    let what = format!("{params:?}");
    let Ok(itemsets) = Mine::check_and_run(input, params, &mut StopAfter(u.arbitrary()?)) else {
        return Ok(());
    };
    analysis_domain::assert_itemsets_in_domain(&itemsets.sets, max_length, &what);
    let _ = Mine::export_csv(input, &itemsets);
    let names = || itemsets.baskets.names.iter().map(String::as_str);
    let params = RuleParams {
        min_confidence: u.arbitrary()?,
        min_lift: u.arbitrary()?,
        max_antecedent: u.arbitrary()?,
        max_consequent: u.arbitrary()?,
        antecedent_has: names_of(u, names())?,
        consequent_has: names_of(u, names())?,
        any_side_has: names_of(u, names())?,
        antecedent_lacks: names_of(u, names())?,
        consequent_lacks: names_of(u, names())?,
        sort_by: *u.choose(&[
            rules::Metric::Support,
            rules::Metric::Confidence,
            rules::Metric::Lift,
            rules::Metric::Leverage,
            rules::Metric::Conviction,
            rules::Metric::Zhang,
        ])?,
        top: u.arbitrary()?,
        max_rules: u.arbitrary()?,
    };
    if let Ok(found) = Rules::check_and_run(&itemsets, params.clone(), &mut Silent) {
        analysis_domain::assert_rules_in_domain(
            &found,
            itemsets.sets.baskets,
            max_length,
            params.top,
            &format!("{params:?}"),
        );
        let _ = rules::named(&itemsets.baskets.names, &found);
        let _ = Rules::export_csv(&itemsets, &found);
    }
    Ok(())
}

fn recommendations(u: &mut Unstructured, read: &Ingested) -> Result<()> {
    let data = &read.dataset;
    let knn = knn_params(u)?;
    if let Ok(history) = Interactions::from_dataset(data) {
        if let Ok(model) = Recommender::fit(&history, &knn, &mut StopAfter(u.arbitrary()?)) {
            let params = RecommendParams {
                n: u.int_in_range(0..=50)?,
                exclude_bought: u.arbitrary()?,
                explain: u.int_in_range(0..=10)?,
                repeat_weight: u.arbitrary()?,
            };
            // Options are checked, then each customer (known or not) is scored.
            if let Ok(checked) = params.clone().check() {
                let mut acc = Scores::new(history.items);
                let what = format!("{knn:?} {params:?}");
                for row in 0..history.len() {
                    let (items, counts) = history.row(row);
                    let recs = model.recommend(items, counts, &checked, &mut acc);
                    analysis_domain::assert_recommendations_in_domain(
                        &recs,
                        history.items,
                        items,
                        params.n,
                        params.excludes_bought(),
                        &what,
                    );
                }
                let recs = model.recommend(&[], &[], &checked, &mut acc);
                analysis_domain::assert_recommendations_in_domain(
                    &recs,
                    history.items,
                    &[],
                    params.n,
                    true,
                    &what,
                );
            }
            if history.items > 0 {
                let item = u.int_in_range(0..=history.items as u32 - 1)?;
                let n = u.int_in_range(0..=50)?;
                analysis_domain::assert_similar_in_domain(
                    &model.knn.similar(item, n),
                    item,
                    history.items,
                    n,
                    &format!("{knn:?}"),
                );
            }
        }
    }
    // As the binding: fitted with the ids and names, asked by ids (known or not).
    let names = ProductNames::new(data, None);
    let input = RecommenderInput {
        data,
        names: &names,
        products: None,
    };
    let recommender = RecommenderParams {
        model: *u.choose(&ModelName::ALL)?,
        task: *u.choose(&[Task::NextBasket, Task::Discovery])?,
        knn,
        tifu: TifuParams {
            groups: u.int_in_range(0..=40)?,
            neighbours: u.int_in_range(0..=60)?,
            alpha: f64::from(u.int_in_range(0..=10u8)?) / 10.0,
            ..TifuParams::default()
        },
        seed: u.arbitrary()?,
    };
    if let Ok(fitted) =
        FitRecommender::check_and_run(input, recommender, &mut StopAfter(u.arbitrary()?))
    {
        analysis_domain::assert_model_summary_in_domain(&fitted.summary());
        let ids: Vec<&str> = fitted.customer_ids().collect();
        let params = RecommendParams {
            n: u.int_in_range(0..=50)?,
            exclude_bought: u.arbitrary()?,
            explain: u.int_in_range(0..=10)?,
            repeat_weight: u.arbitrary()?,
        };
        if let Ok(checked) = params.check() {
            let customer = pick_name(u, ids.iter().copied().chain(["no such customer"]))?;
            analysis_domain::assert_for_customer_in_domain(
                &fitted.recommend(&customer, &checked),
                checked.n,
            );
            let _ = fitted.export_csv(&checked);
        }
        let product = pick_name(
            u,
            (0..data.products.len() as u32)
                .map(|p| data.products.name(p))
                .chain(["no such product"]),
        )?;
        let _ = fitted.similar_products(&product, u.arbitrary()?);
        let _ = FitRecommender::export_csv(input, &fitted);
    }
    let cart: Vec<u32> = (0..u.int_in_range(0..=3)?)
        .map(|_| u.int_in_range(0..=(data.products.len() as u32).saturating_sub(1)))
        .collect::<Result<_>>()?;
    let together = TogetherParams {
        n: u.int_in_range(0..=50)?,
        min_count: u.arbitrary()?,
    };
    let cart_ids: Vec<String> = cart
        .iter()
        .map(|&p| data.products.name(p).to_owned())
        .collect();
    let input = TogetherInput {
        data,
        names: &names,
        cart: &cart_ids,
    };
    if let Ok(t) = BoughtTogether::check_and_run(input, together.clone(), &mut Silent) {
        let _ = BoughtTogether::export_csv(input, &t);
    }
    let Ok(together) = together.check() else {
        return Ok(());
    };
    if let Ok(t) = bought_together(&data.baskets, data.products.len(), &cart, &together) {
        analysis_domain::assert_together_in_domain(
            &t,
            &cart,
            data.products.len(),
            together.n,
            together.min_count,
            &format!("{cart:?} {together:?}"),
        );
    }
    let params = EvaluationParams {
        split: match u.int_in_range(0..=3)? {
            0 => None,
            1 => Some("lastOrder".into()),
            2 => Some("random".into()),
            _ => Some(u.arbitrary()?),
        },
        test_share: u.arbitrary().unwrap_or(0.2),
        seed: u.arbitrary().unwrap_or(0),
        k: u.int_in_range(0..=50)?,
        exclude_bought: u.arbitrary()?,
        knn: knn_params(u)?,
    };
    let what = format!("{params:?}");
    let k = params.k;
    if let Ok(e) =
        EvaluateRecommendations::check_and_run(data, params, &mut StopAfter(u.arbitrary()?))
    {
        analysis_domain::assert_evaluation_in_domain(&e, k, &what);
        let _ = EvaluateRecommendations::export_csv(data, &e);
    }
    Ok(())
}

fn lifetime_value(u: &mut Unstructured, read: &Ingested) -> Result<()> {
    let params = ClvParams {
        calibration_end: date_text(u)?,
        time_unit_days: u.arbitrary()?,
        horizon_days: u.arbitrary()?,
        annual_discount_rate: u.arbitrary()?,
        interval_draws: u.int_in_range(0..=200)?,
        interval_level: u.arbitrary()?,
        seed: u.arbitrary()?,
        at_risk_below: u.arbitrary()?,
    };
    if let Ok(result) = LifetimeValue::check_and_run(
        &read.dataset,
        params.clone(),
        &mut StopAfter(u.arbitrary()?),
    ) {
        clv_domain::assert_in_domain(&result, &format!("{params:?}"));
        let _ = LifetimeValue::export_csv(&read.dataset, &result);
    }
    Ok(())
}

fn ingest_opts(u: &mut Unstructured) -> Result<IngestOptions> {
    let mut mapping = std::collections::BTreeMap::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let role = *u.choose(&Role::ALL)?;
        let column = if u.arbitrary()? {
            Some(
                u.choose(&[
                    "customer", "order", "product", "quantity", "price", "date", "",
                ])?
                .to_string(),
            )
        } else {
            u.arbitrary()?
        };
        mapping.insert(role, column);
    }
    Ok(IngestOptions {
        delimiter: u.arbitrary()?,
        has_header: u.arbitrary()?,
        mapping,
        date_order: u
            .choose(&[
                None,
                Some(DateOrder::Ymd),
                Some(DateOrder::Mdy),
                Some(DateOrder::Dmy),
            ])?
            .to_owned(),
        decimal_comma: u.arbitrary()?,
        drop_duplicates: u.arbitrary()?,
        keep_nonpositive: u.arbitrary()?,
        mask: mask_options(u)?,
        memory_limit_mb: u.arbitrary()?,
        encoding: encoding_label(u)?,
        decoder: None,
        show_contact_ids: u.arbitrary()?,
        currency_rates: if u.arbitrary()? {
            [("USD", 1.0), ("EUR", u.arbitrary()?)]
                .into_iter()
                .map(|(c, r)| (c.to_string(), r))
                .collect()
        } else {
            Default::default()
        },
    })
}

/// No encoding, one the reader guesses, another WHATWG label, or anything at all.
fn encoding_label(u: &mut Unstructured) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(u.choose(&shopscope::ingest::decode::GUESSED)?.to_string()),
        2 => Some(
            u.choose(&["utf-16be", "cp1250", "utf8", "latin1"])?
                .to_string(),
        ),
        _ => u.arbitrary()?,
    })
}

fn mask_options(u: &mut Unstructured) -> Result<Option<MaskOptions>> {
    Ok(if u.arbitrary()? {
        Some(MaskOptions {
            salt: u.arbitrary()?,
        })
    } else {
        None
    })
}

fn kmeans_params(u: &mut Unstructured) -> Result<KMeansParams> {
    let features = if u.arbitrary()? {
        let all = [
            Feature::Recency,
            Feature::Frequency,
            Feature::Monetary,
            Feature::AverageOrderValue,
            Feature::Tenure,
            Feature::DistinctProducts,
        ];
        Some(
            (0..u.int_in_range(0..=7)?)
                .map(|_| u.choose(&all).copied())
                .collect::<Result<_>>()?,
        )
    } else {
        None
    };
    Ok(KMeansParams {
        features,
        k: if u.arbitrary()? {
            Some(u.int_in_range(0..=40)?)
        } else {
            None
        },
        min_k: u.int_in_range(0..=40)?,
        max_k: u.int_in_range(0..=40)?,
        seed: u.arbitrary()?,
        runs: u.int_in_range(0..=3)?,
        max_iterations: u.int_in_range(0..=50)?,
        tolerance: u.arbitrary()?,
        silhouette_sample: u.int_in_range(0..=300)?,
        search_sample: u.int_in_range(0..=300)?,
        search_runs: u.int_in_range(0..=3)?,
    })
}

fn knn_params(u: &mut Unstructured) -> Result<ItemKnnParams> {
    Ok(ItemKnnParams {
        neighbours: u.int_in_range(0..=60)?,
        weighting: *u.choose(&[
            Weighting::Cosine,
            Weighting::TfIdf,
            Weighting::Bm25,
            Weighting::Rp3Beta,
        ])?,
        bm25_k1: u.arbitrary()?,
        bm25_b: u.arbitrary()?,
        alpha: u.arbitrary()?,
        beta: u.arbitrary()?,
    })
}

/// A date as a user would type it: usually a valid day near the data, sometimes anything.
fn date_text(u: &mut Unstructured) -> Result<Option<String>> {
    Ok(match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(format!(
            "2021-{:02}-{:02}",
            u.int_in_range(0..=13)?,
            u.int_in_range(0..=32)?
        )),
        2 => Some(format!("{}-01-01", u.int_in_range(-10_000..=10_000)?)),
        _ => Some(u.arbitrary()?),
    })
}

/// One of `names` (when there are any) or an arbitrary string.
fn pick_name<'a>(u: &mut Unstructured, names: impl Iterator<Item = &'a str>) -> Result<String> {
    let names: Vec<&str> = names.collect();
    if !names.is_empty() && u.arbitrary()? {
        Ok(u.choose(&names)?.to_string())
    } else {
        u.arbitrary()
    }
}

fn names_of<'a>(
    u: &mut Unstructured,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Result<Vec<String>> {
    (0..u.int_in_range(0..=2)?)
        .map(|_| pick_name(u, names.clone()))
        .collect()
}

/// A progress callback that cancels after `n` updates (`None`: never), as a user pressing Cancel.
struct StopAfter(Option<u8>);

impl Progress for StopAfter {
    fn update(&mut self, _stage: &str, _fraction: f64) -> bool {
        match &mut self.0 {
            None => true,
            Some(0) => false,
            Some(n) => {
                *n -= 1;
                true
            }
        }
    }
}

/// A transactions file of up to 64 lines over a few customers, orders and products, with columns that may be
/// missing and values that may be empty, zero, negative, NaN or infinite.
#[derive(Debug, Arbitrary)]
struct Transactions {
    has_customer: bool,
    has_order: bool,
    has_quantity: bool,
    has_price: bool,
    lines: Vec<Line>,
}

#[derive(Debug, Arbitrary)]
struct Line {
    customer: Option<u8>,
    order: u8,
    product: u8,
    quantity: Number,
    price: Number,
    day: u16,
}

#[derive(Debug, Arbitrary)]
enum Number {
    Small(u8),
    Negative(u8),
    Any(f64),
    Empty,
}

impl Number {
    fn text(&self) -> String {
        match self {
            Number::Small(n) => (n % 10).to_string(),
            Number::Negative(n) => format!("-{}", n % 10),
            Number::Any(x) => x.to_string(),
            Number::Empty => String::new(),
        }
    }
}

impl Transactions {
    fn csv(&self) -> String {
        let mut out = String::new();
        let header = [
            (self.has_customer, "customer"),
            (self.has_order, "order"),
            (true, "product"),
            (self.has_quantity, "quantity"),
            (self.has_price, "price"),
            (true, "date"),
        ];
        let names: Vec<&str> = header.iter().filter(|h| h.0).map(|h| h.1).collect();
        out.push_str(&names.join(","));
        for line in self.lines.iter().take(64) {
            // Days over ten years from 2015, so recency, tenure and the CLV time scale vary.
            let day = day_text(line.day % 3650);
            let fields = [
                (
                    self.has_customer,
                    line.customer
                        .map(|c| format!("c{}", c % 8))
                        .unwrap_or_default(),
                ),
                (self.has_order, format!("o{}", line.order % 16)),
                (true, format!("p{}", line.product % 12)),
                (self.has_quantity, line.quantity.text()),
                (self.has_price, line.price.text()),
                (true, day),
            ];
            let values: Vec<&str> = fields
                .iter()
                .filter(|f| f.0)
                .map(|f| f.1.as_str())
                .collect();
            out.push('\n');
            out.push_str(&values.join(","));
        }
        out
    }
}

/// `2015-01-01` plus `offset` days, as YYYY-MM-DD.
fn day_text(offset: u16) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    (first + chrono::Days::new(offset.into())).to_string()
}
