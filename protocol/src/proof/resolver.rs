//! Resolving a proof's verification method to a key, its controller, and whether the
//! controller lists it under `assertionMethod`.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::did::{DidDocument, ResolvedKey};
use crate::multikey;

/// A resolved verification method: the key, its controller, and whether the controller's
/// document lists it under `assertionMethod`.
pub type ResolvedMethod = ResolvedKey;

/// Why a verification method could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot resolve verification method {verification_method:?}: {reason}")]
pub struct ResolveError {
    /// The verification method URL.
    pub verification_method: String,
    /// What went wrong.
    pub reason: String,
}

impl ResolveError {
    fn new(verification_method: &str, reason: impl std::fmt::Display) -> Self {
        Self {
            verification_method: verification_method.to_owned(),
            reason: reason.to_string(),
        }
    }
}

/// Resolves a verification method URL (synchronously: the node pre-fetches or caches
/// did:web documents and implements this over its cache).
pub trait VerificationMethodResolver {
    /// Resolves `verification_method` to its key, controller and relationships.
    fn resolve(&self, verification_method: &str) -> Result<ResolvedMethod, ResolveError>;
}

/// Resolves did:key methods offline; refuses every other method.
#[derive(Debug, Default, Clone, Copy)]
pub struct DidKeyResolver;

impl VerificationMethodResolver for DidKeyResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedMethod, ResolveError> {
        let doc = multikey::resolve_did_key(verification_method)
            .map_err(|e| ResolveError::new(verification_method, e))?;
        doc.resolve_key(verification_method)
            .map_err(|e| ResolveError::new(verification_method, e))
    }
}

/// Resolves methods from a fixed set of controller documents (DID documents, or any
/// controller document with the same shape, e.g. an `https:` issuer profile), falling back
/// to did:key. The method's document is the one whose `id` is the method URL without its
/// fragment; the method's `controller` must be that document. Methods resolved from the
/// documents are remembered, so that a verifier checking many credentials of one issuer
/// decodes (and decompresses) each key once.
#[derive(Debug, Default)]
pub struct DocumentResolver {
    documents: Vec<DidDocument>,
    resolved: RwLock<HashMap<String, ResolvedMethod>>,
}

impl Clone for DocumentResolver {
    fn clone(&self) -> Self {
        Self {
            documents: self.documents.clone(),
            resolved: RwLock::new(self.memo().clone()),
        }
    }
}

/// The most resolved methods remembered (the memo is emptied when full).
const MAX_RESOLVED: usize = 1024;

impl DocumentResolver {
    /// A resolver over `documents`.
    pub fn new(documents: Vec<DidDocument>) -> Self {
        Self {
            documents,
            resolved: RwLock::default(),
        }
    }

    /// Adds a controller document.
    pub fn add(&mut self, document: DidDocument) {
        self.documents.push(document);
        self.resolved
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn memo(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, ResolvedMethod>> {
        self.resolved.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a document for `did` is held.
    pub fn has(&self, did: &str) -> bool {
        self.documents.iter().any(|d| d.id == did)
    }
}

impl VerificationMethodResolver for DocumentResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedMethod, ResolveError> {
        if let Some(known) = self.memo().get(verification_method) {
            return Ok(known.clone());
        }
        let resolved = self.resolve_uncached(verification_method)?;
        let mut memo = self.resolved.write().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= MAX_RESOLVED {
            memo.clear();
        }
        memo.insert(verification_method.to_owned(), resolved.clone());
        Ok(resolved)
    }
}

impl DocumentResolver {
    fn resolve_uncached(&self, verification_method: &str) -> Result<ResolvedMethod, ResolveError> {
        let base = verification_method
            .split('#')
            .next()
            .unwrap_or(verification_method);
        let Some(doc) = self.documents.iter().find(|d| d.id == base) else {
            if verification_method.starts_with("did:key:") {
                return DidKeyResolver.resolve(verification_method);
            }
            return Err(ResolveError::new(
                verification_method,
                format!("no controller document {base:?} is known"),
            ));
        };
        let resolved = doc
            .resolve_key(verification_method)
            .map_err(|e| ResolveError::new(verification_method, e))?;
        if resolved.controller != doc.id {
            return Err(ResolveError::new(
                verification_method,
                format!(
                    "its controller {:?} is not the document {:?} that lists it",
                    resolved.controller, doc.id
                ),
            ));
        }
        Ok(resolved)
    }
}
