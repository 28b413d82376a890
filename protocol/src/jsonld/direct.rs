//! JSON-LD to RDF straight from the expanded tree, without the node map, for documents
//! whose node map would only restate the tree: no `@graph`, `@reverse` or `@included`, and
//! no two node objects other than references sharing an `@id` (a credential's shape).
//!
//! The quads are the ones the node map gives, in another order: blank nodes are labelled
//! `b0`, `b1`, ... as they are met, and a property's repeated values and a node's repeated
//! types are dropped as the node map drops them.

use super::expanded::{Item, Node};
use super::hasher::FastMap;
use super::iri::is_blank;
use super::to_rdf::{RDF_FIRST, RDF_NIL, RDF_REST, value_term_with};
use super::verdicts::Verdicts;
use crate::rdf::{QuadSink, RDF_TYPE, TermRef};

/// The number of quads `items` give, short of lists (a capacity hint), if they can go
/// straight to RDF; `None` if they need the node map.
pub(crate) fn estimate(items: &[Item<'_>]) -> Option<usize> {
    let mut ids = Vec::new();
    let mut quads = 0;
    if !items.iter().all(|i| eligible(i, &mut ids, &mut quads)) {
        return None;
    }
    // Few nodes have an `@id`: sorting them is cheaper than hashing each.
    ids.sort_unstable();
    ids.windows(2)
        .all(|w| w.first() != w.get(1))
        .then_some(quads)
}

/// Whether `item` has no `@graph`, `@reverse` or `@included`; collects the `@id`s of its
/// node objects other than references, and counts its quads.
fn eligible<'a>(item: &'a Item<'_>, ids: &mut Vec<&'a str>, quads: &mut usize) -> bool {
    match item {
        Item::Value(_) => true,
        Item::List(items, _) => items.iter().all(|i| eligible(i, ids, quads)),
        Item::Node(n) => {
            if !n.reverse.is_empty() || n.graph.is_some() || n.included.is_some() {
                return false;
            }
            if let Some(id) = &n.id
                && !n.is_reference_only()
            {
                ids.push(id);
            }
            *quads += n.types.len();
            n.props.iter().all(|(_, items)| {
                *quads += items.len();
                items.iter().all(|i| eligible(i, ids, quads))
            })
        }
    }
}

/// Emits the quads of `items` (an expanded document for which [`estimate`] gave a
/// number) into `out`.
pub(crate) fn emit<S: QuadSink>(items: &[Item<'_>], out: &mut S) {
    let mut direct = Direct {
        out,
        labels: FastMap::default(),
        next: 0,
        verdicts: Verdicts::default(),
    };
    direct.walk(items);
}

/// A blank node label `b<n>`, on the stack.
#[derive(Clone, Copy)]
struct Blank {
    text: [u8; 21],
    len: u8,
}

impl Blank {
    fn new(mut n: u64) -> Self {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        let mut text = [0u8; 21];
        text[0] = b'b';
        let count = digits.len() - i;
        text[1..=count].copy_from_slice(&digits[i..]);
        Self {
            text,
            len: count as u8 + 1,
        }
    }

    fn term(&self) -> TermRef<'_> {
        let text = self.text.get(..usize::from(self.len)).unwrap_or_default();
        TermRef::Blank(std::str::from_utf8(text).unwrap_or("b"))
    }
}

/// A node's subject or object term; `Invalid` for an identifier RDF cannot carry.
#[derive(Clone, Copy)]
enum NodeTerm<'a> {
    Iri(&'a str),
    Blank(Blank),
    Invalid,
}

impl NodeTerm<'_> {
    fn term(&self) -> Option<TermRef<'_>> {
        match self {
            NodeTerm::Iri(iri) => Some(TermRef::Iri(iri)),
            NodeTerm::Blank(b) => Some(b.term()),
            NodeTerm::Invalid => None,
        }
    }
}

struct Direct<'s, 'a, S> {
    out: &'s mut S,
    /// Input blank node identifier to blank node number.
    labels: FastMap<&'a str, u64>,
    next: u64,
    verdicts: Verdicts,
}

impl<'a, S: QuadSink> Direct<'_, 'a, S> {
    fn fresh(&mut self) -> Blank {
        let b = Blank::new(self.next);
        self.next += 1;
        b
    }

    /// The term of identifier `id` (relabelled if it is a blank node identifier).
    fn ident(&mut self, id: &'a str) -> NodeTerm<'a> {
        if is_blank(id) {
            let next = self.next;
            let n = *self.labels.entry(id).or_insert(next);
            if n == next {
                self.next += 1;
            }
            NodeTerm::Blank(Blank::new(n))
        } else if self.verdicts.is_rdf_iri(id) {
            NodeTerm::Iri(id)
        } else {
            NodeTerm::Invalid
        }
    }

    /// Emits the quads of the nodes in `items` (not linked to any subject).
    fn walk(&mut self, items: &'a [Item<'_>]) {
        for item in items {
            match item {
                Item::Node(n) => {
                    self.node(n);
                }
                Item::List(inner, _) => self.walk(inner),
                Item::Value(_) => {}
            }
        }
    }

    /// Emits the quads of node `n` and of the nodes it embeds; returns its term.
    fn node(&mut self, n: &'a Node<'_>) -> NodeTerm<'a> {
        let subject = match &n.id {
            Some(id) => self.ident(id),
            None => NodeTerm::Blank(self.fresh()),
        };
        let s = subject.term();
        if let Some(s) = s {
            for (i, t) in n.types.iter().enumerate() {
                if n.types.get(..i).is_some_and(|before| before.contains(t)) {
                    continue;
                }
                if let Some(t) = self.ident(t).term() {
                    self.out.quad(s, TermRef::Iri(RDF_TYPE), t, None);
                }
            }
        }
        for (p, items) in &n.props {
            let Some(s) = s.filter(|_| !is_blank(p) && self.verdicts.is_rdf_iri(p)) else {
                self.walk(items);
                continue;
            };
            let p = TermRef::Iri(p);
            for (i, item) in items.iter().enumerate() {
                let before = items.get(..i).unwrap_or_default();
                match item {
                    Item::Node(m) => {
                        let object = self.node(m);
                        let repeated = m.id.is_some()
                            && before
                                .iter()
                                .any(|b| matches!(b, Item::Node(o) if o.id == m.id));
                        if let (Some(o), false) = (object.term(), repeated) {
                            self.out.quad(s, p, o, None);
                        }
                    }
                    Item::Value(v) => {
                        let repeated = before.iter().any(|b| matches!(b, Item::Value(o) if o == v));
                        if let (Some(lit), false) = (
                            value_term_with(v, |dt| self.verdicts.is_rdf_iri(dt)),
                            repeated,
                        ) {
                            self.out.quad(s, p, lit.term(), None);
                        }
                    }
                    Item::List(inner, _) => {
                        let head = self.list(inner);
                        self.out.quad(s, p, list_term(head.as_ref()), None);
                    }
                }
            }
        }
        subject
    }

    /// Emits the quads of a list and returns its head node (`None` for `rdf:nil`).
    fn list(&mut self, items: &'a [Item<'_>]) -> Option<Blank> {
        if items.is_empty() {
            return None;
        }
        let mut current = self.fresh();
        let head = current;
        for (i, item) in items.iter().enumerate() {
            let s = current.term();
            match item {
                Item::Node(m) => {
                    if let Some(o) = self.node(m).term() {
                        self.out.quad(s, TermRef::Iri(RDF_FIRST), o, None);
                    }
                }
                Item::Value(v) => {
                    if let Some(lit) = value_term_with(v, |dt| self.verdicts.is_rdf_iri(dt)) {
                        self.out.quad(s, TermRef::Iri(RDF_FIRST), lit.term(), None);
                    }
                }
                Item::List(inner, _) => {
                    let nested = self.list(inner);
                    let o = list_term(nested.as_ref());
                    self.out.quad(s, TermRef::Iri(RDF_FIRST), o, None);
                }
            }
            if i + 1 == items.len() {
                self.out
                    .quad(s, TermRef::Iri(RDF_REST), TermRef::Iri(RDF_NIL), None);
            } else {
                let next = self.fresh();
                self.out.quad(s, TermRef::Iri(RDF_REST), next.term(), None);
                current = next;
            }
        }
        Some(head)
    }
}

/// The term of a list's head node, `rdf:nil` for the empty list.
fn list_term(head: Option<&Blank>) -> TermRef<'_> {
    head.map_or(TermRef::Iri(RDF_NIL), Blank::term)
}
