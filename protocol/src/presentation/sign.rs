//! The holder's side of DID Authentication: signing a presentation with a did:key, as a
//! wallet does (for tests and tools; the node itself only verifies).

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Map, Value, json};

use super::{AUTHENTICATION, ED25519_2020_CONTEXT, ED25519_SIGNATURE_2020};
use crate::multikey;
use crate::proof::{Cryptosuite, DATA_INTEGRITY_PROOF, DataIntegrity, ProofError, hash_data};

/// The proof a holder makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthSuite {
    /// `DataIntegrityProof` with `eddsa-rdfc-2022`.
    EddsaRdfc2022,
    /// `Ed25519Signature2020` (adds its context to the presentation, as wallets do).
    Ed25519Signature2020,
}

/// What to sign over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidAuthOptions {
    /// The verifier's challenge.
    pub challenge: String,
    /// The verifier's domain; omitted when `None` (the Learner Credential Wallet's
    /// credential requests send none).
    pub domain: Option<String>,
    /// `created`, an XSD dateTimeStamp.
    pub created: String,
    /// The proof type.
    pub suite: AuthSuite,
}

/// A DID Authentication presentation by the did:key of `key`: `presentation` (a
/// `VerifiablePresentation` without proof; its `holder` is set to the did:key) signed with
/// an `authentication` proof over `options`.
pub fn sign_did_auth(
    suite: &DataIntegrity,
    presentation: Value,
    key: &SigningKey,
    options: &DidAuthOptions,
) -> Result<Value, ProofError> {
    let Value::Object(mut doc) = presentation else {
        return Err(ProofError::NotAnObject);
    };
    let public = key.verifying_key();
    doc.insert("holder".into(), multikey::did_key(&public).into());
    let mut proof = Map::new();
    match options.suite {
        AuthSuite::EddsaRdfc2022 => {
            proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
            proof.insert(
                "cryptosuite".into(),
                Cryptosuite::EddsaRdfc2022.name().into(),
            );
        }
        AuthSuite::Ed25519Signature2020 => {
            let context = doc.entry("@context").or_insert_with(|| json!([]));
            let listed = match &*context {
                Value::Array(items) => items.iter().any(|c| c == ED25519_2020_CONTEXT),
                other => other == ED25519_2020_CONTEXT,
            };
            if !listed {
                let mut items = match context.take() {
                    Value::Array(items) => items,
                    Value::Null => Vec::new(),
                    one => vec![one],
                };
                items.push(ED25519_2020_CONTEXT.into());
                *context = Value::Array(items);
            }
            proof.insert("type".into(), ED25519_SIGNATURE_2020.into());
        }
    }
    proof.insert("created".into(), options.created.clone().into());
    proof.insert(
        "verificationMethod".into(),
        multikey::did_key_verification_method(&public).into(),
    );
    proof.insert("proofPurpose".into(), AUTHENTICATION.into());
    proof.insert("challenge".into(), options.challenge.clone().into());
    if let Some(domain) = &options.domain {
        proof.insert("domain".into(), domain.clone().into());
    }
    doc.remove("proof");
    let forms = suite.canonical_forms(Cryptosuite::EddsaRdfc2022, &doc, &proof)?;
    let signature = key.sign(&hash_data(&forms));
    proof.insert(
        "proofValue".into(),
        format!("z{}", bs58::encode(signature.to_bytes()).into_string()).into(),
    );
    doc.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(doc))
}
