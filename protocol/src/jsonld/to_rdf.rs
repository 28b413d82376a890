//! The Deserialize JSON-LD to RDF algorithm: node map to quads, with canonical lexical
//! forms for numbers and JCS for JSON literals.

use serde_json::Number;

use super::expanded::{Literal as Lit, ValueObject};
use super::iri::{has_scheme, is_blank};
use super::node_map::{DEFAULT_GRAPH, MapItem, NodeMap};
use crate::rdf::{Dataset, Literal, Quad, RDF_LANG_STRING, RDF_TYPE, Term, XSD_STRING};

const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// Whether `s` is an absolute IRI RDF can carry: no characters IRIs exclude and at most
/// one `#`.
fn is_rdf_iri(s: &str) -> bool {
    let bytes = s.as_bytes();
    let clean = !bytes.iter().any(|&b| {
        b <= b' ' || matches!(b, b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\')
    });
    clean && bytes.iter().filter(|&&b| b == b'#').count() <= 1 && has_scheme(s)
}

/// Whether `s` may be a subject, object or graph name.
fn is_well_formed(s: &str) -> bool {
    is_blank(s) || is_rdf_iri(s)
}

/// An IRI or blank node term from a node map identifier.
fn node_term(id: &str) -> Term {
    match id.strip_prefix("_:") {
        Some(label) => Term::Blank(label.to_owned()),
        None => Term::Iri(id.to_owned()),
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

/// Object to RDF for a value object; `None` when it cannot be represented.
fn value_term(v: &ValueObject) -> Option<Term> {
    let datatype = v.datatype.as_deref();
    if let Some(dt) = datatype
        && dt != "@json"
        && !is_rdf_iri(dt)
    {
        return None;
    }
    if let Some(lang) = &v.language
        && !is_language_tag(lang)
    {
        return None;
    }
    let (value, default_type) = match &v.value {
        Lit::Json(json) => (crate::jcs::canonicalize(json), RDF_JSON),
        Lit::Bool(b) => (b.to_string(), XSD_BOOLEAN),
        Lit::Num(n) => number_literal(n, datatype),
        Lit::Str(s) if v.language.is_some() && datatype.is_none() => (s.clone(), RDF_LANG_STRING),
        Lit::Str(s) => (s.clone(), XSD_STRING),
    };
    let datatype = match datatype {
        Some("@json") | None => default_type.to_owned(),
        Some(dt) => dt.to_owned(),
    };
    let language = if datatype == RDF_LANG_STRING {
        v.language.clone()
    } else {
        None
    };
    Some(Term::Literal(Literal {
        value,
        datatype,
        language,
    }))
}

/// Converts node maps to quads.
struct Emitter<'m, 'a> {
    map: &'m mut NodeMap<'a>,
    out: Dataset,
}

impl Emitter<'_, '_> {
    fn object(&mut self, item: &MapItem<'_>, graph: &Option<Term>) -> Option<Term> {
        match item {
            MapItem::Ref(id) => is_well_formed(id).then(|| node_term(id)),
            MapItem::Value(v) => value_term(v),
            MapItem::List(items) => Some(self.list(items, graph)),
        }
    }

    fn list(&mut self, items: &[MapItem<'_>], graph: &Option<Term>) -> Term {
        if items.is_empty() {
            return Term::Iri(RDF_NIL.to_owned());
        }
        let nodes: Vec<Term> = items.iter().map(|_| node_term(&self.map.fresh())).collect();
        for (i, (item, subject)) in items.iter().zip(&nodes).enumerate() {
            if let Some(object) = self.object(item, graph) {
                self.push(subject.clone(), RDF_FIRST, object, graph);
            }
            let rest = nodes
                .get(i + 1)
                .cloned()
                .unwrap_or_else(|| Term::Iri(RDF_NIL.to_owned()));
            self.push(subject.clone(), RDF_REST, rest, graph);
        }
        nodes
            .into_iter()
            .next()
            .unwrap_or_else(|| Term::Iri(RDF_NIL.to_owned()))
    }

    fn push(&mut self, subject: Term, predicate: &str, object: Term, graph: &Option<Term>) {
        self.out.push(Quad {
            subject,
            predicate: Term::Iri(predicate.to_owned()),
            object,
            graph: graph.clone(),
        });
    }
}

/// Deserialises the node map to an RDF dataset (`produceGeneralizedRdf` false).
pub(crate) fn to_dataset(map: &mut NodeMap<'_>) -> Dataset {
    let graphs = std::mem::take(&mut map.graphs);
    let estimate = graphs
        .iter()
        .flat_map(|(_, g)| &g.nodes)
        .map(|(_, n)| n.types.len() + n.props.iter().map(|(_, v)| v.len()).sum::<usize>())
        .sum();
    let mut em = Emitter {
        map,
        out: Vec::with_capacity(estimate),
    };
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
                    em.push(s.clone(), RDF_TYPE, node_term(t), &graph_term);
                }
            }
            for (prop, items) in &node.props {
                if is_blank(prop) || !is_rdf_iri(prop) {
                    continue;
                }
                for item in items {
                    if let Some(o) = em.object(item, &graph_term) {
                        em.push(s.clone(), prop, o, &graph_term);
                    }
                }
            }
        }
    }
    em.out
}
