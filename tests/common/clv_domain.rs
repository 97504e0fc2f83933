//! The ranges every lifetime-value result must keep, asserted independently of the analysis's own check:
//! shared by tests/clv.rs and the fuzz bodies (fuzz/src/cases.rs), so a fuzzed input that breaks one is a
//! crash.

use shopscope::clv::{Clv, CustomerValue, ValueUnit};

/// Every number of a result in its domain, checked independently of the analysis's own check: P(alive) in
/// [0, 1], counts and values finite and not negative, intervals ordered, totals the sums of the customers.
pub fn assert_in_domain(r: &Clv, what: &str) {
    let count = |v: f64| v.is_finite() && v >= 0.0;
    for c in &r.customers {
        assert!((0.0..=1.0).contains(&c.p_alive), "{what}: {c:?}");
        assert!(count(c.expected_purchases), "{what}: {c:?}");
        assert!(c.expected_spend.is_none_or(count), "{what}: {c:?}");
        assert!(
            count(c.value_low)
                && c.value_low <= c.value
                && c.value <= c.value_high
                && count(c.value_high),
            "{what}: {c:?}"
        );
        assert_eq!(r.value_unit == ValueUnit::Money, c.expected_spend.is_some());
        assert!(!c.at_risk || c.repeat_purchases > 0, "{what}: {c:?}");
    }
    let t = &r.totals;
    let sum = |f: &dyn Fn(&CustomerValue) -> f64| r.customers.iter().map(f).sum::<f64>();
    assert!((0.0..=1.0).contains(&t.mean_p_alive), "{what}: {t:?}");
    assert!(
        count(t.expected_purchases) && count(t.value),
        "{what}: {t:?}"
    );
    assert!(
        t.value_low <= t.value
            && t.value <= t.value_high
            && count(t.value_low)
            && count(t.value_high),
        "{what}: {t:?}"
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    assert!(
        close(t.expected_purchases, sum(&|c| c.expected_purchases)),
        "{what}: {t:?}"
    );
    assert!(close(t.value, sum(&|c| c.value)), "{what}: {t:?}");
    if let Some(h) = &r.holdout {
        assert!(count(h.predicted_total), "{what}: {h:?}");
        assert!(
            h.buckets
                .iter()
                .all(|b| count(b.predicted) && count(b.actual)),
            "{what}: {h:?}"
        );
    }
    for row in &r.alive_grid.p_alive {
        assert!(
            row.iter().all(|p| (0.0..=1.0).contains(p)),
            "{what}: {row:?}"
        );
        // The longer since the last purchase, the likelier the customer has left.
        assert!(row.windows(2).all(|w| w[1] <= w[0]), "{what}: {row:?}");
    }
}
