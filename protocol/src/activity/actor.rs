//! Actors: the university's `Organization` (or the node's `Service`) with its RSA
//! `publicKey` for draft-cavage peers and its FEP-521a `assertionMethod` Multikeys.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kinds::{ActorType, OneOrMany};

/// An actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The actor's IRI.
    pub id: String,
    /// The actor type.
    #[serde(rename = "type")]
    pub type_: ActorType,
    /// The WebFinger user part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A description (HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The profile page (a URL or link objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    /// The inbox.
    pub inbox: String,
    /// The outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<String>,
    /// The followers collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<String>,
    /// The following collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<String>,
    /// `endpoints` (`sharedInbox`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    /// The RSA key for HTTP signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<OneOrMany<CryptographicKey>>,
    /// FEP-521a: the Multikeys for object integrity proofs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion_method: Option<OneOrMany<Multikey>>,
    /// Other identities of the actor (e.g. its did:web DID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also_known_as: Option<OneOrMany<String>>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Actor {
    /// The actor's `publicKey` entries.
    pub fn public_keys(&self) -> &[CryptographicKey] {
        self.public_key.as_ref().map_or(&[], OneOrMany::as_slice)
    }

    /// The actor's `assertionMethod` Multikeys.
    pub fn assertion_methods(&self) -> &[Multikey] {
        self.assertion_method
            .as_ref()
            .map_or(&[], OneOrMany::as_slice)
    }

    /// The shared inbox, if any.
    pub fn shared_inbox(&self) -> Option<&str> {
        self.endpoints.as_ref()?.shared_inbox.as_deref()
    }
}

/// `endpoints`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    /// The shared inbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A security-v1 `publicKey`: `{id, owner, publicKeyPem}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptographicKey {
    /// The key's IRI (the `keyId` of HTTP signatures).
    pub id: String,
    /// The actor owning it.
    pub owner: String,
    /// The SPKI PEM.
    pub public_key_pem: String,
    /// Every other member (e.g. `type`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A FEP-521a Multikey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Multikey {
    /// The key's IRI (a proof's `verificationMethod`).
    pub id: String,
    /// `Multikey`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The actor controlling it.
    pub controller: String,
    /// `z6Mk...`.
    pub public_key_multibase: String,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
