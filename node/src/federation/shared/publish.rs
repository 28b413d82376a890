//! Publishing a change to one of the node's own collections, in the caller's transaction:
//! the next sequence number, the object's next version, the signed document recorded as
//! the collection's change and the object's state, and the activity queued for `audience`.

use mochila_protocol::activity::{
    Activity, ActivityType, ObjectRef, OneOrMany, SharedMeta, shared_document,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::{Map, Value};

use super::{collection_url, locked_source, receive::record};
use crate::federation::{Audience, Federation, OutboxError, Published};
use crate::store::entity::{shared_object, shared_source};

/// One change to an object of the node's own collection.
#[derive(Debug, Clone)]
pub struct Change {
    /// The collection's name (`members`).
    pub collection: &'static str,
    /// The object's IRI (on the node's origin).
    pub object_id: String,
    /// Its type (`NetworkMember`).
    pub object_type: &'static str,
    /// Its members after the change; `None` deletes it.
    pub content: Option<Map<String, Value>>,
}

impl Federation {
    /// Publishes `change` on `db` (the caller's transaction) and queues it for the actors
    /// in `audience`. Deleting an object that is not there changes nothing (`None`).
    pub async fn publish_shared(
        &self,
        db: &impl ConnectionTrait,
        change: Change,
        audience: Vec<String>,
    ) -> Result<Option<Published>, OutboxError> {
        let publisher = self.publisher.urls().actor.clone();
        let collection = collection_url(&self.base_url, change.collection);
        let source = locked_source(db, &collection, &publisher).await?;
        let existing = shared_object::Entity::find_by_id(change.object_id.clone())
            .one(db)
            .await?;
        let live = existing.as_ref().is_some_and(|o| !o.deleted);
        let type_ = match (&change.content, live) {
            (None, false) => return Ok(None),
            (None, true) => ActivityType::Delete,
            (Some(_), true) => ActivityType::Update,
            (Some(_), false) => ActivityType::Create,
        };
        let now = crate::store::now();
        let stamp = crate::store::rfc3339(now.replace_nanosecond(0).unwrap_or(now));
        let meta = SharedMeta {
            id: change.object_id,
            object_type: change.object_type.to_owned(),
            publisher: publisher.clone(),
            collection: collection.clone(),
            version: existing.as_ref().map_or(1, |o| o.version + 1),
            sequence: source.last_seq + 1,
            updated: stamp.clone(),
            deleted: change.content.is_none(),
        };
        let signed = self.publisher.sign(
            shared_document(&meta, change.content.unwrap_or_default()),
            &stamp,
        )?;
        record(db, &meta, &signed, existing.is_some()).await?;
        shared_source::Entity::update(shared_source::ActiveModel {
            collection: Set(collection),
            last_seq: Set(meta.sequence),
            ..Default::default()
        })
        .exec(db)
        .await?;
        let mut activity = Activity::new(
            &self.publisher.new_activity_id(),
            type_,
            &publisher,
            ObjectRef::Embedded(match signed {
                Value::Object(map) => map,
                _ => Map::new(),
            }),
        );
        activity.to = Some(OneOrMany::Many(audience.clone()));
        let published = self
            .publisher
            .publish(db, activity, Audience::Actors(audience))
            .await?;
        Ok(Some(published))
    }
}
