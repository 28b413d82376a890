//! Signing with the institution's active Ed25519 key: one document, or many in parallel on
//! every core (a cohort), with `eddsa-rdfc-2022` by default.

use std::sync::Arc;

use mochila_protocol::proof::{Cryptosuite, DataIntegrity, ProofError, ProofOptions};
use serde_json::Value;

use crate::identity::Identity;
use crate::keys::KeyRing;

/// Why a document could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The node has no active key (all retired).
    #[error("the node has no active Ed25519 key: run `mochila keys rotate`")]
    NoActiveKey,
    /// The document could not be canonicalised or signed.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// A signing thread failed.
    #[error("signing task failed: {0}")]
    Task(String),
}

/// Signs documents for the institution. Holds the JSON-LD processor with its cached
/// contexts; cheap to clone.
#[derive(Debug, Clone)]
pub struct Signer {
    suite: DataIntegrity,
    keys: Arc<KeyRing>,
    identity: Arc<Identity>,
}

impl Signer {
    /// A signer using the active key of `keys`.
    pub fn new(keys: Arc<KeyRing>, identity: Arc<Identity>) -> Self {
        Self {
            suite: DataIntegrity::default(),
            keys,
            identity,
        }
    }

    /// The Data Integrity implementation (also used to verify).
    pub fn suite(&self) -> &DataIntegrity {
        &self.suite
    }

    /// Signs `document` with `suite`, `created` being the proof's creation time.
    pub fn sign(
        &self,
        document: Value,
        suite: Cryptosuite,
        created: &str,
    ) -> Result<Value, SignError> {
        let key = self.keys.active().ok_or(SignError::NoActiveKey)?;
        let options = ProofOptions::assertion(
            suite,
            &self.identity.verification_method(&key.entry.id),
            created,
        );
        Ok(self.suite.sign_owned(document, &key.signing, &options)?)
    }

    /// Signs every document with `eddsa-rdfc-2022`, spreading the work over the machine's
    /// cores on blocking threads; results are in input order.
    pub async fn sign_all(
        &self,
        documents: Vec<Value>,
        created: String,
    ) -> Result<Vec<Value>, SignError> {
        let signer = self.clone();
        tokio::task::spawn_blocking(move || signer.sign_all_blocking(documents, &created))
            .await
            .map_err(|e| SignError::Task(e.to_string()))?
    }

    fn sign_all_blocking(
        &self,
        documents: Vec<Value>,
        created: &str,
    ) -> Result<Vec<Value>, SignError> {
        let threads = std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
            .min(documents.len().max(1));
        if threads <= 1 {
            return documents
                .into_iter()
                .map(|d| self.sign(d, Cryptosuite::EddsaRdfc2022, created))
                .collect();
        }
        let chunk = documents.len().div_ceil(threads);
        let mut chunks: Vec<Vec<Value>> = Vec::with_capacity(threads);
        let mut rest = documents.into_iter();
        loop {
            let part: Vec<Value> = rest.by_ref().take(chunk).collect();
            if part.is_empty() {
                break;
            }
            chunks.push(part);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|part| {
                    scope.spawn(move || {
                        part.into_iter()
                            .map(|d| self.sign(d, Cryptosuite::EddsaRdfc2022, created))
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .collect();
            let mut out = Vec::new();
            for h in handles {
                out.extend(
                    h.join()
                        .map_err(|_| SignError::Task("a signing thread panicked".into()))??,
                );
            }
            Ok(out)
        })
    }
}
