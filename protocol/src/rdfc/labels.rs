//! Blank node label to blank node number, for the index: labels of the form `b<n>` (what
//! JSON-LD to RDF issues) by their number in a table, any other label through a hash map.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::index::NONE;

/// Labels `b<n>` with `n` below this go in the table (16 KiB at most); larger numbers and
/// other labels go in the map. Which way a label goes depends on the label alone.
const TABLE_MAX: u32 = 4096;

/// Blank node label to blank node number.
#[derive(Default)]
pub(crate) struct Labels {
    table: Vec<u32>,
    map: HashMap<String, u32, BuildHasherDefault<LabelHasher>>,
}

impl Labels {
    /// The number of `label`, given `next` if it is new.
    pub(crate) fn intern(&mut self, label: &str, next: u32) -> u32 {
        let Some(n) = table_index(label) else {
            if let Some(&node) = self.map.get(label) {
                return node;
            }
            self.map.insert(label.to_owned(), next);
            return next;
        };
        let n = n as usize;
        if self.table.len() <= n {
            self.table.resize(n + 1, NONE);
        }
        match self.table.get_mut(n) {
            Some(slot) if *slot == NONE => {
                *slot = next;
                next
            }
            Some(slot) => *slot,
            None => next,
        }
    }
}

/// `n` for a label `b<n>` in canonical decimal (no leading zero) below [`TABLE_MAX`].
fn table_index(label: &str) -> Option<u32> {
    let digits = label.strip_prefix('b')?.as_bytes();
    if digits.is_empty() || digits.len() > 4 || (digits.len() > 1 && digits[0] == b'0') {
        return None;
    }
    let mut n = 0u32;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(d - b'0');
    }
    (n < TABLE_MAX).then_some(n)
}

/// A fast, non-cryptographic hasher for blank node labels (FxHash's mixing step). In the
/// signing and verifying path the labels are the `b0`, `b1`, ... that JSON-LD to RDF
/// issues, not attacker-chosen; elsewhere colliding labels could only slow interning down.
#[derive(Default)]
struct LabelHasher(u64);

impl Hasher for LabelHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_keeps_one_number_whichever_way_it_goes() {
        let mut labels = Labels::default();
        let names = ["b0", "b1", "b01", "b4095", "b4096", "x", "b", "b12a", "b1"];
        let mut next = 0;
        let mut first = Vec::new();
        for name in names {
            let n = labels.intern(name, next);
            if n == next {
                next += 1;
            }
            first.push(n);
        }
        assert_eq!(first, [0, 1, 2, 3, 4, 5, 6, 7, 1]);
        for (name, n) in names.iter().zip(&first) {
            assert_eq!(labels.intern(name, next), *n, "{name}");
        }
        assert_eq!(table_index("b01"), None);
        assert_eq!(table_index("b4095"), Some(4095));
    }
}
