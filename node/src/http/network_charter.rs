//! The network's charter and proposals: the coordinator's admins read and propose
//! charters and list proposals; anyone reads a proposal (members read what they endorse);
//! a member's node sends its endorsement as a signed request; a member's admin endorses
//! from its own node.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::network::charter::CharterView;
use crate::network::proposals::{Outcome, ProposalView};
use crate::state::AppState;

/// Largest endorsement body.
const MAX_ENDORSEMENT_BYTES: usize = 16 * 1024;

/// Charter and proposal routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(charter, propose_charter))
        .routes(routes!(list_proposals))
        .routes(routes!(open_proposals))
        .routes(routes!(proposal))
        .routes(routes!(receive_endorsement))
        .routes(routes!(endorse))
}

/// 200 with what was enacted, or 202 with the proposal awaiting endorsements.
pub fn outcome<T: Serialize>(outcome: Outcome<T>) -> Response {
    match outcome {
        Outcome::Now(done) => (StatusCode::OK, Json(done)).into_response(),
        Outcome::Proposed(p) => (StatusCode::ACCEPTED, Json(p)).into_response(),
    }
}

/// The charter of the network this node coordinates: what each decision needs besides the
/// coordinator. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/network/charter", tag = "network", security(("bearer" = [])),
    responses(
        (status = 200, description = "The charter in force", body = CharterView),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn charter(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<CharterView>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    Ok(Json(state.network.charter().await?))
}

/// A new charter, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CharterBody {
    /// `admit`, `remove`, `suspend`, `confirm`, `reinstate`, `charter`: each `none`,
    /// `majority`, `two-thirds` or `all` (of the other active members);
    /// `suspensionLapseSecs`: 3600 to 31536000.
    #[schema(value_type = Object)]
    pub rules: Value,
    /// 1 to 500 characters.
    pub reason: String,
}

/// Proposes a new charter: adopted at once (200) when the charter in force needs no
/// member's endorsement for it, otherwise proposed to the members (202). Roles: admin.
#[utoipa::path(put, path = "/api/v1/network/charter", tag = "network", security(("bearer" = [])),
    request_body = CharterBody,
    responses(
        (status = 200, description = "Adopted", body = CharterView),
        (status = 202, description = "Proposed: endorsements awaited", body = ProposalView),
        (status = 400, description = "Bad rules or no reason (the member is named)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn propose_charter(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CharterBody>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let done = state
        .network
        .propose_charter(&caller, &body.rules, &body.reason);
    Ok(outcome(done.await?))
}

/// Every proposal of the network this node coordinates, newest first. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/network/proposals", tag = "network", security(("bearer" = [])),
    responses(
        (status = 200, description = "The proposals", body = Vec<ProposalView>),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn list_proposals(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ProposalView>>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    Ok(Json(state.network.proposals(false).await?))
}

/// The open proposals of the network this node coordinates (public: the members read
/// what they are asked to endorse).
#[utoipa::path(get, path = "/federation/proposals", tag = "network",
    responses(
        (status = 200, description = "Open proposals", body = Vec<ProposalView>),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn open_proposals(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProposalView>>, ApiError> {
    Ok(Json(state.network.proposals(true).await?))
}

/// One proposal: its terms (what an endorser signs), who endorsed it, what it needs.
#[utoipa::path(get, path = "/federation/proposals/{id}", tag = "network",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal", body = ProposalView),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    Ok(Json(state.network.proposal(&id).await?))
}

/// A member's node endorses proposal `{id}`: the body `{"signer", "jws"}`, the request
/// signed (HTTP signature) by an actor under `signer`, the JWS by one of the member's
/// listed keys over the proposal's terms. The proposal is enacted once the charter's
/// threshold is met.
#[utoipa::path(post, path = "/federation/proposals/{id}/endorsements", tag = "network",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = Object,
    responses(
        (status = 200, description = "Counted: the proposal after it", body = ProposalView),
        (status = 400, description = "Bad body, or a JWS that does not verify (the member is named)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed, or the signature does not verify", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not another active member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Endorsed already, or the proposal is closed", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn receive_endorsement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<ProposalView>, ApiError> {
    let incoming = super::inbox::read_signed(request, MAX_ENDORSEMENT_BYTES).await?;
    Ok(Json(
        state.network.receive_endorsement(&id, incoming).await?,
    ))
}

/// Which proposal to endorse.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndorseBody {
    /// The proposal's URL at the coordinator.
    pub proposal: String,
}

/// Endorses, as this institution, a proposal of a network this node belongs to: its terms
/// are read from the coordinator, signed with the institution's key and sent as a signed
/// request; the coordinator's answer is returned. Roles: admin.
#[utoipa::path(post, path = "/api/v1/networks/endorsements", tag = "network", security(("bearer" = [])),
    request_body = EndorseBody,
    responses(
        (status = 200, description = "Endorsed: the proposal as the coordinator has it now", body = Object),
        (status = 400, description = "`proposal` is not one of this node's networks'", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The coordinator refused it (the reason is given)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn endorse(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<EndorseBody>,
) -> Result<Json<Value>, ApiError> {
    caller.require(&[Role::Admin])?;
    Ok(Json(state.network.endorse(&caller, &body.proposal).await?))
}
