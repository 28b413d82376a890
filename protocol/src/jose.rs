//! JOSE for Ed25519: JSON Web Keys of type `OKP` (RFC 8037), their RFC 7638 thumbprints,
//! and compact JSON Web Signatures with `alg: EdDSA` — what OpenID Federation entity
//! statements are made of.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// An Ed25519 public key as a JWK (`kty: OKP`, `crv: Ed25519`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OkpJwk {
    /// `OKP`.
    pub kty: String,
    /// `Ed25519`.
    pub crv: String,
    /// The public key, base64url.
    pub x: String,
    /// The key id (its thumbprint, for the keys this crate makes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// `EdDSA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// `sig`.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
}

impl OkpJwk {
    /// The JWK of `key`, with its thumbprint as `kid`, `alg: EdDSA` and `use: sig`.
    pub fn of(key: &VerifyingKey) -> Self {
        let mut jwk = Self {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: B64.encode(key.as_bytes()),
            kid: None,
            alg: Some("EdDSA".into()),
            use_: Some("sig".into()),
        };
        jwk.kid = Some(jwk.thumbprint());
        jwk
    }

    /// The RFC 7638 thumbprint: SHA-256 of `{"crv":…,"kty":…,"x":…}`, base64url.
    pub fn thumbprint(&self) -> String {
        let canonical = format!(
            r#"{{"crv":{},"kty":{},"x":{}}}"#,
            Value::String(self.crv.clone()),
            Value::String(self.kty.clone()),
            Value::String(self.x.clone())
        );
        B64.encode(Sha256::digest(canonical.as_bytes()))
    }

    /// The key, when this is an Ed25519 public key.
    pub fn verifying_key(&self) -> Result<VerifyingKey, JoseError> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
            return Err(JoseError::UnsupportedKey(format!(
                "kty {:?}, crv {:?}: only OKP Ed25519",
                self.kty, self.crv
            )));
        }
        let bytes: [u8; 32] = B64
            .decode(&self.x)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| JoseError::UnsupportedKey("x is not 32 base64url bytes".into()))?;
        VerifyingKey::from_bytes(&bytes)
            .map_err(|e| JoseError::UnsupportedKey(format!("x is not an Ed25519 point: {e}")))
    }
}

/// Why a JWS cannot be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoseError {
    /// Not three base64url parts, or a part is not what it must be.
    #[error("malformed JWS: {0}")]
    Malformed(String),
    /// The header names another algorithm than `EdDSA`.
    #[error("alg {0:?}: only EdDSA is accepted")]
    Algorithm(String),
    /// The signature does not verify with the key.
    #[error("the signature does not verify")]
    BadSignature,
    /// The key is not an Ed25519 public key.
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
}

/// A compact JWS, read but not yet verified: check its header to choose the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified<'a> {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload bytes.
    pub payload: Vec<u8>,
    signing_input: &'a str,
    signature: Signature,
}

/// Signs `payload` as a compact JWS with `header` (its `alg` set to `EdDSA`).
pub fn sign_compact(mut header: Map<String, Value>, payload: &[u8], key: &SigningKey) -> String {
    header.insert("alg".into(), Value::String("EdDSA".into()));
    let header = Value::Object(header).to_string();
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", B64.encode(signature.to_bytes()))
}

/// Reads a compact JWS: three base64url parts, a JSON object header with `alg: EdDSA`.
pub fn read_compact(jws: &str) -> Result<Unverified<'_>, JoseError> {
    let malformed = |m: &str| JoseError::Malformed(m.to_owned());
    let (signing_input, signature) = jws
        .trim()
        .rsplit_once('.')
        .ok_or_else(|| malformed("not three dot-separated parts"))?;
    let (header, payload) = signing_input
        .split_once('.')
        .filter(|(_, p)| !p.contains('.'))
        .ok_or_else(|| malformed("not three dot-separated parts"))?;
    let decode = |part: &str, what: &str| {
        B64.decode(part)
            .map_err(|e| JoseError::Malformed(format!("{what} is not base64url: {e}")))
    };
    let header: Map<String, Value> = serde_json::from_slice(&decode(header, "the header")?)
        .map_err(|e| JoseError::Malformed(format!("the header is not a JSON object: {e}")))?;
    match header.get("alg").and_then(Value::as_str) {
        Some("EdDSA") => {}
        other => return Err(JoseError::Algorithm(other.unwrap_or("").to_owned())),
    }
    let signature: [u8; 64] = decode(signature, "the signature")?
        .try_into()
        .map_err(|_| malformed("the signature is not 64 bytes"))?;
    Ok(Unverified {
        header,
        payload: decode(payload, "the payload")?,
        signing_input: &jws.trim()[..signing_input.len()],
        signature: Signature::from_bytes(&signature),
    })
}

impl Unverified<'_> {
    /// The header's `kid`, if any.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The header's `typ`, if any.
    pub fn typ(&self) -> Option<&str> {
        self.header.get("typ").and_then(Value::as_str)
    }

    /// The payload, once its signature verifies with `key` (strict Ed25519).
    pub fn verify(self, key: &VerifyingKey) -> Result<Vec<u8>, JoseError> {
        key.verify_strict(self.signing_input.as_bytes(), &self.signature)
            .map_err(|_| JoseError::BadSignature)?;
        Ok(self.payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037, appendix A.1 (the key), A.3 (its thumbprint) and A.4 (a JWS over
    /// "Example of Ed25519 signing").
    const D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
    const JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    fn rfc_key() -> SigningKey {
        let d: [u8; 32] = B64.decode(D).unwrap().try_into().unwrap();
        SigningKey::from_bytes(&d)
    }

    #[test]
    fn the_rfc_8037_key_its_thumbprint_and_signature_are_reproduced() {
        let key = rfc_key();
        let jwk = OkpJwk::of(&key.verifying_key());
        assert_eq!(jwk.x, X);
        assert_eq!(jwk.thumbprint(), THUMBPRINT);
        assert_eq!(jwk.kid.as_deref(), Some(THUMBPRINT));
        assert_eq!(
            sign_compact(Map::new(), b"Example of Ed25519 signing", &key),
            JWS
        );
        let read = read_compact(JWS).unwrap();
        assert_eq!(read.kid(), None);
        let payload = read.verify(&jwk.verifying_key().unwrap()).unwrap();
        assert_eq!(payload, b"Example of Ed25519 signing");
    }

    #[test]
    fn tampering_another_key_or_another_algorithm_is_refused() {
        let key = rfc_key().verifying_key();
        let other = SigningKey::from_bytes(&[9u8; 32]).verifying_key();
        assert_eq!(
            read_compact(JWS).unwrap().verify(&other),
            Err(JoseError::BadSignature)
        );
        let tampered = JWS.replace(
            "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
            &B64.encode("Example of Ed25519 signinG"),
        );
        assert_eq!(
            read_compact(&tampered).unwrap().verify(&key),
            Err(JoseError::BadSignature)
        );
        let none = format!("{}.{}.", B64.encode(r#"{"alg":"none"}"#), B64.encode("x"));
        assert_eq!(
            read_compact(&none),
            Err(JoseError::Algorithm("none".into()))
        );
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.AA"] {
            assert!(
                matches!(read_compact(bad), Err(JoseError::Malformed(_))),
                "{bad:?}"
            );
        }
        let wrong_curve = OkpJwk {
            crv: "X25519".into(),
            ..OkpJwk::of(&key)
        };
        assert!(matches!(
            wrong_curve.verifying_key(),
            Err(JoseError::UnsupportedKey(_))
        ));
    }
}
