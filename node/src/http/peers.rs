//! The peers admin API: list peers and their state, follow and unfollow, approve or reject
//! follow requests, block and unblock.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, RawBody, parse_json};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::federation::delivery::{self, DeliverySummary};
use crate::federation::peers::{self, Action};
use crate::federation::{KnownScheme, Relation};
use crate::http::problems::{BadQuery, StaffOnly};
use crate::state::AppState;
use crate::store::entity::peer;
use crate::store::rfc3339;

/// Peer routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_peers))
        .routes(routes!(follow_target))
        .routes(routes!(get_peer))
        .routes(routes!(peer_action))
}

/// A peer as the admin API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeerView {
    /// Peer id.
    pub id: String,
    /// The actor's IRI.
    pub actor: String,
    /// `preferredUsername@host`, when known.
    pub handle: Option<String>,
    /// The actor's name.
    pub name: Option<String>,
    /// Its inbox.
    pub inbox: String,
    /// Whether this node follows it.
    pub following: Relation,
    /// Whether it follows this node (`pending`: waiting for an admin).
    pub follower: Relation,
    /// When it was blocked, if it is.
    pub blocked_at: Option<String>,
    /// The HTTP signature it accepts, as learnt.
    pub signature_scheme: KnownScheme,
    /// The last verified request from it.
    pub last_heard_at: Option<String>,
    /// When it was first met.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Deliveries to it: queued, in flight, failed, next attempt, last error, circuit.
    pub delivery: Option<DeliverySummary>,
}

impl From<peer::Model> for PeerView {
    fn from(p: peer::Model) -> Self {
        Self {
            delivery: None,
            following: Relation::parse(&p.following).unwrap_or(Relation::None),
            follower: Relation::parse(&p.follower).unwrap_or(Relation::None),
            signature_scheme: KnownScheme::parse(&p.signature_scheme)
                .unwrap_or(KnownScheme::Unknown),
            blocked_at: p.blocked_at.map(rfc3339),
            last_heard_at: p.last_heard_at.map(rfc3339),
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            id: p.id,
            actor: p.actor_id,
            handle: p.handle,
            name: p.name,
            inbox: p.inbox,
        }
    }
}

/// A page of peers.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeerPage {
    /// The peers on this page.
    pub items: Vec<PeerView>,
    /// Peers in all.
    pub total: u64,
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
    responses(StaffOnly, BadQuery,
        (status = 200, description = "Peers", body = PeerPage),
    ))]
pub async fn list_peers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PeerQuery>,
) -> Result<Json<PeerPage>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 50, 500)?;
    let (rows, total) = peers::list(&state.db, page, per_page).await?;
    Ok(Json(PeerPage {
        items: with_deliveries(&state, rows).await?,
        total,
    }))
}

/// One peer. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/peers/{id}", tag = "federation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Peer id")),
    responses(StaffOnly,
        (status = 200, description = "The peer", body = PeerView),
        (status = 404, description = "No such peer", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_peer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PeerView>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    let peer = peers::get(&state.db, &id).await?;
    let mut views = with_deliveries(&state, vec![peer]).await?;
    views
        .pop()
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no peer {id} on this node")))
}

/// `rows` as shown, each with its delivery summary.
async fn with_deliveries(
    state: &AppState,
    rows: Vec<peer::Model>,
) -> Result<Vec<PeerView>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
    let mut summaries = delivery::summaries(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let summary = summaries.remove(&p.id);
            PeerView {
                delivery: summary,
                ..PeerView::from(p)
            }
        })
        .collect())
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
    responses(StaffOnly,
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
    responses(StaffOnly,
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
    let action: Action = serde_json::from_value(serde_json::Value::String(action.clone()))
        .map_err(|_| {
            ApiError::NotFound(format!(
                "no peer action {action:?}: use follow, unfollow, approve, reject, block or unblock"
            ))
        })?;
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
