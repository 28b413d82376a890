//! The institution's identity on the web: its `did:web` (derived from the base URL), the
//! DID document listing every Ed25519 key (active and retired) as a Multikey, and the URLs
//! where the DID document and the Open Badges `Profile` are served.

use serde_json::{Value, json};
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
}

impl Identity {
    /// Derives the identity from the node's base URL.
    pub fn from_base_url(base: &Url) -> Self {
        let host = base.host_str().unwrap_or("localhost");
        let mut did = format!("did:web:{host}");
        if let Some(port) = base.port() {
            did.push_str(&format!("%3A{port}"));
        }
        let segments: Vec<&str> = base
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        for segment in &segments {
            did.push(':');
            did.push_str(segment);
        }
        let did_document_path = if segments.is_empty() {
            "/.well-known/did.json".to_owned()
        } else {
            format!("/{}/did.json", segments.join("/"))
        };
        let base_str = base.as_str().trim_end_matches('/');
        Self {
            did,
            did_document_path,
            profile_url: format!("{base_str}/issuer"),
        }
    }

    /// The id of a verification method of this DID, e.g. `did:web:example.edu#key-1`.
    pub fn verification_method(&self, key_id: &str) -> String {
        format!("{}#{key_id}", self.did)
    }

    /// The DID document: every key as a Multikey, the active one first, all of them under
    /// `assertionMethod` (retired keys keep old credentials verifiable).
    pub fn did_document(&self, keys: &KeyRing) -> Value {
        let mut ordered: Vec<_> = keys.ed25519.iter().collect();
        ordered.sort_by_key(|k| k.entry.retired.is_some());
        let methods: Vec<Value> = ordered
            .iter()
            .map(|k| {
                json!({
                    "id": self.verification_method(&k.entry.id),
                    "type": "Multikey",
                    "controller": self.did,
                    "publicKeyMultibase": multikey_public(&k.signing.verifying_key()),
                })
            })
            .collect();
        let refs: Vec<Value> = ordered
            .iter()
            .map(|k| json!(self.verification_method(&k.entry.id)))
            .collect();
        json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.did,
            "alsoKnownAs": [self.profile_url],
            "verificationMethod": methods,
            "assertionMethod": refs,
            "service": [{
                "id": format!("{}#issuer-profile", self.did),
                "type": "OpenBadgesIssuerProfile",
                "serviceEndpoint": self.profile_url,
            }],
        })
    }
}

/// `z` + base58btc(0xed 0x01 || key): the Multikey form of an Ed25519 public key.
fn multikey_public(key: &ed25519_dalek::VerifyingKey) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&[0xed, 0x01]);
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58_encode(&bytes))
}

fn bs58_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(
        digits
            .iter()
            .rev()
            .map(|d| ALPHABET[usize::from(*d)] as char),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(url: &str) -> Identity {
        Identity::from_base_url(&Url::parse(url).unwrap())
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
