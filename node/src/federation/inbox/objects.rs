//! Remote objects from `Create`, `Update` and `Delete`, in per-object order: the object's
//! id must be on its actor's origin; the newest state wins (by the object's `updated`,
//! else `published`, else arrival) and an older one never overwrites it; a deletion is
//! remembered as a tombstone, even when it arrives before the creation, so that a late
//! `Create` is ignored.

use mochila_protocol::activity::{ActivityType, ObjectRef, check_same_origin};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Authentic;
use crate::store::entity::remote_object;

/// The time of an object's state: its `updated`, else `published`, else `arrival`.
fn stamp(object: &Map<String, Value>, arrival: OffsetDateTime) -> OffsetDateTime {
    ["updated", "published"]
        .iter()
        .filter_map(|member| object.get(*member)?.as_str())
        .find_map(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
        .map(|t| {
            let t = t.to_offset(time::UtcOffset::UTC);
            t.replace_microsecond(t.microsecond()).unwrap_or(t)
        })
        .unwrap_or(arrival)
}

fn type_of(object: &Map<String, Value>) -> String {
    object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Object")
        .to_owned()
}

/// Applies a `Create`, `Update` or `Delete` to the stored remote objects. Objects not on
/// the actor's origin, or owned by another actor, are left alone (the activity is still
/// stored).
pub async fn apply(db: &impl ConnectionTrait, authentic: &Authentic) -> Result<(), DbErr> {
    let activity = &authentic.activity;
    let actor = authentic.actor.actor.id.as_str();
    let Some(object) = activity.object.as_ref() else {
        return Ok(());
    };
    let Some(id) = object.id() else {
        return Ok(());
    };
    if let Err(e) = check_same_origin("object id", id, actor) {
        tracing::info!(activity = %activity.id, error = %e, "object not applied");
        return Ok(());
    }
    let existing = remote_object::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?;
    if existing.as_ref().is_some_and(|e| e.actor_id != actor) {
        tracing::info!(activity = %activity.id, object = id, "object of another actor");
        return Ok(());
    }
    let now = crate::store::now();
    if activity.type_ == ActivityType::Delete {
        return delete(db, id, actor, object, existing, now).await;
    }
    let ObjectRef::Embedded(map) = object else {
        // A Create/Update by reference only: nothing to store.
        return Ok(());
    };
    let at = stamp(map, now);
    let row = remote_object::ActiveModel {
        object_id: Set(id.to_owned()),
        actor_id: Set(actor.to_owned()),
        object_type: Set(type_of(map)),
        document: Set(Some(Value::Object(map.clone()))),
        updated_at: Set(at),
        deleted_at: Set(None),
        received_at: Set(now),
    };
    match existing {
        None => {
            remote_object::Entity::insert(row)
                .exec_without_returning(db)
                .await?;
        }
        Some(e) if e.deleted_at.is_some() || e.updated_at > at => {
            tracing::debug!(object = id, "older state or deleted object ignored");
        }
        Some(_) => {
            remote_object::Entity::update(row).exec(db).await?;
        }
    }
    Ok(())
}

async fn delete(
    db: &impl ConnectionTrait,
    id: &str,
    actor: &str,
    object: &ObjectRef,
    existing: Option<remote_object::Model>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    match existing {
        Some(e) if e.deleted_at.is_some() => Ok(()),
        Some(e) => {
            remote_object::Entity::update(remote_object::ActiveModel {
                object_id: Set(e.object_id),
                document: Set(None),
                deleted_at: Set(Some(now)),
                received_at: Set(now),
                ..Default::default()
            })
            .exec(db)
            .await?;
            Ok(())
        }
        None => {
            let object_type = match object {
                ObjectRef::Embedded(map) => type_of(map),
                ObjectRef::Id(_) => "Tombstone".to_owned(),
            };
            remote_object::Entity::insert(remote_object::ActiveModel {
                object_id: Set(id.to_owned()),
                actor_id: Set(actor.to_owned()),
                object_type: Set(object_type),
                document: Set(None),
                updated_at: Set(now),
                deleted_at: Set(Some(now)),
                received_at: Set(now),
            })
            .exec_without_returning(db)
            .await?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_updated_then_published_then_arrival() {
        let arrival = OffsetDateTime::UNIX_EPOCH;
        let map = |v: Value| v.as_object().cloned().unwrap();
        let both = map(serde_json::json!({
            "updated": "2026-02-01T00:00:00Z", "published": "2026-01-01T00:00:00Z"
        }));
        assert_eq!(stamp(&both, arrival).month(), time::Month::February);
        let published = map(serde_json::json!({"published": "2026-01-01T00:00:00-03:00"}));
        assert_eq!(stamp(&published, arrival).hour(), 3);
        let bad = map(serde_json::json!({"updated": "yesterday"}));
        assert_eq!(stamp(&bad, arrival), arrival);
    }
}
