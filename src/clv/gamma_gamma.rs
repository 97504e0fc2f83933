//! Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): each purchase
//! of a customer is worth z ~ Gamma(p, ν), and customers' ν ~ Gamma(q, γ). Fitted on repeat buyers' mean
//! repeat spend; it assumes spend per purchase does not depend on how often people buy.

use super::fit::{maximise, Limit, Optimum};
use super::histories::distinct_sorted;
use super::special::{exp, ln, ln_gamma};
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    /// γ, the scale of the spread of spend between customers.
    pub gamma: f64,
}

/// One repeat buyer: repeat purchases and their mean value.
#[derive(Debug, Clone, Copy)]
pub struct Spend {
    pub x: f64,
    pub mean: f64,
}

impl GammaGamma {
    fn from_log(v: &[f64]) -> GammaGamma {
        GammaGamma {
            p: exp(v[0]),
            q: exp(v[1]),
            gamma: exp(v[2]),
        }
    }

    pub fn from_params(v: &[f64]) -> GammaGamma {
        GammaGamma {
            p: v[0],
            q: v[1],
            gamma: v[2],
        }
    }

    /// Maximum-likelihood fit on repeat buyers with a positive mean spend (others are left out).
    pub fn fit(spends: &[Spend]) -> Result<(GammaGamma, Optimum)> {
        let usable: Vec<Spend> = spends
            .iter()
            .copied()
            .filter(|s| s.x > 0.0 && s.mean > 0.0 && s.mean.is_finite())
            .collect();
        if usable.len() < 2 {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "the spend model needs at least 2 repeat buyers with a positive spend; this file has {}",
                    usable.len()
                ),
            ));
        }
        let n = usable.len() as f64;
        // Log-gamma terms depend on the customer only through x: computed once per distinct x.
        let xs = distinct_sorted(usable.iter().map(|s| s.x));
        let rows: Vec<(usize, f64, f64)> = usable
            .iter()
            .map(|s| (xs.partition_point(|v| *v < s.x), ln(s.mean), s.x * s.mean))
            .collect();
        let ll = |v: &[f64]| {
            let GammaGamma { p, q, gamma } = GammaGamma::from_log(v);
            let shared = -ln_gamma(q) + q * ln(gamma);
            let per_x: Vec<f64> = xs
                .iter()
                .map(|&x| shared + ln_gamma(p * x + q) - ln_gamma(p * x) + p * x * ln(x))
                .collect();
            rows.iter()
                .map(|&(i, ln_m, total)| {
                    let px = p * xs[i];
                    per_x[i] + (px - 1.0) * ln_m - (px + q) * ln(total + gamma)
                })
                .sum::<f64>()
        };
        let mean = usable.iter().map(|s| s.mean).sum::<f64>() / n;
        let starts = [vec![0.0, 0.0, 0.0], vec![ln(2f64), ln(3f64), ln(mean)]];
        let mut optimum = maximise(&ll, n, &starts, &["p", "q", "gamma"]);
        let model = GammaGamma::from_log(&optimum.log_params);
        // q and gamma growing together (gamma / q fixed) is the limit where every customer's true spend per
        // purchase is the same: each is expected to spend the population's mean, whatever their own. The one
        // of the two that is larger reaches the edge first; the other is then large as well (the spread of
        // customers' spend rates, 1 / sqrt(q), under a tenth).
        let growing = optimum.ran_off_up(1) || optimum.ran_off_up(2);
        if growing && model.q > 100.0 && model.gamma > 100.0 && !optimum.ran_off(0) {
            optimum.at_limit(&[Limit {
                words: format!(
                    "customers' average spends differ no more than chance makes them, so every customer is \
                     expected to spend the population's mean per purchase ({:.2}; q and gamma grow without \
                     bound together); predictions use that limit",
                    model.expected_spend(0.0, 0.0)
                ),
                growing: &[1, 2],
            }]);
        }
        if model.q <= 1.0 {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "spend per purchase varies so much between customers that the spend model has no finite \
                     mean (q = {:.2} <= 1); lifetime value is given in purchases only",
                    model.q
                ),
            ));
        }
        Ok((model, optimum))
    }

    /// Expected value of a customer's future purchases: a weighted mean of the population's mean and their
    /// own (`x` repeat purchases averaging `mean`).
    pub fn expected_spend(&self, x: f64, mean: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        if x > 0.0 && mean > 0.0 {
            p * (gamma + x * mean) / (p * x + q - 1.0)
        } else {
            p * gamma / (q - 1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_spend_shrinks_towards_the_population_mean() {
        let m = GammaGamma::from_params(&[6.25, 3.74, 15.44]);
        let population = m.expected_spend(0.0, 0.0);
        assert!((population - 6.25 * 15.44 / 2.74).abs() < 1e-9);
        let one = m.expected_spend(1.0, 100.0);
        let many = m.expected_spend(20.0, 100.0);
        assert!(population < one && one < many && many < 100.0);
    }

    #[test]
    fn spends_that_differ_only_by_chance_fit_the_same_spend_limit() {
        // Every purchase drawn from one Gamma(2, 0.2) (mean 10) for everyone: spends vary within a customer,
        // but customers do not differ, so q and gamma have nothing to fit but their limit.
        let mut state = 42u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let spends: Vec<Spend> = (0..400)
            .map(|i| {
                let x = 1 + i % 6;
                let total: f64 = (0..2 * x).map(|_| -uniform().ln() / 0.2).sum();
                Spend {
                    x: x as f64,
                    mean: total / x as f64,
                }
            })
            .collect();
        let (model, optimum) = GammaGamma::fit(&spends).unwrap();
        assert!(optimum.report.converged, "{:?}", optimum.report);
        assert!(
            optimum.report.limit.contains("population's mean"),
            "{:?}",
            optimum.report
        );
        assert!((model.expected_spend(3.0, 30.0) - model.expected_spend(0.0, 0.0)).abs() < 0.1);
    }

    #[test]
    fn too_few_buyers_is_an_error() {
        let e = GammaGamma::fit(&[Spend { x: 1.0, mean: 5.0 }, Spend { x: 0.0, mean: 0.0 }]);
        assert!(e.unwrap_err().message.contains("has 1"));
    }
}
