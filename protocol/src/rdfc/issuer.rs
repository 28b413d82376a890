//! Identifier issuers (RDFC-1.0 section 4.5): the canonical issuer (`c14n0`, `c14n1`, ...)
//! as a table by blank node number, and the temporary issuers (`b0`, `b1`, ...) that the
//! Hash N-Degree Quads algorithm copies for every permutation.

use super::index::{NONE, push_decimal};

/// The canonical issuer: blank node number to canonical number, and the issue order.
#[derive(Clone)]
pub(crate) struct CanonicalIssuer {
    by_node: Vec<u32>,
    order: Vec<u32>,
}

impl CanonicalIssuer {
    /// An issuer for `nodes` blank nodes, none issued yet.
    pub(crate) fn new(nodes: usize) -> Self {
        Self {
            by_node: vec![NONE; nodes],
            order: Vec::with_capacity(nodes),
        }
    }

    /// The canonical number of `node`, if issued.
    pub(crate) fn get(&self, node: u32) -> Option<u32> {
        self.by_node
            .get(node as usize)
            .copied()
            .filter(|&n| n != NONE)
    }

    /// Issues the next canonical identifier to `node` unless it has one.
    pub(crate) fn issue(&mut self, node: u32) {
        if let Some(slot) = self.by_node.get_mut(node as usize)
            && *slot == NONE
        {
            *slot = self.order.len() as u32;
            self.order.push(node);
        }
    }

    /// Blank node numbers in the order their canonical identifiers were issued.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    /// Appends `c14n<n>` for `node` (or `c14n?` if none was issued, which cannot happen
    /// once canonicalisation has finished).
    pub(crate) fn write_label(&self, node: u32, out: &mut String) {
        out.push_str("c14n");
        match self.get(node) {
            Some(n) => push_decimal(out, n),
            None => out.push('?'),
        }
    }
}

/// A temporary issuer: blank node numbers in issue order; `b<i>` is issued to `order[i]`.
/// These stay small (the nodes one N-degree exploration reaches), so lookups are linear.
#[derive(Clone, Default)]
pub(crate) struct TempIssuer {
    order: Vec<u32>,
}

impl TempIssuer {
    /// The temporary number of `node`, if issued.
    pub(crate) fn get(&self, node: u32) -> Option<u32> {
        self.order.iter().position(|&n| n == node).map(|i| i as u32)
    }

    /// Issues `node` a temporary number (or returns the one it has).
    pub(crate) fn issue(&mut self, node: u32) -> u32 {
        match self.get(node) {
            Some(i) => i,
            None => {
                self.order.push(node);
                (self.order.len() - 1) as u32
            }
        }
    }

    /// Blank node numbers in issue order.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }
}
