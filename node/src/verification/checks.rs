//! The checks that need no network: JSON-LD contexts, the Open Badges schema, the validity
//! period, and reading the protocol's proof report into the `proof`, `issuer_did` and
//! `assertion_method` checks.

use mochila_protocol::credential::{VC_V1_CONTEXT, parse_date_time, validate};
use mochila_protocol::jsonld::{Processor, embedded_context};
use mochila_protocol::proof::{CheckName, Outcome, VerificationReport};
use serde_json::Value;
use time::OffsetDateTime;

use super::report::{Finding, ReportBuilder};
use super::status_check::{OutOfPeriod, period};

/// At most this many schema errors are listed in the `schema` check's detail.
const MAX_SCHEMA_ERRORS: usize = 20;

/// `context`: every `@context` URL is in the embedded registry, and the credential expands
/// to RDF.
pub fn context(credential: &Value, processor: &Processor, report: &mut ReportBuilder) {
    let entries: Vec<&Value> = match credential.get("@context") {
        None => {
            report.fail("context", "the credential has no @context");
            return;
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    let unknown: Vec<&str> = entries
        .iter()
        .filter_map(|c| c.as_str())
        .filter(|url| embedded_context(url).is_none())
        .collect();
    if !unknown.is_empty() {
        report.fail(
            "context",
            format!(
                "unknown JSON-LD context{} {}: the node verifies only credentials whose \
                 contexts it holds (Open Badges 3.0, VC 1.1/2.0, Data Integrity, Mochila's \
                 microcredential extension and a few others)",
                if unknown.len() > 1 { "s" } else { "" },
                unknown.join(", ")
            ),
        );
        return;
    }
    match processor.to_rdf(credential) {
        Ok(dataset) => report.pass(
            "context",
            format!(
                "{} known context{}; the credential expands to {} RDF statements",
                entries.len(),
                if entries.len() == 1 { "" } else { "s" },
                dataset.len()
            ),
        ),
        Err(e) => report.fail("context", format!("JSON-LD expansion failed: {e}")),
    }
}

/// `schema`: the credential is an Open Badges 3.0 credential (VC 2.0, or VC 1.1 with
/// `issuanceDate`), every problem named by its JSON path.
pub fn schema(credential: &Value, report: &mut ReportBuilder) {
    if has_type(credential, "NetworkMembershipCredential") {
        return membership_schema(credential, report);
    }
    let errors = validate(credential);
    if errors.is_empty() {
        let version = if is_vc1(credential) {
            "VC 1.1"
        } else {
            "VC 2.0"
        };
        report.pass(
            "schema",
            format!("a well-formed Open Badges 3.0 credential ({version})"),
        );
        return;
    }
    let mut listed: Vec<String> = errors
        .iter()
        .take(MAX_SCHEMA_ERRORS)
        .map(ToString::to_string)
        .collect();
    if errors.len() > MAX_SCHEMA_ERRORS {
        listed.push(format!("and {} more", errors.len() - MAX_SCHEMA_ERRORS));
    }
    report.fail("schema", listed.join("; "));
}

fn has_type(credential: &Value, wanted: &str) -> bool {
    match credential.get("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        Some(one) => one == wanted,
        None => false,
    }
}

/// `schema` for a network's `NetworkMembershipCredential` (VC 2.0): the VC 2.0 context
/// first and the Mochila network context, an issuer with an `id`, a subject that is a DID,
/// `validFrom`, `validUntil` and a status entry.
fn membership_schema(credential: &Value, report: &mut ReportBuilder) {
    let contexts: Vec<&str> = match credential.get("@context") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut errors = Vec::new();
    if contexts.first() != Some(&"https://www.w3.org/ns/credentials/v2") {
        errors.push("$.@context: must start with https://www.w3.org/ns/credentials/v2".to_owned());
    }
    if !contexts.contains(&mochila_protocol::jsonld::MOCHILA_NETWORK_V1) {
        errors.push(format!(
            "$.@context: must include {}",
            mochila_protocol::jsonld::MOCHILA_NETWORK_V1
        ));
    }
    let issuer = credential.get("issuer");
    let issuer_id = issuer
        .and_then(|i| i.get("id"))
        .or(issuer.filter(|i| i.is_string()));
    if issuer_id.and_then(Value::as_str).is_none() {
        errors.push("$.issuer: must be a DID or an object with an id".to_owned());
    }
    let subject = credential["credentialSubject"]["id"]
        .as_str()
        .unwrap_or_default();
    if !subject.starts_with("did:") {
        errors.push("$.credentialSubject.id: must be the member's DID".to_owned());
    }
    for member in ["validFrom", "validUntil", "credentialStatus"] {
        if credential.get(member).is_none() {
            errors.push(format!("$.{member}: is required"));
        }
    }
    if errors.is_empty() {
        report.pass(
            "schema",
            "a well-formed network membership credential (VC 2.0)",
        );
    } else {
        report.fail("schema", errors.join("; "));
    }
}

fn is_vc1(credential: &Value) -> bool {
    let first = match credential.get("@context") {
        Some(Value::Array(items)) => items.first(),
        other => other,
    };
    first.and_then(Value::as_str) == Some(VC_V1_CONTEXT)
}

/// `validity_period`: `validFrom <= now < validUntil` (VC 1.1: `issuanceDate`,
/// `expirationDate`).
pub fn validity_period(credential: &Value, now: OffsetDateTime, report: &mut ReportBuilder) {
    let (from_key, until_key) = if is_vc1(credential) {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    };
    let mut dates = [None, None];
    for (slot, key) in dates.iter_mut().zip([from_key, until_key]) {
        if let Some(v) = credential.get(key) {
            match v.as_str().and_then(parse_date_time) {
                Some(t) => *slot = Some(t),
                None => {
                    report.fail(
                        "validity_period",
                        format!("{key} {v} is not an XSD dateTimeStamp"),
                    );
                    return;
                }
            }
        }
    }
    let [from, until] = dates;
    match period(from, until, now) {
        Ok(()) => {
            let text = |k: &str| credential.get(k).and_then(Value::as_str).unwrap_or("-");
            let detail = match until {
                Some(_) => format!("valid from {} until {}", text(from_key), text(until_key)),
                None if from.is_some() => format!("valid from {}, no end", text(from_key)),
                None => "the credential states no validity period".to_owned(),
            };
            report.pass("validity_period", detail);
        }
        Err(out @ OutOfPeriod::Expired(_)) => report.fail_with(
            "validity_period",
            format!("the credential {}", out.detail()),
            Finding::Expired,
        ),
        Err(out) => report.fail(
            "validity_period",
            format!("the credential {}", out.detail()),
        ),
    }
}

/// Every failure in `report` as "proof[i] check: reason" lines.
pub fn proof_failures(report: &VerificationReport) -> Vec<String> {
    let mut lines = report.errors.clone();
    for proof in &report.proofs {
        for check in &proof.checks {
            if let Outcome::Failed { reason } = &check.outcome {
                lines.push(format!("proof[{}]: {reason}", proof.index));
            }
        }
    }
    lines
}

/// `proof`, `issuer_did` and `assertion_method` from the protocol's report.
pub fn proof(report: &VerificationReport, out: &mut ReportBuilder) {
    let integrity = [
        CheckName::ProofFormat,
        CheckName::ContextPrefix,
        CheckName::VerificationMethod,
        CheckName::Signature,
    ];
    let mut failures = report.errors.clone();
    for p in &report.proofs {
        for check in p.checks.iter().filter(|c| integrity.contains(&c.check)) {
            if let Outcome::Failed { reason } = &check.outcome {
                failures.push(format!("proof[{}]: {reason}", p.index));
            }
        }
        if p.outcome(CheckName::Signature) != Some(&Outcome::Passed)
            && p.outcome(CheckName::VerificationMethod) == Some(&Outcome::Passed)
            && !failures
                .iter()
                .any(|f| f.starts_with(&format!("proof[{}]", p.index)))
        {
            failures.push(format!("proof[{}]: the signature was not checked", p.index));
        }
    }
    if failures.is_empty() {
        let described: Vec<String> = report
            .proofs
            .iter()
            .map(|p| {
                format!(
                    "{} signature by {} is valid",
                    p.cryptosuite.as_deref().unwrap_or("?"),
                    p.verification_method.as_deref().unwrap_or("?")
                )
            })
            .collect();
        out.pass("proof", described.join("; "));
    } else {
        out.fail("proof", failures.join("; "));
    }
    relation(
        report,
        CheckName::IssuerIsController,
        "issuer_did",
        "the signing key's controller is the credential's issuer",
        out,
    );
    relation(
        report,
        CheckName::AssertionMethod,
        "assertion_method",
        "the issuer lists the signing key under assertionMethod",
        out,
    );
}

/// One of the relationship checks, which the protocol makes only for a resolved key.
fn relation(
    report: &VerificationReport,
    name: CheckName,
    check: &str,
    passed: &str,
    out: &mut ReportBuilder,
) {
    if report.proofs.is_empty() {
        out.skip(check, "the credential has no proof");
        return;
    }
    let mut failures = Vec::new();
    let mut unresolved = Vec::new();
    for p in &report.proofs {
        match p.outcome(name) {
            Some(Outcome::Passed) => {}
            Some(Outcome::Failed { reason } | Outcome::Skipped { reason }) => {
                failures.push(format!("proof[{}]: {reason}", p.index));
            }
            None => unresolved.push(format!(
                "proof[{}]: the verification method could not be resolved",
                p.index
            )),
        }
    }
    if !failures.is_empty() {
        out.fail(check, failures.join("; "));
    } else if !unresolved.is_empty() {
        out.skip(check, unresolved.join("; "));
    } else {
        out.pass(check, passed);
    }
}
