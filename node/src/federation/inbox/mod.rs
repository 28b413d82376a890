//! The actor's inbox (`POST /actor/inbox`, also the shared inbox): authenticate the
//! request (HTTP signature, replay refusal), establish that the activity is its actor's
//! (FEP-8b32 proof, the signer itself, or a copy dereferenced from its origin), refuse
//! blocked peers, store it once per activity id and act on it, all in one transaction.

mod attribution;
mod dispatch;
mod error;
mod follow;
mod list;
mod objects;
mod parse;
mod replay;
mod signature;

use mochila_protocol::httpsig::Request;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult};

pub use attribution::{Authentic, VerifiedBy, establish};
pub use error::InboxError;
pub use signature::{Authenticated, authenticate};

pub use list::{InboxItem, InboxListQuery, InboxPage, list};
pub use parse::parse_activity;

use super::remote::{KnownActor, upsert_peer};
use super::{Federation, KnownScheme};
use crate::store::entity::{inbox_activity, peer};

/// Whether an actor (by IRI) may send to the inbox at all: the network layer's answer.
pub type Admits = dyn Fn(String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, DbErr>> + Send>>
    + Send
    + Sync;

/// A request received at the inbox, as the HTTP layer hands it over.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The method (`POST`).
    pub method: String,
    /// The path and query as received (`/actor/inbox?x=1`).
    pub path_and_query: String,
    /// Every header line.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What became of an accepted activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// Stored (and acted on) now.
    Stored {
        /// The activity id.
        id: String,
        /// What authenticated it.
        verified_by: VerifiedBy,
    },
    /// Already received before: nothing was done.
    Duplicate {
        /// The activity id.
        id: String,
    },
}

/// Receives one request at the inbox: see the module documentation. `admits` says whether
/// an activity's actor may send to this node at all (the network's trust list). Answers
/// with what was stored, or why nothing was.
pub async fn receive(
    federation: &Federation,
    incoming: Incoming,
    admits: &Admits,
) -> Result<Receipt, InboxError> {
    let db = &federation.db;
    let base = &federation.base_url;
    let request = Request {
        method: incoming.method,
        target_uri: format!("{base}{}", incoming.path_and_query),
        headers: incoming.headers,
        body: incoming.body,
    };
    let now = time::OffsetDateTime::now_utc();
    let auth = authenticate(&federation.remote, db, &request, now).await?;
    let replay_key = hex::encode(auth.params.replay_key());
    if replay::seen(db, &replay_key).await? {
        // The same signed request again: a sender retrying after losing our answer. Its
        // activity was stored with the signature's record, so acknowledging it changes
        // nothing; a replayed signature over anything else is refused.
        if let Ok((_, activity)) = parse_activity(&request.body)
            && inbox_activity::Entity::find_by_id(activity.id.clone())
                .one(db)
                .await?
                .is_some()
        {
            return Ok(Receipt::Duplicate { id: activity.id });
        }
        return Err(InboxError::Replayed);
    }
    refuse_blocked(auth.signer.peer.as_ref())?;
    let (document, activity) = parse_activity(&request.body)?;
    let authentic = establish(&federation.remote, db, &auth.signer, document, activity).await?;
    refuse_blocked(authentic.actor.peer.as_ref())?;
    if !admits(authentic.actor.actor.id.clone()).await? {
        return Err(InboxError::NotAMember {
            actor: authentic.actor.actor.id.clone(),
        });
    }

    let txn = crate::store::begin_write(db).await?;
    replay::record(&txn, &replay_key, crate::store::now()).await?;
    replay::purge_now_and_then(&txn, federation.config.signature_window()).await?;
    let signer_row = stored_peer(&txn, &auth.signer.actor.id).await?;
    refuse_blocked(signer_row.as_ref())?;
    refuse_blocked(stored_peer(&txn, &authentic.actor.actor.id).await?.as_ref())?;
    let scheme = auth.params.scheme;
    let id = authentic.activity.id.clone();
    if inbox_activity::Entity::find_by_id(id.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        // Nothing to do with the activity, but the peer did speak.
        let wake = match &signer_row {
            Some(row) => heard(&txn, row, scheme).await?,
            None => false,
        };
        txn.commit().await?;
        wake_worker(federation, wake);
        return Ok(Receipt::Duplicate { id });
    }
    let signer_peer = store_actor(&txn, &auth.signer).await?;
    let actor_peer = if authentic.actor.actor.id == signer_peer.actor_id {
        signer_peer.clone()
    } else {
        store_actor(&txn, &authentic.actor).await?
    };
    let stored = store_activity(&txn, &authentic, scheme).await?;
    // Not stored: a concurrent request stored it first.
    let followup = if stored {
        dispatch::dispatch(&txn, federation, &authentic, &actor_peer).await?
    } else {
        dispatch::Followup::default()
    };
    let wake = heard(&txn, &signer_peer, scheme).await?;
    txn.commit().await?;
    if let Some(published) = &followup.published {
        federation.published(published).await;
    }
    if let Some(collection) = followup.catch_up {
        federation.catch_up_soon(collection);
    }
    wake_worker(federation, wake);
    if !stored {
        return Ok(Receipt::Duplicate { id });
    }
    Ok(Receipt::Stored {
        id,
        verified_by: authentic.verified_by,
    })
}

/// Wakes the delivery worker when `wake` (deliveries became due).
fn wake_worker(federation: &super::Federation, wake: bool) {
    if wake {
        federation.wakeup.notify_one();
    }
}

/// The stored peer row of actor `actor_id`, if any.
async fn stored_peer(
    db: &impl ConnectionTrait,
    actor_id: &str,
) -> Result<Option<peer::Model>, DbErr> {
    peer::Entity::find()
        .filter(peer::Column::ActorId.eq(actor_id))
        .one(db)
        .await
}

fn refuse_blocked(peer: Option<&peer::Model>) -> Result<(), InboxError> {
    match peer {
        Some(p) if p.blocked_at.is_some() => Err(InboxError::Blocked {
            actor: p.actor_id.clone(),
        }),
        _ => Ok(()),
    }
}

/// The peer row of `known`: stored (with its keys) when its document was just fetched.
async fn store_actor(db: &impl ConnectionTrait, known: &KnownActor) -> Result<peer::Model, DbErr> {
    match &known.peer {
        Some(row) if !known.fetched => Ok(row.clone()),
        _ => upsert_peer(db, &known.actor, &known.raw).await,
    }
}

/// Stores the activity (brought by a request signed under `scheme`); `false` when its id
/// is already stored.
async fn store_activity(
    db: &impl ConnectionTrait,
    authentic: &Authentic,
    scheme: mochila_protocol::httpsig::Scheme,
) -> Result<bool, DbErr> {
    let activity = &authentic.activity;
    let object_type = match &activity.object {
        Some(mochila_protocol::activity::ObjectRef::Embedded(o)) => {
            o.get("type").and_then(|t| t.as_str()).map(str::to_owned)
        }
        _ => None,
    };
    let inserted = inbox_activity::Entity::insert(inbox_activity::ActiveModel {
        activity_id: Set(activity.id.clone()),
        actor_id: Set(authentic.actor.actor.id.clone()),
        activity_type: Set(String::from(activity.type_.clone())),
        object_id: Set(activity
            .object
            .as_ref()
            .and_then(|o| o.id())
            .map(str::to_owned)),
        object_type: Set(object_type),
        verified_by: Set(authentic.verified_by.as_str().to_owned()),
        http_signature: Set(KnownScheme::from(scheme).as_str().to_owned()),
        document: Set(authentic.document.to_string()),
        received_at: Set(crate::store::now()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    Ok(matches!(inserted, TryInsertResult::Inserted(n) if n > 0))
}

/// Records that the peer spoke, signing under `scheme` (which its deliveries are then
/// signed with, see [`KnownScheme::after_signed_by`]), and brings its deliveries forward
/// ([`super::delivery::peer_heard_from`]). Decided on the rows in this transaction, not on
/// `row` (read before it, and possibly changed since by the delivery worker). Returns
/// whether deliveries became due (then wake the worker after commit).
async fn heard(
    db: &impl ConnectionTrait,
    row: &peer::Model,
    scheme: mochila_protocol::httpsig::Scheme,
) -> Result<bool, DbErr> {
    let known = KnownScheme::parse(&row.signature_scheme).unwrap_or(KnownScheme::Unknown);
    peer::Entity::update(peer::ActiveModel {
        id: Set(row.id.clone()),
        last_heard_at: Set(Some(crate::store::now())),
        signature_scheme: Set(known.after_signed_by(scheme).as_str().to_owned()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    super::delivery::peer_heard_from(db, &row.id).await
}
