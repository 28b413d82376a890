//! Data Integrity proofs: eddsa-rdfc-2022 and eddsa-jcs-2022.
//!
//! [`DataIntegrity`] creates proofs (also adding to an existing proof set) and verifies
//! every proof of a document, returning a [`VerificationReport`]. The rdfc suite goes
//! through [`jsonld::Processor::to_rdf`] and [`rdfc::canonicalize`]; the jcs suite through
//! [`jcs::canonicalize`].

mod base58;
mod hash;
mod resolver;
#[cfg(test)]
mod tests;
mod unsecured;
mod verify;

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Map, Value};

use crate::jsonld::{Input, JsonLdError, Processor};
use crate::rdfc::{CanonError, IndexBuilder, Limits};
use crate::{jcs, jsonld, rdfc};
use unsecured::Unsecured;

pub use hash::{CanonicalForms, hash_data};
pub use resolver::{
    DidKeyResolver, DocumentResolver, ResolveError, ResolvedMethod, VerificationMethodResolver,
};
pub use verify::{
    Check, CheckName, Outcome, ProofReport, VerificationReport, VerifyOptions, decode_signature,
};

/// The `type` of a Data Integrity proof.
pub const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";
/// The Data Integrity v2 context, for documents that do not bring it through VC v2.
pub const DATA_INTEGRITY_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";

/// A Data Integrity EdDSA cryptosuite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Cryptosuite {
    /// `eddsa-rdfc-2022`: RDFC-1.0 canonicalisation.
    #[serde(rename = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    /// `eddsa-jcs-2022`: JCS (RFC 8785) canonicalisation.
    #[serde(rename = "eddsa-jcs-2022")]
    EddsaJcs2022,
}

impl Cryptosuite {
    /// The suite's name as it appears in `cryptosuite`.
    pub fn name(self) -> &'static str {
        match self {
            Cryptosuite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Cryptosuite::EddsaJcs2022 => "eddsa-jcs-2022",
        }
    }

    /// Parses a `cryptosuite` value.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "eddsa-rdfc-2022" => Some(Cryptosuite::EddsaRdfc2022),
            "eddsa-jcs-2022" => Some(Cryptosuite::EddsaJcs2022),
            _ => None,
        }
    }
}

impl std::str::FromStr for Cryptosuite {
    type Err = ProofError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| ProofError::UnknownCryptosuite(s.to_owned()))
    }
}

/// The options of a proof to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// The cryptosuite.
    pub cryptosuite: Cryptosuite,
    /// The verification method URL (e.g. `did:web:example.edu#key-1`).
    pub verification_method: String,
    /// `created`, an XSD dateTimeStamp (e.g. `2026-01-01T00:00:00Z`); omitted if `None`.
    pub created: Option<String>,
    /// `proofPurpose`; `assertionMethod` for credentials.
    pub proof_purpose: String,
    /// An optional proof `id` (needed for proof chains).
    pub id: Option<String>,
    /// `previousProof`, for a proof chain.
    pub previous_proof: Option<Value>,
}

impl ProofOptions {
    /// Options for an `assertionMethod` proof with `suite`, `verification_method` and
    /// `created`.
    pub fn assertion(suite: Cryptosuite, verification_method: &str, created: &str) -> Self {
        Self {
            cryptosuite: suite,
            verification_method: verification_method.to_owned(),
            created: Some(created.to_owned()),
            proof_purpose: "assertionMethod".to_owned(),
            id: None,
            previous_proof: None,
        }
    }

    /// The proof configuration object, without `proofValue` and without `@context`.
    pub fn to_proof_config(&self) -> Map<String, Value> {
        let mut proof = Map::new();
        proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
        if let Some(id) = &self.id {
            proof.insert("id".into(), id.clone().into());
        }
        proof.insert("cryptosuite".into(), self.cryptosuite.name().into());
        if let Some(created) = &self.created {
            proof.insert("created".into(), created.clone().into());
        }
        proof.insert(
            "verificationMethod".into(),
            self.verification_method.clone().into(),
        );
        proof.insert("proofPurpose".into(), self.proof_purpose.clone().into());
        if let Some(prev) = &self.previous_proof {
            proof.insert("previousProof".into(), prev.clone());
        }
        proof
    }
}

/// Why a proof could not be created or checked.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProofError {
    /// The document is not a JSON object.
    #[error("the document is not a JSON object")]
    NotAnObject,
    /// The `cryptosuite` is not one this crate implements.
    #[error("cryptosuite {0:?} is not supported (expected eddsa-rdfc-2022 or eddsa-jcs-2022)")]
    UnknownCryptosuite(String),
    /// A proof member is missing or has the wrong type.
    #[error("proof.{field}: {message}")]
    InvalidProof {
        /// The member.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// JSON-LD to RDF failed.
    #[error("JSON-LD to RDF of the {what}: {source}")]
    JsonLd {
        /// `document` or `proof configuration`.
        what: &'static str,
        /// The JSON-LD error.
        source: JsonLdError,
    },
    /// RDFC-1.0 failed (e.g. the work limit was exceeded: possible dataset poisoning).
    #[error("RDFC-1.0 canonicalisation of the {what}: {source}")]
    Canon {
        /// `document` or `proof configuration`.
        what: &'static str,
        /// The canonicalisation error.
        source: CanonError,
    },
}

/// Bytes of N-Quads per quad to reserve for a credential's index (typical: 90 to 130).
const BYTES_PER_QUAD: usize = 128;

/// Creates and verifies Data Integrity EdDSA proofs. Holds the JSON-LD processor (with its
/// context cache) and the RDFC-1.0 work limits; cheap to clone and share.
#[derive(Debug, Clone, Default)]
pub struct DataIntegrity {
    processor: Processor,
    limits: Limits,
}

impl DataIntegrity {
    /// A suite using `processor` for JSON-LD and `limits` for RDFC-1.0.
    pub fn new(processor: Processor, limits: Limits) -> Self {
        Self { processor, limits }
    }

    /// The JSON-LD processor.
    pub fn processor(&self) -> &jsonld::Processor {
        &self.processor
    }

    /// JSON-LD to RDF straight into RDFC-1.0's index (no owned dataset in between), then
    /// the canonical N-Quads.
    fn rdfc(&self, input: Input<'_>, what: &'static str) -> Result<String, ProofError> {
        let builder = self
            .processor
            .to_sink(input, |quads| {
                IndexBuilder::with_capacity(quads, quads * BYTES_PER_QUAD)
            })
            .map_err(|source| ProofError::JsonLd { what, source })?;
        rdfc::canonicalize_built(builder, &self.limits)
            .map_err(|source| ProofError::Canon { what, source })
    }

    /// Canonicalises the unsecured document (as given: for a proof chain it carries the
    /// previous proofs, see [`unsecured_document`]) and the proof
    /// configuration (`proofValue`, if any, is ignored) as `suite` prescribes. For rdfc the
    /// proof configuration is given the document's `@context`; for jcs it is used as given
    /// (it must carry its `@context` already, see [`DataIntegrity::proof_config`]).
    pub fn canonical_forms(
        &self,
        suite: Cryptosuite,
        document: &Map<String, Value>,
        proof_config: &Map<String, Value>,
    ) -> Result<CanonicalForms, ProofError> {
        self.forms(suite, &Unsecured::as_given(document), proof_config)
    }

    pub(crate) fn forms(
        &self,
        suite: Cryptosuite,
        unsecured: &Unsecured<'_>,
        proof_config: &Map<String, Value>,
    ) -> Result<CanonicalForms, ProofError> {
        let mut config = proof_config.clone();
        config.remove("proofValue");
        match suite {
            Cryptosuite::EddsaRdfc2022 => {
                match unsecured.context() {
                    Some(ctx) => config.insert("@context".into(), ctx.clone()),
                    None => config.remove("@context"),
                };
                let canonical_proof_config =
                    self.rdfc(Input::Value(&Value::Object(config)), "proof configuration")?;
                let canonical_document =
                    unsecured.with_rdf_input(|input| self.rdfc(input, "document"))?;
                Ok(CanonicalForms {
                    canonical_proof_config,
                    canonical_document,
                })
            }
            Cryptosuite::EddsaJcs2022 => Ok(CanonicalForms {
                canonical_proof_config: jcs::canonicalize(&Value::Object(config)),
                canonical_document: unsecured.jcs(),
            }),
        }
    }

    /// The proof configuration for `options` over `document`: for eddsa-jcs-2022 it carries
    /// the document's `@context`, for eddsa-rdfc-2022 it does not.
    pub fn proof_config(
        options: &ProofOptions,
        document: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut config = options.to_proof_config();
        if options.cryptosuite == Cryptosuite::EddsaJcs2022
            && let Some(ctx) = document.get("@context")
        {
            config.insert("@context".into(), ctx.clone());
        }
        config
    }

    /// Creates a proof over `document` (without its `proof`; for a chain, with the proofs
    /// named by `previousProof`) and returns the proof object with its `proofValue`.
    pub fn create_proof(
        &self,
        document: &Value,
        key: &SigningKey,
        options: &ProofOptions,
    ) -> Result<Map<String, Value>, ProofError> {
        let doc = document.as_object().ok_or(ProofError::NotAnObject)?;
        let unsecured = Unsecured::for_proof(doc, options.previous_proof.as_ref());
        let mut config = Self::proof_config(options, doc);
        let forms = self.forms(options.cryptosuite, &unsecured, &config)?;
        let signature = key.sign(&hash_data(&forms));
        config.insert(
            "proofValue".into(),
            format!("z{}", base58::encode(&signature.to_bytes())).into(),
        );
        Ok(config)
    }

    /// Signs `document`: returns it with a new proof added. An existing `proof` becomes a
    /// proof set (an array) with the new proof last. Clones the document; a caller that owns
    /// it should use [`DataIntegrity::sign_owned`].
    pub fn sign(
        &self,
        document: &Value,
        key: &SigningKey,
        options: &ProofOptions,
    ) -> Result<Value, ProofError> {
        self.sign_owned(document.clone(), key, options)
    }

    /// Signs `document`, taking it by value (no copy): returns it with a new proof added, as
    /// [`DataIntegrity::sign`] does.
    pub fn sign_owned(
        &self,
        document: Value,
        key: &SigningKey,
        options: &ProofOptions,
    ) -> Result<Value, ProofError> {
        let proof = Value::Object(self.create_proof(&document, key, options)?);
        let Value::Object(mut doc) = document else {
            return Err(ProofError::NotAnObject);
        };
        let new = match doc.remove("proof") {
            None => proof,
            Some(Value::Array(mut set)) => {
                set.push(proof);
                Value::Array(set)
            }
            Some(existing) => Value::Array(vec![existing, proof]),
        };
        doc.insert("proof".into(), new);
        Ok(Value::Object(doc))
    }
}

/// The document a proof covers: `document` without `proof`, or, for a proof with
/// `previousProof`, with `proof` set to the array of the proofs it names.
pub fn unsecured_document(
    document: &Map<String, Value>,
    previous: Option<&Value>,
) -> Map<String, Value> {
    match Unsecured::for_proof(document, previous).to_value() {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
