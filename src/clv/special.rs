//! The special functions the lifetime-value models need, written so that they neither overflow nor lose
//! precision for heavy buyers (hundreds of purchases make `(α+T)/(α+t_x)` raised to `r+x` overflow f64).

// Elementary functions from libm rather than std: std's call the platform's maths library natively and a
// different one in wasm, which may differ in the last bit; the fits must give the same bytes in both.

pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// ln Γ(x) for x > 0 (libm's, so natively and in wasm the same bits).
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

/// ln(1 + e^x) without overflow for large x or loss of precision for very negative x.
pub fn ln_1p_exp(x: f64) -> f64 {
    if x > 35.0 {
        x
    } else if x < -35.0 {
        exp(x)
    } else {
        ln_1p(exp(x))
    }
}

/// Gauss's hypergeometric series 2F1(a, b; c; z) for 0 <= z < 1. `None` when the series has not settled
/// after many terms, overflows, or the parameters make it undefined.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let (sum, scale) = series(a, b, c, z, false)?;
    debug_assert_eq!(scale, 0.0);
    sum.is_finite().then_some(sum)
}

/// ln 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, where every term is positive: summed with rescaling,
/// so it neither overflows for a, b in the thousands nor loses the tail.
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if a <= 0.0 || b <= 0.0 || c <= 0.0 {
        return None;
    }
    let (sum, scale) = series(a, b, c, z, true)?;
    Some(ln(sum) + scale)
}

/// The series' sum, divided by e^scale when `rescale` lets it grow past f64's range.
fn series(a: f64, b: f64, c: f64, z: f64, rescale: bool) -> Option<(f64, f64)> {
    if !(0.0..1.0).contains(&z) || c <= 0.0 && c.fract() == 0.0 {
        return None;
    }
    const BIG: f64 = 1e250;
    let (mut term, mut sum, mut scale) = (1.0f64, 1.0f64, 0.0f64);
    for k in 0..1_000_000 {
        let k = f64::from(k);
        let ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        term *= ratio;
        sum += term;
        if rescale && sum > BIG {
            (term, sum, scale) = (term / BIG, sum / BIG, scale + ln(BIG));
        }
        // Settled once the terms are negligible and shrinking.
        if (term.abs() <= 1e-16 * sum.abs() && ratio.abs() < 1.0) || term == 0.0 {
            return sum.is_finite().then_some((sum, scale));
        }
        if !sum.is_finite() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        let z = 0.7;
        let want = -(1.0f64 - z).ln() / z;
        assert!((hyp2f1(1.0, 1.0, 2.0, z).unwrap() - want).abs() < 1e-13);
        // 2F1(a, b; b; z) = (1 - z)^-a
        let want = (1.0f64 - 0.3).powf(-2.5);
        assert!((hyp2f1(2.5, 4.0, 4.0, 0.3).unwrap() - want).abs() < 1e-12);
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
        // ln form: 2F1(a, b; b; z) = (1 - z)^-a far beyond f64's range.
        let got = ln_hyp2f1(3000.0, 5.0, 5.0, 0.5).unwrap();
        assert!((got - 3000.0 * 2f64.ln()).abs() < 1e-9 * got, "{got}");
        assert_eq!(hyp2f1(1.0, 1.0, -2.0, 0.5), None);
    }

    #[test]
    fn ln_1p_exp_is_stable() {
        assert_eq!(ln_1p_exp(1000.0), 1000.0);
        assert!((ln_1p_exp(0.0) - 2f64.ln()).abs() < 1e-15);
        assert!(ln_1p_exp(-1000.0) >= 0.0);
    }
}
