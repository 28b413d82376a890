//! JSON-LD 1.1: the embedded context registry, context processing (cached), expansion and
//! conversion to RDF (the `toRdf` algorithm) for Data Integrity's `rdfc` cryptosuites.

mod context;
mod direct;
#[cfg(test)]
mod direct_tests;
mod expand;
mod expanded;
mod hasher;
mod iri;
mod node_map;
mod registry;
mod to_rdf;
mod verdicts;

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::rdf::{Dataset, QuadSink};
use context::ContextCache;
use expanded::Item;

pub use registry::{
    MOCHILA_MICROCREDENTIAL_V1, MOCHILA_NETWORK_V1, Registry, embedded_context, embedded_documents,
    registry,
};

/// A [`JsonLdError`] with `code` and `message`.
pub(crate) fn err(code: &str, message: impl Into<String>) -> JsonLdError {
    JsonLdError {
        code: code.to_owned(),
        message: message.into(),
    }
}

/// The deepest nesting of arrays and objects accepted in a document (the algorithms
/// recurse once per level; credentials nest less than ten levels).
pub const MAX_DEPTH: usize = 64;

/// Refuses documents nested deeper than [`MAX_DEPTH`], without recursing.
fn check_depth(document: Input<'_>) -> Result<(), JsonLdError> {
    let nests = |v: &&Value| matches!(v, Value::Array(_) | Value::Object(_));
    let mut stack: Vec<(&Value, usize)> = Vec::with_capacity(32);
    match document {
        Input::Value(value) => stack.push((value, 1)),
        Input::Object(map, _) => stack.extend(map.values().filter(nests).map(|v| (v, 2))),
    }
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(err(
                "document too deep",
                format!("the document nests arrays and objects more than {MAX_DEPTH} levels"),
            ));
        }
        match value {
            Value::Array(items) => {
                stack.extend(items.iter().filter(nests).map(|c| (c, depth + 1)));
            }
            Value::Object(map) => {
                stack.extend(map.values().filter(nests).map(|c| (c, depth + 1)));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A document to convert: any JSON value, or a JSON object with one top-level entry left
/// out (a secured document without its `proof`, converted without copying it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input<'d> {
    /// The document as given.
    Value(&'d Value),
    /// A JSON object, without the entry named (if any).
    Object(&'d Map<String, Value>, Option<&'d str>),
}

/// Options of one conversion.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's base IRI, against which relative IRIs and context URLs resolve.
    pub base: Option<String>,
    /// A context applied before the document's own (`expandContext`); either a context or
    /// a map with an `@context` entry.
    pub expand_context: Option<Value>,
}

/// Loads a context document the embedded registry does not hold. The node implements this
/// with an HTTP fetch under limits; offline callers refuse.
pub trait DocumentLoader: Send + Sync {
    /// Returns the parsed JSON document at `url`.
    fn load(&self, url: &str) -> Result<Value, LoadError>;
}

/// Why a document could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot load {url}: {reason}")]
pub struct LoadError {
    /// The URL asked for.
    pub url: String,
    /// What went wrong.
    pub reason: String,
}

/// A loader that refuses every URL: only embedded contexts are available.
#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineLoader;

impl DocumentLoader for OfflineLoader {
    fn load(&self, url: &str) -> Result<Value, LoadError> {
        Err(LoadError {
            url: url.to_owned(),
            reason: "not in the embedded context registry and no network loader configured"
                .to_owned(),
        })
    }
}

/// A JSON-LD error, with the JSON-LD error code where the specification names one.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct JsonLdError {
    /// The JSON-LD API error code, e.g. `invalid local context`.
    pub code: String,
    /// A human-readable explanation naming the offending term or value.
    pub message: String,
}

/// Converts JSON-LD documents to RDF, caching processed contexts so that repeated documents
/// using the same contexts do not re-process them. Cheap to share across threads.
#[derive(Clone)]
pub struct Processor {
    loader: Arc<dyn DocumentLoader>,
    cache: Arc<ContextCache>,
}

impl std::fmt::Debug for Processor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Processor").finish_non_exhaustive()
    }
}

impl Default for Processor {
    fn default() -> Self {
        Self::new(Arc::new(OfflineLoader))
    }
}

impl Processor {
    /// A processor that serves embedded contexts from memory and asks `loader` for others.
    pub fn new(loader: Arc<dyn DocumentLoader>) -> Self {
        Self {
            loader,
            cache: Arc::new(ContextCache::default()),
        }
    }

    /// Expands `document` and converts it to an RDF dataset (JSON-LD 1.1 `toRdf`, with
    /// `produceGeneralizedRdf` false and no `rdfDirection`).
    pub fn to_rdf(&self, document: &Value) -> Result<Dataset, JsonLdError> {
        self.to_rdf_with(document, &Options::default())
    }

    /// [`Processor::to_rdf`] with a base IRI and/or an expansion context.
    pub fn to_rdf_with(&self, document: &Value, options: &Options) -> Result<Dataset, JsonLdError> {
        self.convert(Input::Value(document), options, Vec::with_capacity)
    }

    /// JSON-LD to RDF into a sink that `make` creates given an estimate of the number of
    /// quads (no owned [`Dataset`] is built when the sink does not need one).
    pub(crate) fn to_sink<S: QuadSink>(
        &self,
        document: Input<'_>,
        make: impl FnOnce(usize) -> S,
    ) -> Result<S, JsonLdError> {
        self.convert(document, &Options::default(), make)
    }

    /// Expands `document` and emits its quads into the sink `make` creates: straight from
    /// the expanded tree when the node map would only restate it, else through the node map.
    fn convert<S: QuadSink>(
        &self,
        document: Input<'_>,
        options: &Options,
        make: impl FnOnce(usize) -> S,
    ) -> Result<S, JsonLdError> {
        let items = self.expand_document(document, options)?;
        if let Some(quads) = direct::estimate(&items) {
            let mut sink = make(quads);
            direct::emit(&items, &mut sink);
            return Ok(sink);
        }
        let mut map = node_map::NodeMap::default();
        map.add_all(&items)?;
        let mut sink = make(to_rdf::quad_estimate(&map));
        to_rdf::emit(&mut map, &mut sink);
        Ok(sink)
    }

    /// Expands `document` into its top-level items (the default graph's, for a document
    /// that is a bare `@graph`).
    fn expand_document<'d>(
        &self,
        document: Input<'d>,
        options: &Options,
    ) -> Result<Vec<Item<'d>>, JsonLdError> {
        check_depth(document)?;
        let base = options.base.as_deref();
        let mut active = self.cache.initial(base);
        if let Some(ec) = &options.expand_context {
            let ctx = ec.get("@context").unwrap_or(ec);
            active = self.apply_doc_context(&active, ctx, base)?;
        }
        let expanded = match document {
            Input::Value(value) => self.expand_element(&active, None, value, base, false)?,
            Input::Object(map, exclude) => self.expand_top_map(&active, map, base, exclude)?,
        };
        Ok(match expanded {
            expand::Exp::One(Item::Node(n))
                if n.is_graph_object() && n.id.is_none() && n.index.is_none() =>
            {
                n.graph.unwrap_or_default()
            }
            other => other.into_vec(),
        })
    }
}
