//! Steps 20 to 27 of Create Term Definition: container, index, scoped context, language,
//! direction, nest and prefix of a term.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::term::{Builder, TERM_KEYS};
use super::{ActiveContext, Flags, Scoped, TermDef, container, next_id};
use crate::jsonld::iri::{is_absolute_iri, is_keyword};
use crate::jsonld::{JsonLdError, err};

impl Builder<'_> {
    /// Steps 20 to 27: container, index, scoped context, language, direction, nest, prefix.
    pub(super) fn define_rest(
        &mut self,
        term: &str,
        value: &Map<String, Value>,
        def: &mut TermDef,
    ) -> Result<(), JsonLdError> {
        if let Some(c) = value.get("@container") {
            def.container = parse_container(c).ok_or_else(|| {
                err(
                    "invalid container mapping",
                    format!("@container of term {term:?}"),
                )
            })?;
            if def.has(container::TYPE) {
                match def.type_mapping.as_deref() {
                    None => def.type_mapping = Some("@id".into()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => {
                        return Err(err(
                            "invalid type mapping",
                            format!("@type container term {term:?} needs @type @id or @vocab"),
                        ));
                    }
                }
            }
        }
        if let Some(i) = value.get("@index") {
            let i = i
                .as_str()
                .filter(|_| def.has(container::INDEX))
                .ok_or_else(|| {
                    err(
                        "invalid term definition",
                        format!("@index of term {term:?}"),
                    )
                })?;
            let expanded = self.expand_iri(i, false, true)?.unwrap_or_default();
            if !is_absolute_iri(&expanded) {
                return Err(err(
                    "invalid term definition",
                    format!("@index {i:?} of term {term:?} is not an IRI"),
                ));
            }
            def.index = Some(i.to_owned());
        }
        if let Some(c) = value.get("@context") {
            let flags = Flags {
                override_protected: true,
                propagate: true,
                validate: false,
            };
            let snapshot = Arc::new(copy_for_validation(self.result));
            let mut remote = self.remote.clone();
            if let Err(e) =
                self.processor
                    .process_context(&snapshot, c, self.base_url, &mut remote, flags)
            {
                return Err(err(
                    "invalid scoped context",
                    format!("scoped context of term {term:?}: {e}"),
                ));
            }
            def.context = Some(Scoped {
                value: c.clone(),
                base: self.base_url.map(str::to_owned),
                id: next_id(),
            });
        }
        if !value.contains_key("@type") {
            if let Some(l) = value.get("@language") {
                def.language = Some(match l {
                    Value::Null => None,
                    Value::String(s) => Some(s.to_ascii_lowercase()),
                    _ => {
                        return Err(err(
                            "invalid language mapping",
                            format!("@language of term {term:?}"),
                        ));
                    }
                });
            }
            if let Some(d) = value.get("@direction") {
                def.direction = Some(match d.as_str() {
                    _ if d.is_null() => None,
                    Some(s @ ("ltr" | "rtl")) => Some(s.to_owned()),
                    _ => {
                        return Err(err(
                            "invalid base direction",
                            format!("@direction of term {term:?}"),
                        ));
                    }
                });
            }
        }
        if let Some(n) = value.get("@nest") {
            match n.as_str() {
                Some(s) if !is_keyword(s) || s == "@nest" => def.nest = Some(s.to_owned()),
                _ => {
                    return Err(err(
                        "invalid @nest value",
                        format!("@nest of term {term:?}"),
                    ));
                }
            }
        }
        if let Some(p) = value.get("@prefix") {
            if term.contains(':') || term.contains('/') {
                return Err(err(
                    "invalid term definition",
                    format!("term {term:?} cannot be a prefix"),
                ));
            }
            def.prefix = p
                .as_bool()
                .ok_or_else(|| err("invalid @prefix value", format!("@prefix of term {term:?}")))?;
            if def.prefix && def.iri.as_deref().is_some_and(is_keyword) {
                return Err(err(
                    "invalid term definition",
                    format!("keyword alias {term:?} cannot be a prefix"),
                ));
            }
        }
        if let Some(k) = value.keys().find(|k| !TERM_KEYS.contains(&k.as_str())) {
            return Err(err(
                "invalid term definition",
                format!("term {term:?} has unknown entry {k:?}"),
            ));
        }
        Ok(())
    }
}

/// A snapshot of the context being built, to validate a scoped context against.
fn copy_for_validation(ctx: &ActiveContext) -> ActiveContext {
    ActiveContext {
        id: next_id(),
        terms: ctx.terms.clone(),
        base: ctx.base.clone(),
        original_base: ctx.original_base.clone(),
        vocab: ctx.vocab.clone(),
        language: ctx.language.clone(),
        direction: ctx.direction.clone(),
        previous: ctx.previous.clone(),
        keyword_aliases: std::sync::OnceLock::new(),
    }
}

/// Parses a container mapping into flags, checking the allowed combinations.
fn parse_container(c: &Value) -> Option<u8> {
    let one = |s: &str| -> Option<u8> {
        Some(match s {
            "@list" => container::LIST,
            "@set" => container::SET,
            "@index" => container::INDEX,
            "@language" => container::LANGUAGE,
            "@id" => container::ID,
            "@type" => container::TYPE,
            "@graph" => container::GRAPH,
            _ => return None,
        })
    };
    match c {
        Value::String(s) => one(s),
        Value::Array(items) => {
            let mut flags = 0u8;
            for item in items {
                flags |= one(item.as_str()?)?;
            }
            use container::*;
            let ok = match flags {
                f if f.count_ones() <= 1 => true,
                f if f & GRAPH != 0 => {
                    f & !(GRAPH | ID | INDEX | SET) == 0 && (f & (ID | INDEX)).count_ones() <= 1
                }
                f if f & SET != 0 => f & LIST == 0 && (f & !SET).count_ones() == 1,
                _ => false,
            };
            ok.then_some(flags)
        }
        _ => None,
    }
}
