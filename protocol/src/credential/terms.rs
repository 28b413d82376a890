//! Undefined-term detection: members that no context of the document defines, which JSON-LD
//! expansion would drop (or map to an undefined-term vocabulary) and a strict verifier
//! rejects.
//!
//! The check is conservative and cheap: it collects every term any of the document's
//! contexts defines (type- and property-scoped contexts included) and reports members and
//! `type` values outside that set. Compact IRIs and absolute IRIs are always accepted; a
//! context with `@vocab` defines every term.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// A term no context of the document defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedTerm {
    /// JSON path of the member (or `type` value).
    pub path: String,
    /// The term.
    pub term: String,
}

#[derive(Default)]
struct Terms {
    defined: HashSet<String>,
    json_literal: HashSet<String>,
    vocab: bool,
    missing_contexts: Vec<String>,
    seen_urls: HashSet<String>,
}

impl Terms {
    fn add_context(&mut self, ctx: &Value, load: &dyn Fn(&str) -> Option<Value>) {
        match ctx {
            Value::Array(items) => items.iter().for_each(|c| self.add_context(c, load)),
            Value::String(url) => {
                if !self.seen_urls.insert(url.clone()) {
                    return;
                }
                match load(url) {
                    Some(doc) => {
                        if let Some(inner) = doc.get("@context") {
                            self.add_context(inner, load);
                        }
                    }
                    None => self.missing_contexts.push(url.clone()),
                }
            }
            Value::Object(defs) => self.add_definitions(defs, load),
            _ => {}
        }
    }

    fn add_definitions(&mut self, defs: &Map<String, Value>, load: &dyn Fn(&str) -> Option<Value>) {
        for (term, def) in defs {
            if term == "@vocab" && def.is_string() {
                self.vocab = true;
            }
            if term.starts_with('@') {
                continue;
            }
            self.defined.insert(term.clone());
            if let Some(def) = def.as_object() {
                if def.get("@type").and_then(Value::as_str) == Some("@json") {
                    self.json_literal.insert(term.clone());
                }
                if let Some(scoped) = def.get("@context") {
                    self.add_context(scoped, load);
                }
            }
        }
    }

    fn is_defined(&self, term: &str) -> bool {
        self.vocab || term.contains(':') || self.defined.contains(term)
    }
}

/// Collects contexts embedded anywhere in the document (`@context` members below the root).
fn collect_nested_contexts<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "@context" {
                    out.push(v);
                } else {
                    collect_nested_contexts(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_nested_contexts(v, out)),
        _ => {}
    }
}

fn walk(value: &Value, path: &str, terms: &Terms, out: &mut Vec<UndefinedTerm>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), terms, out);
            }
        }
        Value::Object(map) => {
            for (key, v) in map {
                let child = format!("{path}.{key}");
                if key == "@context" {
                    continue;
                }
                if key == "type" || key == "@type" {
                    let types: Vec<(String, &Value)> = match v {
                        Value::Array(items) => items
                            .iter()
                            .enumerate()
                            .map(|(i, t)| (format!("{child}[{i}]"), t))
                            .collect(),
                        other => vec![(child.clone(), other)],
                    };
                    for (p, t) in types {
                        if let Some(t) = t.as_str()
                            && !terms.is_defined(t)
                        {
                            out.push(UndefinedTerm {
                                path: p,
                                term: t.to_owned(),
                            });
                        }
                    }
                    continue;
                }
                if key.starts_with('@') {
                    walk(v, &child, terms, out);
                    continue;
                }
                if !terms.is_defined(key) {
                    out.push(UndefinedTerm {
                        path: child,
                        term: key.clone(),
                    });
                    continue;
                }
                if !terms.json_literal.contains(key) {
                    walk(v, &child, terms, out);
                }
            }
        }
        _ => {}
    }
}

/// The members and `type` values of `document` that none of its contexts defines, and the
/// context URLs `load` could not provide (their terms are then unknown, and reported).
pub fn undefined_terms(
    document: &Value,
    load: &dyn Fn(&str) -> Option<Value>,
) -> (Vec<UndefinedTerm>, Vec<String>) {
    let mut terms = Terms::default();
    let mut contexts = Vec::new();
    collect_nested_contexts(document, &mut contexts);
    for ctx in contexts {
        terms.add_context(ctx, load);
    }
    let mut out = Vec::new();
    walk(document, "$", &terms, &mut out);
    (out, terms.missing_contexts)
}
