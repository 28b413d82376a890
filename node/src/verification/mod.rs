//! Verifying any network credential: JSON, JSON-LD contexts, the Open Badges schema, Data
//! Integrity proofs (did:key, did:web and https controller documents fetched under the
//! node's fetch policy), the issuer's control of the key, the validity period and every
//! Bitstring Status List entry. [`Verifier::verify`] returns a report naming every check.

mod cache;
mod checks;
mod controllers;
pub mod rate_limit;
pub mod report;
mod status_check;
mod summary;

use std::sync::Arc;
use std::time::Duration;

use mochila_protocol::proof::{DataIntegrity, VerifyOptions};
use serde_json::Value;
use time::OffsetDateTime;

use crate::config::Config;
use crate::fetch::{FetchError, FetchPolicy, Fetcher};
use controllers::{Controllers, proof_methods};
pub use rate_limit::RateLimiter;
use report::ReportBuilder;
pub use report::{
    CheckOutcome, CheckResult, CredentialSummary, VerificationResult, VerificationStatus,
};
use status_check::{Env, StatusLists, Unchecked};
use summary::id_of;
pub use summary::{AchievementFacts, AlignedTerm};

/// What credentials are fetched with when given by URL.
pub const ACCEPT_CREDENTIAL: &str = "application/vc+ld+json, application/vc, \
     application/ld+json;q=0.9, application/json;q=0.8";

/// Whether a verification reads the credential's status lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCheck {
    /// Fetch (or take from the cache) every status list.
    Fetch,
    /// Fetch nothing: every status entry is unknown (offline verification).
    Skip,
}

/// The verification service: the outbound fetcher, the Data Integrity suite, caches of
/// controller documents and status lists, and the per-client rate limiter. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    fetcher: Fetcher,
    suite: DataIntegrity,
    controllers: Controllers,
    lists: StatusLists,
    limiter: RateLimiter,
}

/// Runs CPU-heavy work (JSON-LD, RDFC-1.0, signatures) off the async threads; `None` if
/// the work panicked.
async fn run_blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(work).await.ok()
}

impl Verifier {
    /// A verifier under `config`'s `[federation]` fetch policy and `[verification]` limits.
    pub fn new(config: &Config) -> Result<Self, FetchError> {
        let v = &config.verification;
        let policy = FetchPolicy {
            allow_http: config.federation.allow_http,
            allow_private_addresses: config.federation.allow_private_addresses,
            timeout: v.fetch_timeout(),
            max_bytes: v.fetch_max_bytes,
        };
        let fetcher = Fetcher::with_extra_ca(policy, config.federation.extra_ca_file.as_deref())?
            .with_own_origin(&config.base_url)?;
        Ok(Self {
            inner: Arc::new(Inner {
                controllers: Controllers::new(
                    fetcher.clone(),
                    v.did_cache_entries,
                    Duration::from_secs(v.did_cache_ttl_secs),
                ),
                lists: StatusLists::new(fetcher.clone(), v),
                limiter: RateLimiter::new(v.rate_limit_per_minute, v.rate_limit_burst),
                suite: DataIntegrity::default(),
                fetcher,
            }),
        })
    }

    /// The node's outbound HTTP client.
    pub fn fetcher(&self) -> &Fetcher {
        &self.inner.fetcher
    }

    /// The per-client rate limiter of the public verification routes.
    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Fetches a credential given by URL (https, within the fetch limits, a JSON media
    /// type).
    pub async fn fetch_credential(&self, url: &str) -> Result<Value, FetchError> {
        self.inner.fetcher.get(url, ACCEPT_CREDENTIAL).await?.json()
    }

    /// Verifies `credential` now.
    pub async fn verify(&self, credential: &Value) -> VerificationResult {
        self.verify_at(credential, OffsetDateTime::now_utc()).await
    }

    /// Verifies `credential` as of `now` (status lists are still fetched now).
    pub async fn verify_at(&self, credential: &Value, now: OffsetDateTime) -> VerificationResult {
        self.verify_with(credential, now, StatusCheck::Fetch).await
    }

    /// Takes `document` as the controller document of its `id` for as long as this
    /// verifier lives (documents given on the command line).
    pub fn add_controller(&self, document: mochila_protocol::did::DidDocument) {
        self.inner.controllers.seed(document);
    }

    /// Verifies `credential` as of `now`, checking its status lists as `status` says.
    pub async fn verify_with(
        &self,
        credential: &Value,
        now: OffsetDateTime,
        status: StatusCheck,
    ) -> VerificationResult {
        let inner = &*self.inner;
        let mut report = ReportBuilder::default();
        let Some(doc) = credential.as_object() else {
            report.fail(
                "json",
                format!(
                    "the credential must be a JSON object, not {}",
                    kind_of(credential)
                ),
            );
            for check in [
                "context",
                "schema",
                "proof",
                "issuer_did",
                "assertion_method",
            ] {
                report.skip(check, "not checked: the credential is not a JSON object");
            }
            report.skip(
                "validity_period",
                "not checked: the credential is not a JSON object",
            );
            return report.finish(None, Vec::new());
        };
        report.pass("json", "a JSON object");
        let summary = CredentialSummary::of(doc);
        let issuer = id_of(doc.get("issuer"));

        // Controller documents first (I/O), then the CPU work in one blocking task.
        let resolver = inner
            .controllers
            .resolver_for(&proof_methods(credential))
            .await;
        let suite = inner.suite.clone();
        let owned = credential.clone();
        let offline = run_blocking(move || {
            let mut part = ReportBuilder::default();
            checks::context(&owned, suite.processor(), &mut part);
            checks::schema(&owned, &mut part);
            let proofs = suite.verify(&owned, &resolver, &VerifyOptions::default());
            checks::proof(&proofs, &mut part);
            (part, proofs)
        })
        .await;
        let Some((part, proofs)) = offline else {
            report.fail("proof", "the verification could not be completed");
            return report.finish(Some(summary), Vec::new());
        };
        report.extend(part);
        checks::validity_period(credential, now, &mut report);
        let env = Env {
            suite: &inner.suite,
            controllers: &inner.controllers,
            now,
        };
        let trusted = report.passed("proof")
            && report.passed("issuer_did")
            && report.passed("assertion_method");
        let unchecked = match (trusted, status) {
            (false, _) => Some(Unchecked::Untrusted),
            (true, StatusCheck::Skip) => Some(Unchecked::Offline),
            (true, StatusCheck::Fetch) => None,
        };
        inner
            .lists
            .check_all(credential, issuer.as_deref(), unchecked, &env, &mut report)
            .await;
        report.finish(Some(summary), proofs.proofs)
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
