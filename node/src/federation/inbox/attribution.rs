//! Whose activity it is: a FEP-8b32 proof outranks the HTTP signature; without one the
//! activity's actor must be the signer; otherwise (forwarded) the activity is
//! dereferenced from its origin and that copy is used.

use mochila_protocol::activity::{Activity, check_same_origin, verify_object};
use sea_orm::ConnectionTrait;
use serde_json::Value;

use super::{InboxError, parse_activity};
use crate::federation::remote::{KnownActor, RemoteActors};

/// What authenticated an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifiedBy {
    /// Its FEP-8b32 proof, by a key of its actor.
    Proof,
    /// The HTTP signature of its actor.
    HttpSignature,
    /// The copy dereferenced from its origin.
    Origin,
}

impl VerifiedBy {
    /// The stored string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proof => "proof",
            Self::HttpSignature => "http-signature",
            Self::Origin => "origin",
        }
    }
}

/// An activity known to be its actor's.
#[derive(Debug, Clone)]
pub struct Authentic {
    /// The document (as received, or the origin's copy).
    pub document: Value,
    /// Its typed view.
    pub activity: Activity,
    /// What authenticated it.
    pub verified_by: VerifiedBy,
    /// Its actor.
    pub actor: KnownActor,
}

fn has_proof(document: &Value) -> bool {
    document.get("proof").is_some_and(|p| !p.is_null())
}

/// Establishes that `activity` (document `document`, received signed by `signer`) is its
/// actor's; see the module documentation.
pub async fn establish(
    remote: &RemoteActors,
    db: &impl ConnectionTrait,
    signer: &KnownActor,
    document: Value,
    activity: Activity,
) -> Result<Authentic, InboxError> {
    let actor_id = activity.actor.id().unwrap_or_default().to_owned();
    let actor_of = async |id: &str| -> Result<KnownActor, InboxError> {
        if id == signer.actor.id {
            return Ok(signer.clone());
        }
        remote
            .actor(db, id)
            .await
            .map_err(|source| InboxError::UnknownActor {
                actor: id.to_owned(),
                source,
            })
    };
    if has_proof(&document) {
        let actor = actor_of(&actor_id).await?;
        verify_object(&document, &actor.actor).map_err(InboxError::BadProof)?;
        return Ok(Authentic {
            document,
            activity,
            verified_by: VerifiedBy::Proof,
            actor,
        });
    }
    if actor_id == signer.actor.id {
        return Ok(Authentic {
            document,
            activity,
            verified_by: VerifiedBy::HttpSignature,
            actor: signer.clone(),
        });
    }
    let not_authentic = |reason: String| InboxError::NotAuthentic {
        id: activity.id.clone(),
        actor: actor_id.clone(),
        signer: signer.actor.id.clone(),
        reason,
    };
    let copy = remote
        .get_object(&activity.id)
        .await
        .map_err(|e| not_authentic(e.to_string()))?;
    let bytes = serde_json::to_vec(&copy).map_err(|e| not_authentic(e.to_string()))?;
    let (copy, copied) = parse_activity(&bytes).map_err(|e| not_authentic(e.to_string()))?;
    let copy_actor = copied.actor.id().unwrap_or_default().to_owned();
    check_same_origin("actor", &copy_actor, &copied.id)
        .map_err(|e| not_authentic(format!("the origin's copy: {e}")))?;
    let actor = actor_of(&copy_actor).await?;
    Ok(Authentic {
        document: copy,
        activity: copied,
        verified_by: VerifiedBy::Origin,
        actor,
    })
}
