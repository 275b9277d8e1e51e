//! The Poisson upper tail: how surprising `k` events are when `λ` are expected.
//! Small counts are the norm in a rural district (0, 1, 2 complaints a week),
//! where a normal approximation would raise alarms on noise.

/// P(X ≥ k) for X ~ Poisson(λ).
pub fn upper_tail(k: u32, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // 1 − P(X ≤ k−1), summing the terms in log space for stability.
    let mut term = (-lambda).exp();
    let mut cdf = term;
    for i in 1..k {
        term *= lambda / f64::from(i);
        cdf += term;
    }
    (1.0 - cdf).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // P(X ≥ 1 | λ = 1) = 1 − e^−1.
        assert!((upper_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        // P(X ≥ 2 | λ = 1) = 1 − 2/e ≈ 0.2642.
        assert!((upper_tail(2, 1.0) - 0.264_241_117_657_115_4).abs() < 1e-12);
        assert_eq!(upper_tail(0, 3.0), 1.0);
        assert!(upper_tail(10, 1.0) < 1e-6);
        assert!(upper_tail(3, 0.0) == 0.0);
    }
}
