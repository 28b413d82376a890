//! `[federation]`: outbound fetch policy, following, inbox checks and delivery timings.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What happens to a peer's `Follow` of this node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowPolicy {
    /// Accept every follow request at once.
    #[default]
    Auto,
    /// Hold follow requests until an admin approves or rejects them.
    Manual,
}

/// Outbound requests to other servers and the federation protocol's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationConfig {
    /// Allow fetching from loopback, private, link-local and other non-public addresses.
    /// Off in production (it would let anyone make the node reach its own network); on only
    /// for local tests.
    pub allow_private_addresses: bool,
    /// Allow plain `http:` URLs (and did:web over HTTP). Off in production.
    pub allow_http: bool,
    /// Incoming follow requests: `auto` (accepted at once) or `manual` (held for an admin).
    pub follow_policy: FollowPolicy,
    /// Deliver each activity before the request that caused it answers (tests only: a slow
    /// peer then slows the request down).
    pub deliver_synchronously: bool,
    /// Peers delivered to at the same time.
    pub delivery_concurrency: usize,
    /// Time allowed for one delivery (connect, send, answer), in seconds.
    pub delivery_timeout_secs: u64,
    /// Wait before the first retry, in milliseconds; it doubles on every failure (with
    /// jitter) up to `retry_max_ms`.
    pub retry_initial_ms: u64,
    /// The longest wait between two attempts, in milliseconds.
    pub retry_max_ms: u64,
    /// A peer that has failed every attempt for this long (seconds; at least 3 days in
    /// production) is marked unreachable: its deliveries wait, without being dropped, until
    /// it sends the node something or an admin retries.
    pub unreachable_after_secs: u64,
    /// Failures in a row that open a peer's circuit breaker (its deliveries then wait for
    /// the backoff instead of being tried one after another).
    pub circuit_breaker_failures: u32,
    /// How far a signature's `created`/`Date` may be from the node's clock, in seconds.
    pub signature_window_secs: u64,
    /// The shortest time between two refetches of one peer's keys after a signature fails
    /// to verify, in seconds.
    pub key_refetch_interval_secs: u64,
    /// How long a fetched actor document (and its keys) is used before it is fetched again,
    /// in seconds.
    pub actor_cache_ttl_secs: u64,
    /// The largest activity the inbox accepts, in bytes.
    pub inbox_max_bytes: usize,
    /// A PEM file of extra CA certificates the outbound client trusts besides the usual
    /// roots (a private PKI, or a test network behind local TLS fronts). None by default.
    pub extra_ca_file: Option<std::path::PathBuf>,
}

impl Default for FederationConfig {
    fn default() -> Self {
        Self {
            allow_private_addresses: false,
            allow_http: false,
            follow_policy: FollowPolicy::Auto,
            deliver_synchronously: false,
            delivery_concurrency: 16,
            delivery_timeout_secs: 15,
            retry_initial_ms: 30_000,
            retry_max_ms: 6 * 3600 * 1000,
            unreachable_after_secs: 4 * 24 * 3600,
            circuit_breaker_failures: 5,
            signature_window_secs: 3600,
            key_refetch_interval_secs: 60,
            actor_cache_ttl_secs: 24 * 3600,
            inbox_max_bytes: 1024 * 1024,
            extra_ca_file: None,
        }
    }
}

impl FederationConfig {
    /// Settings for tests: private addresses and plain HTTP allowed, retries within a
    /// second, a peer unreachable after a minute of failures.
    pub fn for_test() -> Self {
        Self {
            allow_private_addresses: true,
            allow_http: true,
            delivery_timeout_secs: 5,
            retry_initial_ms: 50,
            retry_max_ms: 1000,
            unreachable_after_secs: 60,
            key_refetch_interval_secs: 1,
            ..Self::default()
        }
    }

    /// The delivery timeout as a duration.
    pub fn delivery_timeout(&self) -> Duration {
        Duration::from_secs(self.delivery_timeout_secs)
    }

    /// The signature window as a duration.
    pub fn signature_window(&self) -> time::Duration {
        time::Duration::seconds(i64::try_from(self.signature_window_secs).unwrap_or(i64::MAX))
    }
}

impl FederationConfig {
    /// Checks values that have the right type but may still be unusable.
    pub(super) fn validate(&self) -> Result<(), super::ConfigError> {
        use super::value_err;
        if self.delivery_concurrency == 0 {
            return Err(value_err(
                "federation.delivery_concurrency",
                "must be at least 1",
            ));
        }
        if !(1..=300).contains(&self.delivery_timeout_secs) {
            return Err(value_err(
                "federation.delivery_timeout_secs",
                "must be between 1 and 300",
            ));
        }
        if self.retry_initial_ms == 0 || self.retry_max_ms < self.retry_initial_ms {
            return Err(value_err(
                "federation.retry_max_ms",
                "must be at least retry_initial_ms, which must be at least 1",
            ));
        }
        if self.unreachable_after_secs < 3 * 24 * 3600 && !self.allow_private_addresses {
            return Err(value_err(
                "federation.unreachable_after_secs",
                "must be at least 259200 (3 days); shorter only on a test node \
                 (allow_private_addresses = true)",
            ));
        }
        if self.circuit_breaker_failures == 0 {
            return Err(value_err(
                "federation.circuit_breaker_failures",
                "must be at least 1",
            ));
        }
        if !(60..=86_400).contains(&self.signature_window_secs) {
            return Err(value_err(
                "federation.signature_window_secs",
                "must be between 60 and 86400",
            ));
        }
        if self.inbox_max_bytes < 1024 {
            return Err(value_err(
                "federation.inbox_max_bytes",
                "must be at least 1024",
            ));
        }
        Ok(())
    }
}
