//! Finding and claiming due deliveries: for each healthy peer only its oldest queued
//! delivery (a peer receives activities in outbox order, one at a time), claimed with a
//! compare-and-set lease so that two workers (or the worker and a synchronous delivery, or
//! two node processes on one database) never send the same delivery at once. A lease that
//! expires (its holder died) makes the delivery due again.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use time::OffsetDateTime;

use crate::federation::DeliveryState;
use crate::store::entity::{delivery, peer};

/// Which due deliveries to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only those of this activity (`outbox_activity.seq`).
    pub activity_seq: Option<i64>,
    /// Only those to this peer.
    pub peer_id: Option<String>,
}

/// The peers deliveries may go to at `now`: not blocked, not unreachable, circuit closed
/// (or half-open: its time has passed).
fn healthy_peers(now: OffsetDateTime) -> sea_orm::sea_query::SelectStatement {
    peer::Entity::find()
        .select_only()
        .column(peer::Column::Id)
        .filter(peer::Column::BlockedAt.is_null())
        .filter(peer::Column::UnreachableSince.is_null())
        .filter(
            Condition::any()
                .add(peer::Column::CircuitOpenUntil.is_null())
                .add(peer::Column::CircuitOpenUntil.lte(now)),
        )
        .into_query()
}

/// Up to `limit` deliveries that may be attempted at `now`, oldest first: each the oldest
/// queued delivery of its peer, due, its lease free, its peer healthy.
pub async fn due(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    limit: u64,
    scope: &Scope,
) -> Result<Vec<delivery::Model>, DbErr> {
    let mut query = delivery::Entity::find()
        .filter(delivery::Column::State.eq(DeliveryState::Queued.as_str()))
        .filter(delivery::Column::NextAttemptAt.lte(now))
        .filter(lease_free(now))
        .filter(Expr::cust(format!(
            "\"delivery\".\"id\" = (SELECT MIN(\"d2\".\"id\") FROM \"delivery\" \"d2\" \
             WHERE \"d2\".\"peer_id\" = \"delivery\".\"peer_id\" AND \"d2\".\"state\" = '{}')",
            DeliveryState::Queued.as_str()
        )))
        .filter(delivery::Column::PeerId.in_subquery(healthy_peers(now)));
    if let Some(seq) = scope.activity_seq {
        query = query.filter(delivery::Column::ActivitySeq.eq(seq));
    }
    if let Some(peer_id) = &scope.peer_id {
        query = query.filter(delivery::Column::PeerId.eq(peer_id.as_str()));
    }
    query
        .order_by_asc(delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

fn lease_free(now: OffsetDateTime) -> Condition {
    Condition::any()
        .add(delivery::Column::LockedUntil.is_null())
        .add(delivery::Column::LockedUntil.lt(now))
}

/// A delivery this caller holds the lease of, until `until`. The lease is also the fence:
/// the outcome is recorded, and the lease given up, only while the row still carries this
/// `until` (a holder too slow for its lease, whose delivery another worker then took,
/// changes nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct Leased {
    /// The delivery, as it was claimed.
    pub delivery: delivery::Model,
    /// When the lease ends.
    pub until: OffsetDateTime,
}

/// Takes the lease of `next` until `until` if it is still queued and its lease is free at
/// `now`. `None` when another caller got it first.
pub async fn lease(
    db: &impl ConnectionTrait,
    next: delivery::Model,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<Option<Leased>, DbErr> {
    let updated = delivery::Entity::update_many()
        .col_expr(delivery::Column::LockedUntil, Expr::value(until))
        .filter(delivery::Column::Id.eq(next.id))
        .filter(delivery::Column::State.eq(DeliveryState::Queued.as_str()))
        .filter(lease_free(now))
        .exec(db)
        .await?;
    Ok((updated.rows_affected == 1).then_some(Leased {
        delivery: next,
        until,
    }))
}

/// The rows of `held` whose lease is still `held`'s (see [`Leased`]).
pub fn still_held(held: &Leased) -> Condition {
    Condition::all()
        .add(delivery::Column::Id.eq(held.delivery.id))
        .add(delivery::Column::LockedUntil.eq(held.until))
}

/// Gives up the leases `held` (id and lease end) that are still this caller's (a worker
/// stopping with deliveries not attempted).
pub async fn release(
    db: &impl ConnectionTrait,
    held: &[(i64, OffsetDateTime)],
) -> Result<(), DbErr> {
    for &(id, until) in held {
        delivery::Entity::update_many()
            .col_expr(
                delivery::Column::LockedUntil,
                Expr::value(Option::<OffsetDateTime>::None),
            )
            .filter(delivery::Column::Id.eq(id))
            .filter(delivery::Column::LockedUntil.eq(until))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The earliest moment after `now` at which something may become due: a delivery's next
/// attempt, a lease expiring or a peer's circuit closing. `None` when nothing waits.
pub async fn next_change(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, DbErr> {
    let queued = || {
        delivery::Entity::find()
            .select_only()
            .filter(delivery::Column::State.eq(DeliveryState::Queued.as_str()))
    };
    let attempt: Option<OffsetDateTime> = queued()
        .column_as(delivery::Column::NextAttemptAt.min(), "t")
        .filter(delivery::Column::NextAttemptAt.gt(now))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let lease: Option<OffsetDateTime> = queued()
        .column_as(delivery::Column::LockedUntil.min(), "t")
        .filter(delivery::Column::LockedUntil.gt(now))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let circuit: Option<OffsetDateTime> = peer::Entity::find()
        .select_only()
        .column_as(peer::Column::CircuitOpenUntil.min(), "t")
        .filter(peer::Column::CircuitOpenUntil.gt(now))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok([attempt, lease, circuit].into_iter().flatten().min())
}
