//! The RDFC-1.0 canonicalization algorithm (section 4.4): first-degree hashes, canonical
//! identifiers for unique hashes, N-degree hashing for the rest, then the sorted output.

use super::first_degree;
use super::hash::{HashAlgorithm, HashDigest};
use super::index::Index;
use super::issuer::{CanonicalIssuer, TempIssuer};
use super::ndegree::{Budget, NDegree};
use super::{CanonError, Limits};
use crate::rdf::Quad;

/// A canonicalised dataset: the indexed quads and the canonical identifiers issued.
pub(crate) struct Labelled {
    pub(crate) index: Index,
    pub(crate) canonical: CanonicalIssuer,
}

/// Runs the canonicalization algorithm up to the issuing of canonical identifiers.
pub(crate) fn label(
    dataset: &[Quad],
    limits: &Limits,
    algorithm: HashAlgorithm,
) -> Result<Labelled, CanonError> {
    label_index(Index::new(dataset)?, limits, algorithm)
}

/// [`label`] on a dataset already indexed.
pub(crate) fn label_index(
    mut index: Index,
    limits: &Limits,
    algorithm: HashAlgorithm,
) -> Result<Labelled, CanonError> {
    let first = first_degree::hash_all(&mut index, algorithm);
    let mut canonical = CanonicalIssuer::new(index.node_count());

    // Steps 3-4: group blank nodes by hash (stable: first-appearance order within a group)
    // and name the ones with a unique hash, in hash order.
    let mut by_hash: Vec<(HashDigest, u32)> = first
        .iter()
        .enumerate()
        .map(|(n, h)| (*h, n as u32))
        .collect();
    by_hash.sort_by_key(|a| a.0);
    let mut shared = false;
    for group in by_hash.chunk_by(|a, b| a.0 == b.0) {
        match group {
            [(_, node)] => canonical.issue(*node),
            _ => shared = true,
        }
    }

    // Step 5: N-degree hashing for each group of blank nodes sharing a hash.
    if shared {
        let mut budget = Budget::default();
        for group in by_hash.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            let mut results: Vec<(HashDigest, TempIssuer)> = Vec::with_capacity(group.len());
            for &(_, node) in group {
                if canonical.get(node).is_some() {
                    continue;
                }
                let mut issuer = TempIssuer::default();
                issuer.issue(node);
                let ndegree = NDegree {
                    index: &index,
                    first_degree: &first,
                    canonical: &canonical,
                    algorithm,
                    limits,
                };
                results.push(ndegree.hash(node, &issuer, &mut budget, 0)?);
            }
            results.sort_by_key(|a| a.0);
            for (_, issuer) in &results {
                for &node in issuer.order() {
                    canonical.issue(node);
                }
            }
        }
    }
    Ok(Labelled { index, canonical })
}

impl Labelled {
    /// Step 6: the canonical N-Quads document (relabelled, sorted, without duplicates).
    pub(crate) fn to_nquads(&self) -> String {
        let index = &self.index;
        let with_blanks = || index.quads.iter().filter(|t| t.slot_count > 0);
        let mut relabelled = String::with_capacity(
            with_blanks()
                .map(|t| (t.end - t.start) as usize + 12 * usize::from(t.slot_count))
                .sum(),
        );
        let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(with_blanks().count());
        for text in with_blanks() {
            let start = relabelled.len() as u32;
            index.write_line(text, &mut relabelled, |node, out| {
                self.canonical.write_label(node, out);
            });
            ranges.push((start, relabelled.len() as u32));
        }
        let mut lines: Vec<&str> = Vec::with_capacity(index.quads.len());
        lines.extend(
            index
                .quads
                .iter()
                .filter(|t| t.slot_count == 0)
                .map(|t| index.text(t.start, t.end)),
        );
        lines.extend(
            ranges
                .iter()
                .map(|&(a, b)| relabelled.get(a as usize..b as usize).unwrap_or("")),
        );
        // Equal lines are identical (and deduplicated next), so stability is not needed:
        // pattern-defeating quicksort measured fewer instructions than the stable sort here.
        lines.sort_unstable();
        lines.dedup();
        let mut out = String::with_capacity(lines.iter().map(|l| l.len()).sum());
        for line in lines {
            out.push_str(line);
        }
        out
    }

    /// The issued identifier map: input blank node label to canonical identifier, in
    /// issue order.
    pub(crate) fn issued(&self) -> Vec<(String, String)> {
        self.canonical
            .order()
            .iter()
            .map(|&node| {
                let input = self
                    .index
                    .labels
                    .get(node as usize)
                    .map_or("", String::as_str);
                let mut id = String::new();
                self.canonical.write_label(node, &mut id);
                (input.to_owned(), id)
            })
            .collect()
    }
}
