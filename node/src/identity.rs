//! The institution's identity on the web: its `did:web` (derived from the base URL), the
//! DID document listing every Ed25519 key (active and retired) as a Multikey, and the URLs
//! where the DID document and the Open Badges `Profile` are served.

use mochila_protocol::did::{
    DidDocument, DidError, Reference, Service, VerificationMethod, default_context,
    did_web_from_base_url,
};
use mochila_protocol::multikey;
use serde_json::{Map, Value};
use url::Url;

use crate::keys::KeyRing;

/// Where the node's identity lives.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The institution's DID, e.g. `did:web:localhost%3A8080`.
    pub did: String,
    /// The HTTP path of the DID document: `/.well-known/did.json`, or `<path>/did.json`
    /// when the base URL has a path.
    pub did_document_path: String,
    /// The public URL of the institution's Open Badges `Profile`.
    pub profile_url: String,
    /// The base URL, without a trailing slash.
    pub base: String,
}

impl Identity {
    /// Derives the identity from the node's base URL (validated by the configuration: an
    /// http(s) URL with a DNS host name).
    pub fn from_base_url(base: &Url) -> Result<Self, DidError> {
        let base_str = base.as_str().trim_end_matches('/');
        let did = did_web_from_base_url(base_str)?;
        let segments: Vec<&str> = base
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        let did_document_path = if segments.is_empty() {
            "/.well-known/did.json".to_owned()
        } else {
            format!("/{}/did.json", segments.join("/"))
        };
        Ok(Self {
            did,
            did_document_path,
            profile_url: format!("{base_str}/issuer"),
            base: base_str.to_owned(),
        })
    }

    /// The URL of an achievement (its current version).
    pub fn achievement_url(&self, id: &str) -> String {
        format!("{}/achievements/{id}", self.base)
    }

    /// The URL of one version of an achievement (the `id` of the Achievement a credential
    /// embeds).
    pub fn achievement_version_url(&self, id: &str, version: i32) -> String {
        format!("{}/achievements/{id}/versions/{version}", self.base)
    }

    /// The URL of an uploaded image.
    pub fn image_url(&self, id: &str) -> String {
        format!("{}/images/{id}", self.base)
    }

    /// The public URL of a credential (JSON or its page, by content negotiation).
    pub fn credential_url(&self, id: &str) -> String {
        format!("{}/credentials/{id}", self.base)
    }

    /// The URL of a status list credential.
    pub fn status_list_url(&self, purpose: &str, number: i32) -> String {
        format!("{}/status/{purpose}/{number}", self.base)
    }

    /// The institution's ActivityPub actor, `{base}/actor`.
    pub fn actor_url(&self) -> String {
        format!("{}/actor", self.base)
    }

    /// The id of a verification method of this DID, e.g. `did:web:example.edu#key-1`.
    pub fn verification_method(&self, key_id: &str) -> String {
        format!("{}#{key_id}", self.did)
    }

    /// The DID document: every key as a Multikey, the active one first, all of them under
    /// `assertionMethod` (retired keys keep old credentials verifiable).
    pub fn did_document(&self, keys: &KeyRing) -> DidDocument {
        let mut ordered: Vec<_> = keys.ed25519.iter().collect();
        ordered.sort_by_key(|k| k.entry.retired.is_some());
        let verification_method = ordered
            .iter()
            .map(|k| VerificationMethod {
                id: self.verification_method(&k.entry.id),
                type_: "Multikey".to_owned(),
                controller: self.did.clone(),
                public_key_multibase: Some(multikey::encode_public(&k.signing.verifying_key())),
                extra: Map::new(),
            })
            .collect();
        let assertion_method = ordered
            .iter()
            .map(|k| Reference::Id(self.verification_method(&k.entry.id)))
            .collect();
        DidDocument {
            context: default_context(),
            id: self.did.clone(),
            controller: None,
            also_known_as: vec![self.profile_url.clone(), self.actor_url()],
            verification_method,
            authentication: Vec::new(),
            assertion_method,
            capability_invocation: Vec::new(),
            capability_delegation: Vec::new(),
            key_agreement: Vec::new(),
            service: vec![
                Service {
                    id: format!("{}#issuer-profile", self.did),
                    type_: Value::String("OpenBadgesIssuerProfile".to_owned()),
                    service_endpoint: Value::String(self.profile_url.clone()),
                    extra: Map::new(),
                },
                Service {
                    id: format!("{}#activitypub", self.did),
                    type_: Value::String("ActivityPubActor".to_owned()),
                    service_endpoint: Value::String(self.actor_url()),
                    extra: Map::new(),
                },
            ],
            extra: Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(url: &str) -> Identity {
        Identity::from_base_url(&Url::parse(url).unwrap()).unwrap()
    }

    #[test]
    fn port_is_percent_encoded() {
        let i = id("http://localhost:8080");
        assert_eq!(i.did, "did:web:localhost%3A8080");
        assert_eq!(i.did_document_path, "/.well-known/did.json");
        assert_eq!(i.profile_url, "http://localhost:8080/issuer");
    }

    #[test]
    fn path_gives_a_path_did() {
        let i = id("https://example.edu/units/ing/");
        assert_eq!(i.did, "did:web:example.edu:units:ing");
        assert_eq!(i.did_document_path, "/units/ing/did.json");
    }
}
