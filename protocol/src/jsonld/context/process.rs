//! The Context Processing algorithm (JSON-LD 1.1 API 4.1.2), with remote context loading.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::CtxKey;
use super::{ActiveContext, Flags, MAX_REMOTE_CONTEXTS, Scoped, cache, iri_expand, term};
use crate::jsonld::iri::{is_absolute_iri, resolve};
use crate::jsonld::{JsonLdError, Processor, err};

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
        if let Some(doc) = crate::jsonld::registry::embedded_context(url) {
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

    /// Applies a property-scoped context (which may override protected terms), cached.
    pub(crate) fn apply_property_scoped(
        &self,
        active: &Arc<ActiveContext>,
        scoped: &Scoped,
    ) -> Result<Arc<ActiveContext>, JsonLdError> {
        let flags = Flags {
            override_protected: true,
            ..Flags::DEFAULT
        };
        self.apply_context(
            active,
            &scoped.value,
            Some(CtxKey::Scoped(scoped.id)),
            scoped.base.as_deref(),
            flags,
        )
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
                Value::String(s) => match iri_expand::expand_iri_final(result, s, true, true) {
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
