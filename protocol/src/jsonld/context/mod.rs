//! Active contexts and the JSON-LD 1.1 Context Processing algorithm.

mod cache;
mod term;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

pub(crate) use cache::{ContextCache, CtxKey};

use super::iri::{is_absolute_iri, resolve};
use super::{JsonLdError, err};
use crate::jsonld::Processor;

/// How many remote contexts one document may pull in (directly or nested).
const MAX_REMOTE_CONTEXTS: usize = 32;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh identifier for an active context or a scoped context (cache keys).
pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Container mapping flags.
pub(crate) mod container {
    /// `@list`.
    pub const LIST: u8 = 1;
    /// `@set`.
    pub const SET: u8 = 2;
    /// `@index`.
    pub const INDEX: u8 = 4;
    /// `@language`.
    pub const LANGUAGE: u8 = 8;
    /// `@id`.
    pub const ID: u8 = 16;
    /// `@type`.
    pub const TYPE: u8 = 32;
    /// `@graph`.
    pub const GRAPH: u8 = 64;
}

/// A scoped (type- or property-scoped) context attached to a term definition.
#[derive(Debug)]
pub(crate) struct Scoped {
    /// The local context value.
    pub value: Value,
    /// The base URL of the context that defined the term.
    pub base: Option<String>,
    /// A unique id keying the context cache.
    pub id: u64,
}

/// A term definition.
#[derive(Debug, Default)]
pub(crate) struct TermDef {
    /// The IRI mapping (an IRI, blank node identifier or keyword); `None` for a term
    /// explicitly mapped to `null`.
    pub iri: Option<String>,
    /// Whether the term may be used as a compact IRI prefix.
    pub prefix: bool,
    /// Whether the term is protected.
    pub protected: bool,
    /// Whether this is a reverse property.
    pub reverse: bool,
    /// The type mapping.
    pub type_mapping: Option<String>,
    /// The language mapping: `Some(None)` is an explicit `null`.
    pub language: Option<Option<String>>,
    /// The direction mapping: `Some(None)` is an explicit `null`.
    pub direction: Option<Option<String>>,
    /// Container flags (see [`container`]).
    pub container: u8,
    /// The index mapping.
    pub index: Option<String>,
    /// The nest value.
    pub nest: Option<String>,
    /// The scoped context.
    pub context: Option<Scoped>,
}

impl TermDef {
    /// Equality ignoring `protected`, for protected-term redefinition checks.
    fn same_as(&self, other: &TermDef) -> bool {
        self.iri == other.iri
            && self.prefix == other.prefix
            && self.reverse == other.reverse
            && self.type_mapping == other.type_mapping
            && self.language == other.language
            && self.direction == other.direction
            && self.container == other.container
            && self.index == other.index
            && self.nest == other.nest
            && match (&self.context, &other.context) {
                (None, None) => true,
                (Some(a), Some(b)) => a.value == b.value,
                _ => false,
            }
    }

    /// Whether the container mapping includes `flag`.
    pub fn has(&self, flag: u8) -> bool {
        self.container & flag != 0
    }
}

/// An active context. Shared behind `Arc` and never mutated once built.
#[derive(Debug, Default)]
pub(crate) struct ActiveContext {
    /// Unique id, for cache keys.
    pub id: u64,
    /// Term definitions.
    pub terms: HashMap<String, Arc<TermDef>>,
    /// The base IRI.
    pub base: Option<String>,
    /// The document's base URL.
    pub original_base: Option<String>,
    /// The vocabulary mapping.
    pub vocab: Option<String>,
    /// The default language.
    pub language: Option<String>,
    /// The default base direction.
    pub direction: Option<String>,
    /// The context to revert to when this one does not propagate.
    pub previous: Option<Arc<ActiveContext>>,
}

impl ActiveContext {
    /// A new empty context with `base` as base IRI and original base URL.
    pub fn new(base: Option<String>) -> Self {
        Self {
            id: next_id(),
            base: base.clone(),
            original_base: base,
            ..Self::default()
        }
    }

    fn copy(&self) -> Self {
        Self {
            id: next_id(),
            terms: self.terms.clone(),
            base: self.base.clone(),
            original_base: self.original_base.clone(),
            vocab: self.vocab.clone(),
            language: self.language.clone(),
            direction: self.direction.clone(),
            previous: self.previous.clone(),
        }
    }

    /// The term definition of `term`.
    pub fn term(&self, term: &str) -> Option<&Arc<TermDef>> {
        self.terms.get(term)
    }

    /// IRI expansion against a finished context (no local context being defined).
    pub fn expand_iri(&self, value: &str, document_relative: bool, vocab: bool) -> Option<String> {
        term::expand_iri_final(self, value, document_relative, vocab)
    }
}

/// Options of one run of the Context Processing algorithm.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flags {
    /// Protected terms may be overridden (property-scoped contexts).
    pub override_protected: bool,
    /// The context propagates into nested nodes.
    pub propagate: bool,
    /// Scoped contexts are validated.
    pub validate: bool,
}

impl Flags {
    /// The defaults of the algorithm.
    pub const DEFAULT: Flags = Flags {
        override_protected: false,
        propagate: true,
        validate: true,
    };
}

/// A loaded remote context document (its `@context` value), with the URL it came from.
enum Loaded {
    Static(&'static Value),
    Shared(Arc<Value>),
}

impl Loaded {
    fn value(&self) -> &Value {
        match self {
            Loaded::Static(v) => v,
            Loaded::Shared(v) => v,
        }
    }
}

impl Processor {
    /// Loads the document at `url` (embedded registry, then the remote cache, then the
    /// loader) and returns it.
    fn load_document(&self, url: &str, code: &str) -> Result<Loaded, JsonLdError> {
        if let Some(doc) = super::registry::embedded_context(url) {
            return Ok(Loaded::Static(doc));
        }
        if let Some(doc) = self.cache.remote(url) {
            return Ok(Loaded::Shared(doc));
        }
        let doc = self
            .loader
            .load(url)
            .map_err(|e| err(code, format!("context {url}: {e}")))?;
        let doc = Arc::new(doc);
        self.cache.put_remote(url, doc.clone());
        Ok(Loaded::Shared(doc))
    }

    /// Applies `local` to `active`, using the cache when `key` is given.
    pub(crate) fn apply_context(
        &self,
        active: &Arc<ActiveContext>,
        local: &Value,
        key: Option<CtxKey>,
        base_url: Option<&str>,
        flags: Flags,
    ) -> Result<Arc<ActiveContext>, JsonLdError> {
        let cache_key = key.map(|k| cache::Key::new(active.id, k, flags));
        if let Some(k) = &cache_key
            && let Some(hit) = self.cache.context(k)
        {
            return Ok(hit);
        }
        let mut remote = Vec::new();
        let result = Arc::new(self.process_context(active, local, base_url, &mut remote, flags)?);
        if let Some(k) = cache_key {
            self.cache.put_context(k, result.clone());
        }
        Ok(result)
    }

    /// The Context Processing algorithm (JSON-LD 1.1 API section 4.1.2).
    pub(crate) fn process_context(
        &self,
        active: &Arc<ActiveContext>,
        local: &Value,
        base_url: Option<&str>,
        remote: &mut Vec<String>,
        flags: Flags,
    ) -> Result<ActiveContext, JsonLdError> {
        let mut result = active.copy();
        let mut propagate = flags.propagate;
        if let Some(p) = local.as_object().and_then(|m| m.get("@propagate")) {
            propagate = p
                .as_bool()
                .ok_or_else(|| err("invalid @propagate value", "@propagate must be a boolean"))?;
        }
        if !propagate && result.previous.is_none() {
            result.previous = Some(active.clone());
        }
        let items: &[Value] = match local {
            Value::Array(a) => a,
            other => std::slice::from_ref(other),
        };
        for item in items {
            match item {
                Value::Null => {
                    if !flags.override_protected && result.terms.values().any(|t| t.protected) {
                        return Err(err(
                            "invalid context nullification",
                            "a null context would remove protected term definitions",
                        ));
                    }
                    let previous = Arc::new(std::mem::take(&mut result));
                    result = ActiveContext::new(previous.original_base.clone());
                    if !propagate {
                        result.previous = Some(previous);
                    }
                }
                Value::String(reference) => {
                    let url = resolve(reference, base_url);
                    if !flags.validate && remote.contains(&url) {
                        continue;
                    }
                    if remote.len() >= MAX_REMOTE_CONTEXTS {
                        return Err(err(
                            "context overflow",
                            format!("too many nested remote contexts at {url}"),
                        ));
                    }
                    remote.push(url.clone());
                    let doc = self.load_document(&url, "loading remote context failed")?;
                    let ctx = doc
                        .value()
                        .as_object()
                        .and_then(|m| m.get("@context"))
                        .ok_or_else(|| {
                            err(
                                "invalid remote context",
                                format!("{url} has no @context entry"),
                            )
                        })?;
                    let current = Arc::new(std::mem::take(&mut result));
                    let sub = Flags {
                        override_protected: false,
                        propagate: true,
                        validate: flags.validate,
                    };
                    result = self.process_context(&current, ctx, Some(&url), remote, sub)?;
                }
                Value::Object(map) => {
                    self.process_definition(&mut result, map, base_url, remote, flags)?;
                }
                _ => {
                    return Err(err(
                        "invalid local context",
                        "a context must be null, a string or a map",
                    ));
                }
            }
        }
        Ok(result)
    }

    /// Steps 5.5 to 5.13: one context definition (a map).
    fn process_definition(
        &self,
        result: &mut ActiveContext,
        map: &Map<String, Value>,
        base_url: Option<&str>,
        remote: &mut Vec<String>,
        flags: Flags,
    ) -> Result<(), JsonLdError> {
        if let Some(v) = map.get("@version")
            && v.as_f64() != Some(1.1)
        {
            return Err(err(
                "invalid @version value",
                format!("@version {v} is not 1.1"),
            ));
        }
        let imported;
        let map = match map.get("@import") {
            None => map,
            Some(Value::String(reference)) => {
                let url = resolve(reference, base_url);
                let doc = self.load_document(&url, "loading remote context failed")?;
                let Some(Value::Object(import)) =
                    doc.value().as_object().and_then(|m| m.get("@context"))
                else {
                    return Err(err(
                        "invalid remote context",
                        format!("@import {url} has no @context map"),
                    ));
                };
                if import.contains_key("@import") {
                    return Err(err(
                        "invalid context entry",
                        format!("@import {url} itself has @import"),
                    ));
                }
                let mut merged = import.clone();
                for (k, v) in map {
                    merged.insert(k.clone(), v.clone());
                }
                imported = merged;
                &imported
            }
            Some(_) => return Err(err("invalid @import value", "@import must be a string")),
        };
        if let Some(v) = map.get("@base")
            && remote.is_empty()
        {
            match v {
                Value::Null => result.base = None,
                Value::String(s) if is_absolute_iri(s) => result.base = Some(s.clone()),
                Value::String(s) if result.base.is_some() => {
                    result.base = Some(resolve(s, result.base.as_deref()));
                }
                _ => return Err(err("invalid base IRI", format!("@base {v} is not an IRI"))),
            }
        }
        if let Some(v) = map.get("@vocab") {
            match v {
                Value::Null => result.vocab = None,
                Value::String(s) => match term::expand_iri_final(result, s, true, true) {
                    Some(iri) => result.vocab = Some(iri),
                    None => return Err(err("invalid vocab mapping", format!("@vocab {s}"))),
                },
                _ => {
                    return Err(err(
                        "invalid vocab mapping",
                        "@vocab must be a string or null",
                    ));
                }
            }
        }
        if let Some(v) = map.get("@language") {
            match v {
                Value::Null => result.language = None,
                Value::String(s) => result.language = Some(s.to_ascii_lowercase()),
                _ => return Err(err("invalid default language", format!("@language {v}"))),
            }
        }
        if let Some(v) = map.get("@direction") {
            match v.as_str() {
                _ if v.is_null() => result.direction = None,
                Some(d @ ("ltr" | "rtl")) => result.direction = Some(d.to_owned()),
                _ => return Err(err("invalid base direction", format!("@direction {v}"))),
            }
        }
        if let Some(v) = map.get("@propagate")
            && !v.is_boolean()
        {
            return Err(err(
                "invalid @propagate value",
                "@propagate must be a boolean",
            ));
        }
        let protected = match map.get("@protected") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => return Err(err("invalid @protected value", format!("@protected {v}"))),
        };
        let mut builder = term::Builder {
            processor: self,
            result,
            local: map,
            defined: HashMap::new(),
            base_url,
            protected,
            override_protected: flags.override_protected,
            remote,
        };
        for key in map.keys() {
            if matches!(
                key.as_str(),
                "@base"
                    | "@direction"
                    | "@import"
                    | "@language"
                    | "@propagate"
                    | "@protected"
                    | "@version"
                    | "@vocab"
            ) {
                continue;
            }
            builder.create(key)?;
        }
        Ok(())
    }
}

impl ActiveContext {
    /// IRI-expands a map key or `@type` value (vocabulary-relative), borrowing when the
    /// result is a keyword or a term's IRI mapping.
    pub fn expand_vocab<'c>(&'c self, key: &'c str) -> Option<std::borrow::Cow<'c, str>> {
        use std::borrow::Cow;
        if key.starts_with('@') && super::iri::is_keyword(key) {
            return Some(Cow::Borrowed(key));
        }
        if let Some(def) = self.terms.get(key) {
            return def.iri.as_deref().map(Cow::Borrowed);
        }
        term::expand_iri_final(self, key, false, true).map(Cow::Owned)
    }
}
