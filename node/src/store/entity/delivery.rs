//! The delivery of one outbox activity to one peer's inbox.

use sea_orm::entity::prelude::*;

/// One delivery.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery")]
pub struct Model {
    /// Order of creation (deliveries to one peer go out in this order).
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The activity (`outbox_activity.seq`).
    pub activity_seq: i64,
    /// The peer.
    pub peer_id: String,
    /// The inbox it goes to.
    pub inbox: String,
    /// `queued`, `delivered` or `failed` (permanently).
    pub state: String,
    /// Attempts made.
    pub attempts: i32,
    /// When it is due.
    pub next_attempt_at: TimeDateTimeWithTimeZone,
    /// A worker holds it until then.
    pub locked_until: Option<TimeDateTimeWithTimeZone>,
    /// The HTTP status of the last attempt, when there was a response.
    pub last_status: Option<i32>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When the peer accepted it.
    pub delivered_at: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
