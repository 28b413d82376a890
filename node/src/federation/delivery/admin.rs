//! The admin API's delivery listing: newest first, by peer and state. Retrying a peer now
//! is in [`super::resume`].

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::federation::DeliveryState;
use crate::store;
use crate::store::entity::{delivery, outbox_activity, peer};

/// One delivery, as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    /// The delivery's id.
    pub id: i64,
    /// The activity's IRI.
    pub activity_id: String,
    /// The activity's type (`Create`, `Update`, ...).
    pub activity_type: String,
    /// The peer's id.
    pub peer_id: String,
    /// The peer's actor IRI.
    pub peer_actor: Option<String>,
    /// The inbox it goes to.
    pub inbox: String,
    /// Where it stands.
    pub state: DeliveryState,
    /// Whether it is being attempted now (a worker holds its lease).
    pub in_flight: bool,
    /// Attempts made.
    pub attempts: i32,
    /// When it is next attempted, if queued (RFC 3339).
    pub next_attempt_at: Option<String>,
    /// The HTTP status of the last attempt, when there was an answer.
    pub last_status: Option<i32>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// When the peer accepted it (RFC 3339).
    pub delivered_at: Option<String>,
}

/// A page of deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPage {
    /// The deliveries, newest first.
    pub items: Vec<DeliveryView>,
    /// This page (from 1).
    pub page: u64,
    /// Deliveries per page.
    pub per_page: u64,
    /// Deliveries matching the filter.
    pub total: u64,
}

/// Which deliveries to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Only to this peer.
    pub peer_id: Option<String>,
    /// Only in this state.
    pub state: Option<DeliveryState>,
    /// The page, from 1.
    pub page: u64,
    /// Per page, at least 1.
    pub per_page: u64,
}

/// The deliveries matching `filter`, newest first.
pub async fn list(db: &impl ConnectionTrait, filter: &Filter) -> Result<DeliveryPage, DbErr> {
    let mut query = delivery::Entity::find();
    if let Some(peer_id) = &filter.peer_id {
        query = query.filter(delivery::Column::PeerId.eq(peer_id.as_str()));
    }
    if let Some(state) = filter.state {
        query = query.filter(delivery::Column::State.eq(state.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(delivery::Column::Id)
        .offset(
            filter
                .page
                .saturating_sub(1)
                .saturating_mul(filter.per_page),
        )
        .limit(filter.per_page)
        .all(db)
        .await?;
    let seqs: Vec<i64> = rows.iter().map(|r| r.activity_seq).collect();
    let activities: HashMap<i64, (String, String)> = outbox_activity::Entity::find()
        .select_only()
        .columns([
            outbox_activity::Column::Seq,
            outbox_activity::Column::ActivityId,
            outbox_activity::Column::ActivityType,
        ])
        .filter(outbox_activity::Column::Seq.is_in(seqs))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(seq, id, type_)| (seq, (id, type_)))
        .collect();
    let peer_ids: Vec<String> = rows.iter().map(|r| r.peer_id.clone()).collect();
    let actors: HashMap<String, String> = peer::Entity::find()
        .select_only()
        .columns([peer::Column::Id, peer::Column::ActorId])
        .filter(peer::Column::Id.is_in(peer_ids))
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let now = store::now();
    let items = rows
        .into_iter()
        .map(|row| view(row, &activities, &actors, now))
        .collect();
    Ok(DeliveryPage {
        items,
        page: filter.page,
        per_page: filter.per_page,
        total,
    })
}

fn view(
    row: delivery::Model,
    activities: &HashMap<i64, (String, String)>,
    actors: &HashMap<String, String>,
    now: OffsetDateTime,
) -> DeliveryView {
    let state = DeliveryState::parse(&row.state).unwrap_or(DeliveryState::Failed);
    let (activity_id, activity_type) = activities
        .get(&row.activity_seq)
        .cloned()
        .unwrap_or_default();
    let queued = state == DeliveryState::Queued;
    DeliveryView {
        id: row.id,
        activity_id,
        activity_type,
        peer_actor: actors.get(&row.peer_id).cloned(),
        peer_id: row.peer_id,
        inbox: row.inbox,
        state,
        in_flight: queued && row.locked_until.is_some_and(|t| t > now),
        attempts: row.attempts,
        next_attempt_at: queued.then(|| store::rfc3339(row.next_attempt_at)),
        last_status: row.last_status,
        last_error: row.last_error,
        created_at: store::rfc3339(row.created_at),
        delivered_at: row.delivered_at.map(store::rfc3339),
    }
}
