//! `[verification]`: the public verifier's rate limit, fetch limits and caches.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The verification service: rate limit, outbound fetch limits and caches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VerificationConfig {
    /// Verification requests each client IP address may make per minute (sustained rate).
    pub rate_limit_per_minute: u32,
    /// Requests a client may make in a burst before the per-minute rate applies.
    pub rate_limit_burst: u32,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a reverse
    /// proxy that sets it; otherwise clients could choose their own address).
    pub trust_forwarded_for: bool,
    /// Time allowed for one outbound fetch (DID document, status list, credential), seconds.
    pub fetch_timeout_secs: u64,
    /// Largest document fetched, in bytes.
    pub fetch_max_bytes: usize,
    /// DID and controller documents kept in the cache.
    pub did_cache_entries: usize,
    /// How long a DID document is cached, in seconds.
    pub did_cache_ttl_secs: u64,
    /// Status list credentials kept in the cache.
    pub status_cache_entries: usize,
    /// How long a status list is cached when it states no `ttl` and no `max-age`, seconds.
    pub status_default_ttl_secs: u64,
    /// The longest a status list is cached, whatever it states, in seconds.
    pub status_max_ttl_secs: u64,
}

impl Default for VerificationConfig {
    fn default() -> Self {
        Self {
            rate_limit_per_minute: 60,
            rate_limit_burst: 20,
            trust_forwarded_for: false,
            fetch_timeout_secs: 10,
            fetch_max_bytes: 2 * 1024 * 1024,
            did_cache_entries: 1000,
            did_cache_ttl_secs: 300,
            status_cache_entries: 1000,
            status_default_ttl_secs: 300,
            status_max_ttl_secs: 3600,
        }
    }
}

impl VerificationConfig {
    /// The outbound fetch timeout as a duration.
    pub fn fetch_timeout(&self) -> Duration {
        Duration::from_secs(self.fetch_timeout_secs)
    }
}
