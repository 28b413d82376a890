//! Replay refusal: every accepted signature is remembered (hex SHA-256 of its bytes) for
//! twice the signature window; one seen again is refused.

use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult};

use super::InboxError;
use crate::store::entity::seen_signature;

/// Whether `key` was accepted before (a cheap check before any work; [`record`] is the
/// one that counts).
pub async fn seen(db: &impl ConnectionTrait, key: &str) -> Result<bool, DbErr> {
    Ok(seen_signature::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .is_some())
}

/// Remembers `key`, in the caller's transaction; [`InboxError::Replayed`] when it is
/// already there (also when a concurrent request committed it first).
pub async fn record(
    db: &impl ConnectionTrait,
    key: &str,
    now: time::OffsetDateTime,
) -> Result<(), InboxError> {
    let inserted = seen_signature::Entity::insert(seen_signature::ActiveModel {
        signature_key: Set(key.to_owned()),
        seen_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    match inserted {
        TryInsertResult::Inserted(n) if n > 0 => Ok(()),
        _ => Err(InboxError::Replayed),
    }
}

/// About once in 64 calls, forgets signatures older than twice `window` (they would be
/// refused as outside the window anyway).
pub async fn purge_now_and_then(
    db: &impl ConnectionTrait,
    window: time::Duration,
) -> Result<(), DbErr> {
    let roll = uuid::Uuid::new_v4().as_bytes()[0];
    if roll >= 4 {
        return Ok(());
    }
    purge(db, window).await.map(|_| ())
}

/// Forgets signatures older than twice `window`; returns how many.
pub async fn purge(db: &impl ConnectionTrait, window: time::Duration) -> Result<u64, DbErr> {
    let cutoff = crate::store::now() - window * 2;
    let deleted = seen_signature::Entity::delete_many()
        .filter(seen_signature::Column::SeenAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
