//! Remote actors and their keys: fetching actor documents with a signed GET (RFC 9421,
//! then draft-cavage when the peer refuses it), the key cache in `peer_key`, forced key
//! refetches rate-limited per peer, WebFinger resolution of handles, and storing peers.

mod keys;
mod store;
mod webfinger;

use std::sync::Arc;

use mochila_protocol::activity::{Actor, origin};
use mochila_protocol::httpsig::Scheme;
use serde_json::Value;

use super::signing::RequestSigner;
use crate::config::FederationConfig;
use crate::fetch::{FetchError, Fetched, Fetcher};

pub use keys::{KnownActor, PeerKey, find_key};
pub use store::{key_kind, upsert_peer};

/// What the node asks for when it dereferences ActivityPub documents.
pub const ACCEPT_ACTIVITY: &str = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

/// Why a remote actor, key or object could not be obtained. Each variant names the URL.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The fetch failed (refused address, HTTP status, timeout, not JSON, ...).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The document is not an actor.
    #[error("{url}: the document is not an ActivityPub actor: {reason}")]
    NotAnActor {
        /// The URL fetched.
        url: String,
        /// What does not fit.
        reason: String,
    },
    /// The document's `id` is not the URL it was fetched from.
    #[error("{url}: the document's id {id:?} is not the URL it was fetched from")]
    IdMismatch {
        /// The URL fetched.
        url: String,
        /// The `id` found.
        id: String,
    },
    /// The actor does not list the key.
    #[error(
        "key {key_id:?} is not listed by actor {actor:?} (publicKey with that owner, or assertionMethod with that controller)"
    )]
    KeyNotListed {
        /// The key id.
        key_id: String,
        /// The actor's id.
        actor: String,
    },
    /// The key's material cannot be decoded.
    #[error("key {key_id:?} cannot be decoded: {reason}")]
    InvalidKey {
        /// The key id.
        key_id: String,
        /// Why.
        reason: String,
    },
    /// A URL, handle or key id is not usable.
    #[error("{0:?} is not an http(s) URL, an acct: URI or a user@host handle")]
    BadTarget(String),
    /// WebFinger gave no ActivityPub actor.
    #[error("WebFinger for {resource:?} at {url}: {reason}")]
    WebFinger {
        /// The resource asked for.
        resource: String,
        /// The WebFinger URL.
        url: String,
        /// What is missing.
        reason: String,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// A fetched, checked actor document.
#[derive(Debug, Clone)]
pub struct FetchedActor {
    /// The parsed actor.
    pub actor: Actor,
    /// The document as received.
    pub raw: Value,
}

/// Fetches remote actors and their keys. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RemoteActors {
    fetcher: Fetcher,
    signer: RequestSigner,
    config: Arc<FederationConfig>,
}

/// `url` without its fragment.
pub fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(before, _)| before)
}

impl RemoteActors {
    /// Remote actors fetched with `fetcher`, requests signed by `signer`.
    pub fn new(fetcher: Fetcher, signer: RequestSigner, config: Arc<FederationConfig>) -> Self {
        Self {
            fetcher,
            signer,
            config,
        }
    }

    /// The `[federation]` settings.
    pub fn config(&self) -> &FederationConfig {
        &self.config
    }

    /// GETs an ActivityPub document with a signed request: RFC 9421 first, and once more
    /// with draft-cavage when the server answers 401 or 403.
    pub async fn get_signed(&self, url: &str) -> Result<Fetched, FetchError> {
        let sign = |scheme: Scheme| {
            let signer = self.signer.clone();
            move |r: &mut mochila_protocol::httpsig::Request| signer.sign(r, scheme)
        };
        let rfc9421 = sign(Scheme::Rfc9421);
        match self
            .fetcher
            .get_signed(url, ACCEPT_ACTIVITY, Some(&rfc9421))
            .await
        {
            Err(FetchError::Status { status, .. }) if status == 401 || status == 403 => {
                let cavage = sign(Scheme::Cavage);
                self.fetcher
                    .get_signed(url, ACCEPT_ACTIVITY, Some(&cavage))
                    .await
            }
            other => other,
        }
    }

    /// GETs the JSON document at `url` (signed) and checks that its `id` is `url` without
    /// fragment (or the URL finally answered, after redirects, on the same origin).
    pub async fn get_object(&self, url: &str) -> Result<Value, RemoteError> {
        let wanted = without_fragment(url);
        let fetched = self.get_signed(wanted).await?;
        let raw = fetched.json()?;
        let id = raw.get("id").and_then(Value::as_str).unwrap_or_default();
        let final_url = fetched.url.as_str();
        let same_origin = origin(id)
            .ok()
            .is_some_and(|o| Some(o) == origin(wanted).ok());
        if id != wanted && !(id == final_url && same_origin) {
            return Err(RemoteError::IdMismatch {
                url: wanted.to_owned(),
                id: id.to_owned(),
            });
        }
        Ok(raw)
    }

    /// Fetches and checks the actor at `url` (see [`RemoteActors::get_object`]).
    pub async fn fetch_actor(&self, url: &str) -> Result<FetchedActor, RemoteError> {
        let raw = self.get_object(url).await?;
        parse_actor(url, raw)
    }
}

/// Parses `raw` (fetched from `url`) as an actor.
pub fn parse_actor(url: &str, raw: Value) -> Result<FetchedActor, RemoteError> {
    let actor: Actor =
        serde_json::from_value(raw.clone()).map_err(|e| RemoteError::NotAnActor {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    Ok(FetchedActor { actor, raw })
}
