//! The ranges every segmentation, rules and recommendation result must keep, asserted independently of the
//! analyses' own checks: shared by tests/invariants.rs and the fuzz bodies (fuzz/src/cases.rs), so a fuzzed
//! input that breaks one is a crash. Lifetime value has its own (clv_domain.rs).

#![allow(dead_code)]

use shopscope::dataset::{days, Dataset};
use shopscope::recommend::fitted::{ForCustomer, ModelSummary, Why};
use shopscope::recommend::{Evaluation, Metrics, Recommendation, TogetherList};
use shopscope::rules::{FrequentItemsets, Rule, SupportChoice};
use shopscope::segment::attributes::TableSegmentation;
use shopscope::segment::{Rfm, Segmentation};

fn share(v: f64) -> bool {
    (0.0..=1.0).contains(&v)
}

fn count(v: f64) -> bool {
    v.is_finite() && v >= 0.0
}

/// Shares that are each in [0, 1] and add up to 1 (to rounding).
fn shares_sum_to_one(shares: impl Iterator<Item = f64>) -> bool {
    let mut total = 0.0;
    for s in shares {
        if !share(s) {
            return false;
        }
        total += s;
    }
    (total - 1.0).abs() <= 1e-9
}

/// RFM of `data`: recency and tenure in days >= 0 (recency <= tenure), frequency >= 1, monetary the net
/// spend (finite, 0 without prices, negative only for a customer with a return before the analysis date),
/// scores 1..=5, segment names non-empty; the segment summary's shares in [0, 1] adding up to 1.
pub fn assert_rfm_in_domain(data: &Dataset, r: &Rfm, what: &str) {
    assert!(!r.customers.is_empty(), "{what}: an empty RFM table");
    for c in &r.customers {
        assert!(
            c.recency_days >= 0 && c.tenure_days >= c.recency_days,
            "{what}: {c:?}"
        );
        assert_eq!(
            c.recency_days,
            r.analysis_day - c.last_purchase_day,
            "{what}: {c:?}"
        );
        assert_eq!(
            c.tenure_days,
            r.analysis_day - c.first_purchase_day,
            "{what}: {c:?}"
        );
        assert!(
            c.frequency >= 1 && (data.lines.product.is_empty() || c.distinct_products >= 1),
            "{what}: {c:?}"
        );
        assert!(
            c.monetary.is_finite() && c.average_order_value.is_finite(),
            "{what}: {c:?}"
        );
        if !r.has_monetary {
            assert!(
                c.monetary == 0.0 && c.average_order_value == 0.0,
                "{what}: {c:?}"
            );
        }
        if c.monetary < 0.0 {
            let returned = data
                .customer_lines
                .row(c.customer as usize)
                .iter()
                .any(|&i| {
                    data.lines.is_return[i as usize]
                        && days::day_of(data.lines.time[i as usize]) < r.analysis_day
                });
            assert!(returned, "{what}: negative spend without a return: {c:?}");
        }
        assert!(
            [c.r, c.f, c.m].iter().all(|s| (1..=5).contains(s)),
            "{what}: {c:?}"
        );
        assert!(!c.segment.label().is_empty() && !c.segment.advice().is_empty());
    }
    let summary = shopscope::segment::summarise(r);
    assert!(
        shares_sum_to_one(summary.iter().map(|s| s.share)),
        "{what}: {summary:?}"
    );
    assert_eq!(
        summary.iter().map(|s| s.customers).sum::<u64>(),
        r.customers.len() as u64,
        "{what}"
    );
    let revenue = summary.iter().map(|s| s.revenue_share);
    assert!(
        shares_sum_to_one(revenue.clone()) || revenue.clone().all(|s| s == 0.0),
        "{what}: {summary:?}"
    );
    for s in &summary {
        assert!(!s.label.is_empty() && s.customers > 0, "{what}: {s:?}");
        assert!(
            count(s.mean_recency_days) && s.mean_frequency >= 1.0 && s.mean_monetary.is_finite(),
            "{what}: {s:?}"
        );
    }
}

/// A k-means result on `rows` customers: a label below k for each, cluster sizes adding up to `rows`, shares
/// in [0, 1] adding up to 1, inertia finite and >= 0, silhouettes in [-1, 1], means and medians finite.
pub fn assert_segmentation_in_domain(s: &Segmentation, rows: usize, what: &str) {
    assert!(
        s.k >= 1 && s.k <= rows,
        "{what}: k = {} for {rows} rows",
        s.k
    );
    assert_eq!(s.labels.len(), rows, "{what}");
    assert!(
        s.labels.iter().all(|&l| (l as usize) < s.k),
        "{what}: {:?}",
        s.labels
    );
    assert_eq!(s.features.len(), s.feature_labels.len(), "{what}");
    assert!(
        s.features
            .iter()
            .chain(&s.feature_labels)
            .all(|f| !f.is_empty()),
        "{what}"
    );
    assert!(
        s.scores.iter().any(|k| k.k == s.k),
        "{what}: {:?}",
        s.scores
    );
    for k in &s.scores {
        assert!(k.k >= 1 && count(k.inertia), "{what}: {k:?}");
        assert_eq!(k.silhouette.is_none(), k.k == 1, "{what}: {k:?}");
        assert!(
            k.silhouette.is_none_or(|v| (-1.0..=1.0).contains(&v)),
            "{what}: {k:?}"
        );
    }
    assert!(
        s.elbow_k.is_none_or(|e| s.scores.iter().any(|k| k.k == e)),
        "{what}"
    );
    let mut sizes = vec![0u64; s.k];
    for &l in &s.labels {
        sizes[l as usize] += 1;
    }
    assert_eq!(sizes.iter().sum::<u64>(), rows as u64, "{what}");
    for p in &s.profiles {
        assert!(p.cluster < s.k, "{what}: {p:?}");
        assert_eq!(p.customers, sizes[p.cluster], "{what}: {p:?}");
        assert!(share(p.share) && share(p.revenue_share), "{what}: {p:?}");
        assert_eq!(p.mean.len(), s.features.len(), "{what}: {p:?}");
        assert_eq!(p.median.len(), s.features.len(), "{what}: {p:?}");
        assert!(
            p.mean.iter().chain(&p.median).all(|v| v.is_finite()),
            "{what}: {p:?}"
        );
    }
    assert_eq!(
        s.profiles.iter().map(|p| p.customers).sum::<u64>(),
        rows as u64,
        "{what}: {:?}",
        s.profiles
    );
    assert!(
        shares_sum_to_one(s.profiles.iter().map(|p| p.share)),
        "{what}: {:?}",
        s.profiles
    );
    let revenue = s.profiles.iter().map(|p| p.revenue_share);
    assert!(
        shares_sum_to_one(revenue.clone()) || revenue.clone().all(|v| v == 0.0),
        "{what}: {:?}",
        s.profiles
    );
}

/// A customer table's clustering: the rows clustered are distinct rows of the table, and the clustering of
/// them in its domain.
pub fn assert_table_segmentation_in_domain(t: &TableSegmentation, table_rows: usize, what: &str) {
    assert!(t.rows.iter().all(|&r| (r as usize) < table_rows), "{what}");
    assert!(
        t.rows.windows(2).all(|w| w[0] < w[1]),
        "{what}: rows not distinct"
    );
    assert!(
        t.rows.len() as u64 + t.rows_missing_values <= table_rows as u64,
        "{what}"
    );
    assert_segmentation_in_domain(&t.segmentation, t.rows.len(), what);
}

/// Frequent itemsets: counts at least the minimum and at most the baskets, sizes <= `max_length`, items
/// distinct and sorted, the support in (0, 1] when chosen from the data, `by_size` counting the itemsets.
pub fn assert_itemsets_in_domain(f: &FrequentItemsets, max_length: Option<usize>, what: &str) {
    if f.support_chosen_by == SupportChoice::Data {
        assert!(
            f.min_support > 0.0 && f.min_support <= 1.0,
            "{what}: {}",
            f.min_support
        );
    }
    assert!(
        f.min_support.is_finite() && f.min_support >= 0.0,
        "{what}: {}",
        f.min_support
    );
    assert!(f.min_count >= 1, "{what}");
    for s in &f.itemsets {
        assert!(
            s.count >= f.min_count && s.count <= f.baskets,
            "{what}: {s:?} of {} baskets",
            f.baskets
        );
        assert!(!s.items.is_empty(), "{what}");
        assert!(
            max_length.is_none_or(|m| s.items.len() <= m),
            "{what}: {s:?}"
        );
    }
    assert_eq!(
        f.by_size.iter().sum::<u64>(),
        f.itemsets.len() as u64,
        "{what}"
    );
}

/// Rules: supports and confidence in [0, 1] (support <= each side's), lift >= 0 and finite, leverage in
/// [-0.25, 0.25], conviction >= 0 (`None` exactly when confidence is 1: infinite), Zhang in [-1, 1], counts
/// <= baskets, both sides non-empty, disjoint, within `max_length` items together, at most `top` rules.
pub fn assert_rules_in_domain(
    rules: &[Rule],
    baskets: u64,
    max_length: Option<usize>,
    top: Option<usize>,
    what: &str,
) {
    assert!(top.is_none_or(|t| rules.len() <= t), "{what}");
    for r in rules {
        assert!(
            share(r.support) && share(r.antecedent_support) && share(r.consequent_support),
            "{what}: {r:?}"
        );
        assert!(
            r.support <= r.antecedent_support && r.support <= r.consequent_support,
            "{what}: {r:?}"
        );
        assert!(share(r.confidence), "{what}: {r:?}");
        assert!(count(r.lift), "{what}: {r:?}");
        assert!((-0.25..=0.25).contains(&r.leverage), "{what}: {r:?}");
        assert_eq!(r.conviction.is_none(), r.confidence >= 1.0, "{what}: {r:?}");
        assert!(r.conviction.is_none_or(count), "{what}: {r:?}");
        assert!((-1.0..=1.0).contains(&r.zhang), "{what}: {r:?}");
        assert!(r.count >= 1 && r.count <= baskets, "{what}: {r:?}");
        assert!(
            !r.antecedent.is_empty() && !r.consequent.is_empty(),
            "{what}: {r:?}"
        );
        assert!(
            r.antecedent.iter().all(|i| !r.consequent.contains(i)),
            "{what}: {r:?}"
        );
        assert!(
            max_length.is_none_or(|m| r.antecedent.len() + r.consequent.len() <= m),
            "{what}: {r:?}"
        );
    }
}

/// One customer's top-n: items of the model, none twice, at most `n`, none already bought when those are
/// excluded, scores finite and >= 0, shares of the score in [0, 1].
pub fn assert_recommendations_in_domain(
    recs: &[Recommendation],
    items: usize,
    bought: &[u32],
    n: usize,
    exclude_bought: bool,
    what: &str,
) {
    assert!(recs.len() <= n, "{what}: {} > {n}", recs.len());
    for (k, r) in recs.iter().enumerate() {
        assert!((r.item as usize) < items, "{what}: {r:?}");
        assert!(
            recs[..k].iter().all(|o| o.item != r.item),
            "{what}: {} recommended twice in {recs:?}",
            r.item
        );
        assert!(
            !exclude_bought || !bought.contains(&r.item),
            "{what}: {r:?}"
        );
        assert!(r.score.is_finite() && r.score >= 0.0, "{what}: {r:?}");
        assert!(
            !r.popular || r.score == 0.0 && r.because.is_empty(),
            "{what}: {r:?}"
        );
        let eps = 1e-4;
        assert!(
            r.repeat_share.is_finite() && (-eps..=1.0 + eps).contains(&r.repeat_share),
            "{what}: {r:?}"
        );
        assert!(!exclude_bought || r.repeat_share == 0.0, "{what}: {r:?}");
        for b in &r.because {
            assert!(bought.contains(&b.item), "{what}: {r:?}");
            assert!(
                b.share.is_finite() && (-eps..=1.0 + eps).contains(&b.share),
                "{what}: {r:?}"
            );
        }
    }
}

/// The items most similar to `item`: others, none twice, at most `n`, similarities finite and > 0.
pub fn assert_similar_in_domain(
    similar: &[(u32, f32)],
    item: u32,
    items: usize,
    n: usize,
    what: &str,
) {
    assert!(similar.len() <= n, "{what}");
    for (k, &(j, s)) in similar.iter().enumerate() {
        assert!(j != item && (j as usize) < items, "{what}: {similar:?}");
        assert!(similar[..k].iter().all(|o| o.0 != j), "{what}: {similar:?}");
        assert!(s.is_finite() && s > 0.0, "{what}: {similar:?}");
    }
}

/// Bought together with `cart`: other items, none twice, at most `n`, counts in [min_count, cart baskets],
/// confidence in [0, 1], lift finite and above 1.
pub fn assert_together_in_domain(
    t: &TogetherList,
    cart: &[u32],
    items: usize,
    n: usize,
    min_count: u64,
    what: &str,
) {
    assert!(t.items.len() <= n, "{what}");
    for (k, x) in t.items.iter().enumerate() {
        assert!(
            (x.item as usize) < items && !cart.contains(&x.item),
            "{what}: {x:?}"
        );
        assert!(
            t.items[..k].iter().all(|o| o.item != x.item),
            "{what}: {t:?}"
        );
        assert!(
            x.count >= min_count && x.count <= t.cart_baskets,
            "{what}: {x:?}"
        );
        assert!(share(x.confidence), "{what}: {x:?}");
        assert!(x.lift.is_finite() && x.lift > 1.0, "{what}: {x:?}");
    }
}

fn metrics_in_domain(m: &Metrics) -> bool {
    [m.precision, m.recall, m.ndcg, m.map, m.hit_rate, m.coverage]
        .into_iter()
        .all(share)
}

/// An offline evaluation: every metric of the model and the baselines in [0, 1].
pub fn assert_evaluation_in_domain(e: &Evaluation, k: usize, what: &str) {
    assert_eq!(e.k, k, "{what}");
    assert!(metrics_in_domain(&e.model), "{what}: {:?}", e.model);
    assert!(
        metrics_in_domain(&e.popularity),
        "{what}: {:?}",
        e.popularity
    );
    assert!(
        e.buy_again.as_ref().is_none_or(metrics_in_domain),
        "{what}: {:?}",
        e.buy_again
    );
}

/// What `recommender().summary` says: its model and reason named, every held-out score a share.
pub fn assert_model_summary_in_domain(s: &ModelSummary) {
    assert!(!s.model.is_empty() && !s.reason.is_empty(), "{s:?}");
    for scored in s.test.iter().chain(&s.candidates) {
        let e = &scored.evaluation;
        for m in [e.overall, e.repeat, e.new] {
            assert!(
                (0.0..=1.0).contains(&m.recall) && (0.0..=1.0).contains(&m.ndcg),
                "{s:?}"
            );
        }
        assert!((0.0..=1.0).contains(&e.repeat_share), "{s:?}");
    }
}

/// One customer's list as the recommender answers it: at most `n` distinct products, named, scores finite
/// and not negative, shares in [0, 1], and "every N days" a positive number of days.
pub fn assert_for_customer_in_domain(f: &ForCustomer, n: usize) {
    let eps = 1e-4;
    let recs = &f.recommendations;
    assert!(recs.len() <= n, "{f:?}");
    assert!(f.known || f.bought == 0, "{f:?}");
    for (k, r) in recs.iter().enumerate() {
        assert!(recs[..k].iter().all(|o| o.product != r.product), "{f:?}");
        assert!(!r.label.is_empty(), "{f:?}");
        assert!(r.score.is_finite() && r.score >= 0.0, "{f:?}");
        assert!((-eps..=1.0 + eps).contains(&r.repeat_share), "{f:?}");
        for b in &r.because {
            assert!((-eps..=1.0 + eps).contains(&b.share), "{f:?}");
        }
        match &r.why {
            Why::Repeat { times, every_days } => {
                assert!(*times >= 1, "{f:?}");
                assert!(every_days.is_none_or(|d| d.is_finite() && d > 0.0), "{f:?}");
            }
            Why::BoughtWith { label, .. } | Why::LikeBought { label, .. } => {
                assert!(!label.is_empty(), "{f:?}")
            }
            Why::SimilarCustomers | Why::Popular => {}
        }
    }
}
