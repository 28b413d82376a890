//! Controller documents for proofs: did:key offline, did:web fetched from its HTTPS URL (or
//! HTTP when `federation.allow_http`), `https:` controller documents fetched as they are;
//! cached with a TTL. The protocol's verifier is synchronous, so the documents a proof needs
//! are fetched first and handed to it as a [`FetchedResolver`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use mochila_protocol::did::{DidDocument, did_web_to_url};
use mochila_protocol::proof::{
    DocumentResolver, ResolveError, ResolvedMethod, VerificationMethodResolver,
};
use serde_json::Value;

use super::cache::TtlCache;
use crate::fetch::{FetchError, Fetcher};

/// What DID and controller documents are fetched with.
const ACCEPT_DID: &str = "application/did+json, application/did+ld+json, application/ld+json;q=0.9, application/json;q=0.8";

/// Fetches and caches controller documents.
#[derive(Debug)]
pub struct Controllers {
    fetcher: Fetcher,
    cache: TtlCache<Arc<DidDocument>>,
    ttl: Duration,
}

/// Resolves verification methods from documents fetched beforehand; a document that could
/// not be fetched is reported with the reason.
#[derive(Debug, Default)]
pub struct FetchedResolver {
    documents: DocumentResolver,
    failures: HashMap<String, String>,
}

impl VerificationMethodResolver for FetchedResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedMethod, ResolveError> {
        let base = controller_of(verification_method);
        if let Some(reason) = self.failures.get(base) {
            return Err(ResolveError {
                verification_method: verification_method.to_owned(),
                reason: reason.clone(),
            });
        }
        self.documents.resolve(verification_method)
    }
}

/// The controller document's id in a verification method URL (the part before `#`).
fn controller_of(verification_method: &str) -> &str {
    verification_method
        .split('#')
        .next()
        .unwrap_or(verification_method)
}

/// The `verificationMethod` of every proof of `document`.
pub fn proof_methods(document: &Value) -> Vec<String> {
    let proofs: Vec<&Value> = match document.get("proof") {
        Some(Value::Array(set)) => set.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    proofs
        .into_iter()
        .filter_map(|p| p.get("verificationMethod").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

impl Controllers {
    /// Controller documents fetched with `fetcher`, at most `capacity` cached for `ttl`.
    pub fn new(fetcher: Fetcher, capacity: usize, ttl: Duration) -> Self {
        Self {
            fetcher,
            cache: TtlCache::new(capacity),
            ttl,
        }
    }

    /// Takes `doc` as the controller document of its `id` (kept for a year, not fetched).
    pub fn seed(&self, doc: DidDocument) {
        let id = doc.id.clone();
        self.cache
            .insert(&id, Arc::new(doc), Duration::from_secs(365 * 24 * 3600));
    }

    /// Fetches (or takes from the cache) the controller documents of `methods`.
    pub async fn resolver_for(&self, methods: &[String]) -> FetchedResolver {
        let mut resolver = FetchedResolver::default();
        for method in methods {
            let base = controller_of(method);
            if base.starts_with("did:key:")
                || resolver.documents.has(base)
                || resolver.failures.contains_key(base)
            {
                continue;
            }
            match self.document(base).await {
                Ok(doc) => resolver.documents.add(doc.as_ref().clone()),
                Err(reason) => {
                    resolver.failures.insert(base.to_owned(), reason);
                }
            }
        }
        resolver
    }

    /// The controller document `id` (a did:web DID or an https URL), checked to be about
    /// `id`.
    async fn document(&self, id: &str) -> Result<Arc<DidDocument>, String> {
        if let Some(doc) = self.cache.get(id) {
            return Ok(doc);
        }
        let value = if id.starts_with("did:web:") {
            let url = did_web_to_url(id).map_err(|e| e.to_string())?;
            self.fetch_did_web(&url).await
        } else if id.starts_with("https:") || id.starts_with("http:") {
            self.fetch_json(id).await.map_err(|e| e.to_string())
        } else {
            let method = id.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
            Err(format!(
                "the verification method's controller {id:?} uses {method:?}; this node \
                 resolves did:key, did:web and https controller documents"
            ))
        }?;
        let doc: DidDocument = serde_json::from_value(value)
            .map_err(|e| format!("the controller document of {id:?} is malformed: {e}"))?;
        if doc.id != id {
            return Err(format!(
                "the controller document fetched for {id:?} is about {:?}",
                doc.id
            ));
        }
        let doc = Arc::new(doc);
        self.cache.insert(id, Arc::clone(&doc), self.ttl);
        Ok(doc)
    }

    /// A did:web document: over HTTPS; when plain HTTP is allowed (local testing) and HTTPS
    /// cannot connect, over HTTP.
    async fn fetch_did_web(&self, https_url: &str) -> Result<Value, String> {
        let http_url = https_url.replacen("https://", "http://", 1);
        if self.fetcher.is_own(&http_url) {
            // The node's own DID on a plain-HTTP base URL (a demo or test node).
            return self.fetch_json(&http_url).await.map_err(|e| e.to_string());
        }
        match self.fetch_json(https_url).await {
            Ok(value) => Ok(value),
            Err(FetchError::Connect { reason, .. }) if self.fetcher.policy().allow_http => self
                .fetch_json(&http_url)
                .await
                .map_err(|e| format!("over https: {reason}; over http: {e}")),
            Err(e) => Err(e.to_string()),
        }
    }

    async fn fetch_json(&self, url: &str) -> Result<Value, FetchError> {
        self.fetcher.get(url, ACCEPT_DID).await?.json()
    }
}
