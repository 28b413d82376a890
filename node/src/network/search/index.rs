//! The network catalogue's search index, in memory (decision 0030): one slot per catalogue
//! entry, a bitmap of slots per facet value, per number and per word, and the slots in the
//! catalogue's order (most recently changed first). A search intersects bitmaps, counts the
//! result exactly and reads its page in order; each entry's JSON is serialised once, when
//! it is indexed.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use roaring::RoaringBitmap;
use serde_json::value::RawValue;

use super::facets::Facet;

/// One catalogue entry as the index keeps it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its object IRI.
    pub object_id: String,
    /// Its collection's URL.
    pub collection: String,
    /// When its publisher last changed it (Unix seconds): the catalogue's order.
    pub updated: i64,
    /// Its facets (values and numbers).
    pub facets: Vec<Facet>,
    /// Its words, folded, each once.
    pub words: Vec<String>,
    /// What a search answers for it (a [`super::super::catalogue::NetworkAchievement`]).
    pub json: Arc<RawValue>,
}

/// What a search asks of the index, checked.
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// The collections any result must be in (`None`: any).
    pub collections: Option<Vec<String>>,
    /// Facet values every result has.
    pub values: Vec<(&'static str, String)>,
    /// Number ranges every result has a number in (facet, at least, at most).
    pub ranges: Vec<(&'static str, Option<f64>, Option<f64>)>,
    /// Word starts every result has a word with.
    pub words: Vec<String>,
    /// Whether archived entries may be found.
    pub archived: bool,
    /// How many results to skip.
    pub offset: u64,
    /// How many to return.
    pub limit: u64,
}

/// A search's answer: how many match and the page asked for.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// How many match.
    pub total: u64,
    /// The page's entries, in order.
    pub items: Vec<Arc<RawValue>>,
}

/// The order-preserving key of a non-NaN number.
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 0 { b | (1 << 63) } else { !b }
}

/// Results counted up to this many are put in order by sorting them; larger results by
/// walking the catalogue's order.
const SORT_AT_MOST: u64 = 8192;

/// The index.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    slots: HashMap<String, u32>,
    values: BTreeMap<(&'static str, String), RoaringBitmap>,
    numbers: HashMap<&'static str, BTreeMap<u64, RoaringBitmap>>,
    words: BTreeMap<String, RoaringBitmap>,
    collections: BTreeMap<String, RoaringBitmap>,
    live: RoaringBitmap,
    /// Slots, most recently changed first (then by IRI).
    order: Vec<u32>,
    /// Each slot's place in `order`.
    rank: Vec<u32>,
    unordered: bool,
}

impl Index {
    /// Adds `entry`, or replaces the entry of the same object.
    pub fn put(&mut self, entry: Entry) {
        self.remove(&entry.object_id.clone());
        let slot = self.free.pop().unwrap_or_else(|| {
            self.entries.push(None);
            u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
        });
        for f in &entry.facets {
            match f {
                Facet::Value(name, v) => {
                    self.values
                        .entry((name, v.clone()))
                        .or_default()
                        .insert(slot);
                }
                Facet::Number(name, x) if !x.is_nan() => {
                    let by_number = self.numbers.entry(name).or_default();
                    by_number.entry(key(*x)).or_default().insert(slot);
                }
                Facet::Number(..) => {}
            }
        }
        for w in &entry.words {
            self.words.entry(w.clone()).or_default().insert(slot);
        }
        self.collections
            .entry(entry.collection.clone())
            .or_default()
            .insert(slot);
        self.live.insert(slot);
        self.slots.insert(entry.object_id.clone(), slot);
        if let Some(e) = self.entries.get_mut(slot as usize) {
            *e = Some(entry);
        }
        self.unordered = true;
    }

    /// Removes the entry of object `id`, if held.
    pub fn remove(&mut self, id: &str) {
        let Some(slot) = self.slots.remove(id) else {
            return;
        };
        let Some(entry) = self.entries.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        for f in entry.facets {
            match f {
                Facet::Value(name, v) => remove_from(&mut self.values, (name, v), slot),
                Facet::Number(name, x) => {
                    if let Some(by_number) = self.numbers.get_mut(name) {
                        remove_from(by_number, key(x), slot);
                    }
                }
            }
        }
        for w in entry.words {
            remove_from(&mut self.words, w, slot);
        }
        remove_from(&mut self.collections, entry.collection, slot);
        self.live.remove(slot);
        self.free.push(slot);
        self.unordered = true;
    }

    /// Puts the slots in the catalogue's order again after changes.
    pub fn reorder(&mut self) {
        if !self.unordered {
            return;
        }
        let entries = &self.entries;
        let mut order: Vec<u32> = self.live.iter().collect();
        order.sort_unstable_by(|a, b| {
            let (a, b) = (&entries[*a as usize], &entries[*b as usize]);
            match (a, b) {
                (Some(a), Some(b)) => b
                    .updated
                    .cmp(&a.updated)
                    .then_with(|| a.object_id.cmp(&b.object_id)),
                _ => std::cmp::Ordering::Equal,
            }
        });
        self.rank = vec![u32::MAX; self.entries.len()];
        for (place, slot) in order.iter().enumerate() {
            self.rank[*slot as usize] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        self.order = order;
        self.unordered = false;
    }

    /// The union of the slots of `collections`.
    pub fn in_collections(&self, collections: &[String]) -> RoaringBitmap {
        let mut out = RoaringBitmap::new();
        for c in collections {
            if let Some(b) = self.collections.get(c) {
                out |= b;
            }
        }
        out
    }

    /// The slots with a word starting with `start`.
    fn starting(&self, start: &str) -> RoaringBitmap {
        let mut out = RoaringBitmap::new();
        let from = (Bound::Included(start.to_owned()), Bound::Unbounded);
        for (w, b) in self.words.range::<String, _>(from) {
            if !w.starts_with(start) {
                break;
            }
            out |= b;
        }
        out
    }

    /// The slots with a number of `facet` in `[at_least, at_most]`.
    fn between(&self, facet: &str, at_least: Option<f64>, at_most: Option<f64>) -> RoaringBitmap {
        let mut out = RoaringBitmap::new();
        let Some(by_number) = self.numbers.get(facet) else {
            return out;
        };
        let low = at_least.map_or(Bound::Unbounded, |x| Bound::Included(key(x)));
        let high = at_most.map_or(Bound::Unbounded, |x| Bound::Included(key(x)));
        if let (Bound::Included(l), Bound::Included(h)) = (low, high)
            && l > h
        {
            return out;
        }
        for (_, b) in by_number.range((low, high)) {
            out |= b;
        }
        out
    }

    /// The entries that `query` finds (the index must be in order: [`Self::reorder`]).
    pub fn search(&self, query: &Query, base: Option<&RoaringBitmap>) -> Found {
        let mut set = match (&query.collections, base) {
            (Some(c), _) => self.in_collections(c),
            (None, Some(b)) => b.clone(),
            (None, None) => self.live.clone(),
        };
        for (facet, value) in &query.values {
            if set.is_empty() {
                break;
            }
            match self.values.get(&(*facet, value.clone())) {
                Some(b) => set &= b,
                None => set.clear(),
            }
        }
        if !query.archived
            && let Some(archived) = self.values.get(&("archived", "true".to_owned()))
        {
            set -= archived;
        }
        for (facet, at_least, at_most) in &query.ranges {
            if !set.is_empty() {
                set &= self.between(facet, *at_least, *at_most);
            }
        }
        for w in &query.words {
            if !set.is_empty() {
                set &= self.starting(w);
            }
        }
        let total = set.len();
        let (offset, limit) = (query.offset, query.limit);
        if offset >= total {
            return Found {
                total,
                items: Vec::new(),
            };
        }
        let slots: Vec<u32> = if total <= SORT_AT_MOST {
            let mut all: Vec<u32> = set.iter().collect();
            all.sort_unstable_by_key(|s| self.rank.get(*s as usize).copied().unwrap_or(u32::MAX));
            all.into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect()
        } else {
            self.order
                .iter()
                .filter(|s| set.contains(**s))
                .skip(offset as usize)
                .take(limit as usize)
                .copied()
                .collect()
        };
        let items = slots
            .iter()
            .filter_map(|s| self.entries.get(*s as usize)?.as_ref())
            .map(|e| e.json.clone())
            .collect();
        Found { total, items }
    }
}

/// Takes `slot` out of `key`'s bitmap, and the bitmap out of `map` once empty.
fn remove_from<K: Ord>(map: &mut BTreeMap<K, RoaringBitmap>, key: K, slot: u32) {
    if let Some(b) = map.get_mut(&key) {
        b.remove(slot);
        if b.is_empty() {
            map.remove(&key);
        }
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
