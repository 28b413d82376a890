//! Bitstring Status List v1.0: encode, decode, entries and list credentials.
//!
//! A list is a bitstring of at least 131,072 bits in which index 0 is the most significant
//! bit of byte 0; `encodedList` is `u` + base64url-no-pad(GZIP(bits)).

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The smallest list the specification allows, in bits (16 KiB), for herd privacy.
pub const MIN_BITS: usize = 131_072;
/// The default cap on a decoded list, in bytes (16 MiB = 134 million entries), against
/// gzip bombs.
pub const DEFAULT_MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;
/// The entry type.
pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";
/// The list credential type.
pub const LIST_CREDENTIAL_TYPE: &str = "BitstringStatusListCredential";
/// The list credential's subject type.
pub const LIST_TYPE: &str = "BitstringStatusList";

/// Why a status list or entry could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    /// `encodedList` is not `u` + base64url.
    #[error("encodedList is not multibase base64url: {0}")]
    Base64(String),
    /// `encodedList` is not valid GZIP.
    #[error("encodedList is not valid GZIP: {0}")]
    Gzip(String),
    /// The decoded list is larger than the cap.
    #[error("encodedList decodes to more than {0} bytes (possible gzip bomb)")]
    TooLarge(usize),
    /// The decoded list is smaller than the specification's minimum.
    #[error("the list holds {0} bits, fewer than the minimum 131072")]
    TooSmall(usize),
    /// An index is beyond the list.
    #[error("statusListIndex {index} is beyond the list's {len} entries")]
    IndexOutOfRange {
        /// The index asked for.
        index: usize,
        /// The list's length in bits.
        len: usize,
    },
    /// `statusListIndex` is not a decimal string.
    #[error("statusListIndex {0:?} is not a non-negative decimal integer string")]
    InvalidIndex(String),
    /// A member of the entry or the list credential is missing or wrong.
    #[error("{path}: {message}")]
    Invalid {
        /// JSON path of the member.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A status bitstring: bit `i` is bit `7 - i % 8` of byte `i / 8` (index 0 is the most
/// significant bit of byte 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Default for Bitstring {
    fn default() -> Self {
        Self::new(MIN_BITS)
    }
}

impl Bitstring {
    /// An all-zero list of at least `bits` bits (and at least [`MIN_BITS`]), rounded up to
    /// whole bytes.
    pub fn new(bits: usize) -> Self {
        let bits = bits.max(MIN_BITS);
        Self {
            bytes: vec![0; bits.div_ceil(8)],
        }
    }

    /// A list over `bytes` as they are (no minimum size is enforced).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The number of bits.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Whether the list has no bits.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn locate(&self, index: usize) -> Result<(usize, u8), StatusError> {
        if index >= self.len() {
            return Err(StatusError::IndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        Ok((index / 8, 0x80 >> (index % 8)))
    }

    /// The bit at `index`.
    pub fn get(&self, index: usize) -> Result<bool, StatusError> {
        let (byte, mask) = self.locate(index)?;
        Ok(self.bytes.get(byte).is_some_and(|b| b & mask != 0))
    }

    /// Sets the bit at `index`.
    pub fn set(&mut self, index: usize, value: bool) -> Result<(), StatusError> {
        let (byte, mask) = self.locate(index)?;
        if let Some(b) = self.bytes.get_mut(byte) {
            if value {
                *b |= mask;
            } else {
                *b &= !mask;
            }
        }
        Ok(())
    }

    /// The indexes of the set bits.
    pub fn set_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.get(i).unwrap_or(false))
    }

    /// `encodedList`: `u` + base64url-no-pad(GZIP(bytes)).
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let _ = gz.write_all(&self.bytes);
        let compressed = gz.finish().unwrap_or_default();
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// Decodes an `encodedList`, refusing lists that decode to more than `max_bytes` and
    /// lists smaller than [`MIN_BITS`]. A value without the `u` multibase header (as
    /// StatusList2021 wrote them) is accepted too.
    pub fn decode_with_limit(encoded: &str, max_bytes: usize) -> Result<Self, StatusError> {
        let body = encoded.strip_prefix('u').unwrap_or(encoded);
        let body = body.trim_end_matches('=');
        let compressed = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|e| StatusError::Base64(e.to_string()))?;
        let mut bytes = Vec::new();
        let limit = u64::try_from(max_bytes)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        GzDecoder::new(compressed.as_slice())
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| StatusError::Gzip(e.to_string()))?;
        if bytes.len() > max_bytes {
            return Err(StatusError::TooLarge(max_bytes));
        }
        if bytes.len() * 8 < MIN_BITS {
            return Err(StatusError::TooSmall(bytes.len() * 8));
        }
        Ok(Self { bytes })
    }

    /// Decodes an `encodedList` with the default cap ([`DEFAULT_MAX_DECODED_BYTES`]).
    pub fn decode(encoded: &str) -> Result<Self, StatusError> {
        Self::decode_with_limit(encoded, DEFAULT_MAX_DECODED_BYTES)
    }
}

/// A `credentialStatus` entry pointing into a Bitstring Status List.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BitstringStatusListEntry {
    /// Optional id of the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `BitstringStatusListEntry`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `revocation`, `suspension`, ...
    pub status_purpose: String,
    /// The index, as a decimal string.
    pub status_list_index: String,
    /// The URL of the list credential.
    pub status_list_credential: String,
    /// Any other member (e.g. `statusSize`, `statusMessage`), kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BitstringStatusListEntry {
    /// An entry for `purpose` at `index` in the list credential `list_url`.
    pub fn new(purpose: &str, index: usize, list_url: &str) -> Self {
        Self {
            id: Some(format!("{list_url}#{index}")),
            type_: ENTRY_TYPE.to_owned(),
            status_purpose: purpose.to_owned(),
            status_list_index: index.to_string(),
            status_list_credential: list_url.to_owned(),
            extra: Map::new(),
        }
    }

    /// The index, parsed.
    pub fn index(&self) -> Result<usize, StatusError> {
        let s = &self.status_list_index;
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StatusError::InvalidIndex(s.clone()));
        }
        s.parse().map_err(|_| StatusError::InvalidIndex(s.clone()))
    }
}

/// The subject of a list credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BitstringStatusList {
    /// Optional id (e.g. `<list url>#list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `BitstringStatusList`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The purpose every bit of this list has.
    pub status_purpose: String,
    /// `u` + base64url(GZIP(bits)).
    pub encoded_list: String,
    /// How long (milliseconds) a verifier may cache the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a list credential needs besides its bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusListCredentialParams {
    /// The list credential's URL (its `id`).
    pub id: String,
    /// The issuer's id (the DID that signs the list).
    pub issuer: String,
    /// `revocation` or `suspension`.
    pub status_purpose: String,
    /// `validFrom`.
    pub valid_from: String,
    /// `validUntil`, if any.
    pub valid_until: Option<String>,
    /// `ttl` in milliseconds, if any.
    pub ttl: Option<u64>,
}

/// Builds the (unsigned) `BitstringStatusListCredential` for `list`.
pub fn build_list_credential(params: &StatusListCredentialParams, list: &Bitstring) -> Value {
    let subject = BitstringStatusList {
        id: Some(format!("{}#list", params.id)),
        type_: LIST_TYPE.to_owned(),
        status_purpose: params.status_purpose.clone(),
        encoded_list: list.encode(),
        ttl: params.ttl,
        extra: Map::new(),
    };
    let mut credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": params.id,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": params.issuer,
        "validFrom": params.valid_from,
    });
    if let (Some(until), Some(map)) = (&params.valid_until, credential.as_object_mut()) {
        map.insert("validUntil".into(), until.clone().into());
    }
    if let Some(map) = credential.as_object_mut() {
        map.insert(
            "credentialSubject".into(),
            serde_json::to_value(subject).unwrap_or(Value::Null),
        );
    }
    credential
}

/// Reads a list credential's subject, checking its types.
pub fn list_of(list_credential: &Value) -> Result<BitstringStatusList, StatusError> {
    let invalid = |path: &str, message: &str| StatusError::Invalid {
        path: path.to_owned(),
        message: message.to_owned(),
    };
    let types = list_credential.get("type");
    let has_type = match types {
        Some(Value::Array(t)) => t.iter().any(|t| t == LIST_CREDENTIAL_TYPE),
        Some(Value::String(t)) => t == LIST_CREDENTIAL_TYPE,
        _ => false,
    };
    if !has_type {
        return Err(invalid(
            "$.type",
            "does not include BitstringStatusListCredential",
        ));
    }
    let subject = list_credential
        .get("credentialSubject")
        .ok_or_else(|| invalid("$.credentialSubject", "is missing"))?;
    let list: BitstringStatusList = serde_json::from_value(subject.clone())
        .map_err(|e| invalid("$.credentialSubject", &e.to_string()))?;
    if list.type_ != LIST_TYPE {
        return Err(invalid(
            "$.credentialSubject.type",
            "is not BitstringStatusList",
        ));
    }
    Ok(list)
}

/// The status bit of `entry` in `list_credential` (true = revoked/suspended). Checks that
/// the list credential is the one the entry names and that the purposes match. The caller
/// verifies the list credential's proof and validity period.
pub fn status_of(
    entry: &BitstringStatusListEntry,
    list_credential: &Value,
) -> Result<bool, StatusError> {
    let list = list_of(list_credential)?;
    if list_credential.get("id").and_then(Value::as_str)
        != Some(entry.status_list_credential.as_str())
    {
        return Err(StatusError::Invalid {
            path: "$.id".to_owned(),
            message: format!(
                "is not the entry's statusListCredential {:?}",
                entry.status_list_credential
            ),
        });
    }
    if list.status_purpose != entry.status_purpose {
        return Err(StatusError::Invalid {
            path: "$.credentialSubject.statusPurpose".to_owned(),
            message: format!(
                "is {:?}, the entry's statusPurpose is {:?}",
                list.status_purpose, entry.status_purpose
            ),
        });
    }
    Bitstring::decode(&list.encoded_list)?.get(entry.index()?)
}
