//! Per-client token buckets for the public verification service: each client address gets
//! `burst` requests at once and `per_minute` sustained; IPv6 clients are grouped by /64.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// How many client buckets are kept before idle (full) ones are dropped.
const MAX_TRACKED_CLIENTS: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// A token-bucket rate limiter keyed by client address.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// `per_minute` requests per minute sustained, `burst` at once (both at least 1).
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_minute.max(1)) / 60.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; when none is left, returns the seconds to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let key = group(client);
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED_CLIENTS && !buckets.contains_key(&key) {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / self.per_second).ceil();
            // Positive and at most 60 seconds (for a rate of one a minute): the cast is exact.
            Err(wait.clamp(1.0, 3600.0) as u64)
        }
    }
}

/// The bucket key: the address, or its /64 network for IPv6.
fn group(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let limiter = RateLimiter::new(60, 3);
        let ip: IpAddr = "203.0.113.5".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(ip, t0), Ok(()));
        }
        assert_eq!(limiter.check_at(ip, t0), Err(1));
        assert_eq!(
            limiter.check_at("203.0.113.6".parse().unwrap(), t0),
            Ok(()),
            "another client has its own bucket"
        );
        assert_eq!(
            limiter.check_at(ip, t0 + Duration::from_millis(1000)),
            Ok(())
        );
        assert!(
            limiter
                .check_at(ip, t0 + Duration::from_millis(1001))
                .is_err()
        );
    }

    #[test]
    fn slow_rates_say_how_long_to_wait() {
        let limiter = RateLimiter::new(2, 1);
        let ip: IpAddr = "198.51.100.1".parse().unwrap();
        let t0 = Instant::now();
        assert_eq!(limiter.check_at(ip, t0), Ok(()));
        assert_eq!(limiter.check_at(ip, t0), Err(30));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(60, 1);
        let t0 = Instant::now();
        assert_eq!(
            limiter.check_at("2001:db8:1:2::1".parse().unwrap(), t0),
            Ok(())
        );
        assert!(
            limiter
                .check_at("2001:db8:1:2::ffff".parse().unwrap(), t0)
                .is_err()
        );
        assert_eq!(
            limiter.check_at("2001:db8:1:3::1".parse().unwrap(), t0),
            Ok(())
        );
    }
}
