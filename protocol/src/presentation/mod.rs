//! DID Authentication: a Verifiable Presentation that a wallet signs with its `did:key` to
//! prove that it controls that DID, bound to a verifier's one-time `challenge` and its
//! `domain` (VC-API exchanges, the Learner Credential Wallet's credential requests).
//!
//! [`verify_did_auth`] accepts the two proof types wallets in the field send for this:
//! `DataIntegrityProof` with `eddsa-rdfc-2022` (Digital Bazaar's `@digitalbazaar/vc`) and
//! `Ed25519Signature2020` (the Learner Credential Wallet, through `@digitalcredentials/vc`).
//! Both sign SHA-256(canonical proof options) ‖ SHA-256(canonical presentation) with
//! RDFC-1.0 (URDNA2015), the proof options carrying the presentation's `@context`, so one
//! code path checks both. Because RDF canonicalisation silently drops terms a context does
//! not define, the verifier also checks that the challenge and domain it expects are in the
//! signed proof options, not merely in the JSON.
//!
//! [`sign_did_auth`] is the holder's side, for tests and tools.

mod sign;
#[cfg(test)]
mod tests;

use ed25519_dalek::VerifyingKey;
use serde_json::{Map, Value};

use crate::did::Reference;
use crate::multikey;
use crate::proof::{Cryptosuite, DataIntegrity, ProofError, decode_signature, hash_data};

pub use sign::{AuthSuite, DidAuthOptions, sign_did_auth};

/// The proof type of the Ed25519 2020 suite.
pub const ED25519_SIGNATURE_2020: &str = "Ed25519Signature2020";
/// The JSON-LD context that defines [`ED25519_SIGNATURE_2020`] and its terms.
pub const ED25519_2020_CONTEXT: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
/// The proof purpose of DID Authentication.
pub const AUTHENTICATION: &str = "authentication";

/// The proofs [`verify_did_auth`] accepts, as a VP request's `acceptedCryptosuites` names
/// them.
pub const ACCEPTED_CRYPTOSUITES: [&str; 2] = ["eddsa-rdfc-2022", ED25519_SIGNATURE_2020];

const SEC: &str = "https://w3id.org/security#";

/// What the verifier expects of the presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The challenge the verifier issued (compared exactly).
    pub challenge: &'a str,
    /// The verifier's domain.
    pub domain: &'a str,
    /// Whether the proof must carry `domain`; when `false` a proof without one is accepted,
    /// and a proof with one must still name `domain`.
    pub domain_required: bool,
}

/// A presentation that authenticated its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// The holder: the `did:key` that controls the proof's key.
    pub holder: String,
    /// The proof's verification method.
    pub verification_method: String,
    /// `eddsa-rdfc-2022` or `Ed25519Signature2020`.
    pub suite: &'static str,
}

/// Why a presentation does not authenticate its holder. Each names the member at fault
/// ([`DidAuthError::field`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DidAuthError {
    /// Not a JSON object, or its `type` does not include `VerifiablePresentation`.
    #[error("{0}")]
    NotAPresentation(String),
    /// `holder` is missing or is not a `did:key`.
    #[error("holder: {0}")]
    Holder(String),
    /// No proof, or more than one.
    #[error("proof: {0}")]
    Proof(String),
    /// The proof type or cryptosuite is not one this verifier accepts.
    #[error("proof: {0}")]
    UnsupportedProof(String),
    /// `proofPurpose` is not `authentication`.
    #[error("proof.proofPurpose: {0}")]
    Purpose(String),
    /// `challenge` is missing or is not the one issued.
    #[error("proof.challenge: {0}")]
    Challenge(String),
    /// `domain` is missing (when required) or names another verifier.
    #[error("proof.domain: {0}")]
    Domain(String),
    /// The verification method is not a did:key method of the holder.
    #[error("proof.verificationMethod: {0}")]
    VerificationMethod(String),
    /// `proofValue` is malformed or the signature does not match.
    #[error("proof.proofValue: {0}")]
    Signature(String),
    /// The presentation or its proof options cannot be canonicalised, or its contexts do
    /// not define a term that must be signed (so that the signature would not cover it).
    #[error("@context: {0}")]
    Context(String),
}

impl DidAuthError {
    /// The member at fault, as a JSON pointer into the presentation.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NotAPresentation(_) => "/type",
            Self::Holder(_) => "/holder",
            Self::Proof(_) => "/proof",
            Self::UnsupportedProof(_) => "/proof/type",
            Self::Purpose(_) => "/proof/proofPurpose",
            Self::Challenge(_) => "/proof/challenge",
            Self::Domain(_) => "/proof/domain",
            Self::VerificationMethod(_) => "/proof/verificationMethod",
            Self::Signature(_) => "/proof/proofValue",
            Self::Context(_) => "/@context",
        }
    }
}

fn id_of(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn is_presentation(doc: &Map<String, Value>) -> bool {
    match doc.get("type") {
        Some(Value::String(t)) => t == "VerifiablePresentation",
        Some(Value::Array(types)) => types.iter().any(|t| t == "VerifiablePresentation"),
        _ => false,
    }
}

/// The single proof of `doc`.
fn single_proof(doc: &Map<String, Value>) -> Result<&Map<String, Value>, DidAuthError> {
    let proof = match doc.get("proof") {
        None => return Err(DidAuthError::Proof("the presentation is not signed".into())),
        Some(Value::Array(set)) => match set.as_slice() {
            [one] => one,
            _ => {
                return Err(DidAuthError::Proof(format!(
                    "{} proofs; a DID Authentication has exactly one",
                    set.len()
                )));
            }
        },
        Some(one) => one,
    };
    proof
        .as_object()
        .ok_or_else(|| DidAuthError::Proof("is not an object".into()))
}

fn suite_of(proof: &Map<String, Value>) -> Result<&'static str, DidAuthError> {
    let kind = proof.get("type").and_then(Value::as_str);
    let suite = proof.get("cryptosuite").and_then(Value::as_str);
    match (kind, suite) {
        (Some("DataIntegrityProof"), Some("eddsa-rdfc-2022")) => Ok("eddsa-rdfc-2022"),
        (Some(ED25519_SIGNATURE_2020), None) => Ok(ED25519_SIGNATURE_2020),
        _ => Err(DidAuthError::UnsupportedProof(format!(
            "type {kind:?} with cryptosuite {suite:?}: accepted are DataIntegrityProof with \
             eddsa-rdfc-2022, and Ed25519Signature2020"
        ))),
    }
}

fn check_domain(proof: &Map<String, Value>, expected: &Expected<'_>) -> Result<(), DidAuthError> {
    let names: Vec<&str> = match proof.get("domain") {
        None if expected.domain_required => {
            return Err(DidAuthError::Domain(format!(
                "missing: the proof must name the domain {:?}",
                expected.domain
            )));
        }
        None => return Ok(()),
        Some(Value::String(d)) => vec![d.as_str()],
        Some(Value::Array(ds)) => ds.iter().filter_map(Value::as_str).collect(),
        Some(_) => return Err(DidAuthError::Domain("is not a string".into())),
    };
    if names.contains(&expected.domain) {
        Ok(())
    } else {
        Err(DidAuthError::Domain(format!(
            "{names:?} is not this verifier's domain {:?}",
            expected.domain
        )))
    }
}

/// The holder's key: `verificationMethod` must be a did:key method whose DID is `holder`
/// and which that DID lists under `authentication`.
fn holder_key(
    proof: &Map<String, Value>,
    holder: &str,
) -> Result<(String, VerifyingKey), DidAuthError> {
    let vm = id_of(proof.get("verificationMethod"))
        .ok_or_else(|| DidAuthError::VerificationMethod("missing".into()))?;
    let bad = |reason: String| DidAuthError::VerificationMethod(format!("{vm:?}: {reason}"));
    let doc = multikey::resolve_did_key(vm).map_err(|e| bad(e.to_string()))?;
    if doc.id != holder {
        return Err(bad(format!(
            "its DID {:?} is not the holder {holder:?}",
            doc.id
        )));
    }
    let key = doc.resolve_key(vm).map_err(|e| bad(e.to_string()))?;
    let authenticates = doc.authentication.iter().any(|r| match r {
        Reference::Id(id) => doc.absolute_id(id) == key.id,
        Reference::Embedded(m) => doc.absolute_id(&m.id) == key.id,
    });
    if !authenticates {
        return Err(bad("not listed under authentication".into()));
    }
    Ok((key.id, key.key))
}

/// Whether the canonical N-Quads `nquads` state `term` (a security-vocabulary property of
/// the proof node) with the plain literal `value`.
fn states(nquads: &str, term: &str, value: &str) -> bool {
    let needle = format!(" <{SEC}{term}> \"{}\" ", escape_literal(value));
    nquads.lines().any(|line| line.contains(&needle))
}

/// N-Quads string escaping (RDFC-1.0 canonical form).
fn escape_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Verifies that `presentation` is a DID Authentication by its holder for `expected`:
/// a `VerifiablePresentation` whose `holder` is a `did:key`, with one `authentication`
/// proof by that DID's key over the `challenge` (and the `domain`) the verifier issued,
/// whose signature verifies. Credentials the presentation may embed are not examined.
pub fn verify_did_auth(
    suite: &DataIntegrity,
    presentation: &Value,
    expected: &Expected<'_>,
) -> Result<Authenticated, DidAuthError> {
    let doc = presentation
        .as_object()
        .ok_or_else(|| DidAuthError::NotAPresentation("is not a JSON object".into()))?;
    if !is_presentation(doc) {
        return Err(DidAuthError::NotAPresentation(
            "type must include \"VerifiablePresentation\"".into(),
        ));
    }
    let holder = id_of(doc.get("holder"))
        .ok_or_else(|| DidAuthError::Holder("missing: the wallet's DID is the holder".into()))?;
    if !holder.starts_with("did:key:") {
        return Err(DidAuthError::Holder(format!(
            "{holder:?} is not a did:key (accepted DID methods: key)"
        )));
    }
    let proof = single_proof(doc)?;
    let suite_name = suite_of(proof)?;
    let purpose = proof.get("proofPurpose").and_then(Value::as_str);
    if purpose != Some(AUTHENTICATION) {
        return Err(DidAuthError::Purpose(format!(
            "is {purpose:?}, expected \"authentication\""
        )));
    }
    match proof.get("challenge").and_then(Value::as_str) {
        None => return Err(DidAuthError::Challenge("missing".into())),
        Some(c) if c != expected.challenge => {
            return Err(DidAuthError::Challenge(
                "is not the challenge this verifier issued".into(),
            ));
        }
        Some(_) => {}
    }
    check_domain(proof, expected)?;
    let (verification_method, key) = holder_key(proof, holder)?;
    let signature = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| DidAuthError::Signature("missing".into()))
        .and_then(|pv| decode_signature(pv).map_err(DidAuthError::Signature))?;
    let mut unsecured = doc.clone();
    unsecured.remove("proof");
    let forms = suite
        .canonical_forms(Cryptosuite::EddsaRdfc2022, &unsecured, proof)
        .map_err(|e: ProofError| DidAuthError::Context(e.to_string()))?;
    key.verify_strict(&hash_data(&forms), &signature)
        .map_err(|_| {
            DidAuthError::Signature("the signature does not match the presentation".into())
        })?;
    let signed = &forms.canonical_proof_config;
    if !states(signed, "challenge", expected.challenge) {
        return Err(DidAuthError::Context(
            "the contexts do not define \"challenge\", so the signature does not cover it".into(),
        ));
    }
    if proof.contains_key("domain") && !states(signed, "domain", expected.domain) {
        return Err(DidAuthError::Context(
            "the contexts do not define \"domain\", so the signature does not cover it".into(),
        ));
    }
    Ok(Authenticated {
        holder: holder.to_owned(),
        verification_method,
        suite: suite_name,
    })
}
