//! Issuing one credential, reading issued credentials and changing their status, in the
//! admin API (`/api/v1/credentials`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, JsonBytes, parse_json};
use crate::app::AppState;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::issuance::idempotency::{self, Key, Stored};
use crate::issuance::{self, IssuedCredential, LearnerRequest, Order, matching};
use crate::revocation::{self, Action, CredentialState, ReasonRequest};
use crate::store::entity::credential;
use crate::store::{self, rfc3339};

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

/// A request to issue one credential.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssueRequest {
    /// The achievement (its current version is issued).
    pub achievement_id: String,
    /// The credential's language (`es`, `en`, `pt`); the achievement's primary language
    /// when absent.
    #[serde(default)]
    pub lang: Option<String>,
    /// The learner.
    pub learner: LearnerRequest,
}

/// Replays a stored response.
pub fn replayed(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut resp = (status, stored.body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    if let Some(v) = stored.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, v);
    }
    resp
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
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Achievement archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Idempotency-Key reused with another body", body = Problem, content_type = "application/problem+json")
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
    let learner = request.learner.normalized();
    let problems = learner.problems();
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields(
            problems
                .into_iter()
                .map(|p| crate::error::FieldError {
                    field: match p.item {
                        Some(i) => format!("/learner/{}/{i}", p.field),
                        None => format!("/learner/{}", p.field),
                    },
                    message: p.reason,
                })
                .collect(),
        ));
    }
    let lang = issuance::valid_lang(request.lang.as_deref())?;
    let prepared = issuance::prepare(&state, &request.achievement_id, None, lang).await?;
    let orders = [Order {
        learner,
        batch: None,
    }];
    let credentials = issuance::sign_orders(&state, &prepared, &orders, &caller).await?;
    let issued = credentials
        .first()
        .ok_or_else(|| ApiError::internal("nothing was signed"))?;
    let response = IssuedCredential::of(&state, issued);
    let stored = Stored {
        status: 201,
        location: Some(response.url.clone()),
        body: serde_json::to_string(&response).map_err(ApiError::internal)?,
    };
    let matches = matching::rows(orders.iter().map(|o| &o.learner), &credentials);
    let txn = store::begin_write(&state.db).await?;
    issuance::persist(
        &txn,
        &state,
        &credentials,
        &matches,
        (&caller.name, caller.role.as_str()),
    )
    .await?;
    commit_answer(&state, txn, key.as_ref(), stored).await
}

/// Records the answer under the request's `Idempotency-Key` (if any) in `txn`, commits,
/// and responds with it. When a concurrent request with the same key committed first,
/// `txn` is dropped (nothing of this request is stored) and that request's answer is
/// replayed.
pub async fn commit_answer(
    state: &AppState,
    txn: sea_orm::DatabaseTransaction,
    key: Option<&Key>,
    stored: Stored,
) -> Result<Response, ApiError> {
    if let Some(key) = key
        && let Err(e) = key.store(&txn, &stored).await
    {
        drop(txn);
        if idempotency::is_duplicate(&e)
            && let Some(first) = key.replay(&state.db).await?
        {
            return Ok(replayed(first));
        }
        return Err(e.into());
    }
    txn.commit().await?;
    let mut resp = replayed(stored);
    resp.headers_mut().remove("idempotent-replayed");
    Ok(resp)
}

/// An issued credential as the admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRecord {
    /// Its id.
    pub id: String,
    /// Its public URL.
    pub url: String,
    /// The achievement.
    pub achievement_id: String,
    /// The version it was issued under.
    pub achievement_version: i32,
    /// The learner's name.
    pub learner_name: String,
    /// `active`, `suspended`, `revoked` or `expired`.
    pub state: CredentialState,
    /// When it was issued.
    pub issued_at: String,
    /// By whom.
    pub issued_by: String,
    /// The batch, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// Its line in the batch's file (the header is line 1), if issued in a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<i32>,
    /// The learner's id at the institution (student number), if given; never in the
    /// credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When it was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    /// When it was suspended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended_at: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspension_reason: Option<String>,
}

/// The admin API's view of a stored credential.
pub fn record(state: &AppState, c: &credential::Model) -> CredentialRecord {
    CredentialRecord {
        id: c.id.clone(),
        url: state.identity.credential_url(&c.id),
        achievement_id: c.achievement_id.clone(),
        achievement_version: c.achievement_version,
        learner_name: c.learner_name.clone(),
        state: revocation::state_of(c),
        issued_at: rfc3339(c.issued_at),
        issued_by: c.issued_by.clone(),
        batch_id: c.batch_id.clone(),
        line: c.batch_line,
        external_id: c.external_id.clone(),
        revoked_at: c.revoked_at.map(rfc3339),
        revocation_reason: c.revocation_reason.clone(),
        suspended_at: c.suspended_at.map(rfc3339),
        suspension_reason: c.suspension_reason.clone(),
    }
}

async fn find(state: &AppState, id: &str) -> Result<credential::Model, ApiError> {
    credential::Entity::find_by_id(id.to_owned())
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no credential {id} on this node")))
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
    Ok(Json(record(&state, &find(&state, &id).await?)))
}

async fn change(
    state: AppState,
    caller: Caller,
    id: String,
    action: Action,
    body: ReasonRequest,
) -> Result<Json<CredentialRecord>, ApiError> {
    caller.require(&[Role::Admin, Role::Issuer])?;
    let reason = body.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::invalid(
            "/reason",
            "give a reason of 1 to 500 characters",
        ));
    }
    let c = revocation::apply(&state, &caller, &id, action, reason).await?;
    Ok(Json(record(&state, &c)))
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
