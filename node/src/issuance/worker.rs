//! The batch worker: issues the pending rows of running batches in chunks, each chunk's
//! credentials, row completions, progress counters and audit events committed together.
//! Signing the next chunk overlaps storing the current one. Runs from node start (resuming
//! what a crash interrupted) until shutdown.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder};
use tokio::sync::watch;

use super::{IssueError, Order, claim, issue_events, matching, persist, prepare, sign_orders};
use crate::auth::{Caller, Role};
use crate::issuance::Issuer;
use crate::store;
use crate::store::entity::states::{BatchState, RowState};
use crate::store::entity::{batch_row, credential, issuance_batch, learner_match};

/// Runs until `stop` says so (or its sender is gone).
pub async fn run(issuer: Issuer, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        if let Err(e) = drain(&issuer, &stop).await {
            tracing::error!(error = %e, "batch worker: will retry");
        }
        tokio::select! {
            _ = issuer.batch_wakeup.notified() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            changed = stop.changed() => if changed.is_err() { return },
        }
    }
}

/// Issues every pending row of every running batch.
async fn drain(issuer: &Issuer, stop: &watch::Receiver<bool>) -> Result<(), DbErr> {
    let batches = issuance_batch::Entity::find()
        .filter(issuance_batch::Column::State.eq(BatchState::Running))
        .order_by_asc(issuance_batch::Column::CreatedAt)
        .all(&issuer.db)
        .await?;
    for batch in batches {
        drain_batch(issuer, &batch, stop).await?;
    }
    Ok(())
}

/// A chunk of rows, signed (or failed) and not yet stored.
struct Signed {
    lines: Vec<i32>,
    claimed: Vec<i32>,
    issued: Result<Vec<credential::Model>, IssueError>,
    matches: Vec<learner_match::Model>,
    unreadable: Vec<(i32, String)>,
}

/// Issues `batch`'s pending rows chunk by chunk, each claimed first (other processes may
/// be issuing the same batch): while one chunk is stored, the next is signed.
async fn drain_batch(
    issuer: &Issuer,
    batch: &issuance_batch::Model,
    stop: &watch::Receiver<bool>,
) -> Result<(), DbErr> {
    let mut next = tokio::spawn(sign_chunk(issuer.clone(), batch.clone()));
    loop {
        let signed = next
            .await
            .map_err(|e| DbErr::Custom(format!("batch signing task: {e}")))??;
        let Some(signed) = signed else {
            if claim::complete_if_done(issuer, &batch.id).await? {
                tracing::info!(batch = %batch.id, "batch completed");
            }
            return Ok(());
        };
        if *stop.borrow() {
            // Unstored work is redone after restart; its status slots stay unused.
            return claim::release(issuer, &batch.id, &signed.claimed).await;
        }
        next = tokio::spawn(sign_chunk(issuer.clone(), batch.clone()));
        store_chunk(issuer, batch, signed).await?;
    }
}

/// Claims and signs the next pending rows of `batch`; `None` when none is free.
async fn sign_chunk(issuer: Issuer, batch: issuance_batch::Model) -> Result<Option<Signed>, DbErr> {
    let rows = claim::claim(&issuer, &batch.id).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let claimed = rows.iter().map(|r| r.line).collect();
    let caller = Caller {
        token_id: uuid::Uuid::nil(),
        name: batch.created_by.clone(),
        role: submitter_role(&batch),
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
        &issuer,
        &batch.achievement_id,
        Some(batch.achievement_version),
        Some(&batch.lang),
    )
    .await
    {
        Ok(issuance) => sign_orders(&issuer, &issuance, &orders, &caller).await,
        Err(e) => Err(e),
    };
    if let Err(IssueError::Db(e)) = issued {
        return Err(e);
    }
    let lines = orders
        .iter()
        .filter_map(|o| o.batch.as_ref().map(|b| b.1))
        .collect();
    let matches = issued.as_ref().map_or_else(
        |_| Vec::new(),
        |c| matching::rows(orders.iter().map(|o| &o.learner), c),
    );
    Ok(Some(Signed {
        lines,
        claimed,
        issued,
        matches,
        unreadable,
    }))
}

/// Stores a signed chunk: credentials, row states, counters and audit events together
/// (on PostgreSQL, a fully signed chunk takes the COPY path).
async fn store_chunk(
    issuer: &Issuer,
    batch: &issuance_batch::Model,
    signed: Signed,
) -> Result<(), DbErr> {
    if issuer.db.get_database_backend() == DatabaseBackend::Postgres
        && signed.unreadable.is_empty()
        && let Ok(credentials) = &signed.issued
    {
        let events = issue_events(issuer, credentials);
        return super::bulk_copy::store_issued(
            issuer.db.get_postgres_connection_pool(),
            &batch.id,
            &signed.lines,
            credentials,
            &signed.matches,
            (&batch.created_by, submitter_role(batch).as_str()),
            &events,
        )
        .await;
    }
    let txn = store::begin_write(&issuer.db).await?;
    let (done, failed) = match signed.issued {
        Ok(credentials) => {
            let caller = (batch.created_by.as_str(), submitter_role(batch).as_str());
            persist(&txn, issuer, &credentials, &signed.matches, caller).await?;
            mark(&txn, &batch.id, &signed.lines, RowState::Issued, None).await?;
            (credentials.len(), 0)
        }
        Err(e) => {
            tracing::error!(batch = %batch.id, error = %e, "batch rows could not be issued");
            mark(
                &txn,
                &batch.id,
                &signed.lines,
                RowState::Failed,
                Some(e.to_string()),
            )
            .await?;
            (0, signed.lines.len())
        }
    };
    for (line, error) in &signed.unreadable {
        mark(
            &txn,
            &batch.id,
            &[*line],
            RowState::Failed,
            Some(error.clone()),
        )
        .await?;
    }
    let failed = failed + signed.unreadable.len();
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
    txn.commit().await
}

/// The role of whoever submitted `batch` (batches from before roles were recorded were
/// submitted by issuers or admins and audited as issuers).
fn submitter_role(batch: &issuance_batch::Model) -> Role {
    batch
        .created_by_role
        .as_deref()
        .and_then(|r| r.parse().ok())
        .unwrap_or(Role::Issuer)
}

async fn mark(
    db: &impl sea_orm::ConnectionTrait,
    batch: &str,
    lines: &[i32],
    state: RowState,
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
