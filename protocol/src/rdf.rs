//! RDF terms, quads and datasets shared by the JSON-LD to RDF step and RDFC-1.0, with
//! N-Quads serialisation in the canonical form RDFC-1.0 prescribes.

use std::fmt::Write as _;

pub use crate::rdfc::{ParseError, parse_nquads};

/// `rdf:type`.
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// `xsd:string`, the datatype of a plain literal.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// `rdf:langString`, the datatype of a language-tagged literal.
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// An RDF term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An absolute IRI.
    Iri(String),
    /// A blank node, by its label without the `_:` prefix.
    Blank(String),
    /// A literal.
    Literal(Literal),
}

/// An RDF literal. `datatype` is always set: `xsd:string` for plain strings and
/// `rdf:langString` when `language` is set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Literal {
    /// The lexical form.
    pub value: String,
    /// The datatype IRI.
    pub datatype: String,
    /// The language tag, for `rdf:langString` literals.
    pub language: Option<String>,
}

/// A quad; `graph` is `None` for the default graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject: an IRI or a blank node.
    pub subject: Term,
    /// Predicate: an IRI.
    pub predicate: Term,
    /// Object: any term.
    pub object: Term,
    /// Graph name: an IRI or a blank node, or `None` for the default graph.
    pub graph: Option<Term>,
}

/// An RDF dataset: a list of quads (duplicates are removed by canonicalisation).
pub type Dataset = Vec<Quad>;

impl Term {
    /// Writes the term in canonical N-Quads form.
    pub fn write_nquads(&self, out: &mut String) {
        self.as_ref().write_nquads(out);
    }

    /// The term, borrowed.
    pub(crate) fn as_ref(&self) -> TermRef<'_> {
        match self {
            Term::Iri(iri) => TermRef::Iri(iri),
            Term::Blank(label) => TermRef::Blank(label),
            Term::Literal(lit) => TermRef::Literal {
                value: &lit.value,
                datatype: &lit.datatype,
                language: lit.language.as_deref(),
            },
        }
    }
}

/// A borrowed RDF term: what JSON-LD to RDF hands to a [`QuadSink`] without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermRef<'a> {
    /// An absolute IRI.
    Iri(&'a str),
    /// A blank node label without `_:`.
    Blank(&'a str),
    /// A literal (`datatype` always set, `language` for `rdf:langString`).
    Literal {
        /// The lexical form.
        value: &'a str,
        /// The datatype IRI.
        datatype: &'a str,
        /// The language tag.
        language: Option<&'a str>,
    },
}

impl TermRef<'_> {
    /// Writes the term in canonical N-Quads form.
    pub(crate) fn write_nquads(&self, out: &mut String) {
        match *self {
            TermRef::Iri(iri) => {
                out.push('<');
                out.push_str(iri);
                out.push('>');
            }
            TermRef::Blank(label) => {
                out.push_str("_:");
                out.push_str(label);
            }
            TermRef::Literal {
                value,
                datatype,
                language,
            } => {
                out.push('"');
                escape_literal(value, out);
                out.push('"');
                if let Some(lang) = language {
                    out.push('@');
                    out.push_str(lang);
                } else if datatype != XSD_STRING {
                    out.push_str("^^<");
                    out.push_str(datatype);
                    out.push('>');
                }
            }
        }
    }

    /// An owned copy of the term.
    pub(crate) fn to_term(self) -> Term {
        match self {
            TermRef::Iri(iri) => Term::Iri(iri.to_owned()),
            TermRef::Blank(label) => Term::Blank(label.to_owned()),
            TermRef::Literal {
                value,
                datatype,
                language,
            } => Term::Literal(Literal {
                value: value.to_owned(),
                datatype: datatype.to_owned(),
                language: language.map(str::to_owned),
            }),
        }
    }

    /// The length of the term in N-Quads, short of literal escapes: a capacity hint.
    pub(crate) fn text_len(&self) -> usize {
        match *self {
            TermRef::Iri(s) | TermRef::Blank(s) => s.len() + 2,
            TermRef::Literal {
                value,
                datatype,
                language,
            } => value.len() + datatype.len() + language.map_or(0, str::len) + 6,
        }
    }
}

/// Receives quads one by one, borrowed: an owned [`Dataset`], or RDFC-1.0's index, which
/// serialises them straight away.
pub(crate) trait QuadSink {
    /// Takes one quad; `graph` is `None` for the default graph.
    fn quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    );
}

impl QuadSink for Dataset {
    fn quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        self.push(Quad {
            subject: subject.to_term(),
            predicate: predicate.to_term(),
            object: object.to_term(),
            graph: graph.map(TermRef::to_term),
        });
    }
}

impl Quad {
    /// Writes the quad as one canonical N-Quads line, with its final newline.
    pub fn write_nquads(&self, out: &mut String) {
        self.subject.write_nquads(out);
        out.push(' ');
        self.predicate.write_nquads(out);
        out.push(' ');
        self.object.write_nquads(out);
        out.push(' ');
        if let Some(graph) = &self.graph {
            graph.write_nquads(out);
            out.push(' ');
        }
        out.push_str(".\n");
    }

    /// The quad as one canonical N-Quads line.
    pub fn to_nquads(&self) -> String {
        let mut out = String::new();
        self.write_nquads(&mut out);
        out
    }
}

/// Escapes a literal's lexical form as RDFC-1.0 canonical N-Quads requires: `\\`, `\"`,
/// `\n`, `\r`, `\t`, `\b`, `\f`, other controls (U+0000-U+001F, U+007F) as `\uXXXX` with
/// upper-case hex digits, everything else verbatim. Runs of characters needing no escape
/// are found eight bytes at a time and copied at once.
fn escape_literal(value: &str, out: &mut String) {
    let bytes = value.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !word_needs_escape(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let b = bytes.get(i).copied().unwrap_or_default();
        i += 1;
        let escape = match b {
            b'\\' => "\\\\",
            b'"' => "\\\"",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f | 0x7f => "",
            _ => continue,
        };
        // Every byte matched above is ASCII, so `i - 1` and `i` are character boundaries.
        out.push_str(value.get(from..i - 1).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04X}", b);
        } else {
            out.push_str(escape);
        }
        from = i;
    }
    out.push_str(value.get(from..).unwrap_or_default());
}

/// Whether any of the eight bytes in `w` is a control character, `"`, `\\` or DEL.
fn word_needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (below_space
        | has_zero(w ^ (ONES * u64::from(b'"')))
        | has_zero(w ^ (ONES * u64::from(b'\\')))
        | has_zero(w ^ (ONES * 0x7f)))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_escaped_canonically() {
        let mut out = String::new();
        escape_literal(
            "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{0}i\u{b}j\u{7f}k\u{e9}\u{1F303}",
            &mut out,
        );
        assert_eq!(
            out,
            "a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u000Bj\\u007Fk\u{e9}\u{1F303}"
        );
        let lit = Term::Literal(Literal {
            value: "x".into(),
            datatype: RDF_LANG_STRING.into(),
            language: Some("en".into()),
        });
        let mut out = String::new();
        lit.write_nquads(&mut out);
        assert_eq!(out, "\"x\"@en");
    }

    #[test]
    fn word_at_a_time_escaping_matches_a_byte_at_a_time_oracle() {
        let oracle = |value: &str| -> String {
            value
                .chars()
                .map(|c| match c {
                    '\\' => "\\\\".to_owned(),
                    '"' => "\\\"".to_owned(),
                    '\n' => "\\n".to_owned(),
                    '\r' => "\\r".to_owned(),
                    '\t' => "\\t".to_owned(),
                    '\u{8}' => "\\b".to_owned(),
                    '\u{c}' => "\\f".to_owned(),
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\u{:04X}", c as u32),
                    c => c.to_string(),
                })
                .collect()
        };
        for b in 0u8..=0xff {
            let c = char::from(b);
            for at in 0..20 {
                let mut value = "abcdefghijklmnopqrst".to_owned();
                value.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                let mut fast = String::new();
                escape_literal(&value, &mut fast);
                assert_eq!(fast, oracle(&value), "byte {b:#x} at {at}");
            }
        }
        let long = "é".repeat(9) + "\u{1F303}\"\u{1}xxxxxxxx\u{7f}";
        let mut out = String::new();
        escape_literal(&long, &mut out);
        assert_eq!(out, oracle(&long));
    }
}
