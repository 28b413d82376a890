//! Bringing a peer's deliveries forward: when the peer speaks again ([`peer_heard_from`],
//! from the inbox) and when an admin says "retry now" ([`retry_peer`]). Either way the
//! peer's circuit is closed, its unreachable mark cleared and its queued deliveries that
//! wait out a backoff become due now; the admin's retry also clears the failure count and
//! queues the failed deliveries again.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use sea_orm::{QueryFilter, UpdateMany};
use time::OffsetDateTime;

use crate::federation::DeliveryState;
use crate::store;
use crate::store::entity::{delivery, peer};

/// The statuses whose `Retry-After` the peer asked the node to honour: a peer that speaks
/// is reachable, but it still said when to come back.
const ASKED_TO_WAIT: [i32; 2] = [408, 429];

/// For the inbox, in the transaction that stores a verified request from peer `peer_id`: a
/// peer that speaks is up, so its circuit closes, its unreachable mark goes, and its queued
/// deliveries waiting out a backoff are due now (those it answered 408/429 keep the wait it
/// asked for). The failure count stays, so a peer that speaks but keeps failing deliveries
/// still opens its circuit. Returns whether anything became due: then wake the worker
/// after commit.
pub async fn peer_heard_from(db: &impl ConnectionTrait, peer_id: &str) -> Result<bool, DbErr> {
    let now = store::now();
    let healed = heal(peer_id)
        .filter(
            Condition::any()
                .add(peer::Column::CircuitOpenUntil.is_not_null())
                .add(peer::Column::UnreachableSince.is_not_null()),
        )
        .exec(db)
        .await?
        .rows_affected
        > 0;
    let not_asked_to_wait = Condition::any()
        .add(delivery::Column::LastStatus.is_null())
        .add(delivery::Column::LastStatus.is_not_in(ASKED_TO_WAIT));
    let due = waiting(peer_id, now)
        .filter(not_asked_to_wait)
        .exec(db)
        .await?
        .rows_affected;
    Ok(healed || due > 0)
}

/// An admin's "retry now" for peer `peer_id`: closes its circuit, clears its failures and
/// unreachable mark, makes its queued deliveries due now and queues its failed ones again
/// (attempts reset). `false` when there is no such peer. Wake the worker afterwards.
pub async fn retry_peer(db: &DatabaseConnection, peer_id: &str) -> Result<bool, DbErr> {
    let now = store::now();
    let none = Option::<OffsetDateTime>::None;
    let txn = store::begin_write(db).await?;
    let found = heal(peer_id)
        .col_expr(peer::Column::ConsecutiveFailures, Expr::value(0))
        .col_expr(peer::Column::FailingSince, Expr::value(none))
        .col_expr(peer::Column::UpdatedAt, Expr::value(now))
        .exec(&txn)
        .await?
        .rows_affected
        > 0;
    if !found {
        return Ok(false);
    }
    waiting(peer_id, now).exec(&txn).await?;
    delivery::Entity::update_many()
        .col_expr(
            delivery::Column::State,
            Expr::value(DeliveryState::Queued.as_str()),
        )
        .col_expr(delivery::Column::Attempts, Expr::value(0))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
        .col_expr(delivery::Column::LockedUntil, Expr::value(none))
        .filter(delivery::Column::PeerId.eq(peer_id))
        .filter(delivery::Column::State.eq(DeliveryState::Failed.as_str()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// Closes peer `peer_id`'s circuit and clears its unreachable mark.
fn heal(peer_id: &str) -> UpdateMany<peer::Entity> {
    let none = Option::<OffsetDateTime>::None;
    peer::Entity::update_many()
        .col_expr(peer::Column::CircuitOpenUntil, Expr::value(none))
        .col_expr(peer::Column::UnreachableSince, Expr::value(none))
        .filter(peer::Column::Id.eq(peer_id))
}

/// Makes peer `peer_id`'s queued deliveries that are not due at `now` due at `now`.
fn waiting(peer_id: &str, now: OffsetDateTime) -> UpdateMany<delivery::Entity> {
    delivery::Entity::update_many()
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
        .filter(delivery::Column::PeerId.eq(peer_id))
        .filter(delivery::Column::State.eq(DeliveryState::Queued.as_str()))
        .filter(delivery::Column::NextAttemptAt.gt(now))
}
