//! Maximum likelihood for the lifetime-value models: Nelder-Mead on log parameters from several starts,
//! restarted from its own optimum until the likelihood stops improving, then checked the way a statistician
//! would: the gradient must vanish and the Hessian must be negative definite. The inverse Hessian gives
//! standard errors and the draws for parameter-uncertainty intervals.
//!
//! Nelder-Mead is our own 60 lines rather than argmin's: with argmin (and the anyhow, std backtrace and
//! rand 0.9 it brings) the wasm module grew past the package's 300 KB gzipped budget; see BENCHMARKS.md.

use super::special::{exp, ln};
use rand::Rng;
use serde::Serialize;

/// Per Nelder-Mead run: converging fits need a few hundred; more only creep along a ridge to a bound.
const MAX_ITERATIONS: u64 = 2000;

/// Log parameters beyond this are treated as running off to 0 or infinity.
const LOG_BOUND: f64 = 15.0;

/// How a fit ended, for people: whether to trust it and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    pub log_likelihood: f64,
    pub converged: bool,
    /// Nelder-Mead iterations over all starts and restarts.
    pub iterations: u64,
    /// Largest |d logL / d log θ| per customer at the optimum (numerical); at a limit, of the gradient with
    /// its part along the limit's direction left out (the likelihood still rises, ever more slowly, that way).
    pub gradient: f64,
    /// Standard errors of the parameters (delta method); empty when the Hessian is not invertible.
    pub standard_errors: Vec<f64>,
    /// Why the fit is not trusted, in words; empty when it converged.
    pub message: String,
    /// The limit of the model the fit reached, in words (a parameter at 0 or infinity where the model is
    /// still well defined); empty for an ordinary optimum.
    pub limit: String,
}

/// The optimum in log space with what the report and the intervals need.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub log_params: Vec<f64>,
    pub report: FitReport,
    /// Lower-triangular Cholesky factor of the covariance of the log parameters.
    covariance_factor: Option<Vec<Vec<f64>>>,
    /// d logL / d log θ per customer, per parameter.
    gradients: Vec<f64>,
}

/// A limit of a model the fit reached: its words, and the parameters growing together towards it (their
/// log parameters rising by the same amount), none when it is fitted exactly (a parameter set to 0).
pub struct Limit<'a> {
    pub words: String,
    pub growing: &'a [usize],
}

impl Optimum {
    pub fn params(&self) -> Vec<f64> {
        self.log_params.iter().map(|&v| exp(v)).collect()
    }

    /// Whether parameter `i` ran off towards 0 or infinity.
    pub fn ran_off(&self, i: usize) -> bool {
        at_bound(self.log_params[i])
    }

    /// Whether parameter `i` ran off towards infinity (rather than 0).
    pub fn ran_off_up(&self, i: usize) -> bool {
        self.ran_off(i) && self.log_params[i] > 0.0
    }

    /// Marks the optimum as limits of the model: parameters at the edge of the box in directions where the
    /// model tends to a simpler one (so their running off is no failure). Converged if the likelihood is
    /// flat there but along those directions. No limits leave the optimum as it is.
    pub fn at_limit(&mut self, limits: &[Limit]) {
        if limits.is_empty() {
            return;
        }
        let mut g = self.gradients.clone();
        for limit in limits.iter().filter(|l| !l.growing.is_empty()) {
            let along =
                limit.growing.iter().map(|&i| g[i]).sum::<f64>() / limit.growing.len() as f64;
            for &i in limit.growing {
                g[i] -= along;
            }
        }
        let r = &mut self.report;
        r.gradient = g.iter().fold(0.0, |m, v| v.abs().max(m));
        r.message = if r.gradient > GRADIENT_TOLERANCE {
            sloping(r.gradient)
        } else {
            String::new()
        };
        r.converged = r.message.is_empty();
        r.limit = limits
            .iter()
            .map(|l| l.words.as_str())
            .collect::<Vec<_>>()
            .join("; ");
    }

    /// Natural-scale parameters drawn from the normal approximation of the likelihood around the optimum
    /// (the optimum itself when the Hessian was not usable).
    pub fn draw(&self, rng: &mut impl Rng) -> Vec<f64> {
        let Some(l) = &self.covariance_factor else {
            return self.params();
        };
        let z: Vec<f64> = (0..l.len()).map(|_| standard_normal(rng)).collect();
        (0..l.len())
            .map(|i| {
                let shift: f64 = (0..=i).map(|j| l[i][j] * z[j]).sum();
                exp(self.log_params[i] + shift)
            })
            .collect()
    }
}

/// Whether a log parameter is at the edge of the box, i.e. the fit pushed it towards 0 or infinity.
fn at_bound(log_param: f64) -> bool {
    log_param.abs() > LOG_BOUND - 1.0
}

/// Not generic over the likelihood: one copy of the optimiser in the wasm module serves both models.
type LogLikelihood<'a> = &'a dyn Fn(&[f64]) -> f64;

/// A standard normal draw by Marsaglia's polar method, through libm's logarithm (no trigonometry, which
/// would add wasm size), so that a seed gives the same draws natively and in wasm.
fn standard_normal(rng: &mut impl Rng) -> f64 {
    loop {
        let u = 2.0 * rng.gen::<f64>() - 1.0;
        let v = 2.0 * rng.gen::<f64>() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * ln(s) / s).sqrt();
        }
    }
}

/// Minus the mean log-likelihood per customer (so tolerances do not depend on the number of customers), with
/// points off the parameter box or where the likelihood is undefined ranked worst.
fn cost(log_likelihood: LogLikelihood, n: f64, p: &[f64]) -> f64 {
    if p.iter().any(|v| v.abs() > LOG_BOUND) {
        return f64::INFINITY;
    }
    let ll = log_likelihood(p);
    if ll.is_nan() {
        f64::INFINITY
    } else {
        -ll / n
    }
}

/// Maximises `log_likelihood` (a function of log parameters, summed over `n` customers) from each start.
/// `names` label the parameters in messages.
pub fn maximise(
    log_likelihood: LogLikelihood,
    n: f64,
    starts: &[Vec<f64>],
    names: &[&str],
) -> Optimum {
    let mut iterations = 0;
    // One run from each start; the best is then polished.
    let mut best = (vec![0.0; names.len()], f64::INFINITY);
    for start in starts {
        let (p, v, its) = nelder_mead(log_likelihood, n, start, 1.0);
        iterations += its;
        if v < best.1 {
            best = (p, v);
        }
    }
    // Restart from the optimum with fresh, smaller simplexes: Nelder-Mead can stall on a collapsed one.
    let (mut point, mut value) = best;
    for step in [0.25, 0.05, 0.05] {
        let (p, v, its) = nelder_mead(log_likelihood, n, &point, step);
        iterations += its;
        let improved = value - v;
        if v <= value {
            (point, value) = (p, v);
        }
        if improved < 1e-11 {
            break;
        }
    }
    check(log_likelihood, n, point, -value * n, iterations, names)
}

/// Nelder-Mead with the standard coefficients (reflection 1, expansion 2, contraction and shrink 1/2) from
/// a simplex of `start` and one step along each axis, until the costs at the vertices agree to 1e-13 (standard
/// deviation) or `MAX_ITERATIONS`. Returns the best vertex, its cost and the iterations used.
fn nelder_mead(
    log_likelihood: LogLikelihood,
    n: f64,
    start: &[f64],
    step: f64,
) -> (Vec<f64>, f64, u64) {
    let f = |p: &[f64]| cost(log_likelihood, n, p);
    let k = start.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=k)
        .map(|i| {
            let mut p = start.to_vec();
            if i > 0 {
                p[i - 1] += step;
            }
            let c = f(&p);
            (p, c)
        })
        .collect();
    let along = |from: &[f64], to: &[f64], t: f64| -> Vec<f64> {
        from.iter().zip(to).map(|(a, b)| a + t * (b - a)).collect()
    };
    // Vertices in cost order: a few comparisons each iteration, k + 1 being at most 5.
    let order = |simplex: &mut Vec<(Vec<f64>, f64)>| {
        for i in 1..simplex.len() {
            let mut j = i;
            while j > 0 && simplex[j].1 < simplex[j - 1].1 {
                simplex.swap(j, j - 1);
                j -= 1;
            }
        }
    };
    for iteration in 0..MAX_ITERATIONS {
        order(&mut simplex);
        let mean = simplex.iter().map(|v| v.1).sum::<f64>() / (k + 1) as f64;
        let spread = simplex.iter().map(|v| (v.1 - mean).powi(2)).sum::<f64>() / (k + 1) as f64;
        if spread.sqrt() < 1e-13 || simplex[0].1.is_infinite() {
            return (simplex[0].0.clone(), simplex[0].1, iteration);
        }
        let centroid: Vec<f64> = (0..k)
            .map(|d| simplex[..k].iter().map(|v| v.0[d]).sum::<f64>() / k as f64)
            .collect();
        let (best, second_worst, worst) = (simplex[0].1, simplex[k - 1].1, simplex[k].1);
        let reflected = along(&centroid, &simplex[k].0, -1.0);
        let fr = f(&reflected);
        let replacement = if fr < best {
            let expanded = along(&centroid, &simplex[k].0, -2.0);
            let fe = f(&expanded);
            Some(if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            })
        } else if fr < second_worst {
            Some((reflected, fr))
        } else {
            // Contract towards the better of the reflected and the worst point.
            let (towards, limit) = if fr < worst {
                (&reflected, fr)
            } else {
                (&simplex[k].0, worst)
            };
            let contracted = along(&centroid, towards, 0.5);
            let fc = f(&contracted);
            (fc < limit).then_some((contracted, fc))
        };
        match replacement {
            Some(v) => simplex[k] = v,
            None => {
                let best = simplex[0].0.clone();
                for v in &mut simplex[1..] {
                    v.0 = along(&best, &v.0, 0.5);
                    v.1 = f(&v.0);
                }
            }
        }
    }
    order(&mut simplex);
    (simplex[0].0.clone(), simplex[0].1, MAX_ITERATIONS)
}

/// Largest |d logL / d log θ| per customer at an optimum worth the name.
const GRADIENT_TOLERANCE: f64 = 1e-4;

fn sloping(gradient: f64) -> String {
    format!("the optimiser stopped where the likelihood is still sloping (gradient {gradient:.6} per customer)")
}

/// Gradient and Hessian by central differences, and the verdict.
#[allow(clippy::needless_range_loop)] // symmetric fill of a small matrix reads best with indexes
fn check(
    log_likelihood: LogLikelihood,
    n: f64,
    point: Vec<f64>,
    ll: f64,
    iterations: u64,
    names: &[&str],
) -> Optimum {
    let k = point.len();
    let at = |shifts: &[(usize, f64)]| {
        let mut p = point.clone();
        for &(i, d) in shifts {
            p[i] += d;
        }
        log_likelihood(&p)
    };
    let h = 1e-4;
    let gradients: Vec<f64> = (0..k)
        .map(|i| (at(&[(i, h)]) - at(&[(i, -h)])) / (2.0 * h) / n)
        .collect();
    let gradient = gradients.iter().fold(0.0, |m, v| v.abs().max(m));
    let mut hessian = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let v = (at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)])
                + at(&[(i, -h), (j, -h)]))
                / (4.0 * h * h);
            hessian[i][j] = -v;
            hessian[j][i] = -v;
        }
    }
    let covariance = cholesky(&hessian).and_then(|l| cholesky(&inverse_from_cholesky(&l)));
    let standard_errors = match &covariance {
        Some(c) => (0..k)
            .map(|i| {
                let var: f64 = c[i].iter().map(|v| v * v).sum();
                exp(point[i]) * var.sqrt()
            })
            .collect(),
        None => Vec::new(),
    };
    let at_bound: Vec<&str> = point
        .iter()
        .zip(names)
        .filter(|(v, _)| at_bound(**v))
        .map(|(_, n)| *n)
        .collect();
    let message = if !ll.is_finite() {
        "the likelihood could not be evaluated at any starting point".to_owned()
    } else if !at_bound.is_empty() {
        format!(
            "{} ran off towards 0 or infinity: the data do not pin the model down",
            at_bound.join(", ")
        )
    } else if gradient > GRADIENT_TOLERANCE {
        sloping(gradient)
    } else if covariance.is_none() {
        "the optimum is flat in some direction: parameters are not identified by these data"
            .to_owned()
    } else {
        String::new()
    };
    Optimum {
        report: FitReport {
            log_likelihood: ll,
            converged: message.is_empty(),
            iterations,
            gradient,
            standard_errors,
            message,
            limit: String::new(),
        },
        log_params: point,
        covariance_factor: covariance,
        gradients,
    }
}

/// Lower-triangular L with L Lᵀ = m, for a small symmetric positive-definite m (None otherwise).
fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = m.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|t| l[i][t] * l[j][t]).sum::<f64>();
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// m⁻¹ from the Cholesky factor of m, by solving L Lᵀ x = e_i for each unit vector.
#[allow(clippy::needless_range_loop)] // triangular solves read best with indexes
fn inverse_from_cholesky(l: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = l.len();
    let mut inv = vec![vec![0.0; k]; k];
    for c in 0..k {
        let mut y = vec![0.0; k];
        for i in 0..k {
            let e = if i == c { 1.0 } else { 0.0 };
            y[i] = (e - (0..i).map(|t| l[i][t] * y[t]).sum::<f64>()) / l[i][i];
        }
        for i in (0..k).rev() {
            let s: f64 = (i + 1..k).map(|t| l[t][i] * inv[t][c]).sum();
            inv[i][c] = (y[i] - s) / l[i][i];
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn finds_a_known_maximum_with_its_curvature() {
        // logL = -n/2 * sum((θ_i - c_i)^2 / s_i^2): the MLE is c and the standard error of log θ_i is s_i/√n.
        let (c, s, n) = ([0.5f64, -1.0], [0.3, 0.2], 100.0);
        let ll = |p: &[f64]| {
            -n / 2.0
                * p.iter()
                    .zip(c.iter().zip(&s))
                    .map(|(v, (c, s))| ((v - c) / s).powi(2))
                    .sum::<f64>()
        };
        let opt = maximise(&ll, n, &[vec![0.0, 0.0]], &["u", "v"]);
        assert!(opt.report.converged, "{:?}", opt.report);
        for i in 0..2 {
            assert!((opt.log_params[i] - c[i]).abs() < 1e-5);
            let se_log = opt.report.standard_errors[i] / c[i].exp();
            assert!((se_log - s[i] / n.sqrt()).abs() < 1e-4, "{se_log}");
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let draws: Vec<f64> = (0..4000).map(|_| opt.draw(&mut rng)[0].ln()).collect();
        let mean = draws.iter().sum::<f64>() / 4000.0;
        let sd = (draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / 4000.0).sqrt();
        assert!(
            (mean - c[0]).abs() < 0.003 && (sd - 0.03).abs() < 0.002,
            "{mean} {sd}"
        );
    }

    #[test]
    fn a_likelihood_that_keeps_rising_is_reported_not_trusted() {
        let ll = |p: &[f64]| p[0];
        let opt = maximise(&ll, 1.0, &[vec![0.0]], &["a"]);
        assert!(!opt.report.converged);
        assert!(
            opt.report.message.contains("a ran off"),
            "{}",
            opt.report.message
        );
    }

    #[test]
    fn inverse_of_a_small_matrix() {
        let m = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = inverse_from_cholesky(&cholesky(&m).unwrap());
        let want = [[0.375, -0.25], [-0.25, 0.5]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((inv[i][j] - want[i][j]).abs() < 1e-12);
            }
        }
        assert!(cholesky(&[vec![0.0]]).is_none());
    }
}
