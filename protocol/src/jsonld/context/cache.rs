//! The processed-context cache: the expensive part of JSON-LD is context processing, and
//! credentials use the same few contexts over and over.

use std::collections::HashMap;

use crate::jsonld::hasher::FastMap;
use std::sync::{Arc, RwLock};

use serde_json::Value;

use super::{ActiveContext, Flags};

/// When the cache holds more processed contexts than this it is emptied (bounds memory
/// when documents carry many distinct inline contexts).
const MAX_CONTEXTS: usize = 4096;
/// The same bound for loaded remote documents.
const MAX_REMOTE: usize = 1024;

/// What a local context is, for the cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum CtxKey {
    /// A scoped context of a term definition, by its unique id (its base URL is fixed).
    Scoped(u64),
    /// A document-level context by its serialisation, with the base URL it resolves against.
    Doc(String, Option<String>),
}

/// A cache key: the active context's id, the local context and the flags.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    active: u64,
    local: CtxKey,
    flags: u8,
}

impl Key {
    /// The key of applying `local` to the context `active` with `flags`.
    pub fn new(active: u64, local: CtxKey, flags: Flags) -> Self {
        Self {
            active,
            local,
            flags: u8::from(flags.override_protected)
                | u8::from(flags.propagate) << 1
                | u8::from(flags.validate) << 2,
        }
    }
}

/// Processed contexts and loaded remote documents, shared by threads.
#[derive(Debug, Default)]
pub(crate) struct ContextCache {
    contexts: RwLock<FastMap<Key, Arc<ActiveContext>>>,
    remote: RwLock<HashMap<String, Arc<Value>>>,
    initial: RwLock<HashMap<Option<String>, Arc<ActiveContext>>>,
}

impl ContextCache {
    /// A cached processed context.
    pub fn context(&self, key: &Key) -> Option<Arc<ActiveContext>> {
        let map = self.contexts.read().unwrap_or_else(|e| e.into_inner());
        map.get(key).cloned()
    }

    /// Remembers a processed context.
    pub fn put_context(&self, key: Key, ctx: Arc<ActiveContext>) {
        let mut map = self.contexts.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_CONTEXTS {
            map.clear();
        }
        map.insert(key, ctx);
    }

    /// The empty initial context for documents with base IRI `base` (kept so that cache
    /// keys built on its id stay valid across documents).
    pub fn initial(&self, base: Option<&str>) -> Arc<ActiveContext> {
        let key = base.map(str::to_owned);
        if let Some(ctx) = self
            .initial
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return ctx.clone();
        }
        let mut map = self.initial.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_REMOTE {
            map.clear();
        }
        map.entry(key.clone())
            .or_insert_with(|| Arc::new(ActiveContext::new(key)))
            .clone()
    }

    /// A loaded remote document.
    pub fn remote(&self, url: &str) -> Option<Arc<Value>> {
        let map = self.remote.read().unwrap_or_else(|e| e.into_inner());
        map.get(url).cloned()
    }

    /// Remembers a loaded remote document.
    pub fn put_remote(&self, url: &str, doc: Arc<Value>) {
        let mut map = self.remote.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_REMOTE {
            map.clear();
        }
        map.insert(url.to_owned(), doc);
    }
}
