//! RDFC-1.0 (RDF Dataset Canonicalization), with work limits against dataset poisoning,
//! and an N-Quads parser for test suites and offline tools.
//!
//! The implementation pre-serialises every quad once and hashes with reused buffers; the
//! N-degree algorithms only run when first-degree hashes collide.

mod canon;
mod first_degree;
mod hash;
mod index;
mod issuer;
mod labels;
mod ndegree;
mod nquads;

pub use hash::HashAlgorithm;
pub(crate) use index::IndexBuilder;
pub use nquads::{ParseError, parse_nquads};

use crate::rdf::Quad;

/// Work limits for canonicalisation. The W3C test suite needs fewer than 500 N-degree
/// calls, 2,880 permutations and a recursion depth of 6; the defaults leave a wide margin
/// (8 indistinguishable blank nodes around one blank node are fine, and any number of
/// indistinguishable ones around IRIs) and reject poisoned datasets, such as the suite's
/// 10-node blank node clique, as soon as they see one node's related nodes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most recursive calls of the Hash N-Degree Quads algorithm allowed (the one
    /// top-level call per blank node whose first-degree hash is shared is not counted).
    pub max_ndegree_calls: usize,
    /// The most permutations the Hash N-Degree Quads algorithm may examine in total.
    pub max_permutations: usize,
    /// The deepest the Hash N-Degree Quads algorithm may recurse.
    pub max_recursion_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_ndegree_calls: 4096,
            max_permutations: 65_536,
            max_recursion_depth: 64,
        }
    }
}

/// Which work limit a dataset exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkLimit {
    /// [`Limits::max_ndegree_calls`], with its value.
    #[error("more than {0} recursive Hash N-Degree Quads calls")]
    NDegreeCalls(usize),
    /// [`Limits::max_permutations`], with its value.
    #[error("more than {0} permutations of related blank nodes")]
    Permutations(usize),
    /// [`Limits::max_recursion_depth`], with its value.
    #[error("Hash N-Degree Quads recursion deeper than {0}")]
    RecursionDepth(usize),
}

/// Why a dataset could not be canonicalised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonError {
    /// The dataset needs more work than the limits allow (possible dataset poisoning).
    #[error("canonicalisation exceeded its work limit ({0}): possible dataset poisoning")]
    TooComplex(WorkLimit),
    /// A quad has a term in a position RDF does not allow.
    #[error("quad {index}: {reason}")]
    InvalidQuad {
        /// The quad's position in the dataset.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The dataset is too large to index (more than 4 GiB of N-Quads).
    #[error("dataset of {0} quads is too large to canonicalise")]
    TooLarge(usize),
}

/// A canonicalised dataset with the blank node identifiers issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonicalized {
    /// The canonical N-Quads document.
    pub nquads: String,
    /// Input blank node label (without `_:`) to canonical identifier (`c14n<n>`), in the
    /// order the canonical identifiers were issued.
    pub issued: Vec<(String, String)>,
}

/// Canonicalises `dataset` with SHA-256 and returns the canonical N-Quads document
/// (sorted lines, each ending in a newline, duplicates removed).
pub fn canonicalize(dataset: &[Quad], limits: &Limits) -> Result<String, CanonError> {
    Ok(canon::label(dataset, limits, HashAlgorithm::Sha256)?.to_nquads())
}

/// [`canonicalize`] of the quads fed to `builder` (JSON-LD to RDF feeds it directly, so
/// that no owned dataset is built in between).
pub(crate) fn canonicalize_built(
    builder: IndexBuilder,
    limits: &Limits,
) -> Result<String, CanonError> {
    Ok(canon::label_index(builder.finish()?, limits, HashAlgorithm::Sha256)?.to_nquads())
}

/// Canonicalises `dataset` with the given hash algorithm and returns both the canonical
/// N-Quads document and the issued identifier map.
pub fn canonicalize_with(
    dataset: &[Quad],
    limits: &Limits,
    algorithm: HashAlgorithm,
) -> Result<Canonicalized, CanonError> {
    let labelled = canon::label(dataset, limits, algorithm)?;
    Ok(Canonicalized {
        nquads: labelled.to_nquads(),
        issued: labelled.issued(),
    })
}
