//! Waits between delivery attempts: exponential from `retry_initial_ms`, doubling on every
//! failure up to `retry_max_ms`, with "equal jitter" (half the step fixed, half random) so
//! that waits still grow while peers that failed together do not retry together.

use std::time::Duration;

use crate::config::FederationConfig;

/// The step before jitter after `failures` failures in a row (1 for the first):
/// `retry_initial_ms * 2^(failures-1)`, capped at `retry_max_ms`.
pub fn step(config: &FederationConfig, failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(40);
    let ms = config
        .retry_initial_ms
        .saturating_mul(1u64 << doublings)
        .min(config.retry_max_ms);
    Duration::from_millis(ms)
}

/// The wait after `failures` failures in a row: between half the [`step`] and the step.
pub fn backoff(config: &FederationConfig, failures: u32) -> Duration {
    jittered(step(config, failures), random_unit())
}

/// `step/2 + unit * step/2`, `unit` in `[0, 1]`.
fn jittered(step: Duration, unit: f64) -> Duration {
    let half = step / 2;
    half + half.mul_f64(unit.clamp(0.0, 1.0))
}

/// A random number in `[0, 1)`; 0.5 if the system's random source fails.
fn random_unit() -> f64 {
    getrandom::u64().map_or(0.5, |r| (r >> 11) as f64 / (1u64 << 53) as f64)
}

/// `d` as a `time::Duration` (saturating).
pub fn to_time(d: Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FederationConfig {
        FederationConfig {
            retry_initial_ms: 100,
            retry_max_ms: 1000,
            ..FederationConfig::default()
        }
    }

    #[test]
    fn steps_double_up_to_the_cap() {
        let c = config();
        let ms = |n| step(&c, n).as_millis();
        assert_eq!(
            [ms(0), ms(1), ms(2), ms(3), ms(4), ms(5)],
            [100, 100, 200, 400, 800, 1000]
        );
        assert_eq!(ms(u32::MAX), 1000);
    }

    #[test]
    fn jitter_stays_between_half_the_step_and_the_step() {
        let s = Duration::from_millis(400);
        assert_eq!(jittered(s, 0.0), Duration::from_millis(200));
        assert_eq!(jittered(s, 1.0), s);
        assert_eq!(jittered(s, 7.0), s);
        let c = config();
        for n in 1..8 {
            let b = backoff(&c, n);
            assert!(b >= step(&c, n) / 2 && b <= step(&c, n), "{n}: {b:?}");
        }
    }

    #[test]
    fn the_production_schedule_retries_for_days() {
        let c = FederationConfig::default();
        let total: Duration = (1..=40).map(|n| step(&c, n) / 2).sum();
        assert!(total > Duration::from_secs(3 * 24 * 3600), "{total:?}");
    }
}
