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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    }

    #[test]
    fn ln_1p_exp_is_stable() {
        assert_eq!(ln_1p_exp(1000.0), 1000.0);
        assert!((ln_1p_exp(0.0) - 2f64.ln()).abs() < 1e-15);
        assert!(ln_1p_exp(-1000.0) >= 0.0);
    }
}
