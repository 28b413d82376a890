//! Verifying every proof of a document, with a structured report of each check.

use ed25519_dalek::Signature;
use serde::Serialize;
use serde_json::{Map, Value};

use super::unsecured::Unsecured;
use super::{
    Cryptosuite, DATA_INTEGRITY_PROOF, DataIntegrity, VerificationMethodResolver, hash_data,
};

/// What a verifier requires besides valid signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The `proofPurpose` every proof must have (`assertionMethod` for credentials).
    pub expected_proof_purpose: String,
    /// Whether the method's controller must be the document's issuer (`issuer`, or
    /// `attributedTo`/`actor` for ActivityPub objects). On by default; turn off only for
    /// test vectors whose issuer is unrelated to their key.
    pub check_issuer: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            expected_proof_purpose: "assertionMethod".to_owned(),
            check_issuer: true,
        }
    }
}

/// A check made on a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    /// `type`, `cryptosuite`, `proofPurpose`, `verificationMethod` and `proofValue` are
    /// present and well-formed.
    ProofFormat,
    /// (jcs) The document's `@context` starts with the proof's `@context`.
    ContextPrefix,
    /// The verification method resolves to an Ed25519 key.
    VerificationMethod,
    /// The controller lists the method under the expected proof purpose.
    AssertionMethod,
    /// The method's controller is the document's issuer.
    IssuerIsController,
    /// The signature over the canonical forms is valid.
    Signature,
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// The check passed.
    Passed,
    /// The check failed, and why.
    Failed {
        /// Why it failed.
        reason: String,
    },
    /// The check was not made, and why.
    Skipped {
        /// Why it was not made.
        reason: String,
    },
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The check.
    pub check: CheckName,
    /// Its outcome.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The result of verifying one proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofReport {
    /// The proof's position in the proof set.
    pub index: usize,
    /// The proof's `id`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The proof's `cryptosuite`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptosuite: Option<String>,
    /// The proof's `verificationMethod`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<String>,
    /// Whether every check passed (skipped checks do not fail a proof).
    pub verified: bool,
    /// The checks, in the order they were made.
    pub checks: Vec<Check>,
}

impl ProofReport {
    fn push(&mut self, check: CheckName, outcome: Outcome) {
        self.checks.push(Check { check, outcome });
    }
    fn fail(&mut self, check: CheckName, reason: impl Into<String>) {
        self.push(
            check,
            Outcome::Failed {
                reason: reason.into(),
            },
        );
    }
    /// The outcome of `check`, if it was recorded.
    pub fn outcome(&self, check: CheckName) -> Option<&Outcome> {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map(|c| &c.outcome)
    }
}

/// The result of verifying a document's proofs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerificationReport {
    /// True when the document has at least one proof and every proof verified.
    pub verified: bool,
    /// Problems with the document as a whole (not an object, no proof).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// One report per proof.
    pub proofs: Vec<ProofReport>,
}

/// The id of a member that is a string or an object with an `id`.
fn id_of(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// A `@context` value as a list.
fn context_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

impl DataIntegrity {
    /// Verifies every proof of `document` (a single `proof` or a proof set), resolving
    /// verification methods with `resolver`.
    pub fn verify(
        &self,
        document: &Value,
        resolver: &dyn VerificationMethodResolver,
        options: &VerifyOptions,
    ) -> VerificationReport {
        let mut report = VerificationReport {
            verified: false,
            errors: Vec::new(),
            proofs: Vec::new(),
        };
        let Some(doc) = document.as_object() else {
            report
                .errors
                .push("the document is not a JSON object".to_owned());
            return report;
        };
        let proofs: Vec<&Value> = match doc.get("proof") {
            None => {
                report.errors.push("the document has no proof".to_owned());
                return report;
            }
            Some(Value::Array(set)) => set.iter().collect(),
            Some(one) => vec![one],
        };
        if proofs.is_empty() {
            report
                .errors
                .push("the document's proof set is empty".to_owned());
        }
        for (index, proof) in proofs.into_iter().enumerate() {
            report
                .proofs
                .push(self.verify_one(doc, index, proof, resolver, options));
        }
        report.verified = report.errors.is_empty() && report.proofs.iter().all(|p| p.verified);
        report
    }

    fn verify_one(
        &self,
        doc: &Map<String, Value>,
        index: usize,
        proof: &Value,
        resolver: &dyn VerificationMethodResolver,
        options: &VerifyOptions,
    ) -> ProofReport {
        let str_of = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut r = ProofReport {
            index,
            id: str_of("id"),
            cryptosuite: str_of("cryptosuite"),
            verification_method: str_of("verificationMethod"),
            verified: false,
            checks: Vec::new(),
        };
        let Some(proof) = proof.as_object() else {
            r.fail(
                CheckName::ProofFormat,
                format!("proof[{index}] is not an object"),
            );
            return r;
        };
        // Format.
        let mut problems = Vec::new();
        if proof.get("type").and_then(Value::as_str) != Some(DATA_INTEGRITY_PROOF) {
            problems.push("type is not \"DataIntegrityProof\"".to_owned());
        }
        let suite = r.cryptosuite.as_deref().and_then(Cryptosuite::from_name);
        if suite.is_none() {
            problems.push(format!("cryptosuite {:?} is not supported", r.cryptosuite));
        }
        let purpose = proof.get("proofPurpose").and_then(Value::as_str);
        if purpose != Some(options.expected_proof_purpose.as_str()) {
            problems.push(format!(
                "proofPurpose is {purpose:?}, expected {:?}",
                options.expected_proof_purpose
            ));
        }
        if let Some(created) = proof.get("created")
            && !created
                .as_str()
                .is_some_and(crate::credential::is_date_time_stamp)
        {
            problems.push(format!("created {created} is not an XSD dateTimeStamp"));
        }
        if r.verification_method.is_none() {
            problems.push("verificationMethod is missing or not a string".to_owned());
        }
        let signature = match proof.get("proofValue").and_then(Value::as_str) {
            None => {
                problems.push("proofValue is missing or not a string".to_owned());
                None
            }
            Some(pv) => match decode_signature(pv) {
                Ok(sig) => Some(sig),
                Err(e) => {
                    problems.push(format!("proofValue: {e}"));
                    None
                }
            },
        };
        let (Some(suite), Some(vm), Some(signature), true) = (
            suite,
            r.verification_method.clone(),
            signature,
            problems.is_empty(),
        ) else {
            r.fail(CheckName::ProofFormat, problems.join("; "));
            return r;
        };
        r.push(CheckName::ProofFormat, Outcome::Passed);

        // The unsecured document this proof covers.
        let mut unsecured = Unsecured::for_proof(doc, proof.get("previousProof"));
        if suite == Cryptosuite::EddsaJcs2022 {
            match proof.get("@context") {
                None => r.push(
                    CheckName::ContextPrefix,
                    Outcome::Skipped {
                        reason: "the proof has no @context".to_owned(),
                    },
                ),
                Some(pctx) => {
                    let p = context_list(Some(pctx));
                    let d = context_list(doc.get("@context"));
                    if d.len() >= p.len() && d.iter().zip(&p).all(|(a, b)| a == b) {
                        r.push(CheckName::ContextPrefix, Outcome::Passed);
                        unsecured = unsecured.with_context(pctx);
                    } else {
                        r.fail(
                            CheckName::ContextPrefix,
                            "the document's @context does not start with the proof's @context",
                        );
                    }
                }
            }
        }

        // Verification method.
        let resolved = match resolver.resolve(&vm) {
            Ok(m) => {
                r.push(CheckName::VerificationMethod, Outcome::Passed);
                Some(m)
            }
            Err(e) => {
                r.fail(CheckName::VerificationMethod, e.to_string());
                None
            }
        };
        if let Some(m) = &resolved {
            if m.assertion_method || options.expected_proof_purpose != "assertionMethod" {
                r.push(CheckName::AssertionMethod, Outcome::Passed);
            } else {
                r.fail(
                    CheckName::AssertionMethod,
                    format!(
                        "{:?} is not listed under assertionMethod of {:?}",
                        m.id, m.controller
                    ),
                );
            }
            if !options.check_issuer {
                r.push(
                    CheckName::IssuerIsController,
                    Outcome::Skipped {
                        reason: "disabled by the verifier's options".to_owned(),
                    },
                );
            } else {
                let issuer = id_of(doc.get("issuer"))
                    .or_else(|| id_of(doc.get("attributedTo")))
                    .or_else(|| id_of(doc.get("actor")));
                match issuer {
                    Some(issuer) if issuer == m.controller => {
                        r.push(CheckName::IssuerIsController, Outcome::Passed);
                    }
                    Some(issuer) => r.fail(
                        CheckName::IssuerIsController,
                        format!(
                            "the key's controller {:?} is not the issuer {issuer:?}",
                            m.controller
                        ),
                    ),
                    None => r.fail(
                        CheckName::IssuerIsController,
                        "the document names no issuer",
                    ),
                }
            }
        }

        // Signature.
        match self.forms(suite, &unsecured, proof) {
            Err(e) => r.fail(CheckName::Signature, e.to_string()),
            Ok(forms) => match &resolved {
                None => r.push(
                    CheckName::Signature,
                    Outcome::Skipped {
                        reason: "no key to check it with".to_owned(),
                    },
                ),
                Some(m) => match m.key.verify_strict(&hash_data(&forms), &signature) {
                    Ok(()) => r.push(CheckName::Signature, Outcome::Passed),
                    Err(_) => r.fail(
                        CheckName::Signature,
                        "the signature does not match the document",
                    ),
                },
            },
        }
        r.verified = resolved.is_some()
            && r.checks
                .iter()
                .all(|c| !matches!(c.outcome, Outcome::Failed { .. }));
        r
    }
}

/// Decodes a `proofValue`: `z` + base58btc of a 64-byte Ed25519 signature.
pub fn decode_signature(proof_value: &str) -> Result<Signature, String> {
    let body = proof_value
        .strip_prefix('z')
        .ok_or_else(|| "not base58btc multibase (must start with 'z')".to_owned())?;
    let bytes = super::base58::decode(body).map_err(|e| format!("invalid base58btc: {e}"))?;
    let bytes = <[u8; 64]>::try_from(bytes.as_slice())
        .map_err(|_| format!("{} signature bytes, expected 64", bytes.len()))?;
    Ok(Signature::from_bytes(&bytes))
}
