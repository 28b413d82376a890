//! did:web <-> URL mapping and DID document types.
//!
//! `did:web:example.edu` is served at `https://example.edu/.well-known/did.json`,
//! `did:web:example.edu:units:ing` at `https://example.edu/units/ing/did.json`, and a port
//! is percent-encoded: `did:web:localhost%3A8443`.

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::multikey::{self, MULTIKEY_CONTEXT, MultikeyError};

mod web;

pub use web::{did_web_from_base_url, did_web_to_url};

/// The DID v1 JSON-LD context.
pub const DID_CONTEXT: &str = "https://www.w3.org/ns/did/v1";

/// Why a DID, URL or DID document could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DidError {
    /// The DID is not a well-formed did:web.
    #[error("{did:?} is not a valid did:web: {reason}")]
    InvalidDidWeb {
        /// The offending DID.
        did: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The URL cannot be mapped to a did:web.
    #[error("{url:?} cannot be mapped to a did:web: {reason}")]
    InvalidUrl {
        /// The offending URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No verification method with this id is in the document.
    #[error("verification method {id:?} is not in DID document {document:?}")]
    MethodNotFound {
        /// The verification method id looked for.
        id: String,
        /// The DID document's id.
        document: String,
    },
    /// The verification method is not referenced from `assertionMethod`.
    #[error("verification method {id:?} is not listed under assertionMethod of {document:?}")]
    NotAssertionMethod {
        /// The verification method id.
        id: String,
        /// The DID document's id.
        document: String,
    },
    /// The verification method is not an Ed25519 Multikey.
    #[error("verification method {id:?}: {reason}")]
    UnsupportedMethod {
        /// The verification method id.
        id: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The Multikey could not be decoded.
    #[error("verification method {id:?}: publicKeyMultibase: {source}")]
    Multikey {
        /// The verification method id.
        id: String,
        /// The decoding error.
        source: MultikeyError,
    },
}

/// A DID document (DID Core 1.0), with the members Mochila uses typed and the rest kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidDocument {
    /// `@context`: DID v1 and Multikey v1.
    #[serde(rename = "@context", default = "default_context")]
    pub context: Value,
    /// The DID.
    pub id: String,
    /// Controllers of the document, if any besides the DID itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<Value>,
    /// Other identifiers of the subject, e.g. the ActivityPub actor URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_known_as: Vec<String>,
    /// The keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verification_method: Vec<VerificationMethod>,
    /// Keys for authentication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentication: Vec<Reference>,
    /// Keys for issuing credentials (the one Data Integrity proofs use).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertion_method: Vec<Reference>,
    /// Keys for capability invocation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capability_invocation: Vec<Reference>,
    /// Keys for capability delegation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capability_delegation: Vec<Reference>,
    /// Keys for key agreement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_agreement: Vec<Reference>,
    /// Services (e.g. the node's ActivityPub actor or OB API).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<Service>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The default `@context` of a DID document: DID v1, then Multikey v1.
pub fn default_context() -> Value {
    Value::Array(vec![
        Value::String(DID_CONTEXT.to_owned()),
        Value::String(MULTIKEY_CONTEXT.to_owned()),
    ])
}

/// A verification method (a Multikey, for Mochila).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationMethod {
    /// Its id, absolute (`did:web:x#key-1`) or relative to the document (`#key-1`).
    pub id: String,
    /// Its type: `Multikey`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The DID that controls it.
    pub controller: String,
    /// The public key, `z6Mk...` for Ed25519.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_multibase: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of a verification relationship: a reference by id, or an embedded method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reference {
    /// A reference to a method in `verificationMethod`.
    Id(String),
    /// A method defined in place.
    Embedded(VerificationMethod),
}

/// A service endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// Its id.
    pub id: String,
    /// Its type (a string or an array of strings).
    #[serde(rename = "type")]
    pub type_: Value,
    /// The endpoint: a URL, a map or a set.
    pub service_endpoint: Value,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A verification method found in a DID document, with its decoded key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The method's absolute id.
    pub id: String,
    /// The DID that controls the method.
    pub controller: String,
    /// The Ed25519 public key.
    pub key: VerifyingKey,
    /// Whether the controller's document lists the method under `assertionMethod`.
    pub assertion_method: bool,
}

impl DidDocument {
    /// Makes `id` absolute against this document's id (`#key-1` -> `did:web:x#key-1`).
    pub fn absolute_id(&self, id: &str) -> String {
        if id.starts_with('#') {
            format!("{}{id}", self.id)
        } else {
            id.to_owned()
        }
    }

    /// Finds a verification method by id (absolute or relative), in `verificationMethod` or
    /// embedded in a verification relationship.
    pub fn find_verification_method(&self, id: &str) -> Option<&VerificationMethod> {
        let wanted = self.absolute_id(id);
        let embedded = [
            &self.authentication,
            &self.assertion_method,
            &self.capability_invocation,
            &self.capability_delegation,
            &self.key_agreement,
        ]
        .into_iter()
        .flatten()
        .filter_map(|r| match r {
            Reference::Embedded(vm) => Some(vm),
            Reference::Id(_) => None,
        });
        self.verification_method
            .iter()
            .chain(embedded)
            .find(|vm| self.absolute_id(&vm.id) == wanted)
    }

    /// Whether the method `id` is listed under `assertionMethod`.
    pub fn is_assertion_method(&self, id: &str) -> bool {
        let wanted = self.absolute_id(id);
        self.assertion_method.iter().any(|r| match r {
            Reference::Id(r) => self.absolute_id(r) == wanted,
            Reference::Embedded(vm) => self.absolute_id(&vm.id) == wanted,
        })
    }

    /// Finds the method `id` and decodes its key, recording whether it is an assertion
    /// method. Fails if the method is missing or is not an Ed25519 Multikey.
    pub fn resolve_key(&self, id: &str) -> Result<ResolvedKey, DidError> {
        let abs = self.absolute_id(id);
        let vm = self
            .find_verification_method(id)
            .ok_or_else(|| DidError::MethodNotFound {
                id: abs.clone(),
                document: self.id.clone(),
            })?;
        let unsupported = |reason: &str| DidError::UnsupportedMethod {
            id: abs.clone(),
            reason: reason.to_owned(),
        };
        if vm.type_ != multikey::MULTIKEY_TYPE {
            return Err(unsupported(&format!(
                "type is {:?}, expected \"Multikey\"",
                vm.type_
            )));
        }
        let mb = vm
            .public_key_multibase
            .as_deref()
            .ok_or_else(|| unsupported("publicKeyMultibase is missing"))?;
        let key = multikey::decode_public(mb).map_err(|source| DidError::Multikey {
            id: abs.clone(),
            source,
        })?;
        Ok(ResolvedKey {
            assertion_method: self.is_assertion_method(&abs),
            id: abs,
            controller: vm.controller.clone(),
            key,
        })
    }

    /// Finds the method `id`, checks that it is listed under `assertionMethod`, and decodes
    /// its key.
    pub fn assertion_key(&self, id: &str) -> Result<ResolvedKey, DidError> {
        let resolved = self.resolve_key(id)?;
        if !resolved.assertion_method {
            return Err(DidError::NotAssertionMethod {
                id: resolved.id,
                document: self.id.clone(),
            });
        }
        Ok(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_lookup_and_assertion_check() {
        let pk = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let doc: DidDocument = serde_json::from_value(serde_json::json!({
            "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
            "id": "did:web:example.edu",
            "alsoKnownAs": ["https://example.edu/actor"],
            "verificationMethod": [
                {"id": "#key-1", "type": "Multikey", "controller": "did:web:example.edu",
                 "publicKeyMultibase": pk},
                {"id": "did:web:example.edu#key-2", "type": "Multikey",
                 "controller": "did:web:example.edu", "publicKeyMultibase": pk},
                {"id": "#key-3", "type": "JsonWebKey", "controller": "did:web:example.edu"}
            ],
            "assertionMethod": ["did:web:example.edu#key-1", "#key-3"],
            "authentication": ["#key-2"],
            "service": [{"id": "#ap", "type": "ActivityPubActor",
                         "serviceEndpoint": "https://example.edu/actor"}],
            "custom": 1
        }))
        .unwrap();
        let k1 = doc.assertion_key("did:web:example.edu#key-1").unwrap();
        assert_eq!(k1.controller, "did:web:example.edu");
        assert!(matches!(
            doc.assertion_key("#key-2"),
            Err(DidError::NotAssertionMethod { .. })
        ));
        assert!(matches!(
            doc.assertion_key("#key-3"),
            Err(DidError::UnsupportedMethod { .. })
        ));
        assert!(matches!(
            doc.assertion_key("#key-9"),
            Err(DidError::MethodNotFound { .. })
        ));
        let back = serde_json::to_value(&doc).unwrap();
        assert_eq!(back["custom"], 1);
        assert_eq!(back["alsoKnownAs"][0], "https://example.edu/actor");
    }
}
