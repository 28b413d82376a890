//! The hashing step shared by both EdDSA cryptosuites.

use sha2::{Digest, Sha256};

/// The canonical proof configuration and document of a proof, as signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalForms {
    /// The canonical proof configuration (N-Quads for rdfc, JSON for jcs).
    pub canonical_proof_config: String,
    /// The canonical unsecured document (N-Quads for rdfc, JSON for jcs).
    pub canonical_document: String,
}

impl CanonicalForms {
    /// SHA-256 of the canonical proof configuration.
    pub fn proof_hash(&self) -> [u8; 32] {
        Sha256::digest(self.canonical_proof_config.as_bytes()).into()
    }

    /// SHA-256 of the canonical document.
    pub fn document_hash(&self) -> [u8; 32] {
        Sha256::digest(self.canonical_document.as_bytes()).into()
    }
}

/// hashData: SHA-256(proof configuration) || SHA-256(document), proof hash first: the 64
/// bytes that are signed.
pub fn hash_data(forms: &CanonicalForms) -> [u8; 64] {
    let mut out = [0u8; 64];
    let (a, b) = out.split_at_mut(32);
    a.copy_from_slice(&forms.proof_hash());
    b.copy_from_slice(&forms.document_hash());
    out
}
