//! Relative-time files (issue 20): order numbers and days since the prior order, no calendar date, as in
//! Instacart's `orders.csv` joined with its order products. The timeline is built per customer in
//! order-number order, every customer's last order aligned on one day (see `src/ingest/relative.rs`).

use shopscope::analysis::{Analysis, Params};
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::dataset::names::ProductNames;
use shopscope::dataset::Dataset;
use shopscope::ingest::{ingest, IngestOptions, Ingested, Role};
use shopscope::progress::Silent;
use shopscope::recommend::next_basket::Histories;
use shopscope::recommend::{
    evaluate, last_order_split, EvaluationParams, FitRecommender, RecommenderInput,
    RecommenderParams,
};
use shopscope::segment::{self, RfmParams};

const CORPUS: &[u8] = include_bytes!("corpus/instacart_relative.csv");

/// 2000-01-01 in seconds since 1970: relative day 0.
const EPOCH: i64 = 10_957 * 86_400;

fn read(bytes: &[u8]) -> Ingested {
    ingest(bytes, &IngestOptions::default(), &mut Silent).expect("reads")
}

/// The time of the order named `id` in the file.
fn order_time(d: &Dataset, id: &str) -> i64 {
    let o = (0..d.orders.len())
        .find(|&o| d.orders.name(o as u32) == id)
        .unwrap_or_else(|| panic!("no order {id}"));
    d.order_time[o]
}

fn day(t: i64) -> i64 {
    (t - EPOCH).div_euclid(86_400)
}

#[test]
fn the_corpus_file_is_read_as_relative_days() {
    let got = read(CORPUS);
    let r = &got.report;
    assert!(r.relative_days);
    assert_eq!(
        r.mapping.get(&Role::Order).map(String::as_str),
        Some("order_id")
    );
    assert_eq!(
        r.mapping.get(&Role::Customer).map(String::as_str),
        Some("user_id")
    );
    assert!(!r.mapping.contains_key(&Role::Date));
    // The other columns (`add_to_cart_order`, `reordered`, `order_dow`...) take no role.
    assert_eq!(r.mapping.len(), 4, "{:?}", r.mapping);
    assert_eq!(r.rows_used, 25);
    assert_eq!((r.customers, r.orders), (3, 10));
    // User 1's history is the longest: 15 + 21 + 29 = 65 days.
    assert_eq!(r.first_date.as_deref(), Some("2000-01-01"));
    assert_eq!(r.last_date.as_deref(), Some("2000-03-06"));
    let all = r.warnings.join("\n");
    assert!(all.contains("dates are relative"), "{all}");
    assert!(all.contains("day 65"), "{all}");
    assert!(all.contains("capped at 30"), "{all}");
    // The inspection's short note is replaced by the full one.
    assert!(!all.contains("see the report"), "{all}");
    assert!(
        r.capabilities.iter().all(|c| c.available),
        "{:?}",
        r.capabilities
    );
}

#[test]
fn days_add_up_per_customer_in_order_number_order_with_last_orders_aligned() {
    let got = read(CORPUS);
    let d = &got.dataset;
    // User 1: orders 1..4 with gaps -, 15, 21, 29 (rows not in order-number order).
    let u1: Vec<i64> = ["2539329", "2398795", "473747", "2254736"]
        .iter()
        .map(|id| day(order_time(d, id)))
        .collect();
    assert_eq!(u1, [0, 15, 36, 65]);
    // User 2: gaps -, 10, 30 (40 days), so the first order is on day 65 - 40.
    let u2: Vec<i64> = ["2168274", "1501582", "1901567"]
        .iter()
        .map(|id| day(order_time(d, id)))
        .collect();
    assert_eq!(u2, [25, 35, 65]);
    // User 3: gaps -, 0, 7: two orders on one day, in order-number order by their hours.
    let u3: Vec<i64> = ["1374495", "444309", "3082910"]
        .iter()
        .map(|id| order_time(d, id))
        .collect();
    assert_eq!(u3.iter().map(|&t| day(t)).collect::<Vec<_>>(), [58, 58, 65]);
    assert!(u3[0] < u3[1] && u3[1] < u3[2]);
    assert_eq!((u3[0] - EPOCH).rem_euclid(86_400), 10 * 3_600);
    assert_eq!((u3[1] - EPOCH).rem_euclid(86_400), 15 * 3_600);
    // Every line carries its order's time.
    for (l, &o) in d.lines.order.iter().enumerate() {
        assert_eq!(d.lines.time[l], d.order_time[o as usize]);
    }
}

#[test]
fn row_order_does_not_change_the_timeline() {
    let text = std::str::from_utf8(CORPUS).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = format!("{header}\n{}\n", lines.join("\n"));
    let (a, b) = (read(CORPUS), read(reversed.as_bytes()));
    for id in [
        "2539329", "2254736", "2168274", "1901567", "1374495", "444309", "3082910",
    ] {
        assert_eq!(
            order_time(&a.dataset, id),
            order_time(&b.dataset, id),
            "{id}"
        );
    }
}

#[test]
fn orders_of_one_day_keep_order_number_order_even_against_their_hours() {
    let csv = "order_id,user_id,order_number,order_hour_of_day,days_since_prior_order,product_id\n\
        b,u,2,9,0,y\na,u,1,18,,x\nc,u,3,7,0,z\n";
    let d = read(csv.as_bytes()).dataset;
    let (a, b, c) = (
        order_time(&d, "a"),
        order_time(&d, "b"),
        order_time(&d, "c"),
    );
    assert!(a < b && b < c, "{a} {b} {c}");
    assert_eq!((day(a), day(c)), (0, 0));
}

#[test]
fn an_unreadable_order_number_or_gap_skips_the_row_and_says_why() {
    let mut csv = "order_id,user_id,order_number,days_since_prior_order,product_id\n\
        1,u,1,,x\n2,u,two,5,y\n3,u,2,-4,z\n4,u,3,6,w\n"
        .to_owned();
    for k in 10..40 {
        csv.push_str(&format!("{k},v{k},1,3,x\n"));
    }
    let got = read(csv.as_bytes());
    assert!(got.report.relative_days);
    assert_eq!(got.report.rows_used, 32);
    let examples: Vec<String> = got
        .report
        .skipped
        .iter()
        .filter_map(|s| s.example.clone())
        .collect();
    assert!(
        examples
            .iter()
            .any(|e| e.contains("`two` is not an order number")),
        "{examples:?}"
    );
    let d = &got.dataset;
    assert_eq!(day(order_time(d, "4")) - day(order_time(d, "1")), 6);
}

#[test]
fn a_file_with_dates_is_not_read_as_relative() {
    let csv = "order_id,user_id,order_date,order_number,days_since_prior_order,product_id\n\
        1,u,2024-03-01,1,,x\n2,u,2024-03-09,2,8,y\n";
    let got = read(csv.as_bytes());
    assert!(!got.report.relative_days);
    assert_eq!(got.report.first_date.as_deref(), Some("2024-03-01"));
}

/// An Instacart-style file of `users` customers with 2 to 9 orders each, gaps from a fixed generator
/// (some at the cap of 30), rows shuffled so no customer's orders come in sequence.
fn synthetic(users: u32) -> String {
    let mut rows = Vec::new();
    let mut state = 7u64;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    let mut order_id = 1000;
    for u in 1..=users {
        let orders = 2 + next(8) as u32;
        for n in 1..=orders {
            order_id += 1;
            let gap = if n == 1 {
                String::new()
            } else {
                format!("{}.0", (3 + next(30)).min(30))
            };
            let hour = 7 + next(14);
            for k in 0..1 + next(4) {
                let product = 1 + next(12);
                rows.push(format!(
                    "{order_id},{u},prior,{n},{},{hour},{gap},{product},{},0,Product {product},{}.{}",
                    next(7),
                    k + 1,
                    1 + next(9),
                    next(100)
                ));
            }
        }
    }
    // A deterministic shuffle.
    for i in (1..rows.len()).rev() {
        let j = next(i as u64 + 1) as usize;
        rows.swap(i, j);
    }
    format!(
        "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order,\
         product_id,add_to_cart_order,reordered,product_name,price\n{}\n",
        rows.join("\n")
    )
}

#[test]
fn segments_and_lifetime_value_run_on_a_relative_file() {
    let got = read(synthetic(60).as_bytes());
    assert!(got.report.relative_days);
    let data = &got.dataset;
    let rfm = segment::rfm(data, &RfmParams::default()).expect("RFM runs");
    assert_eq!(rfm.customers.len(), 60);
    // Every customer's last order is on the same day: recency is the same for all.
    assert!(rfm.customers.iter().all(|c| c.recency_days == 1));
    let clv = LifetimeValue::check_and_run(data, ClvParams::default(), &mut Silent)
        .expect("lifetime value runs");
    assert_eq!(clv.customers.len(), 60);
    assert!(clv
        .customers
        .iter()
        .all(|c| c.expected_purchases.is_finite() && c.value.is_finite()));
    // Every last purchase is at the end of the calibration period: no customer reads as gone.
    let least = clv.customers.iter().map(|c| c.p_alive).fold(1.0, f64::min);
    assert!(least > 0.999, "least p_alive {least}");
    assert!(clv.customers.iter().all(|c| c.days_since_last == 0.0));
}

#[test]
fn the_time_aware_split_holds_out_each_customers_highest_order_number() {
    let text = synthetic(30);
    let got = read(text.as_bytes());
    let data = &got.dataset;
    let split = last_order_split(data).expect("splits");
    // The products of each user's highest-numbered order, from the file itself.
    let mut last: std::collections::BTreeMap<String, (u32, Vec<String>)> = Default::default();
    for row in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = row.split(',').collect();
        let (user, n, product) = (f[1].to_owned(), f[3].parse::<u32>().unwrap(), f[7]);
        let entry = last.entry(user).or_insert((0, Vec::new()));
        if n > entry.0 {
            *entry = (n, Vec::new());
        }
        if n == entry.0 {
            entry.1.push(product.to_owned());
        }
    }
    for c in 0..data.customers.len() {
        let user = data.customers.name(c as u32);
        let mut want: Vec<&str> = last[user].1.iter().map(String::as_str).collect();
        want.sort_unstable();
        want.dedup();
        let mut held: Vec<&str> = split
            .test
            .row(c)
            .0
            .iter()
            .map(|&p| data.products.name(p))
            .collect();
        held.sort_unstable();
        assert_eq!(held, want, "user {user}");
    }
    // The next-basket models hold out the same basket: the highest order number.
    let baskets = Histories::from_dataset(data)
        .expect("histories")
        .leave_last_out();
    for (r, held) in baskets.held_out.iter().enumerate() {
        let user = data.customers.name(baskets.train.customers[r]);
        let mut want: Vec<&str> = last[user].1.iter().map(String::as_str).collect();
        want.sort_unstable();
        want.dedup();
        let mut held: Vec<&str> = held.iter().map(|&p| data.products.name(p)).collect();
        held.sort_unstable();
        assert_eq!(held, want, "user {user}");
    }
    // The default recommender chooses among them on this file and scores its choice on those baskets.
    let names = ProductNames::new(data, None);
    let input = RecommenderInput {
        data,
        names: &names,
        products: None,
    };
    let fitted = FitRecommender::check_and_run(input, RecommenderParams::default(), &mut Silent)
        .expect("the recommender fits");
    let summary = fitted.summary();
    assert!(
        summary.reason.starts_with("the best nDCG@10"),
        "{summary:?}"
    );
    assert!(
        summary.test[0].evaluation.overall.customers > 0,
        "{summary:?}"
    );
    // And the evaluation runs on that split (grocery baskets are mostly reorders: bought items count).
    let params = EvaluationParams {
        exclude_bought: false,
        ..EvaluationParams::default()
    };
    evaluate(&split, &params.clone().check().unwrap(), &mut Silent).expect("evaluates");
}
