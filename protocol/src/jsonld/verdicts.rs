//! A small cache of IRI well-formedness verdicts by string address, for one conversion:
//! property and type IRIs are shared with the cached term definitions, so each is checked
//! once per conversion instead of once per quad.

use super::to_rdf::is_rdf_iri;

/// Slots of the direct-mapped cache (a credential uses a few dozen distinct IRIs).
const SLOTS: usize = 64;

/// Verdicts of [`is_rdf_iri`], keyed by the address and length of the string: two live
/// strings with the same address and length are the same bytes. A slot holds the last
/// string that mapped to it; a miss only costs the check.
pub(crate) struct Verdicts {
    slots: [(usize, usize, bool); SLOTS],
}

impl Default for Verdicts {
    fn default() -> Self {
        Self {
            slots: [(0, 0, false); SLOTS],
        }
    }
}

impl Verdicts {
    /// [`is_rdf_iri`] of `s`, remembered.
    pub(crate) fn is_rdf_iri(&mut self, s: &str) -> bool {
        let address = s.as_ptr() as usize;
        let key = (address, s.len());
        // Heap strings are at least 8-byte aligned: mix in the length for strings that
        // share an address (a prefix and the whole).
        let slot = (address >> 3 ^ s.len()) % SLOTS;
        let Some(entry) = self.slots.get_mut(slot) else {
            return is_rdf_iri(s);
        };
        if (entry.0, entry.1) == key && key.0 != 0 {
            return entry.2;
        }
        let verdict = is_rdf_iri(s);
        *entry = (key.0, key.1, verdict);
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_match_the_check_for_prefixes_and_repeats() {
        let text = String::from("https://example.org/a b");
        let mut v = Verdicts::default();
        for _ in 0..2 {
            for end in [5, 20, 21, text.len()] {
                let s = &text[..end];
                assert_eq!(v.is_rdf_iri(s), is_rdf_iri(s), "{s:?}");
            }
        }
    }
}
