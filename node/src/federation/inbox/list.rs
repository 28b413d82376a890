//! The admin listing of received activities, newest first, paged and filtered by actor
//! and type.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::store::entity::inbox_activity;

/// Which received activities to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxListQuery {
    /// Only activities by this actor (its IRI).
    pub actor: Option<String>,
    /// Only activities of this type (`Follow`, `Create`, ...).
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Page (from 1).
    pub page: Option<u64>,
    /// Page size (1 to 500; 50 by default).
    #[serde(alias = "per_page")]
    pub per_page: Option<u64>,
}

/// One received activity.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct InboxItem {
    /// The activity's IRI.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub type_: String,
    /// Its actor.
    pub actor: String,
    /// Its object's IRI, when it has one.
    pub object: Option<String>,
    /// Its object's type, when the object was embedded.
    pub object_type: Option<String>,
    /// `proof`, `http-signature` or `origin`.
    pub verified_by: String,
    /// The HTTP signature of the request that brought it: `rfc9421` or `cavage` (always
    /// verified as well).
    pub http_signature: String,
    /// When it arrived (RFC 3339).
    pub received_at: String,
}

/// A page of received activities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxPage {
    /// Activities, newest first.
    pub items: Vec<InboxItem>,
    /// Matching activities.
    pub total: u64,
}

/// The page `page` (from 1) of `per_page` received activities matching `query`.
pub async fn list(
    db: &impl ConnectionTrait,
    query: &InboxListQuery,
    page: u64,
    per_page: u64,
) -> Result<InboxPage, DbErr> {
    let mut select = inbox_activity::Entity::find();
    if let Some(actor) = &query.actor {
        select = select.filter(inbox_activity::Column::ActorId.eq(actor.as_str()));
    }
    if let Some(type_) = &query.type_ {
        select = select.filter(inbox_activity::Column::ActivityType.eq(type_.as_str()));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(inbox_activity::Column::ReceivedAt)
        .order_by_asc(inbox_activity::Column::ActivityId)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| InboxItem {
            id: r.activity_id,
            type_: r.activity_type,
            actor: r.actor_id,
            object: r.object_id,
            object_type: r.object_type,
            verified_by: r.verified_by,
            http_signature: r.http_signature,
            received_at: crate::store::rfc3339(r.received_at),
        })
        .collect();
    Ok(InboxPage { items, total })
}
