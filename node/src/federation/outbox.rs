//! The durable outbox: an activity is signed (FEP-8b32 `eddsa-jcs-2022`), stored and queued
//! for delivery to each recipient peer in the transaction of the change that caused it, so
//! that it is delivered exactly when that change commits, even if the node dies right after.
//! [`crate::federation::delivery`] takes it from there.

use std::sync::Arc;

use mochila_protocol::activity::{Activity, ActivityError, OneOrMany, PUBLIC, sign_object};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::Value;

use super::actor::ActorUrls;
use crate::identity::Identity;
use crate::keys::KeyRing;
use crate::store::entity::{delivery, outbox_activity, peer};

/// Who an activity goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every peer that follows the node (accepted, not blocked).
    Followers,
    /// One peer, by peer id (follow handshakes).
    Peer(String),
    /// These actors, by IRI (network members); actors not stored as peers, and blocked
    /// ones, get nothing.
    Actors(Vec<String>),
}

/// An activity stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Its place in the outbox.
    pub seq: i64,
    /// Its IRI.
    pub id: String,
    /// Deliveries queued for it.
    pub deliveries: usize,
}

/// Why an activity could not be published.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// Every Ed25519 key is retired.
    #[error("the node has no active Ed25519 key: run `mochila keys rotate`")]
    NoActiveKey,
    /// The activity could not be serialised or signed.
    #[error("activity proof: {0}")]
    Proof(#[from] ActivityError),
    /// The activity could not be serialised.
    #[error("activity: {0}")]
    Json(#[from] serde_json::Error),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Builds, signs and stores the node's activities. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Publisher {
    keys: Arc<KeyRing>,
    urls: Arc<ActorUrls>,
    base: String,
}

/// Whether `activity` is addressed to the public collection.
fn is_public(activity: &Activity) -> bool {
    [&activity.to, &activity.cc]
        .into_iter()
        .flatten()
        .any(|audience| audience.as_slice().iter().any(|a| a == PUBLIC))
}

impl Publisher {
    /// A publisher for the node at `identity`.
    pub fn new(identity: &Identity, keys: Arc<KeyRing>) -> Self {
        Self {
            keys,
            urls: Arc::new(ActorUrls::new(identity)),
            base: identity.base.to_string().trim_end_matches('/').to_owned(),
        }
    }

    /// The actor's URLs.
    pub fn urls(&self) -> &ActorUrls {
        &self.urls
    }

    /// A new, unique activity IRI, `{base}/activities/{uuid}` (it dereferences to the
    /// activity).
    pub fn new_activity_id(&self) -> String {
        self.activity_url(&uuid::Uuid::new_v4().to_string())
    }

    /// The IRI of activity `id` (`{base}/activities/{id}`).
    pub fn activity_url(&self, id: &str) -> String {
        format!("{}/activities/{id}", self.base)
    }

    /// Addresses `activity` to the public and the followers collection.
    pub fn address_publicly(&self, activity: &mut Activity) {
        activity.to = Some(OneOrMany::Many(vec![PUBLIC.to_owned()]));
        activity.cc = Some(OneOrMany::Many(vec![self.urls.followers.clone()]));
    }

    /// `document` with an FEP-8b32 `eddsa-jcs-2022` proof by the active key, `created` at
    /// `stamp`.
    pub fn sign(&self, document: Value, stamp: &str) -> Result<Value, OutboxError> {
        let active = self.keys.active().ok_or(OutboxError::NoActiveKey)?;
        let method = self.urls.multikey(&active.entry.id);
        Ok(sign_object(document, &active.signing, &method, stamp)?)
    }

    /// Signs `activity` (setting `published` when it has none), stores it, and queues one
    /// delivery per peer of `audience`, all on `db` (the caller's transaction). Blocked
    /// peers get nothing. Returns what was stored; wake the delivery worker after commit
    /// (`Federation::published`).
    pub async fn publish(
        &self,
        db: &impl ConnectionTrait,
        mut activity: Activity,
        audience: Audience,
    ) -> Result<Published, OutboxError> {
        let now = crate::store::now();
        let stamp = crate::store::rfc3339(now.replace_nanosecond(0).unwrap_or(now));
        if activity.published.is_none() {
            activity.published = Some(stamp.clone());
        }
        let listed = is_public(&activity);
        let id = activity.id.clone();
        let type_ = String::from(activity.type_.clone());
        let object_id = activity
            .object
            .as_ref()
            .and_then(|o| o.id())
            .map(str::to_owned);
        let signed = self.sign(serde_json::to_value(&activity)?, &stamp)?;
        let stored = outbox_activity::Entity::insert(outbox_activity::ActiveModel {
            activity_id: Set(id.clone()),
            activity_type: Set(type_),
            object_id: Set(object_id),
            listed: Set(listed),
            document: Set(serde_json::to_string(&signed)?),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await?;
        let seq = stored.last_insert_id;
        let recipients = recipients(db, &audience).await?;
        let deliveries = recipients.len();
        if !recipients.is_empty() {
            let rows = recipients
                .into_iter()
                .map(|(peer_id, inbox)| delivery::ActiveModel {
                    activity_seq: Set(seq),
                    peer_id: Set(peer_id),
                    inbox: Set(inbox),
                    state: Set(super::DeliveryState::Queued.as_str().to_owned()),
                    attempts: Set(0),
                    next_attempt_at: Set(now),
                    locked_until: Set(None),
                    last_status: Set(None),
                    last_error: Set(None),
                    created_at: Set(now),
                    delivered_at: Set(None),
                    ..Default::default()
                });
            delivery::Entity::insert_many(rows).exec(db).await?;
        }
        Ok(Published {
            seq,
            id,
            deliveries,
        })
    }
}

/// `(peer id, inbox)` of each recipient: the shared inbox when the peer has one.
async fn recipients(
    db: &impl ConnectionTrait,
    audience: &Audience,
) -> Result<Vec<(String, String)>, DbErr> {
    let query = peer::Entity::find()
        .select_only()
        .columns([
            peer::Column::Id,
            peer::Column::Inbox,
            peer::Column::SharedInbox,
        ])
        .filter(peer::Column::BlockedAt.is_null());
    let query = match audience {
        Audience::Followers => {
            query.filter(peer::Column::Follower.eq(super::Relation::Accepted.as_str()))
        }
        Audience::Peer(id) => query.filter(peer::Column::Id.eq(id.as_str())),
        Audience::Actors(actors) if actors.is_empty() => return Ok(Vec::new()),
        Audience::Actors(actors) => query.filter(peer::Column::ActorId.is_in(actors.clone())),
    };
    let rows: Vec<(String, String, Option<String>)> = query.into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, inbox, shared)| (id, shared.unwrap_or(inbox)))
        .collect())
}
