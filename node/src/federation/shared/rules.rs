//! What a change must respect beyond its proof and order, by the object's type: a
//! framework version must be a valid framework whose content matches its digest, and once
//! published its content never changes (an update may only deprecate it); a change of a
//! coordinator's member list must meet its charter (see [`mochila_protocol::network`]).

use mochila_protocol::activity::SharedMeta;
use mochila_protocol::framework::{FRAMEWORK_TYPE, FrameworkStatus, read_framework};
use mochila_protocol::network::{CHARTER_TYPE, ListState, MEMBER_TYPE, check_change};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::store::entity::shared_object;

/// Why `document` (change `meta`, after `existing`) may not be applied, if it may not.
pub async fn refusal(
    db: &impl ConnectionTrait,
    meta: &SharedMeta,
    document: &Value,
    existing: Option<&shared_object::Model>,
) -> Result<Option<String>, DbErr> {
    if meta.object_type == MEMBER_TYPE || meta.object_type == CHARTER_TYPE {
        return list_refusal(db, meta, document, existing).await;
    }
    Ok(framework_refusal(meta, document, existing))
}

/// The live documents of `collection` as held on `db`.
pub async fn live_documents(
    db: &impl ConnectionTrait,
    collection: &str,
) -> Result<Vec<Value>, DbErr> {
    shared_object::Entity::find()
        .select_only()
        .column(shared_object::Column::Document)
        .filter(shared_object::Column::Collection.eq(collection))
        .filter(shared_object::Column::Deleted.eq(false))
        .into_tuple::<Value>()
        .all(db)
        .await
}

/// A member-list change checked against the charter and list held before it.
async fn list_refusal(
    db: &impl ConnectionTrait,
    meta: &SharedMeta,
    document: &Value,
    existing: Option<&shared_object::Model>,
) -> Result<Option<String>, DbErr> {
    let Some(network) = meta.collection.strip_suffix("/shared/members") else {
        return Ok(Some(format!(
            "{}: a {} belongs in a member list",
            meta.id, meta.object_type
        )));
    };
    let docs = live_documents(db, &meta.collection).await?;
    let held = ListState::of(&docs);
    let prev = existing.filter(|e| !e.deleted).map(|e| &e.document);
    let at = OffsetDateTime::parse(&meta.updated, &Rfc3339)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    Ok(
        check_change(network, &held, prev, document, meta.deleted, at)
            .err()
            .map(|e| format!("{}: {e}", meta.id)),
    )
}

fn framework_refusal(
    meta: &SharedMeta,
    document: &Value,
    existing: Option<&shared_object::Model>,
) -> Option<String> {
    if meta.object_type != FRAMEWORK_TYPE {
        return None;
    }
    if let Some(e) = existing
        && e.object_type != meta.object_type
    {
        return Some(format!(
            "{} was a {}, not a {}",
            meta.id, e.object_type, meta.object_type
        ));
    }
    if meta.deleted {
        return Some(format!(
            "{}: a published framework version is never deleted",
            meta.id
        ));
    }
    let new = match read_framework(document, &meta.publisher) {
        Ok(f) => f,
        Err(e) => return Some(format!("{}: {e}", meta.id)),
    };
    let old = existing.and_then(|e| read_framework(&e.document, &meta.publisher).ok())?;
    if old.digest != new.digest {
        return Some(format!(
            "{}: a published framework version's content never changes",
            meta.id
        ));
    }
    if old.status == FrameworkStatus::Deprecated && new.status != FrameworkStatus::Deprecated {
        return Some(format!(
            "{}: a deprecated version stays deprecated",
            meta.id
        ));
    }
    None
}
