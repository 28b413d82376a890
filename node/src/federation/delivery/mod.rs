//! Delivering the outbox to peers, reliably: a worker claims each peer's oldest due
//! delivery under a lease, POSTs it signed with the RSA `#main-key` (draft-cavage, or
//! RFC 9421 for peers that sign RFC 9421; the other on a 401/403, remembering what the peer
//! accepts), and records the outcome: delivered, failed for good (404, 410, other 4xx but
//! 408/429) or retried with exponential backoff and jitter. A circuit breaker per peer stops
//! hammering a failing peer; a peer failing for `unreachable_after_secs` is marked
//! unreachable and its deliveries wait, never dropped, until it speaks again or an admin
//! retries; a peer that speaks has its deliveries in backoff sent at once. Everything is in the database: a node killed and restarted loses nothing.

pub mod admin;
pub mod attempt;
pub mod backoff;
pub mod claim;
pub mod record;
pub mod resume;
pub mod summary;
pub mod worker;

pub use admin::{DeliveryPage, DeliveryView, Filter, list};
pub use attempt::{Outcome, Verdict};
pub use resume::{peer_heard_from, retry_peer};
pub use summary::{DeliverySummary, summaries, summary};
pub use worker::{deliver_now, run};
