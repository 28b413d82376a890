//! Issuing one credential, reading issued credentials and changing their status, in the
//! admin API (`/api/v1/credentials`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, JsonBytes, parse_json};
use super::idempotency::{Key, Stored, commit_answer, replayed};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::issuance::records::CredentialRecord;
use crate::issuance::revocation::{Action, ReasonRequest};
use crate::issuance::{IssueRequest, IssuedCredential};
use crate::state::AppState;

/// Credential routes of the admin API.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            issue_credential,
            super::credential_list::list_credentials
        ))
        .routes(routes!(get_credential))
        .routes(routes!(revoke))
        .routes(routes!(suspend))
        .routes(routes!(unsuspend))
}

/// Issues one credential: validated, signed with `eddsa-rdfc-2022` by the active key, with
/// revocation and suspension status entries at random indexes. With an `Idempotency-Key`
/// header a retry returns the first response and issues nothing more. Roles: admin, issuer.
#[utoipa::path(post, path = "/api/v1/credentials", tag = "credentials", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first response")),
    request_body = IssueRequest,
    responses(
        (status = 201, description = "Issued", body = IssuedCredential),
        (status = 400, description = "Invalid request: every field at fault", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Achievement archived", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn issue_credential(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin, Role::Issuer])?;
    let key = Key::from_request(&headers, &caller, (&method, &uri), &body)?;
    if let Some(key) = &key
        && let Some(stored) = key.replay(&state.db).await?
    {
        return Ok(replayed(stored));
    }
    let request: IssueRequest = parse_json(&body)?;
    let issued = state.issuer.issue_one(&caller, request).await?;
    let stored = Stored::json(201, Some(issued.value().url.clone()), issued.value())?;
    commit_answer(&state.db, issued, key.as_ref(), stored).await
}

/// One issued credential's record. Roles: any.
#[utoipa::path(get, path = "/api/v1/credentials/{id}", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Credential id")),
    responses((status = 200, description = "The credential's record", body = CredentialRecord),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json")))]
pub async fn get_credential(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CredentialRecord>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(state.issuer.credential(&id).await?))
}

async fn change(
    state: AppState,
    caller: Caller,
    id: String,
    action: Action,
    body: ReasonRequest,
) -> Result<Json<CredentialRecord>, ApiError> {
    caller.require(&[Role::Admin, Role::Issuer])?;
    Ok(Json(
        state
            .issuer
            .change_status(&caller, &id, action, &body)
            .await?,
    ))
}

/// Revokes a credential, for good: its bit is set in the revocation list, which is
/// re-signed on its next fetch. Roles: admin, issuer.
#[utoipa::path(post, path = "/api/v1/credentials/{id}/revoke", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Credential id")), request_body = ReasonRequest,
    responses((status = 200, description = "Revoked", body = CredentialRecord),
        (status = 400, description = "No reason", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = Problem, content_type = "application/problem+json")))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonRequest>,
) -> Result<Json<CredentialRecord>, ApiError> {
    change(state, caller, id, Action::Revoke, body).await
}

/// Suspends a credential until it is unsuspended. Roles: admin, issuer.
#[utoipa::path(post, path = "/api/v1/credentials/{id}/suspend", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Credential id")), request_body = ReasonRequest,
    responses((status = 200, description = "Suspended", body = CredentialRecord),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Revoked or already suspended", body = Problem, content_type = "application/problem+json")))]
pub async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonRequest>,
) -> Result<Json<CredentialRecord>, ApiError> {
    change(state, caller, id, Action::Suspend, body).await
}

/// Lifts a suspension. Roles: admin, issuer.
#[utoipa::path(post, path = "/api/v1/credentials/{id}/unsuspend", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Credential id")), request_body = ReasonRequest,
    responses((status = 200, description = "Active again", body = CredentialRecord),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended, or revoked", body = Problem, content_type = "application/problem+json")))]
pub async fn unsuspend(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonRequest>,
) -> Result<Json<CredentialRecord>, ApiError> {
    change(state, caller, id, Action::Unsuspend, body).await
}
