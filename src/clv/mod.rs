//! Customer lifetime value and churn: BG/NBD for how many more purchases each customer will make and whether
//! they are still a customer (P(alive)), Gamma-Gamma for what those purchases will be worth, combined into a
//! discounted value over a horizon with intervals, checked against a holdout period.
//!
//! Results within their domain, or no result:
//! - Minimum data: at least [`MIN_REPEAT_BUYERS`] customers who bought on two days or more by the
//!   calibration end; otherwise an error naming the earliest calibration end that has them.
//! - A fit at the edge of the parameter space is the model's limit there, said in words in
//!   [`FitReport::limit`] (no drop-out: the NBD model; one drop-out probability or one purchase rate for
//!   everyone), or an error when the model has no limit in that direction.
//! - Before returning, every customer's and every total's numbers are checked: P(alive) in [0, 1], expected
//!   purchases, values and holdout predictions finite and not negative, low <= value <= high. A result that
//!   fails is refused with an error, never shown.

pub mod bgnbd;
mod fit;
pub mod gamma_gamma;
mod histories;
mod special;
pub mod summary;
mod value;

pub use bgnbd::{BgNbd, MIN_REPEAT_BUYERS};
pub use fit::FitReport;
pub use gamma_gamma::{GammaGamma, Spend};
pub use summary::{histories, CustomerHistory, Histories};
pub use value::{AliveGrid, Holdout, HoldoutBucket};

use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::{days, Dataset};
use crate::error::{group_thousands, Error, ErrorCode, Result};
use crate::progress::Progress;
use histories::DistinctHistories;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use value::Horizon;

/// One customer's purchase history in the model's time unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct History {
    /// Repeat purchases (purchase days after the first).
    pub x: f64,
    /// Time from the first to the last purchase.
    pub t_x: f64,
    /// Time from the first purchase to the end of the calibration period.
    pub t: f64,
}

/// Every field has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ClvParams {
    /// `YYYY-MM-DD`, the last day the models learn from; later purchases are the holdout the predictions are
    /// checked against. Default: the last purchase day (no holdout).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub calibration_end: Option<String>,
    /// The models' time unit in days (7: weeks, as in the BG/NBD literature). Changes the parameters' scale,
    /// not the predictions.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub time_unit_days: f64,
    /// How far ahead lifetime value counts.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub horizon_days: f64,
    /// Discounts future purchases to today's money.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub annual_discount_rate: f64,
    /// Parameter draws for the intervals; 0 for none.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub interval_draws: usize,
    /// Width of the intervals (0.9: from the 5th to the 95th percentile).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub interval_level: f64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub seed: u64,
    /// Repeat buyers with a lower P(alive) are listed as at risk.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub at_risk_below: f64,
}

impl Default for ClvParams {
    fn default() -> Self {
        ClvParams {
            calibration_end: None,
            time_unit_days: 7.0,
            horizon_days: 365.0,
            annual_discount_rate: 0.1,
            interval_draws: 100,
            interval_level: 0.9,
            seed: 42,
            at_risk_below: 0.5,
        }
    }
}

impl Params for ClvParams {
    fn validate(&self) -> Result<()> {
        self.calibration_end_day().map(|_| ())
    }
}

impl ClvParams {
    /// Checks every option; the calibration end as a day number.
    fn calibration_end_day(&self) -> Result<Option<i64>> {
        let out_of = |name: &str, value: f64, range: &str| {
            Error::new(
                ErrorCode::InvalidOption,
                format!("{name} is {value}; it must be {range}"),
            )
        };
        if !(self.time_unit_days > 0.0 && self.time_unit_days <= 366.0) {
            return Err(out_of(
                "timeUnitDays",
                self.time_unit_days,
                "more than 0 and at most 366",
            ));
        }
        if !(self.horizon_days > 0.0 && self.horizon_days <= 36_525.0) {
            return Err(out_of(
                "horizonDays",
                self.horizon_days,
                "more than 0 and at most 36,525 (100 years)",
            ));
        }
        if !(0.0..=1.0).contains(&self.annual_discount_rate) {
            return Err(out_of(
                "annualDiscountRate",
                self.annual_discount_rate,
                "between 0 and 1",
            ));
        }
        if !(self.interval_level > 0.0 && self.interval_level < 1.0) {
            return Err(out_of(
                "intervalLevel",
                self.interval_level,
                "between 0 and 1, exclusive",
            ));
        }
        if !(0.0..=1.0).contains(&self.at_risk_below) {
            return Err(out_of("atRiskBelow", self.at_risk_below, "between 0 and 1"));
        }
        if self.interval_draws > 10_000 {
            return Err(out_of(
                "intervalDraws",
                self.interval_draws as f64,
                "at most 10,000",
            ));
        }
        self.calibration_end
            .as_deref()
            .map(|s| days::option_day("calibrationEnd", s))
            .transpose()
    }
}

/// `CustomerValue` rows as JS gets them: one typed array per field (wasm/columns.rs), customer `i` being
/// `customerIds[i]` of the result. tests/typescript.rs checks that every field of the row but `customer` is
/// here.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename_all = "camelCase")]
pub struct CustomerValueColumns {
    #[ts(type = "Uint32Array<ArrayBuffer>")]
    pub repeat_purchases: Vec<u32>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub days_since_last: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub age_days: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub spend: Vec<f64>,
    /// Probability the customer is still active.
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub p_alive: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub expected_purchases: Vec<f64>,
    /// Expected value per future purchase; NaN without a spend model.
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub expected_spend: Vec<f64>,
    /// Discounted value over the horizon, in money (or purchases: see `valueUnit`), with its interval.
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub value: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub value_low: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub value_high: Vec<f64>,
    /// 1 for an at-risk repeat buyer, else 0.
    #[ts(type = "Uint8Array<ArrayBuffer>")]
    pub at_risk: Vec<u8>,
    #[ts(type = "Uint32Array<ArrayBuffer>")]
    pub holdout_purchases: Vec<u32>,
}

/// What `lifetimeValue` gives JS: the result with the fields the binding adds (src/wasm/lifetime_value.rs).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "Clv", rename_all = "camelCase")]
pub struct ClvJs {
    #[ts(flatten)]
    pub clv: Clv,
    /// The id of each customer of `customers`.
    pub customer_ids: Vec<String>,
    /// One row per customer: id and every column of `customers`.
    pub export_csv: String,
}

/// One customer's prediction. Its TypeScript is never written out: only compared with
/// `CustomerValueColumns`'s (tests/typescript.rs).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct CustomerValue {
    /// Index into `Dataset::customers`.
    pub customer: u32,
    pub repeat_purchases: u32,
    pub days_since_last: f64,
    pub age_days: f64,
    /// Calibration-period spend (0 without prices).
    pub spend: f64,
    pub p_alive: f64,
    /// Expected purchases over the horizon (not discounted).
    pub expected_purchases: f64,
    /// Expected value per future purchase; `None` without a spend model.
    pub expected_spend: Option<f64>,
    /// Discounted lifetime value over the horizon in money, or in purchases without a spend model.
    pub value: f64,
    pub value_low: f64,
    pub value_high: f64,
    pub at_risk: bool,
    pub holdout_purchases: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub customers: u64,
    pub repeat_buyers: u64,
    pub expected_purchases: f64,
    pub value: f64,
    pub value_low: f64,
    pub value_high: f64,
    pub mean_p_alive: f64,
    pub at_risk: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ValueUnit {
    Money,
    Purchases,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Clv {
    pub calibration_end: String,
    pub time_unit_days: f64,
    pub horizon_days: f64,
    pub purchase_model: BgNbd,
    pub purchase_fit: FitReport,
    pub spend_model: Option<GammaGamma>,
    pub spend_fit: Option<FitReport>,
    /// Why value is in purchases rather than money, when it is.
    pub spend_note: Option<String>,
    /// Among repeat buyers, the correlation of repeat purchases and mean spend: the spend model assumes it is
    /// near 0.
    pub spend_frequency_correlation: Option<f64>,
    pub value_unit: ValueUnit,
    pub interval_level: f64,
    // Serialised by the binding as typed-array columns, not an object per customer (wasm/columns.rs);
    // `skip_serializing` rather than `skip`, the same for a type that is only serialised, so that ts-rs
    // declares the field the binding sets.
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "ts", ts(as = "CustomerValueColumns"))]
    pub customers: Vec<CustomerValue>,
    pub totals: Totals,
    pub holdout: Option<Holdout>,
    pub alive_grid: AliveGrid,
    /// Indexes into `customers` of the at-risk repeat buyers, most valuable (by past spend) first.
    pub at_risk: Vec<u32>,
    /// Customers who first bought after the calibration period: not modelled.
    pub first_bought_in_holdout: u64,
}

/// Interval draws kept at once: one number (8 bytes) per customer and draw.
const MAX_INTERVAL_SAMPLES: u64 = 50_000_000;

/// Parameter draws tried per draw kept (a draw outside the likelihood region is tried again), so that a fit
/// whose approximation is mostly implausible still ends.
const MAX_TRIES_PER_DRAW: usize = 20;

/// The 99th percentile of the chi-square distribution with `k` degrees of freedom (the purchase model's 2
/// or 4 parameters): twice the log-likelihood's drop at the edge of the 99% likelihood-ratio region.
fn chi_square_99(k: usize) -> f64 {
    match k {
        1 => 6.635,
        2 => 9.210,
        3 => 11.345,
        _ => 13.277,
    }
}

/// Lifetime value and churn: BG/NBD for purchases, Gamma-Gamma for spend, discounted over a horizon.
pub struct LifetimeValue;

impl Analysis for LifetimeValue {
    type Input<'a> = &'a Dataset;
    type Params = ClvParams;
    type Output = Clv;

    /// The intervals keep every customer's value under every draw.
    fn guard(data: &Dataset, params: &Checked<ClvParams>) -> Result<()> {
        let customers = data.customers.len() as u64;
        let draws = params.interval_draws as u64;
        if customers.saturating_mul(draws) <= MAX_INTERVAL_SAMPLES {
            return Ok(());
        }
        let mb = |samples: u64| group_thousands((samples * 8) >> 20);
        Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "intervals for {} customers with {} draws each need about {} MB of memory, more than the {} MB \
                 allowed: set intervalDraws to at most {} (or 0 for no intervals)",
                group_thousands(customers),
                group_thousands(draws),
                mb(customers * draws),
                mb(MAX_INTERVAL_SAMPLES),
                group_thousands(MAX_INTERVAL_SAMPLES / customers.max(1))
            ),
        ))
    }

    fn fit(
        data: &Dataset,
        params: &Checked<ClvParams>,
        progress: &mut dyn Progress,
    ) -> Result<Clv> {
        analyse(data, params, progress)
    }

    fn export_csv(data: &Dataset, clv: &Clv) -> String {
        export_csv(data, clv)
    }
}

/// Fits both models on the calibration period and predicts every customer's value.
fn analyse(data: &Dataset, params: &ClvParams, progress: &mut dyn Progress) -> Result<Clv> {
    let calibration_end = params.calibration_end_day()?;
    let unit = params.time_unit_days;
    let hist = histories(data, calibration_end, unit)?;
    enough_repeat_buyers(&hist)?;
    let cancelled = |ok: bool| if ok { Ok(()) } else { Err(Error::cancelled()) };
    cancelled(progress.update("fitting the purchase model", 0.0))?;
    let all: Vec<History> = hist.customers.iter().map(|c| c.history).collect();
    let (purchase_model, purchase_fit) = BgNbd::fit(&all, unit)?;

    cancelled(progress.update("fitting the spend model", 0.3))?;
    let spends: Vec<Spend> = hist
        .customers
        .iter()
        .map(|c| Spend {
            x: c.history.x,
            mean: c.mean_repeat_spend,
        })
        .collect();
    let (spend_fit, spend_note) = if hist.has_money {
        match GammaGamma::fit(&spends) {
            Ok(fit) => (Some(fit), None),
            Err(e) => (None, Some(e.message)),
        }
    } else {
        (
            None,
            Some("the file has no prices or amounts, so value is counted in purchases".to_owned()),
        )
    };
    let spend_model = spend_fit.as_ref().map(|f| f.0);

    let horizon = Horizon::new(params.horizon_days, unit, params.annual_discount_rate);
    let distinct = DistinctHistories::new(&all);
    let purchases = value::purchases(&distinct, &horizon, &purchase_model)
        .ok_or_else(|| out_of_domain("expected purchases beyond any count"))?;
    let point = value::values(&hist.customers, &purchases, spend_model.as_ref());

    // Intervals: the whole computation again for parameters drawn from the fits' normal approximations,
    // kept inside the purchase model's 99% likelihood-ratio region. Where the likelihood is far from normal
    // (a long, thin ridge in a and b), the approximation alone draws parameters the data rule out, e.g.
    // everyone with the same drop-out chance, under which a customer who came back 150 times is all but
    // gone: intervals from those draws reached down to a thirtieth of the estimate.
    let draws = params.interval_draws;
    let n = hist.customers.len();
    let mut samples = vec![0f64; n * draws];
    let mut totals = Vec::with_capacity(draws);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let likelihood = bgnbd::Likelihood::new(&all);
    let best = likelihood.of(&purchase_model);
    let plausible = chi_square_99(purchase_fit.params().len()) / 2.0;
    for _ in 0..draws * MAX_TRIES_PER_DRAW {
        if totals.len() == draws {
            break;
        }
        cancelled(progress.update("intervals", 0.4 + 0.55 * totals.len() as f64 / draws as f64))?;
        let bg = purchase_model.drawn(&purchase_fit.draw(&mut rng));
        // A likelihood that cannot be evaluated (NaN) leaves the draw out too.
        let drop = best - likelihood.of(&bg);
        if drop.is_nan() || drop > plausible {
            continue;
        }
        let gg = spend_fit
            .as_ref()
            .map(|(_, o)| GammaGamma::from_params(&o.draw(&mut rng)))
            // A draw with an infinite mean spend (q <= 1) counts at the fitted spend model.
            .map(|g| {
                if g.q > 1.0 {
                    g
                } else {
                    spend_model.unwrap_or(g)
                }
            });
        // A draw far out in the normal approximation's tail, where the model expects more purchases than
        // can be counted, is left out of the intervals rather than spoiling them.
        let Some(purchases) = value::purchases(&distinct, &horizon, &bg) else {
            continue;
        };
        let v = value::values(&hist.customers, &purchases, gg.as_ref());
        let kept = totals.len();
        totals.push(v.iter().sum::<f64>());
        for (c, x) in v.into_iter().enumerate() {
            samples[c * draws + kept] = x;
        }
    }
    let kept = totals.len();
    let (lo_q, hi_q) = (
        (1.0 - params.interval_level) / 2.0,
        (1.0 + params.interval_level) / 2.0,
    );
    // Percentiles of the draws, widened to take in the point estimate: where the likelihood is skewed the
    // draws' percentiles can miss the fit's own prediction, and an interval shown next to a value that
    // lies outside it reads as a contradiction.
    let interval = |s: &mut [f64], point: f64| {
        crate::sorting::sort_floats(s);
        if s.is_empty() {
            (point, point)
        } else {
            (
                value::quantile(s, lo_q).min(point),
                value::quantile(s, hi_q).max(point),
            )
        }
    };

    let unit_days = unit;
    let mut customers: Vec<CustomerValue> = hist
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = &c.history;
            let p_alive = purchase_model.p_alive(h);
            let (value_low, value_high) =
                interval(&mut samples[i * draws..i * draws + kept], point[i]);
            CustomerValue {
                customer: c.customer,
                repeat_purchases: h.x as u32,
                days_since_last: ((h.t - h.t_x) * unit_days).round(),
                age_days: (h.t * unit_days).round(),
                spend: c.spend,
                p_alive,
                expected_purchases: purchases[i].expected,
                expected_spend: spend_model.map(|g| g.expected_spend(h.x, c.mean_repeat_spend)),
                value: point[i],
                value_low,
                value_high,
                at_risk: h.x > 0.0 && p_alive < params.at_risk_below,
                holdout_purchases: c.holdout_purchases,
            }
        })
        .collect();
    let (value_low, value_high) = interval(&mut totals, point.iter().sum());

    let mut at_risk: Vec<u32> = (0..customers.len() as u32)
        .filter(|&i| customers[i as usize].at_risk)
        .collect();
    crate::sorting::sort_by(&mut at_risk, &|&a, &b| {
        let (a, b) = (&customers[a as usize], &customers[b as usize]);
        b.spend
            .total_cmp(&a.spend)
            .then(b.repeat_purchases.cmp(&a.repeat_purchases))
            .then(a.customer.cmp(&b.customer))
    });
    let count = customers.len() as f64;
    let totals = Totals {
        customers: customers.len() as u64,
        repeat_buyers: customers.iter().filter(|c| c.repeat_purchases > 0).count() as u64,
        expected_purchases: customers.iter().map(|c| c.expected_purchases).sum(),
        value: point.iter().sum(),
        value_low,
        value_high,
        mean_p_alive: customers.iter().map(|c| c.p_alive).sum::<f64>() / count,
        at_risk: at_risk.len() as u64,
    };
    customers.shrink_to_fit();
    cancelled(progress.update("checking", 0.95))?;
    let holdout = if hist.holdout_days > 0 {
        Some(
            value::holdout(&hist.customers, &purchase_model, hist.holdout_days, unit)
                .ok_or_else(|| out_of_domain("holdout purchases beyond any count"))?,
        )
    } else {
        None
    };
    let clv = Clv {
        calibration_end: days::format_day(hist.calibration_end_day * 86_400),
        time_unit_days: unit,
        horizon_days: params.horizon_days,
        purchase_model,
        purchase_fit: purchase_fit.report,
        spend_fit: spend_fit.map(|f| f.1.report),
        spend_model,
        spend_note,
        spend_frequency_correlation: correlation(&spends),
        value_unit: if spend_model.is_some() {
            ValueUnit::Money
        } else {
            ValueUnit::Purchases
        },
        interval_level: params.interval_level,
        totals,
        holdout,
        alive_grid: value::alive_grid(&hist.customers, &purchase_model, unit),
        at_risk,
        first_bought_in_holdout: hist.first_bought_in_holdout,
        customers,
    };
    check_domain(&clv)?;
    Ok(clv)
}

/// The minimum-data rule: at least `MIN_REPEAT_BUYERS` customers who bought on two days or more by the
/// calibration end; otherwise an error naming the earliest calibration end that has them.
fn enough_repeat_buyers(hist: &Histories) -> Result<()> {
    let repeaters = hist.customers.iter().filter(|c| c.history.x > 0.0).count();
    if repeaters >= MIN_REPEAT_BUYERS {
        return Ok(());
    }
    let day = |d: i64| days::format_day(d * 86_400);
    let span = hist.calibration_end_day - hist.first_day + 1;
    let remedy = match hist.second_purchase_days.get(MIN_REPEAT_BUYERS - 1) {
        Some(&d) => format!(
            "choose a calibration end on or after {}, when the {MIN_REPEAT_BUYERS}th customer came back",
            day(d)
        ),
        None => format!(
            "the whole file has {} such customer(s), too few for lifetime value",
            hist.second_purchase_days.len()
        ),
    };
    Err(Error::new(
        ErrorCode::NoUsableRows,
        format!(
            "the purchase model needs at least {MIN_REPEAT_BUYERS} customers who came back, and the \
             calibration period ({} to {}) holds {span} day{} of history: of {} customer(s), {repeaters} bought \
             on more than one day; {remedy}",
            day(hist.first_day),
            day(hist.calibration_end_day),
            if span == 1 { "" } else { "s" },
            hist.customers.len(),
        ),
    ))
}

fn out_of_domain(what: &str) -> Error {
    Error::new(
        ErrorCode::NoUsableRows,
        format!(
            "the fitted models give {what} for these data, so there is no result to show; a longer \
             calibration period, with more customers who bought several times, gives the fit more to go on"
        ),
    )
}

/// Every number of the result within its domain: probabilities in [0, 1], counts and values finite and not
/// negative, intervals ordered. The formulas keep them there; this makes sure no result says otherwise.
fn check_domain(clv: &Clv) -> Result<()> {
    let count = |v: f64| v.is_finite() && v >= 0.0;
    let probability = |p: f64| (0.0..=1.0).contains(&p);
    let ordered = |low: f64, v: f64, high: f64| count(low) && low <= v && v <= high && count(high);
    let t = &clv.totals;
    let bad =
        if let Some(c) = clv.customers.iter().find(|c| {
            !(probability(c.p_alive)
                && count(c.expected_purchases)
                && c.expected_spend.is_none_or(count)
                && ordered(c.value_low, c.value, c.value_high))
        }) {
            format!(
                "P(alive) {}, {} expected purchases, a value of {} in [{}, {}] for one customer",
                c.p_alive, c.expected_purchases, c.value, c.value_low, c.value_high
            )
        } else if !(probability(t.mean_p_alive)
            && count(t.expected_purchases)
            && ordered(t.value_low, t.value, t.value_high))
        {
            format!(
                "in total {} expected purchases worth {} in [{}, {}]",
                t.expected_purchases, t.value, t.value_low, t.value_high
            )
        } else if clv.holdout.as_ref().is_some_and(|h| {
            !count(h.predicted_total) || h.buckets.iter().any(|b| !count(b.predicted))
        }) {
            "holdout predictions below 0".to_owned()
        } else if clv
            .alive_grid
            .p_alive
            .iter()
            .flatten()
            .any(|&p| !probability(p))
        {
            "a P(alive) outside 0..1 in the map".to_owned()
        } else {
            return Ok(());
        };
    Err(out_of_domain(&bad))
}

/// Pearson correlation of repeat purchases and mean spend among repeat buyers with a spend.
fn correlation(spends: &[Spend]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = spends
        .iter()
        .filter(|s| s.x > 0.0 && s.mean > 0.0)
        .map(|s| (s.x, s.mean))
        .collect();
    let n = pairs.len() as f64;
    if n < 3.0 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let vx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let vy: f64 = pairs.iter().map(|p| (p.1 - my).powi(2)).sum();
    let r = cov / (vx * vy).sqrt();
    r.is_finite().then_some(r)
}

/// The customer table as CSV, for download.
fn export_csv(data: &Dataset, clv: &Clv) -> String {
    let mut w = crate::csv_cell::CsvFile::new();
    let money = clv.value_unit == ValueUnit::Money;
    let value_name = if money { "clv" } else { "clv_purchases" };
    let header = [
        "customer_id",
        "repeat_purchases",
        "days_since_last",
        "age_days",
        "spend",
        "p_alive",
        "expected_purchases",
        "expected_spend_per_purchase",
        value_name,
        &format!("{value_name}_low"),
        &format!("{value_name}_high"),
        "at_risk",
        "holdout_purchases",
    ];
    w.row(header);
    // A file without prices has no spend: empty cells, not 0.00, which a CRM would import as spending nothing.
    let priced = clv.customers.iter().any(|c| c.spend != 0.0);
    for c in &clv.customers {
        w.row([
            crate::csv_cell::text(data.customers.name(c.customer)),
            c.repeat_purchases.to_string(),
            c.days_since_last.to_string(),
            c.age_days.to_string(),
            if priced {
                format!("{:.2}", c.spend)
            } else {
                String::new()
            },
            format!("{:.4}", c.p_alive),
            format!("{:.4}", c.expected_purchases),
            c.expected_spend
                .map(|s| format!("{s:.2}"))
                .unwrap_or_default(),
            format!("{:.2}", c.value),
            format!("{:.2}", c.value_low),
            format!("{:.2}", c.value_high),
            c.at_risk.to_string(),
            c.holdout_purchases.to_string(),
        ]);
    }
    w.finish()
}
