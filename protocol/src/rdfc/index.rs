//! The dataset as RDFC-1.0 works on it: every quad pre-serialised once into one text arena,
//! with its blank nodes left out as numbered slots, and the blank node to quads map.

use super::CanonError;
use super::labels::Labels;
use crate::rdf::{Quad, QuadSink, Term, TermRef};

/// Marks "no identifier issued" in per-blank-node tables.
pub(crate) const NONE: u32 = u32::MAX;

/// A blank node occurrence in a quad: where its label goes in the quad's text, which blank
/// node it is, and in which position (`b's'`, `b'o'` or `b'g'`).
#[derive(Clone, Copy, Default)]
pub(crate) struct Slot {
    pub(crate) offset: u32,
    pub(crate) node: u32,
    pub(crate) position: u8,
}

/// One quad: its canonical N-Quads line in `arena[start..end]` minus the blank node labels,
/// which go at the slots' offsets (after a `_:` the writer adds).
#[derive(Clone, Copy, Default)]
pub(crate) struct QuadText {
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// The predicate as `<iri>`.
    pub(crate) predicate: (u32, u32),
    pub(crate) slots: [Slot; 3],
    pub(crate) slot_count: u8,
}

impl QuadText {
    /// The blank node slots, in subject, object, graph order.
    pub(crate) fn slots(&self) -> &[Slot] {
        self.slots
            .get(..usize::from(self.slot_count))
            .unwrap_or_default()
    }
}

/// The indexed dataset.
pub(crate) struct Index {
    pub(crate) arena: String,
    pub(crate) quads: Vec<QuadText>,
    /// Input blank node labels, by blank node number (in order of first appearance).
    pub(crate) labels: Vec<String>,
    /// For each blank node, `(start, len)` of its quads in `node_quads`.
    pub(crate) spans: Vec<(u32, u32)>,
    /// The quads of every blank node, each quad once per blank node.
    pub(crate) node_quads: Vec<u32>,
}

/// Builds an [`Index`] from quads handed over one by one (a [`QuadSink`]), serialising each
/// at once: JSON-LD to RDF feeds it without building a [`crate::rdf::Dataset`].
pub(crate) struct IndexBuilder {
    index: Index,
    ids: Labels,
    counts: Vec<u32>,
    error: Option<CanonError>,
}

impl IndexBuilder {
    /// A builder with room for about `quads` quads of `bytes` bytes of N-Quads.
    pub(crate) fn with_capacity(quads: usize, bytes: usize) -> Self {
        Self {
            index: Index {
                arena: String::with_capacity(bytes),
                quads: Vec::with_capacity(quads),
                labels: Vec::new(),
                spans: Vec::new(),
                node_quads: Vec::new(),
            },
            ids: Labels::default(),
            counts: Vec::new(),
            error: None,
        }
    }

    /// The finished index, or the first quad that could not be indexed.
    pub(crate) fn finish(mut self) -> Result<Index, CanonError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.index.fill_node_quads(self.counts);
        Ok(self.index)
    }

    /// Writes a subject, object or graph term, or records a slot for a blank node.
    fn component(&mut self, term: TermRef<'_>, position: u8, text: &mut QuadText) {
        let TermRef::Blank(label) = term else {
            term.write_nquads(&mut self.index.arena);
            return;
        };
        let next = self.index.labels.len() as u32;
        let node = self.ids.intern(label, next);
        if node == next {
            self.index.labels.push(label.to_owned());
            self.counts.push(0);
        }
        let seen = text.slots().iter().any(|s| s.node == node);
        if let Some(slot) = text.slots.get_mut(usize::from(text.slot_count)) {
            *slot = Slot {
                offset: self.index.arena.len() as u32,
                node,
                position,
            };
            text.slot_count += 1;
        }
        if !seen && let Some(count) = self.counts.get_mut(node as usize) {
            *count += 1;
        }
    }
}

impl QuadSink for IndexBuilder {
    fn quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        if self.error.is_some() {
            return;
        }
        let number = self.index.quads.len();
        if let Err(e) = check_quad(number, subject, predicate, graph) {
            self.error = Some(e);
            return;
        }
        let arena = &mut self.index.arena;
        arena.reserve(
            subject.text_len()
                + predicate.text_len()
                + object.text_len()
                + graph.map_or(0, |g| g.text_len())
                + 6,
        );
        let mut text = QuadText {
            start: arena.len() as u32,
            ..QuadText::default()
        };
        self.component(subject, b's', &mut text);
        let arena = &mut self.index.arena;
        arena.push(' ');
        let p_start = arena.len() as u32;
        predicate.write_nquads(arena);
        text.predicate = (p_start, arena.len() as u32);
        arena.push(' ');
        self.component(object, b'o', &mut text);
        self.index.arena.push(' ');
        if let Some(graph) = graph {
            self.component(graph, b'g', &mut text);
            self.index.arena.push(' ');
        }
        self.index.arena.push_str(".\n");
        if u32::try_from(self.index.arena.len()).is_err() || u32::try_from(number + 1).is_err() {
            self.error = Some(CanonError::TooLarge(number + 1));
            return;
        }
        text.end = self.index.arena.len() as u32;
        self.index.quads.push(text);
    }
}

impl Index {
    /// Serialises and indexes `dataset`.
    pub(crate) fn new(dataset: &[Quad]) -> Result<Self, CanonError> {
        let text_len: usize = dataset.iter().map(quad_text_len).sum();
        let mut builder = IndexBuilder::with_capacity(dataset.len(), text_len);
        for quad in dataset {
            builder.quad(
                quad.subject.as_ref(),
                quad.predicate.as_ref(),
                quad.object.as_ref(),
                quad.graph.as_ref().map(Term::as_ref),
            );
            if let Some(CanonError::TooLarge(_)) = builder.error {
                return Err(CanonError::TooLarge(dataset.len()));
            }
        }
        builder.finish()
    }

    /// Builds the blank node to quads map from the per-node quad counts.
    fn fill_node_quads(&mut self, counts: Vec<u32>) {
        let mut next = 0u32;
        self.spans = counts
            .iter()
            .map(|&c| {
                let span = (next, 0);
                next += c;
                span
            })
            .collect();
        self.node_quads = vec![0; next as usize];
        for (q, text) in self.quads.iter().enumerate() {
            for (i, slot) in text.slots().iter().enumerate() {
                if text.slots().iter().take(i).any(|s| s.node == slot.node) {
                    continue;
                }
                if let Some(span) = self.spans.get_mut(slot.node as usize)
                    && let Some(entry) = self.node_quads.get_mut((span.0 + span.1) as usize)
                {
                    *entry = q as u32;
                    span.1 += 1;
                }
            }
        }
    }

    /// The number of blank nodes.
    pub(crate) fn node_count(&self) -> usize {
        self.labels.len()
    }

    /// The quads of blank node `node`.
    pub(crate) fn quads_of(&self, node: u32) -> &[u32] {
        let Some(&(start, len)) = self.spans.get(node as usize) else {
            return &[];
        };
        self.node_quads
            .get(start as usize..(start + len) as usize)
            .unwrap_or_default()
    }

    /// Replaces blank node `node`'s quad list with `quads` (a subset of it, after
    /// duplicates were removed).
    pub(crate) fn replace_quads_of(&mut self, node: u32, quads: &[u32]) {
        let Some(span) = self.spans.get_mut(node as usize) else {
            return;
        };
        let start = span.0 as usize;
        if let Some(dest) = self.node_quads.get_mut(start..start + quads.len()) {
            dest.copy_from_slice(quads);
            span.1 = quads.len() as u32;
        }
    }

    /// Arena text between two offsets.
    pub(crate) fn text(&self, start: u32, end: u32) -> &str {
        self.arena
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Appends quad `text`'s line to `out`, writing `_:` and then `label(node, out)` for each
    /// blank node.
    pub(crate) fn write_line(
        &self,
        text: &QuadText,
        out: &mut String,
        mut label: impl FnMut(u32, &mut String),
    ) {
        let mut from = text.start;
        for slot in text.slots() {
            out.push_str(self.text(from, slot.offset));
            out.push_str("_:");
            label(slot.node, out);
            from = slot.offset;
        }
        out.push_str(self.text(from, text.end));
    }
}

/// The length of a quad's line, short of any literal escapes: a capacity hint.
fn quad_text_len(quad: &Quad) -> usize {
    let term = |t: &Term| t.as_ref().text_len();
    term(&quad.subject)
        + term(&quad.predicate)
        + term(&quad.object)
        + quad.graph.as_ref().map_or(0, term)
        + 6
}

/// Rejects terms in positions RDF does not allow them (a literal subject, a blank or
/// literal predicate, a literal graph name).
fn check_quad(
    index: usize,
    subject: TermRef<'_>,
    predicate: TermRef<'_>,
    graph: Option<TermRef<'_>>,
) -> Result<(), CanonError> {
    let invalid = |reason: &'static str| CanonError::InvalidQuad { index, reason };
    if matches!(subject, TermRef::Literal { .. }) {
        return Err(invalid("the subject is a literal"));
    }
    if !matches!(predicate, TermRef::Iri(_)) {
        return Err(invalid("the predicate is not an IRI"));
    }
    if matches!(graph, Some(TermRef::Literal { .. })) {
        return Err(invalid("the graph name is a literal"));
    }
    Ok(())
}

/// Appends the decimal form of `n` to `out`.
pub(crate) fn push_decimal(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or_default() {
        out.push(char::from(d));
    }
}
