//! Paths to the shared test vectors.

use std::path::PathBuf;

/// `../shared/vectors/<rel>` from the workspace root.
pub fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/vectors")
        .join(rel)
}

/// Reads a vector file as a string.
pub fn read(rel: &str) -> String {
    let p = path(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}
