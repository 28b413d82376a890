//! Receiving a change to another node's collection: the object's own proof must verify
//! against its publisher (whoever brought it), and changes are applied strictly in order:
//! the next one is applied, one already held is ignored, and one after a gap is left for
//! a catch-up ([`super::sync`]) that fetches the missing ones first.

use mochila_protocol::activity::{Actor, SharedMeta, shared_meta, verify_object};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::locked_source;
use crate::store::entity::{shared_change, shared_object, shared_source};

/// What became of a received change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// It was the next change: applied.
    Applied,
    /// It is held already.
    Held,
    /// Changes before it are missing: catch up `collection` first.
    Gap {
        /// The collection's URL.
        collection: String,
    },
    /// It is not a valid change of its publisher's (logged, not applied).
    Refused(String),
}

/// Applies `document` (a shared object or tombstone, as published by `publisher`) on `db`
/// (the caller's transaction), in order: see the module documentation.
pub async fn accept(
    db: &impl ConnectionTrait,
    publisher: &Actor,
    document: &Value,
) -> Result<Accepted, DbErr> {
    let refused = |reason: String| {
        tracing::warn!(publisher = %publisher.id, %reason, "shared object refused");
        Ok(Accepted::Refused(reason))
    };
    let meta = match shared_meta(document) {
        Ok(meta) => meta,
        Err(e) => return refused(e.to_string()),
    };
    if meta.publisher != publisher.id {
        return refused(format!(
            "attributed to {}, not {}",
            meta.publisher, publisher.id
        ));
    }
    if let Err(e) = verify_object(document, publisher) {
        return refused(format!("{}: its proof does not verify: {e}", meta.id));
    }
    let source = locked_source(db, &meta.collection, &meta.publisher).await?;
    if source.publisher != meta.publisher {
        return refused(format!(
            "{} belongs to {}, not {}",
            meta.collection, source.publisher, meta.publisher
        ));
    }
    if meta.sequence <= source.last_seq {
        return Ok(Accepted::Held);
    }
    if meta.sequence > source.last_seq + 1 {
        return Ok(Accepted::Gap {
            collection: meta.collection,
        });
    }
    let existing = shared_object::Entity::find_by_id(meta.id.clone())
        .one(db)
        .await?;
    if let Some(e) = &existing
        && (e.version >= meta.version || e.collection != meta.collection)
    {
        return refused(format!(
            "{} version {} after version {} in {}",
            meta.id, meta.version, e.version, e.collection
        ));
    }
    if let Some(reason) = super::rules::refusal(db, &meta, document, existing.as_ref()).await? {
        return refused(reason);
    }
    record(db, &meta, document, existing.is_some()).await?;
    shared_source::Entity::update(shared_source::ActiveModel {
        collection: Set(meta.collection),
        last_seq: Set(meta.sequence),
        last_error: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(Accepted::Applied)
}

/// Records change `meta` (signed document `signed`) and the object's new state.
pub(super) async fn record(
    db: &impl ConnectionTrait,
    meta: &SharedMeta,
    signed: &Value,
    exists: bool,
) -> Result<(), DbErr> {
    let now = crate::store::now();
    let operation = match (meta.deleted, exists) {
        (true, _) => "delete",
        (false, true) => "update",
        (false, false) => "create",
    };
    shared_change::Entity::insert(shared_change::ActiveModel::from(shared_change::Model {
        collection: meta.collection.clone(),
        seq: meta.sequence,
        object_id: meta.id.clone(),
        version: meta.version,
        operation: operation.to_owned(),
        document: signed.to_string(),
        recorded_at: now,
    }))
    .exec_without_returning(db)
    .await?;
    let updated_at = OffsetDateTime::parse(&meta.updated, &Rfc3339).unwrap_or(now);
    let mut row = shared_object::ActiveModel::from(shared_object::Model {
        object_id: meta.id.clone(),
        collection: meta.collection.clone(),
        object_type: meta.object_type.clone(),
        version: meta.version,
        seq: meta.sequence,
        deleted: meta.deleted,
        document: signed.clone(),
        updated_at,
    });
    if exists {
        row = row.reset_all();
        shared_object::Entity::update(row).exec(db).await?;
    } else {
        shared_object::Entity::insert(row)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
