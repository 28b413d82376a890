//! Status checks: for each `BitstringStatusListEntry`, the list credential is fetched under
//! the fetch limits, required to come from the credential's issuer, its proof and validity
//! period checked, decoded, and the entry's bit read. A list that cannot be obtained or
//! trusted makes the outcome `unknown`, never "not revoked". Trusted lists are cached for
//! their `ttl` / `max-age`, within the configured bounds.

use std::sync::Arc;
use std::time::Duration;

use mochila_protocol::credential::parse_date_time;
use mochila_protocol::proof::{DataIntegrity, VerifyOptions};
use mochila_protocol::status::{
    self, Bitstring, BitstringStatusListEntry, DEFAULT_MAX_DECODED_BYTES, ENTRY_TYPE,
};
use serde_json::Value;
use time::OffsetDateTime;

use super::cache::TtlCache;
use super::checks::proof_failures;
use super::controllers::{Controllers, proof_methods};
use super::report::{Finding, ReportBuilder};
use super::run_blocking;
use super::summary::id_of;
use crate::config::VerificationConfig;
use crate::fetch::Fetcher;
use crate::store::rfc3339;

/// What status list credentials are fetched with.
const ACCEPT_LIST: &str =
    "application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8";

/// A status list whose proof verified, decoded.
#[derive(Debug)]
pub struct TrustedList {
    /// Its issuer.
    pub issuer: String,
    /// Its `statusPurpose`.
    pub purpose: String,
    /// `validFrom`, if stated.
    pub valid_from: Option<OffsetDateTime>,
    /// `validUntil`, if stated.
    pub valid_until: Option<OffsetDateTime>,
    /// The bits.
    pub bits: Bitstring,
}

/// How far ahead of this node's clock a status list's `validFrom` may be.
const CLOCK_SKEW: Duration = Duration::from_secs(300);

/// Fetches, verifies and caches status lists.
#[derive(Debug)]
pub struct StatusLists {
    fetcher: Fetcher,
    /// The time all of one credential's lists together may take.
    budget: Duration,
    cache: TtlCache<Arc<TrustedList>>,
    default_ttl: Duration,
    max_ttl: Duration,
}

/// How one status entry came out.
#[derive(Debug)]
enum EntryOutcome {
    Clear(String),
    Set(String),
    Unknown(String),
    Malformed(String),
}

/// Why a credential's status entries are not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchecked {
    /// Its proof, issuer or key did not verify: its status entries mean nothing (skipped).
    Untrusted,
    /// The caller asked for no fetching: the status is unknown.
    Offline,
}

impl StatusLists {
    /// Lists fetched with `fetcher`, cached as `config` says.
    pub fn new(fetcher: Fetcher, config: &VerificationConfig) -> Self {
        Self {
            fetcher,
            budget: config.fetch_timeout(),
            cache: TtlCache::new(config.status_cache_entries),
            default_ttl: Duration::from_secs(config.status_default_ttl_secs),
            max_ttl: Duration::from_secs(config.status_max_ttl_secs),
        }
    }

    /// Checks every status entry of `credential` (issued by `issuer`), recording one check
    /// per entry; `unchecked` records them as not checked instead, and why.
    pub async fn check_all(
        &self,
        credential: &Value,
        issuer: Option<&str>,
        unchecked: Option<Unchecked>,
        env: &Env<'_>,
        report: &mut ReportBuilder,
    ) {
        let entries: Vec<&Value> = match credential.get("credentialStatus") {
            None => return,
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
        };
        // Every list is fetched at once, under one budget for them all: a slow host costs
        // one fetch timeout, not one per entry, and what did not arrive is `unknown`.
        let deadline = tokio::time::Instant::now() + self.budget;
        let budget = self.budget.as_secs_f64();
        let outcomes =
            futures_util::future::join_all(entries.iter().enumerate().map(|(i, raw)| async move {
                if unchecked.is_some() {
                    return None;
                }
                let outcome =
                    tokio::time::timeout_at(deadline, self.check_one(i, raw, issuer, env))
                        .await
                        .unwrap_or_else(|_| {
                            EntryOutcome::Unknown(format!(
                                "credentialStatus[{i}]: its status list did not arrive within \
                             {budget}s"
                            ))
                        });
                Some(outcome)
            }))
            .await;
        for (raw, outcome) in entries.iter().zip(outcomes) {
            let purpose = raw
                .get("statusPurpose")
                .and_then(Value::as_str)
                .unwrap_or("unspecified");
            let check = format!("status:{purpose}");
            let Some(outcome) = outcome else {
                match unchecked {
                    Some(Unchecked::Offline) => report.unknown(
                        check,
                        "status unknown: status lists were not fetched (offline)",
                    ),
                    _ => report.skip(
                        check,
                        "not checked: the credential's proof, issuer or key did not verify, \
                         so its status entries cannot be trusted",
                    ),
                }
                continue;
            };
            match outcome {
                EntryOutcome::Clear(detail) => report.pass(check, detail),
                EntryOutcome::Set(detail) => match purpose {
                    "revocation" => report.fail_with(check, detail, Finding::Revoked),
                    "suspension" => report.fail_with(check, detail, Finding::Suspended),
                    _ => report.fail(check, detail),
                },
                EntryOutcome::Unknown(reason) => {
                    report.unknown(check, format!("status unknown: {reason}"));
                }
                EntryOutcome::Malformed(reason) => report.fail(check, reason),
            }
        }
    }

    async fn check_one(
        &self,
        i: usize,
        raw: &Value,
        issuer: Option<&str>,
        env: &Env<'_>,
    ) -> EntryOutcome {
        let path = format!("credentialStatus[{i}]");
        let types: Vec<&str> = match raw.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.contains(&ENTRY_TYPE) {
            return EntryOutcome::Unknown(format!(
                "{path}: status entries of type {types:?} are not supported (only \
                 {ENTRY_TYPE}), so this status cannot be checked"
            ));
        }
        let entry: BitstringStatusListEntry = match serde_json::from_value(raw.clone()) {
            Ok(entry) => entry,
            Err(e) => return EntryOutcome::Malformed(format!("{path}: {e}")),
        };
        let index = match entry.index() {
            Ok(index) => index,
            Err(e) => return EntryOutcome::Malformed(format!("{path}: {e}")),
        };
        let Some(issuer) = issuer else {
            return EntryOutcome::Unknown("the credential names no issuer".to_owned());
        };
        let url = entry.status_list_credential.as_str();
        let list = match self.trusted_list(url, env).await {
            Ok(list) => list,
            Err(reason) => return EntryOutcome::Unknown(reason),
        };
        if list.issuer != issuer {
            return EntryOutcome::Unknown(format!(
                "the status list {url} is issued by {:?}, not by the credential's issuer \
                 {issuer:?}",
                list.issuer
            ));
        }
        if list.purpose != entry.status_purpose {
            return EntryOutcome::Unknown(format!(
                "the status list {url} is for {:?}, the entry for {:?}",
                list.purpose, entry.status_purpose
            ));
        }
        // A list signed a moment ago by a clock a little ahead of ours is still good.
        let from = list.valid_from.map(|f| f - CLOCK_SKEW);
        if let Err(out) = period(from, list.valid_until, env.now) {
            return EntryOutcome::Unknown(format!("the status list {url} {}", out.detail()));
        }
        match list.bits.get(index) {
            Ok(true) => EntryOutcome::Set(format!(
                "{}: bit {index} of the status list {url} is set",
                entry.status_purpose
            )),
            Ok(false) => EntryOutcome::Clear(format!(
                "not in {}: bit {index} of the status list {url} (signed by the issuer) is \
                 clear",
                entry.status_purpose
            )),
            Err(e) => EntryOutcome::Unknown(format!("the status list {url}: {e}")),
        }
    }

    /// The list at `url`, from the cache or fetched and verified.
    async fn trusted_list(&self, url: &str, env: &Env<'_>) -> Result<Arc<TrustedList>, String> {
        // The node's own lists are read fresh: a revocation here shows at once here.
        if !self.fetcher.is_own(url)
            && let Some(list) = self.cache.get(url)
        {
            return Ok(list);
        }
        let fetched = self
            .fetcher
            .get(url, ACCEPT_LIST)
            .await
            .map_err(|e| format!("the status list could not be fetched: {e}"))?;
        let value = fetched
            .json()
            .map_err(|e| format!("the status list is unusable: {e}"))?;
        let subject = status::list_of(&value).map_err(|e| format!("the status list {url}: {e}"))?;
        if value.get("id").and_then(Value::as_str) != Some(url) {
            return Err(format!(
                "the document at {url} has id {}, not its URL",
                value.get("id").unwrap_or(&Value::Null)
            ));
        }
        let issuer = id_of(value.get("issuer"))
            .ok_or_else(|| format!("the status list {url} names no issuer"))?;
        let resolver = env.controllers.resolver_for(&proof_methods(&value)).await;
        let suite = env.suite.clone();
        let (value, report) = run_blocking(move || {
            let report = suite.verify(&value, &resolver, &VerifyOptions::default());
            (value, report)
        })
        .await
        .ok_or_else(|| "the status list's proof could not be checked".to_owned())?;
        if !report.verified {
            return Err(format!(
                "the status list's proof does not verify: {}",
                proof_failures(&report).join("; ")
            ));
        }
        let date = |key: &str| -> Result<Option<OffsetDateTime>, String> {
            match value.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_str()
                    .and_then(parse_date_time)
                    .map(Some)
                    .ok_or_else(|| format!("the status list's {key} {v} is not a dateTimeStamp")),
            }
        };
        let bits = Bitstring::decode_with_limit(&subject.encoded_list, DEFAULT_MAX_DECODED_BYTES)
            .map_err(|e| format!("the status list {url}: {e}"))?;
        let list = Arc::new(TrustedList {
            issuer,
            purpose: subject.status_purpose.clone(),
            valid_from: date("validFrom")?,
            valid_until: date("validUntil")?,
            bits,
        });
        let stated = match (subject.ttl.map(Duration::from_millis), fetched.max_age) {
            (Some(ttl), Some(age)) => Some(ttl.min(Duration::from_secs(age))),
            (Some(ttl), None) => Some(ttl),
            (None, Some(age)) => Some(Duration::from_secs(age)),
            (None, None) => None,
        };
        let ttl = stated.unwrap_or(self.default_ttl).min(self.max_ttl);
        self.cache.insert(url, Arc::clone(&list), ttl);
        Ok(list)
    }
}

/// What status checks share with the rest of a verification.
#[derive(Debug)]
pub struct Env<'a> {
    /// The Data Integrity suite.
    pub suite: &'a DataIntegrity,
    /// Controller documents.
    pub controllers: &'a Controllers,
    /// The time of the verification.
    pub now: OffsetDateTime,
}

/// Why a validity period does not hold now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutOfPeriod {
    /// Before `validFrom`.
    NotYetValid(String),
    /// At or after `validUntil`.
    Expired(String),
}

impl OutOfPeriod {
    /// The reason, completing "the credential ..." or "the status list ...".
    pub fn detail(&self) -> &str {
        match self {
            OutOfPeriod::NotYetValid(d) | OutOfPeriod::Expired(d) => d,
        }
    }
}

/// Checks `from <= now < until`.
pub fn period(
    from: Option<OffsetDateTime>,
    until: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), OutOfPeriod> {
    if let Some(from) = from
        && now < from
    {
        return Err(OutOfPeriod::NotYetValid(format!(
            "is not valid before {}",
            rfc3339(from)
        )));
    }
    if let Some(until) = until
        && now >= until
    {
        return Err(OutOfPeriod::Expired(format!(
            "expired on {}",
            rfc3339(until)
        )));
    }
    Ok(())
}
