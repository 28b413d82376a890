//! Claiming a batch's rows for signing, so that several node processes on one database
//! share a batch and never sign the same row: a chunk of pending rows whose lease is free
//! is leased in one short transaction (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so that
//! concurrent claimers take different rows without waiting; SQLite serialises writers).
//! A lease that expires (its holder died) frees the rows again
//! (docs/decisions/0021-batch-chunks-leased.md).

use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::Issuer;
use crate::store;
use crate::store::entity::states::{BatchState, RowState};
use crate::store::entity::{batch_row, issuance_batch};

/// Rows issued per transaction.
pub const CHUNK: u64 = 1000;

/// Leases up to [`CHUNK`] pending rows of batch `batch_id`, in line order, whose lease is
/// free, for `[credentials] batch_lease_secs`; none when every pending row is leased.
pub async fn claim(issuer: &Issuer, batch_id: &str) -> Result<Vec<batch_row::Model>, DbErr> {
    let now = store::now();
    let until = now + issuer.config.credentials.batch_lease();
    let txn = store::begin_write(&issuer.db).await?;
    let mut free = batch_row::Entity::find()
        .filter(batch_row::Column::BatchId.eq(batch_id))
        .filter(batch_row::Column::State.eq(RowState::Pending))
        .filter(
            Condition::any()
                .add(batch_row::Column::LeaseUntil.is_null())
                .add(batch_row::Column::LeaseUntil.lt(now)),
        )
        .order_by_asc(batch_row::Column::Line)
        .limit(CHUNK);
    if issuer.db.get_database_backend() == DatabaseBackend::Postgres {
        free = free.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = free.all(&txn).await?;
    let lines: Vec<i32> = rows.iter().map(|r| r.line).collect();
    for chunk in lines.chunks(500) {
        batch_row::Entity::update_many()
            .col_expr(batch_row::Column::LeaseUntil, Expr::value(until))
            .filter(batch_row::Column::BatchId.eq(batch_id))
            .filter(batch_row::Column::Line.is_in(chunk.to_vec()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// Gives up the leases of `lines` (signed but not stored, at shutdown), so that the next
/// start, or another process, takes them at once.
pub async fn release(issuer: &Issuer, batch_id: &str, lines: &[i32]) -> Result<(), DbErr> {
    for chunk in lines.chunks(500) {
        batch_row::Entity::update_many()
            .col_expr(
                batch_row::Column::LeaseUntil,
                Expr::value(Option::<time::OffsetDateTime>::None),
            )
            .filter(batch_row::Column::BatchId.eq(batch_id))
            .filter(batch_row::Column::Line.is_in(chunk.to_vec()))
            .exec(&issuer.db)
            .await?;
    }
    Ok(())
}

/// Marks batch `batch_id` completed if no row of it is pending any more (rows another
/// process is still signing keep it running: that process completes it). Returns whether
/// this call completed it.
pub async fn complete_if_done(issuer: &Issuer, batch_id: &str) -> Result<bool, DbErr> {
    let pending = Query::select()
        .expr(Expr::val(1))
        .from(batch_row::Entity)
        .and_where(batch_row::Column::BatchId.eq(batch_id))
        .and_where(batch_row::Column::State.eq(RowState::Pending))
        .to_owned();
    let done = issuance_batch::Entity::update_many()
        .col_expr(
            issuance_batch::Column::State,
            Expr::value(BatchState::Completed),
        )
        .col_expr(
            issuance_batch::Column::FinishedAt,
            Expr::value(store::now()),
        )
        .filter(issuance_batch::Column::Id.eq(batch_id))
        .filter(issuance_batch::Column::State.eq(BatchState::Running))
        .filter(Expr::exists(pending).not())
        .exec(&issuer.db)
        .await?;
    Ok(done.rows_affected == 1)
}
