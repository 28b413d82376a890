//! Per-peer delivery state for the admin API: counts by state, what is in flight, the next
//! attempt, the last error, and the peer's health (failing since, circuit, unreachable,
//! the signature scheme it accepts).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::federation::{DeliveryState, KnownScheme};
use crate::store;
use crate::store::entity::{delivery, peer};

/// Deliveries to one peer, and its delivery health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliverySummary {
    /// Deliveries waiting (in flight included).
    pub queued: u64,
    /// Deliveries being attempted now (a worker holds their lease).
    pub in_flight: u64,
    /// Deliveries refused for good.
    pub failed: u64,
    /// Deliveries accepted.
    pub delivered: u64,
    /// The earliest next attempt of a queued delivery (RFC 3339).
    pub next_attempt_at: Option<String>,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// Since when deliveries fail (RFC 3339).
    pub failing_since: Option<String>,
    /// The circuit breaker is open until then (RFC 3339).
    pub circuit_open_until: Option<String>,
    /// Since when the peer is unreachable: its deliveries wait until it speaks again or an
    /// admin retries (RFC 3339).
    pub unreachable_since: Option<String>,
    /// The HTTP signature the peer accepts.
    pub signature_scheme: KnownScheme,
}

impl DeliverySummary {
    fn of(peer: &peer::Model) -> Self {
        Self {
            queued: 0,
            in_flight: 0,
            failed: 0,
            delivered: 0,
            next_attempt_at: None,
            last_error: peer.last_error.clone(),
            failing_since: peer.failing_since.map(store::rfc3339),
            circuit_open_until: peer.circuit_open_until.map(store::rfc3339),
            unreachable_since: peer.unreachable_since.map(store::rfc3339),
            signature_scheme: KnownScheme::parse(&peer.signature_scheme)
                .unwrap_or(KnownScheme::Unknown),
        }
    }
}

/// The delivery summary of each of `peer_ids` that exists, by peer id.
pub async fn summaries(
    db: &impl ConnectionTrait,
    peer_ids: &[String],
) -> Result<HashMap<String, DeliverySummary>, DbErr> {
    let mut out = HashMap::new();
    for ids in peer_ids.chunks(500) {
        summarise(db, ids, &mut out).await?;
    }
    Ok(out)
}

/// The delivery summary of one peer; `None` when there is no such peer.
pub async fn summary(
    db: &impl ConnectionTrait,
    peer_id: &str,
) -> Result<Option<DeliverySummary>, DbErr> {
    let mut all = summaries(db, &[peer_id.to_owned()]).await?;
    Ok(all.remove(peer_id))
}

async fn summarise(
    db: &impl ConnectionTrait,
    ids: &[String],
    out: &mut HashMap<String, DeliverySummary>,
) -> Result<(), DbErr> {
    let now = store::now();
    let peers = peer::Entity::find()
        .filter(peer::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    for peer in &peers {
        out.insert(peer.id.clone(), DeliverySummary::of(peer));
    }
    let of_peers = || {
        delivery::Entity::find()
            .select_only()
            .column(delivery::Column::PeerId)
            .filter(delivery::Column::PeerId.is_in(ids.to_vec()))
            .group_by(delivery::Column::PeerId)
    };
    let counts: Vec<(String, String, i64)> = of_peers()
        .column(delivery::Column::State)
        .column_as(delivery::Column::Id.count(), "n")
        .group_by(delivery::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    for (peer_id, state, n) in counts {
        let Some(summary) = out.get_mut(&peer_id) else {
            continue;
        };
        let n = u64::try_from(n).unwrap_or(0);
        match DeliveryState::parse(&state) {
            Some(DeliveryState::Queued) => summary.queued = n,
            Some(DeliveryState::Delivered) => summary.delivered = n,
            Some(DeliveryState::Failed) => summary.failed = n,
            None => {}
        }
    }
    let queued = || of_peers().filter(delivery::Column::State.eq(DeliveryState::Queued.as_str()));
    let in_flight: Vec<(String, i64)> = queued()
        .column_as(delivery::Column::Id.count(), "n")
        .filter(delivery::Column::LockedUntil.gt(now))
        .into_tuple()
        .all(db)
        .await?;
    for (peer_id, n) in in_flight {
        if let Some(summary) = out.get_mut(&peer_id) {
            summary.in_flight = u64::try_from(n).unwrap_or(0);
        }
    }
    let next: Vec<(String, Option<OffsetDateTime>)> = queued()
        .column_as(delivery::Column::NextAttemptAt.min(), "t")
        .into_tuple()
        .all(db)
        .await?;
    for (peer_id, at) in next {
        if let Some(summary) = out.get_mut(&peer_id) {
            summary.next_attempt_at = at.map(store::rfc3339);
        }
    }
    Ok(())
}
