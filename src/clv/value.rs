//! From fitted models to what a marketer reads: discounted lifetime value over a horizon with intervals from
//! the parameters' uncertainty, the holdout check, a P(alive) map and the at-risk list.

use super::bgnbd::BgNbd;
use super::gamma_gamma::GammaGamma;
use super::histories::DistinctHistories;
use super::special::pow;
use super::summary::CustomerHistory;
use super::History;
use serde::Serialize;

/// The horizon cut into monthly steps, each purchase discounted to today at the step's end.
pub struct Horizon {
    /// Step ends in the model's time unit.
    ends: Vec<f64>,
    discounts: Vec<f64>,
}

impl Horizon {
    pub fn new(horizon_days: f64, unit_days: f64, annual_discount_rate: f64) -> Horizon {
        let steps = (horizon_days / 30.4375).round().max(1.0) as usize;
        let step_days = horizon_days / steps as f64;
        let (ends, discounts) = (1..=steps)
            .map(|i| {
                let days = i as f64 * step_days;
                (
                    days / unit_days,
                    pow(1.0 + annual_discount_rate, -days / 365.25),
                )
            })
            .unzip();
        Horizon { ends, discounts }
    }

    /// Expected purchases over the horizon: as they are, and each discounted; `None` where the model
    /// cannot count them.
    pub fn purchases(&self, model: &BgNbd, h: &History) -> Option<Purchases> {
        let mut p = Purchases::default();
        for (&end, &d) in self.ends.iter().zip(&self.discounts) {
            let now = model.expected_purchases(h, end)?;
            p.discounted += (now - p.expected) * d;
            p.expected = now;
        }
        Some(p)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Purchases {
    pub expected: f64,
    pub discounted: f64,
}

/// Per customer: expected purchases over the horizon under `model`; `None` if the model cannot count
/// some customer's.
pub fn purchases(
    distinct: &DistinctHistories,
    horizon: &Horizon,
    model: &BgNbd,
) -> Option<Vec<Purchases>> {
    let per_history: Vec<Purchases> = distinct
        .histories
        .iter()
        .map(|h| horizon.purchases(model, h))
        .collect::<Option<_>>()?;
    Some(
        distinct
            .of_customer
            .iter()
            .map(|&i| per_history[i])
            .collect(),
    )
}

/// Lifetime value per customer: discounted purchases, times expected spend when there is a spend model.
pub fn values(
    customers: &[CustomerHistory],
    purchases: &[Purchases],
    spend: Option<&GammaGamma>,
) -> Vec<f64> {
    customers
        .iter()
        .zip(purchases)
        .map(|(c, p)| match spend {
            Some(g) => p.discounted * g.expected_spend(c.history.x, c.mean_repeat_spend),
            None => p.discounted,
        })
        .collect()
}

/// The `q` quantile (0..=1) of sorted values, interpolated linearly as numpy's default.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Holdout check per number of repeat purchases in the calibration period, as in Fader & Hardie's figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HoldoutBucket {
    /// "0" ... "6", "7+"
    pub repeat_purchases: String,
    pub customers: u64,
    /// Mean purchases per customer in the holdout period: observed and predicted.
    pub actual: f64,
    pub predicted: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Holdout {
    pub days: i64,
    pub actual_total: f64,
    pub predicted_total: f64,
    pub buckets: Vec<HoldoutBucket>,
}

/// `None` if the model cannot count some customer's expected purchases.
pub fn holdout(
    customers: &[CustomerHistory],
    model: &BgNbd,
    days: i64,
    unit_days: f64,
) -> Option<Holdout> {
    const LAST: usize = 7;
    let t = days as f64 / unit_days;
    let mut sums = [(0u64, 0.0, 0.0); LAST + 1];
    for c in customers {
        let b = (c.history.x as usize).min(LAST);
        sums[b].0 += 1;
        sums[b].1 += f64::from(c.holdout_purchases);
        sums[b].2 += model.expected_purchases(&c.history, t)?;
    }
    Some(Holdout {
        days,
        actual_total: sums.iter().map(|s| s.1).sum(),
        predicted_total: sums.iter().map(|s| s.2).sum(),
        buckets: sums
            .iter()
            .enumerate()
            .filter(|(_, s)| s.0 > 0)
            .map(|(i, &(n, actual, predicted))| HoldoutBucket {
                repeat_purchases: if i == LAST {
                    format!("{LAST}+")
                } else {
                    i.to_string()
                },
                customers: n,
                actual: actual / n as f64,
                predicted: predicted / n as f64,
            })
            .collect(),
    })
}

/// P(alive) for customers as old as the oldest, by repeat purchases (rows) and days since their last
/// purchase (columns).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AliveGrid {
    pub age_days: f64,
    pub repeat_purchases: Vec<u32>,
    pub days_since_last: Vec<f64>,
    pub p_alive: Vec<Vec<f64>>,
}

pub fn alive_grid(customers: &[CustomerHistory], model: &BgNbd, unit_days: f64) -> AliveGrid {
    let age = customers.iter().map(|c| c.history.t).fold(0.0, f64::max);
    let mut xs: Vec<f64> = customers.iter().map(|c| c.history.x).collect();
    crate::sorting::sort_floats(&mut xs);
    // Up to the 99th percentile, so one extreme buyer does not squash the map.
    let top = quantile(&xs, 0.99).ceil().max(1.0) as u32;
    let step = top.div_ceil(15).max(1);
    let repeat_purchases: Vec<u32> = (0..=top).step_by(step as usize).collect();
    let columns = 12;
    let days_since_last: Vec<f64> = (0..=columns)
        .map(|j| (age * unit_days * j as f64 / columns as f64).round())
        .collect();
    let p_alive = repeat_purchases
        .iter()
        .map(|&x| {
            days_since_last
                .iter()
                .map(|&d| {
                    model.p_alive(&History {
                        x: f64::from(x),
                        t_x: (age - d / unit_days).max(0.0),
                        t: age,
                    })
                })
                .collect()
        })
        .collect();
    AliveGrid {
        age_days: age * unit_days,
        repeat_purchases,
        days_since_last,
        p_alive,
    }
}
