//! The Hash First Degree Quads algorithm (RDFC-1.0 section 4.6), run for every blank node
//! in one pass with reused buffers; it also drops duplicate quads from each node's list.

use super::hash::{HashAlgorithm, HashDigest, Hasher};
use super::index::Index;

/// Computes the first-degree hash of every blank node, by blank node number. Duplicate
/// quads are removed from each blank node's quad list on the way.
pub(crate) fn hash_all(index: &mut Index, algorithm: HashAlgorithm) -> Vec<HashDigest> {
    let mut hashes = Vec::with_capacity(index.node_count());
    let mut lines = String::new();
    let mut ends: Vec<(u32, u32)> = Vec::new();
    let mut kept: Vec<u32> = Vec::new();
    for node in 0..index.node_count() as u32 {
        lines.clear();
        ends.clear();
        for &q in index.quads_of(node) {
            let Some(text) = index.quads.get(q as usize) else {
                continue;
            };
            index.write_line(text, &mut lines, |other, out| {
                out.push(if other == node { 'a' } else { 'z' });
            });
            ends.push((lines.len() as u32, q));
        }
        // Each line with its quad, as slices: the sort compares them directly.
        let mut start = 0;
        let mut entries: Vec<(&str, u32)> = ends
            .iter()
            .map(|&(end, q)| {
                let line = lines.get(start..end as usize).unwrap_or_default();
                start = end as usize;
                (line, q)
            })
            .collect();
        let quads = &index.quads;
        let nodes = |q: u32| {
            quads
                .get(q as usize)
                .map(|t| t.slots().iter().map(|s| s.node).collect::<ArrayKey>())
        };
        if entries.len() > 1 {
            entries.sort_unstable_by(|x, y| x.0.cmp(y.0).then_with(|| nodes(x.1).cmp(&nodes(y.1))));
        }
        let mut hasher = Hasher::new(algorithm);
        kept.clear();
        let mut previous: Option<&(&str, u32)> = None;
        for entry in &entries {
            let duplicate =
                previous.is_some_and(|p| p.0 == entry.0 && nodes(p.1) == nodes(entry.1));
            if !duplicate {
                hasher.update(entry.0.as_bytes());
                kept.push(entry.1);
            }
            previous = Some(entry);
        }
        drop(entries);
        if kept.len() != ends.len() {
            index.replace_quads_of(node, &kept);
        }
        hashes.push(hasher.finish());
    }
    hashes
}

/// Up to three blank node numbers, compared as a sequence.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct ArrayKey([u32; 3], usize);

impl FromIterator<u32> for ArrayKey {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut key = ArrayKey([0; 3], 0);
        for (slot, n) in key.0.iter_mut().zip(iter) {
            *slot = n;
            key.1 += 1;
        }
        key
    }
}
