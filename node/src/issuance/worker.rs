//! The batch worker: issues the pending rows of running batches in chunks, each chunk's
//! credentials, row completions, progress counters and audit events committed together.
//! Runs from node start (resuming what a crash interrupted) until shutdown.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::watch;

use super::{IssueError, Order, persist, prepare, sign_orders};
use crate::app::AppState;
use crate::auth::{Caller, Role};
use crate::store;
use crate::store::entity::{batch_row, issuance_batch};

/// Rows issued per transaction.
pub const CHUNK: u64 = 500;

/// Runs until `stop` says so (or its sender is gone).
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        match drain(&state, &stop).await {
            Ok(()) => {}
            Err(e) => tracing::error!(error = %e, "batch worker: will retry"),
        }
        tokio::select! {
            _ = state.batch_wakeup.notified() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            changed = stop.changed() => if changed.is_err() { return },
        }
    }
}

/// Issues every pending row of every running batch.
async fn drain(state: &AppState, stop: &watch::Receiver<bool>) -> Result<(), DbErr> {
    let batches = issuance_batch::Entity::find()
        .filter(issuance_batch::Column::State.eq("running"))
        .order_by_asc(issuance_batch::Column::CreatedAt)
        .all(&state.db)
        .await?;
    for batch in batches {
        while !*stop.borrow() {
            if !chunk(state, &batch).await? {
                break;
            }
        }
    }
    Ok(())
}

/// Issues one chunk of `batch`; false when nothing was pending (the batch is then marked
/// completed).
async fn chunk(state: &AppState, batch: &issuance_batch::Model) -> Result<bool, DbErr> {
    let rows = batch_row::Entity::find()
        .filter(batch_row::Column::BatchId.eq(batch.id.clone()))
        .filter(batch_row::Column::State.eq("pending"))
        .order_by_asc(batch_row::Column::Line)
        .limit(CHUNK)
        .all(&state.db)
        .await?;
    if rows.is_empty() {
        issuance_batch::Entity::update_many()
            .col_expr(issuance_batch::Column::State, Expr::value("completed"))
            .col_expr(
                issuance_batch::Column::FinishedAt,
                Expr::value(store::now()),
            )
            .filter(issuance_batch::Column::Id.eq(batch.id.clone()))
            .exec(&state.db)
            .await?;
        tracing::info!(batch = %batch.id, "batch completed");
        return Ok(false);
    }
    let caller = Caller {
        token_id: uuid::Uuid::nil(),
        name: batch.created_by.clone(),
        role: Role::Issuer,
    };
    let mut orders = Vec::with_capacity(rows.len());
    let mut unreadable = Vec::new();
    for row in &rows {
        match serde_json::from_value(row.payload.clone()) {
            Ok(learner) => orders.push(Order {
                learner,
                batch: Some((batch.id.clone(), row.line)),
            }),
            Err(e) => unreadable.push((row.line, e.to_string())),
        }
    }
    let issued = match prepare(
        state,
        &batch.achievement_id,
        Some(batch.achievement_version),
        Some(&batch.lang),
    )
    .await
    {
        Ok(issuance) => sign_orders(state, &issuance, &orders, &caller).await,
        Err(e) => Err(e),
    };
    let txn = store::begin_write(&state.db).await?;
    let (done, failed) = match issued {
        Ok(credentials) => {
            persist(&txn, state, &credentials, &batch.created_by, "issuer").await?;
            let lines: Vec<i32> = orders
                .iter()
                .filter_map(|o| o.batch.as_ref().map(|b| b.1))
                .collect();
            mark(&txn, &batch.id, &lines, "issued", None).await?;
            (credentials.len(), 0)
        }
        Err(IssueError::Db(e)) => return Err(e),
        Err(e) => {
            tracing::error!(batch = %batch.id, error = %e, "batch rows could not be issued");
            let lines: Vec<i32> = orders
                .iter()
                .filter_map(|o| o.batch.as_ref().map(|b| b.1))
                .collect();
            mark(&txn, &batch.id, &lines, "failed", Some(e.to_string())).await?;
            (0, lines.len())
        }
    };
    for (line, error) in &unreadable {
        mark(&txn, &batch.id, &[*line], "failed", Some(error.clone())).await?;
    }
    let failed = failed + unreadable.len();
    issuance_batch::Entity::update_many()
        .col_expr(
            issuance_batch::Column::Done,
            Expr::col(issuance_batch::Column::Done).add(done as i32),
        )
        .col_expr(
            issuance_batch::Column::Failed,
            Expr::col(issuance_batch::Column::Failed).add(failed as i32),
        )
        .filter(issuance_batch::Column::Id.eq(batch.id.clone()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

async fn mark(
    db: &impl sea_orm::ConnectionTrait,
    batch: &str,
    lines: &[i32],
    state: &str,
    error: Option<String>,
) -> Result<(), DbErr> {
    for chunk in lines.chunks(500) {
        batch_row::Entity::update_many()
            .col_expr(batch_row::Column::State, Expr::value(state))
            .col_expr(batch_row::Column::Error, Expr::value(error.clone()))
            .filter(batch_row::Column::BatchId.eq(batch))
            .filter(batch_row::Column::Line.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}
