//! RDFC-1.0 (RDF Dataset Canonicalization), with work limits against dataset poisoning,
//! and an N-Quads parser for test suites and offline tools.

use crate::rdf::Quad;

/// Work limits for canonicalisation.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most calls of the Hash N-Degree Quads algorithm allowed.
    pub max_ndegree_calls: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_ndegree_calls: 4096,
        }
    }
}

/// Why a dataset could not be canonicalised.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CanonError {
    /// The dataset needs more work than the limits allow (possible dataset poisoning).
    #[error("canonicalisation exceeded its work limit ({0} Hash N-Degree Quads calls)")]
    TooComplex(usize),
}

/// Canonicalises `dataset` and returns the canonical N-Quads document (sorted lines, each
/// ending in a newline, duplicates removed).
pub fn canonicalize(dataset: &[Quad], limits: &Limits) -> Result<String, CanonError> {
    let _ = (dataset, limits);
    Err(CanonError::TooComplex(0))
}
