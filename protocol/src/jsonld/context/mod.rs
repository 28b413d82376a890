//! Active contexts and the JSON-LD 1.1 Context Processing algorithm.

mod cache;
mod iri_expand;
mod process;
mod term;
mod term_options;

use crate::jsonld::hasher::FastMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use serde_json::Value;

pub(crate) use cache::{ContextCache, CtxKey};

/// How many remote contexts one document may pull in (directly or nested).
pub(crate) const MAX_REMOTE_CONTEXTS: usize = 32;

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
    pub iri: Option<Arc<str>>,
    /// Whether the term may be used as a compact IRI prefix.
    pub prefix: bool,
    /// Whether the term is protected.
    pub protected: bool,
    /// Whether this is a reverse property.
    pub reverse: bool,
    /// The type mapping.
    pub type_mapping: Option<Arc<str>>,
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
    pub terms: FastMap<String, Arc<TermDef>>,
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
    /// The terms that alias keywords, with their keyword, listed on first use (contexts
    /// are not changed once shared): looking a key up here is cheaper than hashing it.
    pub keyword_aliases: OnceLock<Box<[(String, String)]>>,
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
            keyword_aliases: OnceLock::new(),
        }
    }

    /// The term definition of `term`.
    pub fn term(&self, term: &str) -> Option<&Arc<TermDef>> {
        self.terms.get(term)
    }

    /// IRI expansion against a finished context (no local context being defined).
    pub fn expand_iri(&self, value: &str, document_relative: bool, vocab: bool) -> Option<String> {
        iri_expand::expand_iri_final(self, value, document_relative, vocab)
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

impl ActiveContext {
    /// The keyword `key` expands to, if any, without allocating: only keywords and terms
    /// aliasing keywords expand to keywords.
    pub fn keyword_of<'c>(&'c self, key: &'c str) -> Option<&'c str> {
        if key.starts_with('@') {
            return crate::jsonld::iri::is_keyword(key).then_some(key);
        }
        let aliases = self.keyword_aliases.get_or_init(|| {
            self.terms
                .iter()
                .filter_map(|(term, def)| {
                    let iri = def.iri.as_deref()?;
                    (iri.starts_with('@') && crate::jsonld::iri::is_keyword(iri))
                        .then(|| (term.clone(), iri.to_owned()))
                })
                .collect()
        });
        aliases
            .iter()
            .find(|(term, _)| term == key)
            .map(|(_, keyword)| keyword.as_str())
    }

    /// IRI-expands a `@type` value (vocabulary-relative, document-relative), sharing the
    /// IRI of the term definition when it is a term.
    pub fn expand_type(&self, value: &str) -> Option<Arc<str>> {
        let keyword_form = value.starts_with('@');
        if !keyword_form && let Some(def) = self.terms.get(value) {
            return def.iri.clone();
        }
        iri_expand::expand_iri_final(self, value, true, true).map(Arc::from)
    }

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
        iri_expand::expand_iri_final(self, key, false, true).map(Cow::Owned)
    }
}
