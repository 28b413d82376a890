//! The Create Term Definition and IRI Expansion algorithms (JSON-LD 1.1 API 4.2, 5.2).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::iri_expand::expand_tail;
use super::{ActiveContext, TermDef, container};
use crate::jsonld::iri::{
    ends_with_gen_delim, has_keyword_form, is_absolute_iri, is_blank, is_keyword,
};
use crate::jsonld::{JsonLdError, Processor, err};

/// Defines the terms of one local context definition into `result`.
pub(crate) struct Builder<'a> {
    pub processor: &'a Processor,
    pub result: &'a mut ActiveContext,
    pub local: &'a Map<String, Value>,
    pub defined: HashMap<String, bool>,
    pub base_url: Option<&'a str>,
    pub protected: bool,
    pub override_protected: bool,
    pub remote: &'a mut Vec<String>,
}

pub(super) const TERM_KEYS: &[&str] = &[
    "@id",
    "@reverse",
    "@container",
    "@context",
    "@direction",
    "@index",
    "@language",
    "@nest",
    "@prefix",
    "@protected",
    "@type",
];

impl Builder<'_> {
    /// IRI expansion that may define terms of the local context on the way.
    pub(super) fn expand_iri(
        &mut self,
        value: &str,
        document_relative: bool,
        vocab: bool,
    ) -> Result<Option<String>, JsonLdError> {
        if is_keyword(value) {
            return Ok(Some(value.to_owned()));
        }
        if has_keyword_form(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.create(value)?;
        }
        if let Some(def) = self.result.terms.get(value) {
            if let Some(iri) = def.iri.as_deref().filter(|i| is_keyword(i)) {
                return Ok(Some(iri.to_owned()));
            }
            if vocab {
                return Ok(def.iri.as_deref().map(str::to_owned));
            }
        }
        if let Some(colon) = value.get(1..).and_then(|v| v.find(':')).map(|i| i + 1) {
            let prefix = &value[..colon];
            let suffix = &value[colon + 1..];
            if prefix != "_"
                && !suffix.starts_with("//")
                && self.local.contains_key(prefix)
                && self.defined.get(prefix) != Some(&true)
            {
                self.create(prefix)?;
            }
        }
        Ok(expand_tail(self.result, value, document_relative, vocab))
    }

    /// The Create Term Definition algorithm for `term`.
    pub fn create(&mut self, term: &str) -> Result<(), JsonLdError> {
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => {
                return Err(err(
                    "cyclic IRI mapping",
                    format!("term {term:?} is defined through itself"),
                ));
            }
            None => {}
        }
        if term.is_empty() {
            return Err(err(
                "invalid term definition",
                "the empty string is not a term",
            ));
        }
        self.defined.insert(term.to_owned(), false);
        let raw = self.local.get(term).unwrap_or(&Value::Null);
        if term == "@type" {
            let ok = raw.as_object().is_some_and(|m| {
                !m.is_empty()
                    && m.iter().all(|(k, v)| match k.as_str() {
                        "@container" => v == "@set",
                        "@protected" => true,
                        _ => false,
                    })
            });
            if !ok {
                return Err(err(
                    "keyword redefinition",
                    "@type may only be given @container: @set and @protected",
                ));
            }
        } else if is_keyword(term) {
            return Err(err("keyword redefinition", format!("{term} is a keyword")));
        } else if has_keyword_form(term) {
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        let previous = self.result.terms.remove(term);
        let empty = Map::new();
        let (value, simple): (&Map<String, Value>, bool) = match raw {
            Value::Null => (&empty, false),
            Value::String(_) => (&empty, true),
            Value::Object(m) => (m, false),
            _ => {
                return Err(err(
                    "invalid term definition",
                    format!("term {term:?} must be a string, map or null"),
                ));
            }
        };
        if value.contains_key("@prefix") && (term.contains(':') || term.contains('/')) {
            return Err(err(
                "invalid term definition",
                format!("term {term:?} cannot be a prefix"),
            ));
        }
        let id_entry: Option<&Value> = match raw {
            Value::Null => Some(&Value::Null),
            Value::String(_) => Some(raw),
            _ => value.get("@id"),
        };
        let mut def = TermDef {
            protected: self.protected,
            ..TermDef::default()
        };
        if let Some(p) = value.get("@protected") {
            def.protected = p.as_bool().ok_or_else(|| {
                err(
                    "invalid @protected value",
                    format!("@protected of term {term:?}"),
                )
            })?;
        }
        if let Some(t) = value.get("@type") {
            let t = t.as_str().ok_or_else(|| {
                err(
                    "invalid type mapping",
                    format!("@type of term {term:?} must be a string"),
                )
            })?;
            let expanded = self.expand_iri(t, false, true)?.unwrap_or_default();
            if !matches!(expanded.as_str(), "@id" | "@vocab" | "@json" | "@none")
                && !is_absolute_iri(&expanded)
            {
                return Err(err(
                    "invalid type mapping",
                    format!("@type {t:?} of term {term:?}"),
                ));
            }
            def.type_mapping = Some(expanded.into());
        }
        if let Some(r) = value.get("@reverse") {
            if value.contains_key("@id") || value.contains_key("@nest") {
                return Err(err(
                    "invalid reverse property",
                    format!("term {term:?} has @reverse with @id or @nest"),
                ));
            }
            let r = r
                .as_str()
                .ok_or_else(|| err("invalid IRI mapping", format!("@reverse of term {term:?}")))?;
            if has_keyword_form(r) {
                self.defined.insert(term.to_owned(), true);
                return Ok(());
            }
            let iri = self.expand_iri(r, false, true)?.unwrap_or_default();
            if !iri.contains(':') {
                return Err(err(
                    "invalid IRI mapping",
                    format!("@reverse {r:?} of term {term:?}"),
                ));
            }
            def.iri = Some(iri.into());
            if let Some(c) = value.get("@container") {
                def.container = match c.as_str() {
                    Some("@set") => container::SET,
                    Some("@index") => container::INDEX,
                    _ if c.is_null() => 0,
                    _ => {
                        return Err(err(
                            "invalid reverse property",
                            format!("container of reverse term {term:?}"),
                        ));
                    }
                };
            }
            def.reverse = true;
            self.result.terms.insert(term.to_owned(), Arc::new(def));
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        let colon_inside = term.get(1..).and_then(|t| t.find(':')).map(|i| i + 1);
        match id_entry {
            Some(id) if id.as_str() != Some(term) => {
                if id.is_null() {
                    def.iri = None;
                } else {
                    let id = id.as_str().ok_or_else(|| {
                        err(
                            "invalid IRI mapping",
                            format!("@id of term {term:?} must be a string"),
                        )
                    })?;
                    if !is_keyword(id) && has_keyword_form(id) {
                        self.defined.insert(term.to_owned(), true);
                        return Ok(());
                    }
                    let iri = self.expand_iri(id, false, true)?.unwrap_or_default();
                    if !(is_keyword(&iri) || iri.contains(':')) {
                        return Err(err(
                            "invalid IRI mapping",
                            format!("@id {id:?} of term {term:?} is not an IRI"),
                        ));
                    }
                    if iri == "@context" {
                        return Err(err(
                            "invalid keyword alias",
                            format!("term {term:?} aliases @context"),
                        ));
                    }
                    let gen_term = term.trim_end_matches(':');
                    if gen_term.get(1..).is_some_and(|t| t.contains(':')) || term.contains('/') {
                        self.defined.insert(term.to_owned(), true);
                        let again = self.expand_iri(term, false, true)?;
                        if again.as_deref() != Some(iri.as_str()) {
                            return Err(err(
                                "invalid IRI mapping",
                                format!(
                                    "term {term:?} looks like an IRI that differs from its @id"
                                ),
                            ));
                        }
                    }
                    if !term.contains(':') && !term.contains('/') && simple {
                        def.prefix = ends_with_gen_delim(&iri) || is_blank(&iri);
                    }
                    def.iri = Some(iri.into());
                }
            }
            _ => {
                if let Some(colon) = colon_inside {
                    let prefix = &term[..colon];
                    let suffix = &term[colon + 1..];
                    if self.local.contains_key(prefix) {
                        self.create(prefix)?;
                    }
                    def.iri = match self.result.terms.get(prefix).and_then(|d| d.iri.as_ref()) {
                        Some(p) => Some(format!("{p}{suffix}").into()),
                        None => Some(term.into()),
                    };
                } else if term.contains('/') {
                    let iri = self.expand_iri(term, false, true)?.unwrap_or_default();
                    if !is_absolute_iri(&iri) {
                        return Err(err(
                            "invalid IRI mapping",
                            format!("term {term:?} is a relative IRI"),
                        ));
                    }
                    def.iri = Some(iri.into());
                } else if term == "@type" {
                    def.iri = Some("@type".into());
                } else if let Some(vocab) = &self.result.vocab {
                    def.iri = Some(format!("{vocab}{term}").into());
                } else {
                    return Err(err(
                        "invalid IRI mapping",
                        format!("term {term:?} has no IRI and there is no @vocab"),
                    ));
                }
            }
        }
        self.define_rest(term, value, &mut def)?;
        if !self.override_protected
            && let Some(prev) = previous.filter(|p| p.protected)
        {
            if !prev.same_as(&def) {
                return Err(err(
                    "protected term redefinition",
                    format!("term {term:?} is protected"),
                ));
            }
            self.result.terms.insert(term.to_owned(), prev);
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        self.result.terms.insert(term.to_owned(), Arc::new(def));
        self.defined.insert(term.to_owned(), true);
        Ok(())
    }
}
