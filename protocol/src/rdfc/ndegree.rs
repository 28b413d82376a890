//! The Hash Related Blank Node and Hash N-Degree Quads algorithms (RDFC-1.0 sections 4.7
//! and 4.8), run only for blank nodes whose first-degree hashes collide, under work limits.

use super::hash::{HashAlgorithm, HashDigest, Hasher};
use super::index::{Index, push_decimal};
use super::issuer::{CanonicalIssuer, TempIssuer};
use super::{CanonError, Limits, WorkLimit};

/// What the N-degree algorithms read: the indexed dataset, first-degree hashes and the
/// canonical issuer as it stands.
pub(crate) struct NDegree<'c> {
    pub(crate) index: &'c Index,
    pub(crate) first_degree: &'c [HashDigest],
    pub(crate) canonical: &'c CanonicalIssuer,
    pub(crate) algorithm: HashAlgorithm,
    pub(crate) limits: &'c Limits,
}

/// Work done so far, checked against the limits.
#[derive(Default)]
pub(crate) struct Budget {
    pub(crate) calls: usize,
    pub(crate) permutations: usize,
}

impl NDegree<'_> {
    /// Hash N-Degree Quads for `node`, starting from `issuer`; returns the hash and the
    /// issuer chosen along the way.
    pub(crate) fn hash(
        &self,
        node: u32,
        issuer: &TempIssuer,
        budget: &mut Budget,
        depth: usize,
    ) -> Result<(HashDigest, TempIssuer), CanonError> {
        // Top-level calls (one per blank node with a shared first-degree hash) grow with
        // the dataset; only the recursive ones can grow faster, so only they are counted.
        if depth > 0 {
            budget.calls += 1;
        }
        if budget.calls > self.limits.max_ndegree_calls {
            return Err(CanonError::TooComplex(WorkLimit::NDegreeCalls(
                self.limits.max_ndegree_calls,
            )));
        }
        if depth > self.limits.max_recursion_depth {
            return Err(CanonError::TooComplex(WorkLimit::RecursionDepth(
                self.limits.max_recursion_depth,
            )));
        }
        let related = self.related_hashes(node, issuer);
        let mut issuer = issuer.clone();
        let mut data = Hasher::new(self.algorithm);
        let mut hex = String::new();
        for group in related.chunk_by(|a, b| a.0 == b.0) {
            let Some((related_hash, _)) = group.first() else {
                continue;
            };
            hex.clear();
            related_hash.write_hex(&mut hex);
            data.update(hex.as_bytes());
            let nodes: Vec<u32> = group.iter().map(|&(_, n)| n).collect();
            let (path, chosen) = self.choose_path(nodes, &issuer, budget, depth)?;
            data.update(path.as_bytes());
            if let Some(chosen) = chosen {
                issuer = chosen;
            }
        }
        Ok((data.finish(), issuer))
    }

    /// Steps 1-3: the hash of every (quad, related blank node) pair, sorted by hash with
    /// quad order kept among equal hashes.
    fn related_hashes(&self, node: u32, issuer: &TempIssuer) -> Vec<(HashDigest, u32)> {
        let mut related = Vec::new();
        let mut input = String::new();
        for &q in self.index.quads_of(node) {
            let Some(text) = self.index.quads.get(q as usize) else {
                continue;
            };
            for slot in text.slots() {
                if slot.node == node {
                    continue;
                }
                input.clear();
                input.push(char::from(slot.position));
                if slot.position != b'g' {
                    input.push_str(self.index.text(text.predicate.0, text.predicate.1));
                }
                if let Some(n) = self.canonical.get(slot.node) {
                    input.push_str("_:c14n");
                    push_decimal(&mut input, n);
                } else if let Some(n) = issuer.get(slot.node) {
                    input.push_str("_:b");
                    push_decimal(&mut input, n);
                } else if let Some(h) = self.first_degree.get(slot.node as usize) {
                    h.write_hex(&mut input);
                }
                let mut hasher = Hasher::new(self.algorithm);
                hasher.update(input.as_bytes());
                related.push((hasher.finish(), slot.node));
            }
        }
        related.sort_by_key(|a| a.0);
        related
    }

    /// Step 5.4: the smallest path over all permutations of `nodes`, with its issuer.
    fn choose_path(
        &self,
        mut nodes: Vec<u32>,
        issuer: &TempIssuer,
        budget: &mut Budget,
        depth: usize,
    ) -> Result<(String, Option<TempIssuer>), CanonError> {
        let labels = &self.index.labels;
        let label = |n: u32| labels.get(n as usize).map_or("", String::as_str);
        nodes.sort_by(|&a, &b| label(a).cmp(label(b)));
        // Permute ranks so that repeated nodes do not yield repeated permutations.
        let mut ranks: Vec<usize> = Vec::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| nodes.get(p));
            let rank = ranks.last().copied().unwrap_or(0);
            ranks.push(if previous.is_some_and(|p| p != n) {
                rank + 1
            } else {
                rank
            });
        }
        nodes.dedup();
        let max = self.limits.max_permutations;
        if factorial_exceeds(ranks.len(), max.saturating_sub(budget.permutations)) {
            return Err(CanonError::TooComplex(WorkLimit::Permutations(max)));
        }
        let mut chosen_path = String::new();
        let mut chosen_issuer = None;
        let mut path = String::new();
        let mut recursion = Vec::new();
        loop {
            budget.permutations += 1;
            if budget.permutations > max {
                return Err(CanonError::TooComplex(WorkLimit::Permutations(max)));
            }
            path.clear();
            recursion.clear();
            let mut copy = issuer.clone();
            let mut complete = true;
            for &r in &ranks {
                let related = nodes.get(r).copied().unwrap_or_default();
                if let Some(n) = self.canonical.get(related) {
                    path.push_str("_:c14n");
                    push_decimal(&mut path, n);
                } else {
                    if copy.get(related).is_none() {
                        recursion.push(related);
                    }
                    path.push_str("_:b");
                    push_decimal(&mut path, copy.issue(related));
                }
                if worse(&path, &chosen_path) {
                    complete = false;
                    break;
                }
            }
            if complete {
                for &related in &recursion {
                    let (result, result_issuer) = self.hash(related, &copy, budget, depth + 1)?;
                    path.push_str("_:b");
                    push_decimal(&mut path, copy.issue(related));
                    path.push('<');
                    result.write_hex(&mut path);
                    path.push('>');
                    copy = result_issuer;
                    if worse(&path, &chosen_path) {
                        complete = false;
                        break;
                    }
                }
            }
            if complete && (chosen_path.is_empty() || path < chosen_path) {
                chosen_path.clone_from(&path);
                chosen_issuer = Some(copy);
            }
            if !next_permutation(&mut ranks) {
                break;
            }
        }
        Ok((chosen_path, chosen_issuer))
    }
}

/// Whether `path` can no longer beat `chosen` (steps 5.4.4.3 and 5.4.5.5).
fn worse(path: &str, chosen: &str) -> bool {
    !chosen.is_empty() && path.len() >= chosen.len() && path > chosen
}

/// Whether `n!` is greater than `budget`.
fn factorial_exceeds(n: usize, budget: usize) -> bool {
    let mut f: usize = 1;
    for i in 2..=n {
        f = f.saturating_mul(i);
        if f > budget {
            return true;
        }
    }
    f > budget
}

/// Rearranges `v` into the next lexicographic permutation; false after the last one.
fn next_permutation(v: &mut [usize]) -> bool {
    let Some(i) = v.windows(2).rposition(|w| w[0] < w[1]) else {
        return false;
    };
    let Some(pivot) = v.get(i).copied() else {
        return false;
    };
    let Some(j) = v.iter().rposition(|&x| x > pivot) else {
        return false;
    };
    v.swap(i, j);
    if let Some(tail) = v.get_mut(i + 1..) {
        tail.reverse();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_lexicographic_and_skip_repeats() {
        let mut v = vec![0, 1, 2];
        let mut seen = vec![v.clone()];
        while next_permutation(&mut v) {
            seen.push(v.clone());
        }
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[1], vec![0, 2, 1]);
        let mut v = vec![0, 0, 1];
        let mut count = 1;
        while next_permutation(&mut v) {
            count += 1;
        }
        assert_eq!(count, 3);
    }

    #[test]
    fn factorial_budget() {
        assert!(!factorial_exceeds(5, 120));
        assert!(factorial_exceeds(5, 119));
        assert!(factorial_exceeds(40, usize::MAX - 1));
        assert!(!factorial_exceeds(0, 1));
    }
}
