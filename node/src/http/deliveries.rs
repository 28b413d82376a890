//! The delivery admin API: `GET /api/v1/deliveries` (by peer and state, paged),
//! `GET /api/v1/peers/{id}/deliveries` (one peer's summary) and
//! `POST /api/v1/peers/{id}/retry` (retry a peer now).

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::federation::DeliveryState;
use crate::federation::delivery::{self, DeliveryPage, DeliverySummary, Filter};
use crate::state::AppState;

/// The most deliveries on one page.
pub const MAX_PER_PAGE: u64 = 500;

/// Delivery routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_deliveries))
        .routes(routes!(peer_deliveries))
        .routes(routes!(retry_peer))
}

/// Which deliveries to list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// Only to this peer (its id).
    pub peer: Option<String>,
    /// Only in this state: `queued`, `delivered` or `failed`.
    pub state: Option<String>,
    /// The page, from 1 (default 1).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Deliveries per page, 1 to 500 (default 50).
    #[serde(alias = "per_page")]
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<u64>,
}

/// Deliveries, newest first: the activity, the peer and inbox, the state (queued,
/// delivered, failed), whether it is in flight, attempts, next attempt, last status and
/// error. Roles: admin.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "federation", security(("bearer" = [])),
    params(DeliveriesQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
    ))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<DeliveriesQuery>,
) -> Result<Json<DeliveryPage>, ApiError> {
    caller.require(&[Role::Admin])?;
    let delivery_state =
        match q.state.as_deref() {
            None => None,
            Some(s) => Some(DeliveryState::parse(s).ok_or_else(|| {
                ApiError::invalid("?state", "must be queued, delivered or failed")
            })?),
        };
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 50, MAX_PER_PAGE)?;
    let filter = Filter {
        peer_id: q.peer,
        state: delivery_state,
        page,
        per_page,
    };
    Ok(Json(delivery::list(&state.db, &filter).await?))
}

/// One peer's deliveries in summary: counts by state, in flight, next attempt, last
/// error, failing since, circuit breaker, unreachable mark, signature scheme. Roles: admin.
#[utoipa::path(get, path = "/api/v1/peers/{id}/deliveries", tag = "federation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Peer id")),
    responses(
        (status = 200, description = "The peer's delivery summary", body = DeliverySummary),
        (status = 404, description = "No such peer", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn peer_deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DeliverySummary>, ApiError> {
    caller.require(&[Role::Admin])?;
    delivery::summary(&state.db, &id)
        .await?
        .map(Json)
        .ok_or_else(|| no_peer(&id))
}

/// Retries a peer now: closes its circuit breaker, clears its unreachable mark and
/// failures, makes its queued deliveries due and queues its failed ones again (attempts
/// reset). Returns its summary. Roles: admin.
#[utoipa::path(post, path = "/api/v1/peers/{id}/retry", tag = "federation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Peer id")),
    responses(
        (status = 200, description = "Retrying; the peer's delivery summary", body = DeliverySummary),
        (status = 404, description = "No such peer", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn retry_peer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DeliverySummary>, ApiError> {
    caller.require(&[Role::Admin])?;
    if !delivery::retry_peer(&state.db, &id).await? {
        return Err(no_peer(&id));
    }
    state.federation.wakeup.notify_one();
    tracing::info!(peer = %id, by = %caller.name, "deliveries to the peer retried now");
    delivery::summary(&state.db, &id)
        .await?
        .map(Json)
        .ok_or_else(|| no_peer(&id))
}

fn no_peer(id: &str) -> ApiError {
    ApiError::NotFound(format!("no peer {id}"))
}
