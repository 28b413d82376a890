//! Follow handshakes received: a peer's `Follow` of the node (accepted at once or held for
//! an admin, by `federation.follow_policy`), its `Undo`, and a peer's `Accept`/`Reject` of
//! the node's own `Follow`.

use mochila_protocol::activity::{Activity, ObjectRef};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{Map, Value};

use super::{Authentic, InboxError};
use crate::config::FollowPolicy;
use crate::federation::Federation;
use crate::federation::activities::answer_follow;
use crate::federation::{Audience, Published, Relation};
use crate::store::entity::peer;

fn set_follower(
    row: &peer::Model,
    relation: Relation,
    activity: Option<String>,
) -> peer::ActiveModel {
    peer::ActiveModel {
        id: Set(row.id.clone()),
        follower: Set(relation.as_str().to_owned()),
        follower_activity: Set(activity),
        updated_at: Set(crate::store::now()),
        ..Default::default()
    }
}

/// A `Follow`: of the node's actor, it makes the peer a follower (`accepted` and answered
/// with an `Accept` under policy `auto`, `pending` under `manual`).
pub async fn followed(
    db: &impl ConnectionTrait,
    federation: &Federation,
    authentic: &Authentic,
    row: &peer::Model,
) -> Result<Option<Published>, InboxError> {
    let publisher = &federation.publisher;
    let activity = &authentic.activity;
    if activity.object.as_ref().and_then(ObjectRef::id) != Some(publisher.urls().actor.as_str()) {
        return Ok(None);
    }
    let auto = federation.config.follow_policy == FollowPolicy::Auto;
    let relation = if auto {
        Relation::Accepted
    } else {
        Relation::Pending
    };
    peer::Entity::update(set_follower(row, relation, Some(activity.id.clone())))
        .exec(db)
        .await?;
    if !auto {
        return Ok(None);
    }
    let accept = answer_follow(publisher, &authentic.document, true);
    let published = publisher
        .publish(db, accept, Audience::Peer(row.id.clone()))
        .await?;
    Ok(Some(published))
}

/// The embedded object of `activity`, when there is one.
fn embedded(activity: &Activity) -> Option<&Map<String, Value>> {
    match activity.object.as_ref()? {
        ObjectRef::Embedded(map) => Some(map),
        ObjectRef::Id(_) => None,
    }
}

fn member_id<'a>(map: &'a Map<String, Value>, member: &str) -> Option<&'a str> {
    let value = map.get(member)?;
    value
        .as_str()
        .or_else(|| value.get("id").and_then(Value::as_str))
}

/// An `Accept` or `Reject` of the node's pending `Follow` of the peer.
pub async fn answered(
    db: &impl ConnectionTrait,
    federation: &Federation,
    authentic: &Authentic,
    row: &peer::Model,
    accepted: bool,
) -> Result<(), InboxError> {
    let activity = &authentic.activity;
    let object_id = activity.object.as_ref().and_then(ObjectRef::id);
    let by_id = object_id.is_some() && object_id == row.following_activity.as_deref();
    // Some servers answer with a Follow they rebuilt (no id, or another one).
    let by_content = embedded(activity).is_some_and(|follow| {
        member_id(follow, "type") == Some("Follow")
            && member_id(follow, "actor") == Some(federation.publisher.urls().actor.as_str())
            && member_id(follow, "object") == Some(row.actor_id.as_str())
            && row.following == Relation::Pending.as_str()
    });
    if !by_id && !by_content {
        return Ok(());
    }
    let relation = if accepted {
        Relation::Accepted
    } else {
        Relation::Rejected
    };
    peer::Entity::update(peer::ActiveModel {
        id: Set(row.id.clone()),
        following: Set(relation.as_str().to_owned()),
        updated_at: Set(crate::store::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// An `Undo` of the peer's `Follow` of the node: it no longer follows.
pub async fn undone(
    db: &impl ConnectionTrait,
    federation: &Federation,
    authentic: &Authentic,
    row: &peer::Model,
) -> Result<(), InboxError> {
    let activity = &authentic.activity;
    let object_id = activity.object.as_ref().and_then(ObjectRef::id);
    let by_id = object_id.is_some() && object_id == row.follower_activity.as_deref();
    let by_content = embedded(activity).is_some_and(|follow| {
        member_id(follow, "type") == Some("Follow")
            && member_id(follow, "actor") == Some(row.actor_id.as_str())
            && member_id(follow, "object") == Some(federation.publisher.urls().actor.as_str())
    });
    if (by_id || by_content) && row.follower != Relation::None.as_str() {
        peer::Entity::update(set_follower(row, Relation::None, None))
            .exec(db)
            .await?;
    }
    Ok(())
}
