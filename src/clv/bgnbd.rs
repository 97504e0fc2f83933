//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive, a customer buys at
//! Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).

use super::fit::{maximise, Optimum};
use super::special::{exp, hyp2f1, ln, ln_1p_exp, ln_gamma, ln_hyp2f1, pow};
use super::value::{distinct_sorted, DistinctHistories};
use super::History;
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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

    /// Maximum-likelihood fit. Errors when the histories cannot identify the model.
    pub fn fit(histories: &[History]) -> Result<(BgNbd, Optimum)> {
        let repeaters = histories.iter().filter(|h| h.x > 0.0).count();
        if histories.len() < 2 || repeaters == 0 {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "the purchase model needs customers who came back: of {} customer(s), {} bought on more \
                     than one day, so there is nothing to learn purchase rates and drop-out from",
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
        let model = BgNbd::from_log(&optimum.log_params);
        if optimum.ran_off(3) && !optimum.ran_off(0) && !optimum.ran_off(1) {
            // A known limit of the model rather than a failure: predictions stay meaningful.
            optimum.report.message = format!(
                "b grows without bound: these data show hardly any customer leaving, so everyone gets about the \
                 same small chance of leaving after a purchase ({:.3}%); predictions use that limit, but their \
                 intervals leave out its uncertainty",
                100.0 * model.a / (model.a + model.b)
            );
        }
        Ok((model, optimum))
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
                + (self.r + h.x) * ln((self.alpha + h.t) / (self.alpha + h.t_x))
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
    /// expectation). Through Euler's transformation of the hypergeometric function, so the series stays
    /// small and fast for customers with hundreds of purchases.
    pub fn expected_purchases(&self, h: &History, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        // a = 1 is a removable singularity (0/0): step around it.
        if (self.a - 1.0).abs() < 1e-4 {
            let at = |a| BgNbd { a, ..*self }.expected_purchases(h, t);
            return 0.5 * (at(1.0 + 2e-4) + at(1.0 - 2e-4));
        }
        let BgNbd { r, alpha, a, b } = *self;
        let x = h.x;
        let z = t / (alpha + h.t + t);
        // (1 - z)^(r + x) 2F1(r + x, b + x; a + b + x - 1; z), through Euler's transformation (small terms for
        // heavy buyers) or, where that overflows (a and b in the thousands), summed in logs.
        let c = a + b + x - 1.0;
        // The Euler series grows like e^((a - 1) z) before it shrinks: past that, the log form is far shorter.
        let euler = if (a - 1.0).abs() * z < 30.0 {
            hyp2f1(a + b - 1.0 - r, a - 1.0, c, z).map(|f| pow(1.0 - z, a - 1.0) * f)
        } else {
            None
        };
        let product = match euler {
            Some(p) => p,
            None => match ln_hyp2f1(r + x, b + x, c, z) {
                Some(ln_f) => exp((r + x) * ln(1.0 - z) + ln_f),
                None => return f64::NAN,
            },
        };
        let alive_share = (1.0 - product) * c / (a - 1.0);
        match self.ln_odds_gone(h) {
            Some(s) => alive_share * exp(-ln_1p_exp(s)),
            None => alive_share,
        }
    }
}

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
        assert!((m.expected_purchases(&h, 39.0) - 1.2259).abs() < 2e-4);
        assert!((m.p_alive(&h) - 0.7266).abs() < 2e-4);
    }

    #[test]
    fn heavy_buyers_do_not_overflow() {
        let h = History {
            x: 700.0,
            t_x: 100.0,
            t: 101.0,
        };
        let m = BgNbd::from_params(&[1.5, 0.7, 0.05, 3.0]);
        let e = m.expected_purchases(&h, 52.0);
        // About 7 a week for a customer who is almost surely still buying.
        assert!(e > 300.0 && e < 400.0, "{e}");
        assert!(m.p_alive(&h) > 0.9);
        let gone = History { t: 200.0, ..h };
        assert!(m.p_alive(&gone) < 1e-6 && m.expected_purchases(&gone, 52.0) < 1e-3);
    }

    #[test]
    fn drop_out_parameters_in_the_millions_stay_finite() {
        // The limit a, b -> infinity with a / (a + b) fixed: everyone has the same drop-out probability.
        let h = History {
            x: 45.0,
            t_x: 36.5,
            t: 38.9,
        };
        let e = |a: f64, b: f64| BgNbd::from_params(&[1.6, 1.5, a, b]).expected_purchases(&h, 52.0);
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
        let near = |a| BgNbd { a, ..model() }.expected_purchases(&h, 10.0);
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
        let e = BgNbd::fit(&once).unwrap_err();
        assert_eq!(e.code, ErrorCode::NoUsableRows);
        assert!(e
            .message
            .contains("of 5 customer(s), 0 bought on more than one day"));
    }
}
