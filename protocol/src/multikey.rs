//! Multikey encoding of Ed25519 public and secret keys, and did:key.
//!
//! A public key is `z` + base58btc(0xed 0x01 || 32 bytes) (`z6Mk...`); a secret key is
//! `z` + base58btc(0x80 0x26 || 32-byte seed) (`z3u2...`).

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::did::{DidDocument, Reference, VerificationMethod};

/// The multicodec varint prefix of an Ed25519 public key (`ed25519-pub`).
pub const ED25519_PUB_PREFIX: [u8; 2] = [0xed, 0x01];
/// The multicodec varint prefix of an Ed25519 secret key (`ed25519-priv`).
pub const ED25519_PRIV_PREFIX: [u8; 2] = [0x80, 0x26];
/// The `type` of a Multikey verification method.
pub const MULTIKEY_TYPE: &str = "Multikey";
/// The Multikey JSON-LD context.
pub const MULTIKEY_CONTEXT: &str = "https://w3id.org/security/multikey/v1";

/// Why a Multikey or did:key could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MultikeyError {
    /// The value does not start with the base58btc multibase header `z`.
    #[error("multibase value {0:?} is not base58btc (must start with 'z')")]
    NotBase58Btc(String),
    /// The value is not valid base58btc.
    #[error("multibase value {value:?} is not valid base58btc: {reason}")]
    InvalidBase58 {
        /// The offending value.
        value: String,
        /// The decoder's explanation.
        reason: String,
    },
    /// The multicodec prefix is not the one expected.
    #[error("multikey {value:?} has multicodec prefix {found}, expected {expected}")]
    WrongPrefix {
        /// The offending value.
        value: String,
        /// The prefix found, hex.
        found: String,
        /// The prefix expected, hex.
        expected: String,
    },
    /// The key has the wrong length.
    #[error("multikey {value:?} holds {found} key bytes, expected 32")]
    WrongLength {
        /// The offending value.
        value: String,
        /// The number of key bytes found.
        found: usize,
    },
    /// The bytes are not a valid Ed25519 public key (not a curve point).
    #[error("multikey {0:?} is not a valid Ed25519 public key")]
    InvalidPoint(String),
    /// The DID is not a did:key, or its fragment does not match its key.
    #[error("{did:?} is not a valid did:key: {reason}")]
    InvalidDidKey {
        /// The offending DID or DID URL.
        did: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Encodes `z` + base58btc(`prefix` || `key`).
fn encode(prefix: [u8; 2], key: &[u8; 32]) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&prefix);
    bytes.extend_from_slice(key);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// Decodes a `z` multibase value with a 2-byte multicodec `prefix` and a 32-byte key.
fn decode(value: &str, prefix: [u8; 2]) -> Result<[u8; 32], MultikeyError> {
    let body = value
        .strip_prefix('z')
        .ok_or_else(|| MultikeyError::NotBase58Btc(value.to_owned()))?;
    let bytes = bs58::decode(body)
        .into_vec()
        .map_err(|e| MultikeyError::InvalidBase58 {
            value: value.to_owned(),
            reason: e.to_string(),
        })?;
    let (found, key) = bytes.split_at(2.min(bytes.len()));
    if found != prefix {
        return Err(MultikeyError::WrongPrefix {
            value: value.to_owned(),
            found: hex(found),
            expected: hex(&prefix),
        });
    }
    <[u8; 32]>::try_from(key).map_err(|_| MultikeyError::WrongLength {
        value: value.to_owned(),
        found: key.len(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Encodes an Ed25519 public key as a Multikey `publicKeyMultibase` (`z6Mk...`).
pub fn encode_public(key: &VerifyingKey) -> String {
    encode(ED25519_PUB_PREFIX, key.as_bytes())
}

/// Decodes a `publicKeyMultibase` Ed25519 public key, rejecting other key types and lengths.
pub fn decode_public(value: &str) -> Result<VerifyingKey, MultikeyError> {
    let bytes = decode(value, ED25519_PUB_PREFIX)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| MultikeyError::InvalidPoint(value.to_owned()))
}

/// Encodes an Ed25519 secret key (its 32-byte seed) as a `secretKeyMultibase` (`z3u2...`).
pub fn encode_secret(key: &SigningKey) -> String {
    encode(ED25519_PRIV_PREFIX, key.as_bytes())
}

/// Decodes a `secretKeyMultibase` Ed25519 secret key.
pub fn decode_secret(value: &str) -> Result<SigningKey, MultikeyError> {
    decode(value, ED25519_PRIV_PREFIX).map(|seed| SigningKey::from_bytes(&seed))
}

/// The did:key DID of an Ed25519 public key: `did:key:z6Mk...`.
pub fn did_key(key: &VerifyingKey) -> String {
    format!("did:key:{}", encode_public(key))
}

/// The verification method id of a did:key: `did:key:z6Mk...#z6Mk...`.
pub fn did_key_verification_method(key: &VerifyingKey) -> String {
    let mb = encode_public(key);
    format!("did:key:{mb}#{mb}")
}

/// Resolves a did:key DID or DID URL offline to its DID document: one Multikey
/// verification method, referenced from every verification relationship. A fragment, if
/// present, must equal the key's multibase value.
pub fn resolve_did_key(did_url: &str) -> Result<DidDocument, MultikeyError> {
    let invalid = |reason: &str| MultikeyError::InvalidDidKey {
        did: did_url.to_owned(),
        reason: reason.to_owned(),
    };
    let rest = did_url
        .strip_prefix("did:key:")
        .ok_or_else(|| invalid("does not start with did:key:"))?;
    let (mb, fragment) = match rest.split_once('#') {
        Some((mb, fragment)) => (mb, Some(fragment)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| f != mb) {
        return Err(invalid("the fragment is not the key's multibase value"));
    }
    let key = decode_public(mb)?;
    let did = format!("did:key:{mb}");
    let vm_id = format!("{did}#{mb}");
    let method = VerificationMethod {
        id: vm_id.clone(),
        type_: MULTIKEY_TYPE.to_owned(),
        controller: did.clone(),
        public_key_multibase: Some(encode_public(&key)),
        extra: serde_json::Map::new(),
    };
    let reference = || vec![Reference::Id(vm_id.clone())];
    Ok(DidDocument {
        context: crate::did::default_context(),
        id: did,
        controller: None,
        also_known_as: Vec::new(),
        verification_method: vec![method],
        authentication: reference(),
        assertion_method: reference(),
        capability_invocation: reference(),
        capability_delegation: reference(),
        key_agreement: Vec::new(),
        service: Vec::new(),
        extra: serde_json::Map::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The W3C vc-di-eddsa key pair.
    const PUB: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const SEC: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    #[test]
    fn round_trips_vector_keys() {
        let sk = decode_secret(SEC).unwrap();
        assert_eq!(encode_secret(&sk), SEC);
        assert_eq!(encode_public(&sk.verifying_key()), PUB);
        let pk = decode_public(PUB).unwrap();
        assert_eq!(pk, sk.verifying_key());
    }

    #[test]
    fn rejects_wrong_prefix_and_length() {
        assert!(matches!(
            decode_public(SEC),
            Err(MultikeyError::WrongPrefix { .. })
        ));
        assert!(matches!(
            decode_secret(PUB),
            Err(MultikeyError::WrongPrefix { .. })
        ));
        let short = format!("z{}", bs58::encode([0xed, 0x01, 1, 2, 3]).into_string());
        assert!(matches!(
            decode_public(&short),
            Err(MultikeyError::WrongLength { found: 3, .. })
        ));
        assert!(matches!(
            decode_public(&PUB[1..]),
            Err(MultikeyError::NotBase58Btc(_))
        ));
        assert!(matches!(
            decode_public("z0OIl"),
            Err(MultikeyError::InvalidBase58 { .. })
        ));
        assert!(decode_public("").is_err());
        assert!(decode_public("z").is_err());
    }

    #[test]
    fn resolves_did_key() {
        let doc = resolve_did_key(&format!("did:key:{PUB}#{PUB}")).unwrap();
        assert_eq!(doc.id, format!("did:key:{PUB}"));
        let resolved = doc.assertion_key(&format!("did:key:{PUB}#{PUB}")).unwrap();
        assert_eq!(encode_public(&resolved.key), PUB);
        assert!(resolve_did_key(&format!("did:key:{PUB}#other")).is_err());
        assert!(resolve_did_key(&format!("did:web:{PUB}")).is_err());
    }
}
