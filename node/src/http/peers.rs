//! The peers admin API: list peers and their state, follow and unfollow, approve or reject
//! follow requests, block and unblock.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, RawBody, parse_json};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::federation::peer_views::{PeerPage, PeerView};
use crate::federation::peers::Action;
use crate::state::AppState;

/// Peer routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_peers))
        .routes(routes!(follow_target))
        .routes(routes!(get_peer))
        .routes(routes!(peer_action))
}

/// Which page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeerQuery {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Peers per page (1 to 500; 50 by default).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<u64>,
}

/// Every peer this node has met, with the follow relationships both ways and whether it is
/// blocked, most recently changed first. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/peers", tag = "federation", security(("bearer" = [])), params(PeerQuery),
    responses(
        (status = 200, description = "Peers", body = PeerPage),
    ))]
pub async fn list_peers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PeerQuery>,
) -> Result<Json<PeerPage>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 50, 500)?;
    Ok(Json(state.federation.peer_page(page, per_page).await?))
}

/// One peer. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/peers/{id}", tag = "federation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Peer id")),
    responses(
        (status = 200, description = "The peer", body = PeerView),
        (status = 404, description = "No such peer", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_peer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PeerView>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    Ok(Json(state.federation.peer(&id).await?))
}

/// Whom to follow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowBody {
    /// An actor URL (`https://uni.example/actor`) or a handle (`@ing@uni.example`,
    /// `ing@uni.example`, `acct:ing@uni.example`), found through WebFinger.
    pub target: String,
    /// Why (kept in the audit log).
    pub reason: Option<String>,
}

/// Follows an actor by URL or handle: the actor is fetched (signed GET) and checked, stored
/// as a peer, and sent a `Follow`; the peer's `following` is `pending` until it answers.
/// Following a peer already followed (or asked) changes nothing. Roles: admin.
#[utoipa::path(post, path = "/api/v1/peers/follow", tag = "federation", security(("bearer" = [])),
    request_body = FollowBody,
    responses(
        (status = 200, description = "The peer, `following` pending or accepted", body = PeerView),
        (status = 400, description = "`target` is not a URL or handle", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The peer is blocked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The actor cannot be found, fetched or read (the reason is given)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn follow_target(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<FollowBody>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let federation = &state.federation;
    let peer = federation
        .follow(&caller, &body.target, body.reason.as_deref())
        .await?;
    Ok((StatusCode::OK, Json(PeerView::from(peer))).into_response())
}

/// Why an action is taken (kept in the audit log).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    /// The reason.
    pub reason: Option<String>,
}

/// Acts on a peer: `follow`, `unfollow`, `approve`, `reject`, `block` or `unblock`. The
/// activity it sends (if any) is queued in the same transaction; the answer is the peer as
/// it is now. Roles: admin.
#[utoipa::path(post, path = "/api/v1/peers/{id}/{action}", tag = "federation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Peer id"),
        ("action" = Action, Path, description = "follow, unfollow, approve, reject, block or unblock")),
    request_body(content = Option<ActionBody>, content_type = "application/json"),
    responses(
        (status = 200, description = "The peer after the action", body = PeerView),
        (status = 404, description = "No such peer or action", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The action does not apply (e.g. nothing to approve, peer blocked)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn peer_action(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, action)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let action: Action = super::extract::path_choice(
        &action,
        "peer action",
        "follow, unfollow, approve, reject, block or unblock",
    )?;
    let reason = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        parse_json::<ActionBody>(&body)?.reason
    };
    let federation = &state.federation;
    let peer = federation
        .act_on_peer(&caller, &id, action, reason.as_deref())
        .await?;
    Ok((StatusCode::OK, Json(PeerView::from(peer))).into_response())
}
