//! The Hash First Degree Quads algorithm (RDFC-1.0 section 4.6), run for every blank node
//! in one pass with reused buffers; it also drops duplicate quads from each node's list.

use super::hash::{HashAlgorithm, HashDigest, Hasher};
use super::index::Index;

/// Computes the first-degree hash of every blank node, by blank node number. Duplicate
/// quads are removed from each blank node's quad list on the way.
pub(crate) fn hash_all(index: &mut Index, algorithm: HashAlgorithm) -> Vec<HashDigest> {
    let mut hashes = Vec::with_capacity(index.node_count());
    let mut lines = String::new();
    let mut entries: Vec<(u32, u32, u32)> = Vec::new();
    let mut kept: Vec<u32> = Vec::new();
    for node in 0..index.node_count() as u32 {
        lines.clear();
        entries.clear();
        for &q in index.quads_of(node) {
            let Some(text) = index.quads.get(q as usize) else {
                continue;
            };
            let start = lines.len() as u32;
            index.write_line(text, &mut lines, |other, out| {
                out.push(if other == node { 'a' } else { 'z' });
            });
            entries.push((start, lines.len() as u32, q));
        }
        let line = |e: &(u32, u32, u32)| lines.get(e.0 as usize..e.1 as usize).unwrap_or("");
        let nodes = |e: &(u32, u32, u32)| {
            index
                .quads
                .get(e.2 as usize)
                .map(|t| t.slots().iter().map(|s| s.node).collect::<ArrayKey>())
        };
        if entries.len() > 1 {
            entries.sort_unstable_by(|x, y| {
                line(x).cmp(line(y)).then_with(|| nodes(x).cmp(&nodes(y)))
            });
        }
        let mut hasher = Hasher::new(algorithm);
        kept.clear();
        let mut previous: Option<&(u32, u32, u32)> = None;
        for entry in &entries {
            let duplicate =
                previous.is_some_and(|p| line(p) == line(entry) && nodes(p) == nodes(entry));
            if !duplicate {
                hasher.update(line(entry).as_bytes());
                kept.push(entry.2);
            }
            previous = Some(entry);
        }
        if kept.len() != entries.len() {
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
