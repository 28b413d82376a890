//! Keys for HTTP signatures: Ed25519 (from Multikey or PEM) and RSA (from SPKI or PKCS#1
//! PEM), with the raw sign and verify operations each algorithm needs.

use ed25519_dalek::{Signer as _, VerifyingKey};
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _, EncodePublicKey as _, LineEnding};
use rsa::sha2::Sha256;

use super::HttpSigError;
use crate::multikey;

/// A public key that verifies HTTP signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An Ed25519 key (RFC 9421 `ed25519`, cavage `hs2019`).
    Ed25519(VerifyingKey),
    /// An RSA key (RFC 9421 `rsa-v1_5-sha256`, cavage `rsa-sha256`/`hs2019`).
    Rsa(rsa::PublicKey),
}

/// A private key that signs HTTP requests.
#[derive(Debug, Clone)]
pub enum SigningKey {
    /// An Ed25519 key.
    Ed25519(ed25519_dalek::SigningKey),
    /// An RSA key (signs with PKCS#1 v1.5 and SHA-256).
    Rsa(rsa::PrivateKey),
}

fn invalid(what: &str, e: impl std::fmt::Display) -> HttpSigError {
    HttpSigError::InvalidKey(format!("{what}: {e}"))
}

impl PublicKey {
    /// Parses a PEM public key: SPKI (`-----BEGIN PUBLIC KEY-----`, RSA or Ed25519, as in an
    /// actor's `publicKeyPem`) or PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`).
    pub fn from_pem(pem: &str) -> Result<Self, HttpSigError> {
        let pem = pem.trim();
        if pem.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
            return rsa::PublicKey::from_pkcs1_pem(pem)
                .map(Self::Rsa)
                .map_err(|e| invalid("PKCS#1 RSA public key", e));
        }
        if !pem.starts_with("-----BEGIN PUBLIC KEY-----") {
            return Err(HttpSigError::InvalidKey(
                "not a PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)"
                    .to_owned(),
            ));
        }
        match rsa::PublicKey::from_public_key_pem(pem) {
            Ok(key) => Ok(Self::Rsa(key)),
            Err(rsa_err) => VerifyingKey::from_public_key_pem(pem)
                .map(Self::Ed25519)
                .map_err(|ed_err| {
                    HttpSigError::InvalidKey(format!(
                        "SPKI public key is neither RSA ({rsa_err}) nor Ed25519 ({ed_err})"
                    ))
                }),
        }
    }

    /// Decodes an Ed25519 Multikey `publicKeyMultibase` (`z6Mk...`).
    pub fn from_multikey(public_key_multibase: &str) -> Result<Self, HttpSigError> {
        multikey::decode_public(public_key_multibase)
            .map(Self::Ed25519)
            .map_err(|e| invalid("Multikey", e))
    }

    /// The SPKI PEM encoding (`-----BEGIN PUBLIC KEY-----`), as an actor's `publicKeyPem`.
    pub fn to_pem(&self) -> Result<String, HttpSigError> {
        match self {
            Self::Rsa(key) => key
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| invalid("RSA public key encoding", e)),
            Self::Ed25519(key) => key
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| invalid("Ed25519 public key encoding", e)),
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "n Ed25519",
            Self::Rsa(_) => " RSA",
        }
    }

    /// Verifies `signature` over `message` with the algorithm the key implies (Ed25519, or
    /// RSASSA-PKCS1-v1_5 with SHA-256).
    pub(crate) fn verify_raw(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Ed25519(key) => match ed25519_dalek::Signature::from_slice(signature) {
                Ok(sig) => key.verify_strict(message, &sig).is_ok(),
                Err(_) => false,
            },
            Self::Rsa(key) => key.pkcs1v15_verify::<Sha256>(message, signature).is_ok(),
        }
    }
}

impl SigningKey {
    /// Parses a PEM private key: PKCS#8 (`-----BEGIN PRIVATE KEY-----`, RSA or Ed25519) or
    /// PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`).
    pub fn from_pem(pem: &str) -> Result<Self, HttpSigError> {
        let pem = pem.trim();
        if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
            return rsa::PrivateKey::from_pkcs1_pem(pem)
                .map(Self::Rsa)
                .map_err(|e| invalid("PKCS#1 RSA private key", e));
        }
        match rsa::PrivateKey::from_pkcs8_pem(pem) {
            Ok(key) => Ok(Self::Rsa(key)),
            Err(rsa_err) => ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
                .map(Self::Ed25519)
                .map_err(|ed_err| {
                    HttpSigError::InvalidKey(format!(
                        "PKCS#8 private key is neither RSA ({rsa_err}) nor Ed25519 ({ed_err})"
                    ))
                }),
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        match self {
            Self::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
            Self::Rsa(key) => PublicKey::Rsa(key.to_public_key()),
        }
    }

    /// Signs `message`: Ed25519, or RSASSA-PKCS1-v1_5 with SHA-256 (deterministic; the
    /// private-key operation is blinded).
    pub(crate) fn sign_raw(&self, message: &[u8]) -> Result<Vec<u8>, HttpSigError> {
        match self {
            Self::Ed25519(key) => Ok(key.sign(message).to_bytes().to_vec()),
            Self::Rsa(key) => key
                .pkcs1v15_sign::<Sha256>(message)
                .map_err(|e| HttpSigError::Signing(e.to_string())),
        }
    }
}
