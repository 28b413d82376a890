//! Why the inbox refused a request, each reason naming the header, key, actor or JSON
//! path at fault.

use mochila_protocol::activity::ActivityError;
use mochila_protocol::httpsig::HttpSigError;

use crate::federation::OutboxError;
use crate::federation::remote::RemoteError;

/// Why the inbox refused a request.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// The body is larger than `federation.inbox_max_bytes`.
    #[error("the activity is larger than {max_bytes} bytes (federation.inbox_max_bytes)")]
    TooLarge {
        /// The limit.
        max_bytes: usize,
    },
    /// No HTTP signature.
    #[error(
        "the request is not signed: send an HTTP signature (RFC 9421 Signature-Input and \
         Signature, or draft-cavage Signature) by a key of the actor"
    )]
    NotSigned,
    /// The signature is malformed, outside the time window, over a body that does not
    /// match its digest, or does not verify.
    #[error("HTTP signature rejected: {0}")]
    Signature(HttpSigError),
    /// The signature's key could not be obtained or is not its actor's.
    #[error("HTTP signature rejected: the key {key_id:?} cannot be used: {source}")]
    UnknownKey {
        /// The `keyId` of the signature.
        key_id: String,
        /// Why.
        source: RemoteError,
    },
    /// The signature was accepted before.
    #[error(
        "HTTP signature rejected: replayed (this signature was already accepted within the \
         signature window)"
    )]
    Replayed,
    /// The body is not an activity.
    #[error("{field}: {reason}")]
    Invalid {
        /// The JSON pointer at fault (`/` for the whole body).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The activity's FEP-8b32 proof does not verify against its actor.
    #[error("the activity's proof is rejected: {0}")]
    BadProof(ActivityError),
    /// The activity's actor could not be obtained to check its proof or copy.
    #[error("the activity's actor {actor:?} cannot be obtained: {source}")]
    UnknownActor {
        /// The actor's id.
        actor: String,
        /// Why.
        source: RemoteError,
    },
    /// The activity is not the signer's, carries no proof, and could not be
    /// dereferenced from its origin.
    #[error(
        "the activity's actor {actor:?} is not the signer {signer:?} and the activity has \
         no proof; dereferencing {id:?} from its origin failed: {reason}"
    )]
    NotAuthentic {
        /// The activity id.
        id: String,
        /// The activity's actor.
        actor: String,
        /// The signer.
        signer: String,
        /// Why the origin's copy could not be used.
        reason: String,
    },
    /// The signer or the actor is blocked.
    #[error("the actor {actor:?} is blocked by this node")]
    Blocked {
        /// The blocked actor.
        actor: String,
    },
    /// The node accepts its networks' members only, and the actor is not one.
    #[error(
        "the actor {actor:?} is not a member of a network this node belongs to, and this \
         node accepts federation from members only"
    )]
    NotAMember {
        /// The actor.
        actor: String,
    },
    /// Answering (e.g. accepting a Follow) failed.
    #[error(transparent)]
    Publish(#[from] OutboxError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}
