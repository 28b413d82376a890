//! The coordinator's membership API: applications from institutions' nodes (signed
//! requests), and the admins' list and decisions.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::network::MembershipView;
use crate::network::members::{Application, Decision, MemberView};
use crate::network::proposals::ProposalView;
use crate::state::AppState;

/// Largest application body.
const MAX_APPLICATION_BYTES: usize = 16 * 1024;

/// Membership routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apply))
        .routes(routes!(list_members))
        .routes(routes!(decide))
        .routes(routes!(join))
        .routes(routes!(memberships))
}

/// The networks this node applied to, each with what its coordinator says now (asked
/// live: `member` with the statement's expiry, `not-member`, or `unknown` with why).
/// Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/networks", tag = "network", security(("bearer" = [])),
    responses((status = 200, description = "The networks applied to", body = Vec<MembershipView>)))]
pub async fn memberships(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<MembershipView>>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    Ok(Json(state.network.memberships().await?))
}

/// Which network to join.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    /// The coordinator's entity id (its base URL).
    pub coordinator: String,
}

/// Applies to the network coordinated by `coordinator`: its entity configuration is
/// checked, then this node sends it a signed application and returns the coordinator's
/// record of it (`applied` until its admins decide). Roles: admin.
#[utoipa::path(post, path = "/api/v1/networks/join", tag = "network", security(("bearer" = [])),
    request_body = JoinBody,
    responses(
        (status = 202, description = "Applied: the coordinator's record", body = Object),
        (status = 400, description = "`coordinator` is not a base URL", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a coordinator, untrusted statement, or the application was refused (the reason is given)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn join(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<JoinBody>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let record = state.network.join(&caller, &body.coordinator).await?;
    Ok((StatusCode::ACCEPTED, Json(record)).into_response())
}

/// An institution's node applies to the network this node coordinates. The request must be
/// signed (HTTP signature, RFC 9421 or draft-cavage-12) by an actor under the applicant's
/// entity id; the coordinator then fetches and checks the applicant's entity configuration
/// and records the application (`applied`) until an admin decides.
#[utoipa::path(post, path = "/api/v1/network/applications", tag = "network",
    request_body = Application,
    responses(
        (status = 202, description = "Application recorded", body = MemberView),
        (status = 400, description = "`entity` missing or not the signer's origin", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed, or the signature does not verify", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The applicant's entity configuration cannot be had or trusted", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn apply(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let incoming = super::inbox::read_signed(request, MAX_APPLICATION_BYTES).await?;
    let member = state.network.receive_application(incoming).await?;
    Ok((StatusCode::ACCEPTED, Json(member)).into_response())
}

/// Every member and applicant of the network this node coordinates, most recently changed
/// first. Roles: admin, viewer.
#[utoipa::path(get, path = "/api/v1/network/members", tag = "network", security(("bearer" = [])),
    responses(
        (status = 200, description = "Members and applicants", body = Vec<MemberView>),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<MemberView>>, ApiError> {
    caller.require(&[Role::Admin, Role::Viewer])?;
    Ok(Json(state.network.members().await?))
}

/// Why a decision is taken (kept in the audit log and the decision log).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// 1 to 500 characters.
    pub reason: String,
}

/// Decides about a member or applicant (`{id}` is its entity id, percent-encoded):
/// `approve` or `reject` an application, `suspend` a member, `confirm` its suspension,
/// `reinstate` it, `remove` one. Enacted at once (200) when the network's charter needs no
/// member's endorsement; otherwise proposed to the members (202, the proposal to endorse).
/// A suspended or removed member is refused statements at once. Roles: admin.
#[utoipa::path(post, path = "/api/v1/network/members/{id}/{action}", tag = "network", security(("bearer" = [])),
    params(("id" = String, Path, description = "The member's entity id, percent-encoded"),
        ("action" = Decision, Path, description = "approve, reject, suspend, confirm, reinstate or remove")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "Enacted: the member after the decision", body = MemberView),
        (status = 202, description = "Proposed: the members' endorsements the charter needs are awaited", body = ProposalView),
        (status = 400, description = "No reason", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member or action", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The decision does not apply in the member's state", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, action)): Path<(String, String)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let decision: Decision = super::extract::path_choice(
        &action,
        "decision",
        "approve, reject, suspend, confirm, reinstate or remove",
    )?;
    let outcome = state.network.decide(&caller, &id, decision, &body.reason);
    Ok(super::network_charter::outcome(outcome.await?))
}
