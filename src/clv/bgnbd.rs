//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive, a customer buys at
//! Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).

use super::fit::{maximise, Limit, Optimum};
use super::histories::{distinct_sorted, DistinctHistories};
use super::special::{exp, ln, ln_1p, ln_1p_exp, ln_gamma};
use super::History;
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// The likelihood's data: distinct histories with their number of customers, as indexes into the distinct
/// repeat counts and times, so that the log-gamma and logarithm terms are computed once per value: a fit
/// evaluates the likelihood a thousand times.
struct Groups {
    xs: Vec<f64>,
    /// Distinct values of t_x and T together.
    times: Vec<f64>,
    /// (index into xs, index of t_x and of T into times, how many customers)
    rows: Vec<(u32, u32, u32, f64)>,
    customers: f64,
}

/// The purchase model's log-likelihood over a set of histories (the customers grouped once), for the
/// intervals: a parameter draw is kept only where the data find it plausible.
pub struct Likelihood(Groups);

impl Likelihood {
    pub fn new(histories: &[History]) -> Likelihood {
        Likelihood(Groups::new(histories))
    }

    pub fn of(&self, m: &BgNbd) -> f64 {
        self.0.log_likelihood(m)
    }
}

impl Groups {
    fn new(histories: &[History]) -> Groups {
        let distinct = DistinctHistories::new(histories);
        let hs = &distinct.histories;
        let xs = distinct_sorted(hs.iter().map(|h| h.x));
        let times = distinct_sorted(hs.iter().flat_map(|h| [h.t_x, h.t]));
        let at = |v: &[f64], x: f64| v.partition_point(|y| *y < x) as u32;
        let rows = hs
            .iter()
            .zip(distinct.counts())
            .map(|(h, w)| (at(&xs, h.x), at(&times, h.t_x), at(&times, h.t), w))
            .collect();
        Groups {
            xs,
            times,
            rows,
            customers: histories.len() as f64,
        }
    }

    fn log_likelihood(&self, m: &BgNbd) -> f64 {
        let BgNbd { r, alpha, a, b } = *m;
        let shared = r * ln(alpha) + ln_gamma(a + b) - ln_gamma(b);
        let per_x: Vec<(f64, f64)> = self
            .xs
            .iter()
            .map(|&x| {
                let gammas = ln_gamma(r + x) - ln_gamma(r) + ln_gamma(b + x) - ln_gamma(a + b + x);
                let gone = if x > 0.0 {
                    ln(a) - ln(b + x - 1.0)
                } else {
                    0.0
                };
                (shared + gammas, gone)
            })
            .collect();
        let ln_times: Vec<f64> = self.times.iter().map(|&t| ln(alpha + t)).collect();
        self.rows
            .iter()
            .map(|&(i, t_x, t, w)| {
                let x = self.xs[i as usize];
                let (common, gone) = per_x[i as usize];
                let still = -(r + x) * ln_times[t as usize];
                let tail = if x > 0.0 {
                    // log(e^still + e^gone) without overflow
                    let gone = gone - (r + x) * ln_times[t_x as usize];
                    still.max(gone) + ln_1p_exp(-(still - gone).abs())
                } else {
                    still
                };
                w * (common + tail)
            })
            .sum()
    }
}

impl BgNbd {
    fn from_log(p: &[f64]) -> BgNbd {
        BgNbd {
            r: exp(p[0]),
            alpha: exp(p[1]),
            a: exp(p[2]),
            b: exp(p[3]),
        }
    }

    /// Maximum-likelihood fit. The model without drop-out (a -> 0, the NBD model) is kept unless the data
    /// reject it; where the likelihood is otherwise highest at the edge of the parameter space, the fit is
    /// the model's limit there, said in words in the report's `limit`: everyone the same chance of leaving
    /// (a, b -> infinity), everyone the same purchase rate (r, α -> infinity). Errors when the histories
    /// cannot identify the model: fewer than `MIN_REPEAT_BUYERS` repeat buyers, or parameters running off in
    /// any other way. `unit_days` (days per time unit of the histories) only names rates in the words.
    pub fn fit(histories: &[History], unit_days: f64) -> Result<(BgNbd, Optimum)> {
        let repeaters = histories.iter().filter(|h| h.x > 0.0).count();
        if repeaters < MIN_REPEAT_BUYERS {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "the purchase model needs at least {MIN_REPEAT_BUYERS} customers who came back: of {} \
                     customer(s), {} bought on more than one day, too few to learn purchase rates and drop-out \
                     from",
                    histories.len(),
                    repeaters
                ),
            ));
        }
        let groups = Groups::new(histories);
        let n = groups.customers;
        let mean_x = histories.iter().map(|h| h.x).sum::<f64>() / n;
        let mean_t = histories.iter().map(|h| h.t).sum::<f64>() / n;
        let ll = |p: &[f64]| groups.log_likelihood(&BgNbd::from_log(p));
        // A start at the observed purchase rate and two generic ones: the likelihood has long flat valleys.
        let rate_alpha = ln((mean_t / mean_x.max(1e-3)).max(1e-3));
        let starts = [
            vec![0.0, rate_alpha, 0.0, 0.0],
            vec![0.0, 0.0, 0.0, 0.0],
            vec![ln(0.25f64), rate_alpha, ln(0.8f64), ln(2.5f64)],
        ];
        let mut optimum = maximise(&ll, n, &starts, &["r", "alpha", "a", "b"]);
        let rate = |model: &BgNbd| unit_days * model.alpha / model.r;
        // The simpler model unless the data reject it: on histories with no sign of anyone leaving, drop-out
        // is a guess, and Nelder-Mead wanders off along a and b to wherever a tiny excess of customers who
        // stopped early puts it (a and b both towards 0, one towards infinity).
        let without = Self::fit_without_drop_out(
            &groups,
            &[optimum.log_params[..2].to_vec(), vec![0.0, rate_alpha]],
        );
        let shown = 2.0 * (optimum.report.log_likelihood - without.1.report.log_likelihood);
        if shown.is_nan() || shown < DROP_OUT_SHOWN {
            let (model, mut fitted) = without;
            let rates = same_rate(&fitted, rate(&model))?;
            let no_drop_out = Limit {
                words: NO_DROP_OUT.to_owned(),
                growing: &[],
            };
            fitted.at_limit(
                &[Some(no_drop_out), rates]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
            );
            fitted.report.iterations += optimum.report.iterations;
            return Ok((model, fitted));
        }
        let model = BgNbd::from_log(&optimum.log_params);
        let rates = same_rate(&optimum, rate(&model))?;
        // With drop-out shown, the one limit at the edge is a and b growing together (b alone would be no
        // drop-out, rejected above).
        let a_towards_0 = optimum.ran_off(2) && !optimum.ran_off_up(2);
        let drop_out = if optimum.ran_off_up(3) && !a_towards_0 {
            Some(Limit {
                words: format!(
                    "customers hardly differ in their chance of leaving, so everyone gets the same chance of \
                     leaving after each purchase ({}; a and b grow without bound together); predictions use \
                     that limit, but their intervals leave out its uncertainty",
                    percent(model.a / (model.a + model.b))
                ),
                growing: &[2, 3],
            })
        } else if optimum.ran_off(2) || optimum.ran_off(3) {
            return Err(not_identified(&optimum));
        } else {
            None
        };
        optimum.at_limit(&[drop_out, rates].into_iter().flatten().collect::<Vec<_>>());
        Ok((model, optimum))
    }

    /// The limit a -> 0 of the fit: drop-out probabilities all 0, so BG/NBD is the NBD model and only r and
    /// α are left to fit (b no longer matters). Its optimum is an ordinary one, checked as such.
    fn fit_without_drop_out(groups: &Groups, starts: &[Vec<f64>]) -> (BgNbd, Optimum) {
        let with = |p: &[f64]| BgNbd {
            r: exp(p[0]),
            alpha: exp(p[1]),
            a: 0.0,
            b: 1.0,
        };
        let ll = |p: &[f64]| groups.log_likelihood(&with(p));
        let optimum = maximise(&ll, groups.customers, starts, &["r", "alpha"]);
        (with(&optimum.log_params), optimum)
    }

    /// The model with parameters drawn around the fit's optimum (`Optimum::draw`): all four, or r and α
    /// when the fit is the no-drop-out limit.
    pub fn drawn(&self, p: &[f64]) -> BgNbd {
        match *p {
            [r, alpha] => BgNbd { r, alpha, ..*self },
            _ => BgNbd::from_params(p),
        }
    }

    pub fn from_params(p: &[f64]) -> BgNbd {
        BgNbd {
            r: p[0],
            alpha: p[1],
            a: p[2],
            b: p[3],
        }
    }

    /// ln of the odds that the customer has dropped out against being alive, given their history.
    fn ln_odds_gone(&self, h: &History) -> Option<f64> {
        (h.x > 0.0).then(|| {
            ln(self.a / (self.b + h.x - 1.0))
                // ln((α+T)/(α+t_x)) as ln(1 + (T-t_x)/(α+t_x)): with r in the millions, the ratio's rounding
                // would be multiplied by them.
                + (self.r + h.x) * ln_1p((h.t - h.t_x) / (self.alpha + h.t_x))
        })
    }

    /// P(still a customer at the end of the history).
    pub fn p_alive(&self, h: &History) -> f64 {
        match self.ln_odds_gone(h) {
            Some(s) => exp(-ln_1p_exp(s)),
            None => 1.0,
        }
    }

    /// Expected purchases in the next `t` time units, given the history (the model's conditional
    /// expectation), or `None` when the model expects more purchases than the sum can count.
    ///
    /// The textbook's `(a+b+x-1)/(a-1) (1 - (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z))` subtracts two numbers
    /// close to 1, and its hypergeometric series, or Euler's transformation of it, alternates in sign at
    /// the edges of the parameter space (r far above a + b, a + b + x - 1 < 0, a near 1): there it cancels
    /// to large negative counts. So the fast Euler form is used only where its own rounding-error bound
    /// says it is accurate, and otherwise the same expectation as a sum of positive terms
    /// (`share_of_positive_terms`).
    pub fn expected_purchases(&self, h: &History, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let BgNbd { r, alpha, a, b } = *self;
        let (shape, survive) = (r + h.x, b + h.x);
        let z = t / (alpha + h.t + t);
        // The positive terms pass the negative binomial's mode near its mean before they shrink: a bound on
        // the work, and on what a purchase count can mean.
        let mean = shape * t / (alpha + h.t);
        if !(mean.is_finite() && mean <= MAX_EXPECTED && z < 1.0) {
            return None;
        }
        let alive_share = self
            .share_by_euler(h.x, z)
            .unwrap_or_else(|| share_of_positive_terms(shape, survive, a, z));
        Some(alive_share * self.p_alive(h))
    }

    /// The textbook formula's `(a+b+x-1)/(a-1) (1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z))` (Euler's
    /// transformation: few terms for heavy buyers), or `None` unless a bound on its rounding error is a
    /// tiny fraction of the result: each term carries a few roundings per step of its recurrence, on the
    /// scale of the sum of the terms' magnitudes, and the subtraction from 1 magnifies them by 1/|1 - ...|.
    fn share_by_euler(&self, x: f64, z: f64) -> Option<f64> {
        let BgNbd { r, a, b, .. } = *self;
        let (p, q, c) = (a + b - 1.0 - r, a - 1.0, a + b + x - 1.0);
        if c <= 0.0 {
            return None;
        }
        let (mut term, mut sum, mut magnitude) = (1.0f64, 1.0f64, 1.0f64);
        let mut terms = 0.0;
        loop {
            let ratio = (p + terms) * (q + terms) / ((c + terms) * (terms + 1.0)) * z;
            term *= ratio;
            sum += term;
            magnitude += term.abs();
            terms += 1.0;
            if !magnitude.is_finite() || terms > MAX_EULER_TERMS {
                return None;
            }
            // Settled once the terms shrink geometrically and what is left is negligible.
            if term == 0.0
                || ratio.abs() < 1.0 && term.abs() / (1.0 - ratio.abs()) <= 1e-17 * magnitude
            {
                break;
            }
        }
        let scale = exp(q * ln_1p(-z));
        let complement = 1.0 - scale * sum;
        let rounding =
            f64::EPSILON * (scale * magnitude * (4.0 * terms + 2.0 + (q * ln_1p(-z)).abs()) + 1.0);
        let share = complement * c / q;
        (share.is_finite() && share >= 0.0 && rounding <= 1e-9 * complement.abs()).then_some(share)
    }
}

/// The same expectation as a sum of positive terms: while alive, the purchases a customer would make
/// without dropping out are K ~ NegBin(r+x, z) with z = t/(α+T+t); the j-th of them happens if the customer
/// survived j drop-out chances, which has posterior probability u_j = (b+x)_j / (a+b+x)_j. So the share is
/// Σ_k P(K = k) Σ_{j<k} u_j: never negative, never more than the NBD's (r+x) t/(α+T), exact at a = 0 (no
/// drop-out). Slower than the Euler form: about as many terms as the purchases it counts.
fn share_of_positive_terms(shape: f64, survive: f64, a: f64, z: f64) -> f64 {
    // P(K = k), divided by e^scale so that (1-z)^(r+x) may underflow and the terms still add up.
    let ln_first = shape * ln_1p(-z);
    let (mut weight, mut scale) = if ln_first < -600.0 {
        (1.0, ln_first)
    } else {
        (exp(ln_first), 0.0)
    };
    let (mut reached, mut survived, mut sum) = (0.0f64, 1.0f64, 0.0f64);
    let mut k = 0.0f64;
    loop {
        let ratio = (shape + k) * z / (k + 1.0);
        weight *= ratio;
        reached += survived;
        survived *= (survive + k) / (a + survive + k);
        k += 1.0;
        sum += weight * reached;
        if sum > 1e250 {
            (weight, sum, scale) = (weight / 1e250, sum / 1e250, scale + ln(1e250));
        }
        // Past the mode the weights shrink at least geometrically by `ratio` while `reached` grows by at
        // most 1 a term: the tail is below weight (reached ρ/(1-ρ) + ρ/(1-ρ)²) with ρ the next ratio.
        let next = (shape + k) * z / (k + 1.0);
        if next < 1.0 {
            let tail = weight * next / (1.0 - next) * (reached + 1.0 / (1.0 - next));
            if tail <= 1e-16 * sum || weight == 0.0 {
                break;
            }
        }
    }
    sum * exp(scale)
}

/// Beyond this many terms the Euler series is left for the positive one.
const MAX_EULER_TERMS: f64 = 500.0;

const NO_DROP_OUT: &str = "these data show no sign of customers leaving: a model in which nobody leaves (a = 0) \
    fits them as well as one with drop-out, so every customer counts as still buying at the rate their history \
    shows (P(alive) 100%) and nobody is at risk; a calibration end before the last purchase lets the holdout \
    check that";

/// Twice the log-likelihood gain drop-out (a and b) must bring for the data to show it: the 95th percentile
/// of the chi-square distribution with 2 degrees of freedom (conservative, a = 0 being on the edge).
const DROP_OUT_SHOWN: f64 = 5.991;

/// The words for the limit r, α -> infinity with r/α fixed (everyone buys at the same rate, one purchase
/// every `days` days), `None` when r and α stayed inside, and an error when either ran off towards 0.
fn same_rate(optimum: &Optimum, days: f64) -> Result<Option<Limit<'static>>> {
    let towards_0 = |i| optimum.ran_off(i) && !optimum.ran_off_up(i);
    if !(optimum.ran_off(0) || optimum.ran_off(1)) {
        Ok(None)
    } else if !(towards_0(0) || towards_0(1)) {
        // Along that ridge one of them reaches the edge first: either alone growing without bound would
        // make the mean rate r/α 0 or infinite, which no data with repeat buyers has.
        Ok(Some(Limit {
            words: format!(
                "customers hardly differ in how often they buy, so everyone gets the same rate while still a \
                 customer: about one purchase every {:.0} days (r and alpha grow without bound together); \
                 predictions use that limit",
                days.max(1.0)
            ),
            growing: &[0, 1],
        }))
    } else {
        Err(not_identified(optimum))
    }
}

fn percent(p: f64) -> String {
    if p >= 1e-5 {
        format!("{:.3}%", 100.0 * p)
    } else {
        "under 0.001%".to_owned()
    }
}

fn not_identified(optimum: &Optimum) -> Error {
    Error::new(
        ErrorCode::NoUsableRows,
        format!(
            "the purchase model cannot be fitted to these data ({}); a longer calibration period, in which \
             more customers bought several times, gives it more to learn from",
            optimum.report.message
        ),
    )
}

/// Fewer repeat buyers than this and the four parameters would be guessed rather than learned.
pub const MIN_REPEAT_BUYERS: usize = 10;

/// More expected purchases per customer than this is not a prediction but a fit gone wrong (purchases are
/// days, and a horizon is at most a century).
const MAX_EXPECTED: f64 = 1e6;

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> BgNbd {
        BgNbd::from_params(&[0.2426, 4.4135, 0.7929, 2.4258])
    }

    #[test]
    fn hardies_worked_example() {
        // Hardie's BG/NBD note: x = 2, t_x = 30.43, T = 38.86 weeks; lifetimes gives 1.22591, P(alive) 0.7266.
        let h = History {
            x: 2.0,
            t_x: 30.43,
            t: 38.86,
        };
        let m = model();
        assert!((m.expected_purchases(&h, 39.0).unwrap() - 1.2259).abs() < 2e-4);
        assert!((m.p_alive(&h) - 0.7266).abs() < 2e-4);
    }

    #[test]
    fn matches_the_textbook_formula_at_high_precision() {
        // scripts/reference/clv_reference.py: lifetimes' formula through mpmath at 60 digits. The last two
        // are the fit of a calibration one day long, where the float64 formula gave -866.96 (lifetimes:
        // NaN) for x = 0.
        let (r, alpha, a, b) = (
            2070556.9357496526,
            2366741.267943247,
            1.7857862341508135,
            4.351369272866982e-6,
        );
        let cases = [
            (
                [0.2426, 4.4135, 0.7929, 2.4258],
                [2.0, 30.43, 38.86, 39.0],
                1.225_911_199_899_223,
            ),
            (
                [1.5, 0.7, 0.05, 3.0],
                [700.0, 100.0, 101.0, 52.0],
                330.631_568_165_611,
            ),
            (
                [1.6, 1.5, 2.7e3, 3.2e6],
                [45.0, 36.5, 38.9, 52.0],
                57.614_372_514_223_94,
            ),
            (
                [0.2426, 4.4135, 0.999, 2.4258],
                [3.0, 20.0, 30.0, 10.0],
                0.511_274_150_532_162_3,
            ),
            (
                [r, alpha, a, b],
                [0.0, 0.0, 1.0 / 7.0, 365.0 / 7.0],
                1.000_005_277_746_742_7,
            ),
            (
                [r, alpha, a, b],
                [1.0, 0.0, 1.0 / 7.0, 365.0 / 7.0],
                4.661_735_015_347_905_5e-6,
            ),
        ];
        for (params, [x, t_x, t, horizon], want) in cases {
            let h = History { x, t_x, t };
            let got = BgNbd::from_params(&params)
                .expected_purchases(&h, horizon)
                .unwrap();
            assert!(
                (got - want).abs() <= 1e-11 * want,
                "{params:?} {h:?}: {got} {want}"
            );
        }
    }

    #[test]
    fn the_euler_form_where_it_answers_agrees_with_the_positive_terms() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut log_uniform = |lo: f64, hi: f64| rng.gen_range(lo..hi).exp();
        let (mut answered, mut declined) = (0, 0);
        for _ in 0..20_000 {
            let m = BgNbd::from_params(&[
                log_uniform(-5.0, 8.0),
                log_uniform(-5.0, 8.0),
                log_uniform(-8.0, 8.0),
                log_uniform(-5.0, 12.0),
            ]);
            let x = log_uniform(0.0, 6.0).floor() - 1.0;
            let z = log_uniform(-9.0, -0.01);
            let Some(euler) = m.share_by_euler(x, z) else {
                declined += 1;
                continue;
            };
            let positive = share_of_positive_terms(m.r + x, m.b + x, m.a, z);
            assert!(
                (euler - positive).abs() <= 1e-10 * positive,
                "{m:?} x {x} z {z}: {euler} {positive}"
            );
            answered += 1;
        }
        // Both paths are exercised.
        assert!(
            answered > 2_000 && declined > 2_000,
            "{answered} {declined}"
        );
    }

    #[test]
    fn heavy_buyers_do_not_overflow() {
        let h = History {
            x: 700.0,
            t_x: 100.0,
            t: 101.0,
        };
        let m = BgNbd::from_params(&[1.5, 0.7, 0.05, 3.0]);
        let e = m.expected_purchases(&h, 52.0).unwrap();
        // About 7 a week for a customer who is almost surely still buying.
        assert!(e > 300.0 && e < 400.0, "{e}");
        assert!(m.p_alive(&h) > 0.9);
        let gone = History { t: 200.0, ..h };
        assert!(m.p_alive(&gone) < 1e-6 && m.expected_purchases(&gone, 52.0).unwrap() < 1e-3);
    }

    #[test]
    fn drop_out_parameters_in_the_millions_stay_finite() {
        // The limit a, b -> infinity with a / (a + b) fixed: everyone has the same drop-out probability.
        let h = History {
            x: 45.0,
            t_x: 36.5,
            t: 38.9,
        };
        let e = |a: f64, b: f64| {
            BgNbd::from_params(&[1.6, 1.5, a, b])
                .expected_purchases(&h, 52.0)
                .unwrap()
        };
        let (limit, near) = (e(2.7e3, 3.2e6), e(2.7e4, 3.2e7));
        assert!(limit.is_finite() && limit > 30.0, "{limit}");
        assert!((limit - near).abs() < 1e-3 * limit, "{limit} {near}");
    }

    #[test]
    fn the_singularity_at_a_equal_one_is_smooth() {
        let h = History {
            x: 3.0,
            t_x: 20.0,
            t: 30.0,
        };
        let near = |a| BgNbd { a, ..model() }.expected_purchases(&h, 10.0).unwrap();
        let (below, at, above) = (near(0.999), near(1.0), near(1.001));
        assert!(at.is_finite() && (below - at).abs() < 1e-3 && (above - at).abs() < 1e-3);
    }

    #[test]
    fn no_repeat_buyers_is_an_error_a_person_can_read() {
        let once = vec![
            History {
                x: 0.0,
                t_x: 0.0,
                t: 10.0
            };
            5
        ];
        let e = BgNbd::fit(&once, 7.0).unwrap_err();
        assert_eq!(e.code, ErrorCode::NoUsableRows);
        assert!(e
            .message
            .contains("of 5 customer(s), 0 bought on more than one day"));
    }
}
