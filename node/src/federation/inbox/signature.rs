//! The HTTP signature of an inbox request: read it, find its key (cache, else the actor
//! document), verify it within the signature window, and on a failure with a cached key
//! refetch the key once (rate-limited per peer) before refusing.

use mochila_protocol::httpsig::{self, HttpSigError, Request, SignatureParams};
use sea_orm::ConnectionTrait;

use super::InboxError;
use crate::federation::remote::{KnownActor, PeerKey, RemoteActors};

/// A request whose signature verified.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The signature's parameters (for the replay key).
    pub params: SignatureParams,
    /// The actor that owns the key that signed.
    pub signer: KnownActor,
}

/// Whether a failure may come from an outdated key (then the key is refetched once).
fn key_may_be_stale(error: &HttpSigError) -> bool {
    matches!(
        error,
        HttpSigError::BadSignature { .. } | HttpSigError::UnsupportedAlgorithm { .. }
    )
}

/// Verifies `request`'s HTTP signature at `now`, within `federation.signature_window_secs`.
pub async fn authenticate(
    remote: &RemoteActors,
    db: &impl ConnectionTrait,
    request: &Request,
    now: time::OffsetDateTime,
) -> Result<Authenticated, InboxError> {
    let params = httpsig::parse(request).map_err(|e| match e {
        HttpSigError::MissingSignature => InboxError::NotSigned,
        other => InboxError::Signature(other),
    })?;
    let window = remote.config().signature_window();
    let unknown = |source| InboxError::UnknownKey {
        key_id: params.key_id.clone(),
        source,
    };
    let key: PeerKey = remote.key(db, &params.key_id).await.map_err(unknown)?;
    let first = httpsig::verify(&params, request, &key.key, now, window);
    let error = match first {
        Ok(()) => {
            return Ok(Authenticated {
                params,
                signer: key.owner,
            });
        }
        Err(e) => e,
    };
    let cached_peer = key.owner.peer.as_ref().filter(|_| !key.owner.fetched);
    let Some(peer) = cached_peer.filter(|_| key_may_be_stale(&error)) else {
        return Err(InboxError::Signature(error));
    };
    let refetched = match remote.refetch(db, &params.key_id, peer).await {
        Ok(Some(key)) => key,
        Ok(None) => return Err(InboxError::Signature(error)),
        Err(e) => {
            tracing::info!(key_id = %params.key_id, error = %e, "key refetch failed");
            return Err(InboxError::Signature(error));
        }
    };
    httpsig::verify(&params, request, &refetched.key, now, window)
        .map_err(InboxError::Signature)?;
    Ok(Authenticated {
        params,
        signer: refetched.owner,
    })
}
