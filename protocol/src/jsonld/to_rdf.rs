//! The Deserialize JSON-LD to RDF algorithm: node map to quads, with canonical lexical
//! forms for numbers and JCS for JSON literals.

use serde_json::Number;

use super::expanded::{Literal as Lit, ValueObject};
use super::iri::{has_scheme, is_blank};
use super::node_map::{DEFAULT_GRAPH, MapItem, NodeMap};
use std::borrow::Cow;

use crate::rdf::{QuadSink, RDF_LANG_STRING, RDF_TYPE, TermRef, XSD_STRING};

pub(super) const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
pub(super) const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
pub(super) const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// Whether `s` is an absolute IRI RDF can carry: no characters IRIs exclude and at most
/// one `#`. Every byte is looked at without an early exit (branch-free, unrolled): IRIs
/// are short and nearly always valid.
pub(super) fn is_rdf_iri(s: &str) -> bool {
    let (mut flags, mut hashes) = (0u8, 0u32);
    for &b in s.as_bytes() {
        let class = IRI_BYTE[usize::from(b)];
        flags |= class;
        hashes += u32::from(class & 1);
    }
    flags & 2 == 0 && hashes <= 1 && has_scheme(s)
}

/// Per byte: 0 allowed in an IRI, 1 `#`, 2 excluded (controls, space, `<>"{}|^\``).
static IRI_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i <= 0x20 {
        t[i] = 2;
        i += 1;
    }
    t[b'<' as usize] = 2;
    t[b'>' as usize] = 2;
    t[b'"' as usize] = 2;
    t[b'{' as usize] = 2;
    t[b'}' as usize] = 2;
    t[b'|' as usize] = 2;
    t[b'^' as usize] = 2;
    t[b'`' as usize] = 2;
    t[b'\\' as usize] = 2;
    t[b'#' as usize] = 1;
    t
};

/// Whether `s` may be a subject, object or graph name.
fn is_well_formed(s: &str) -> bool {
    is_blank(s) || is_rdf_iri(s)
}

/// An IRI or blank node term from a node map identifier.
fn node_term(id: &str) -> TermRef<'_> {
    match id.strip_prefix("_:") {
        Some(label) => TermRef::Blank(label),
        None => TermRef::Iri(id),
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (the loose form JSON-LD checks).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The XSD canonical form of a double: `1.1E0`, `-5.0E-1`.
pub(crate) fn canonical_double(f: f64) -> String {
    let s = format!("{f:.15E}");
    let (mantissa, exponent) = s.split_once('E').unwrap_or((&s, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
        }
        None => format!("{mantissa}.0"),
    };
    format!("{mantissa}E{exponent}")
}

/// The lexical form and default datatype of a number.
fn number_literal(n: &Number, datatype: Option<&str>) -> (String, &'static str) {
    let as_double = datatype == Some(XSD_DOUBLE);
    if !as_double {
        if let Some(i) = n.as_i64() {
            return (i.to_string(), XSD_INTEGER);
        }
        if let Some(u) = n.as_u64() {
            return (u.to_string(), XSD_INTEGER);
        }
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if !as_double && f.fract() == 0.0 && f.abs() < 1e21 {
        return (
            if f == 0.0 {
                "0".to_owned()
            } else {
                format!("{f:.0}")
            },
            XSD_INTEGER,
        );
    }
    (canonical_double(f), XSD_DOUBLE)
}

/// A literal made from a value object: the lexical form is borrowed unless it had to be
/// computed (numbers, booleans, JSON).
pub(super) struct LiteralParts<'v> {
    value: Cow<'v, str>,
    datatype: &'v str,
    language: Option<&'v str>,
}

impl LiteralParts<'_> {
    pub(super) fn term(&self) -> TermRef<'_> {
        TermRef::Literal {
            value: &self.value,
            datatype: self.datatype,
            language: self.language,
        }
    }
}

/// Object to RDF for a value object; `None` when it cannot be represented.
pub(super) fn value_term<'v>(v: &'v ValueObject<'_>) -> Option<LiteralParts<'v>> {
    value_term_with(v, is_rdf_iri)
}

/// [`value_term`] with `is_iri` checking the datatype IRI.
pub(super) fn value_term_with<'v>(
    v: &'v ValueObject<'_>,
    mut is_iri: impl FnMut(&str) -> bool,
) -> Option<LiteralParts<'v>> {
    let datatype = v.datatype.as_deref();
    if let Some(dt) = datatype
        && dt != "@json"
        && !is_iri(dt)
    {
        return None;
    }
    if let Some(lang) = &v.language
        && !is_language_tag(lang)
    {
        return None;
    }
    let (value, default_type): (Cow<'_, str>, &str) = match &v.value {
        Lit::Json(json) => (Cow::Owned(crate::jcs::canonicalize(json)), RDF_JSON),
        Lit::Bool(b) => (
            Cow::Borrowed(if *b { "true" } else { "false" }),
            XSD_BOOLEAN,
        ),
        Lit::Num(n) => {
            let (text, dt) = number_literal(n, datatype);
            (Cow::Owned(text), dt)
        }
        Lit::Str(s) if v.language.is_some() && datatype.is_none() => {
            (Cow::Borrowed(&**s), RDF_LANG_STRING)
        }
        Lit::Str(s) => (Cow::Borrowed(&**s), XSD_STRING),
    };
    let datatype = match datatype {
        Some("@json") | None => default_type,
        Some(dt) => dt,
    };
    let language = if datatype == RDF_LANG_STRING {
        v.language.as_deref()
    } else {
        None
    };
    Some(LiteralParts {
        value,
        datatype,
        language,
    })
}

/// Converts node maps to quads.
struct Emitter<'m, 'a, S> {
    map: &'m mut NodeMap<'a>,
    out: &'m mut S,
}

impl<S: QuadSink> Emitter<'_, '_, S> {
    /// Emits `subject predicate item` for one property value.
    fn emit(
        &mut self,
        subject: TermRef<'_>,
        predicate: &str,
        item: &MapItem<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        match item {
            MapItem::Ref(id) => {
                if is_well_formed(id) {
                    self.push(subject, predicate, node_term(id), graph);
                }
            }
            MapItem::Value(v) => {
                if let Some(lit) = value_term(v) {
                    self.push(subject, predicate, lit.term(), graph);
                }
            }
            MapItem::List(items) => {
                let head = self.list(items, graph);
                let object = head.as_deref().map_or(TermRef::Iri(RDF_NIL), node_term);
                self.push(subject, predicate, object, graph);
            }
        }
    }

    /// Emits the quads of a list and returns its head node (`None` for `rdf:nil`).
    fn list(&mut self, items: &[MapItem<'_>], graph: Option<TermRef<'_>>) -> Option<String> {
        if items.is_empty() {
            return None;
        }
        let nodes: Vec<String> = items.iter().map(|_| self.map.fresh()).collect();
        for (i, (item, subject)) in items.iter().zip(&nodes).enumerate() {
            self.emit(node_term(subject), RDF_FIRST, item, graph);
            let rest = nodes
                .get(i + 1)
                .map_or(TermRef::Iri(RDF_NIL), |n| node_term(n));
            self.push(node_term(subject), RDF_REST, rest, graph);
        }
        nodes.into_iter().next()
    }

    fn push(
        &mut self,
        subject: TermRef<'_>,
        predicate: &str,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        self.out
            .quad(subject, TermRef::Iri(predicate), object, graph);
    }
}

/// The number of quads the node map gives, short of lists: a capacity hint.
pub(crate) fn quad_estimate(map: &NodeMap<'_>) -> usize {
    map.graphs
        .iter()
        .flat_map(|(_, g)| &g.nodes)
        .map(|(_, n)| n.types.len() + n.props.iter().map(|(_, v)| v.len()).sum::<usize>())
        .sum()
}

/// Deserialises the node map into `out` (`produceGeneralizedRdf` false).
pub(crate) fn emit<S: QuadSink>(map: &mut NodeMap<'_>, out: &mut S) {
    let graphs = std::mem::take(&mut map.graphs);
    let mut em = Emitter { map, out };
    for (name, graph) in &graphs {
        let graph_term = if *name == DEFAULT_GRAPH {
            None
        } else if is_well_formed(name) {
            Some(node_term(name))
        } else {
            continue;
        };
        for (subject, node) in &graph.nodes {
            if !is_well_formed(subject) {
                continue;
            }
            let s = node_term(subject);
            for t in &node.types {
                if is_well_formed(t) {
                    em.push(s, RDF_TYPE, node_term(t), graph_term);
                }
            }
            for (prop, items) in &node.props {
                if is_blank(prop) || !is_rdf_iri(prop) {
                    continue;
                }
                for item in items {
                    em.emit(s, prop, item, graph_term);
                }
            }
        }
    }
}
