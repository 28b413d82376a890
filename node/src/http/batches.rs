//! Cohort issuance over HTTP: `POST /api/v1/issuance-batches` (CSV or JSON) and its
//! progress at `GET /api/v1/issuance-batches/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiQuery, RawBody, is_json, media_type, parse_json};
use super::idempotency::{Key, Stored, commit_answer, replayed};
use crate::auth::{Caller, Role};
use crate::catalogue::Lang;
use crate::error::{ApiError, Problem};
use crate::issuance::batch::{BatchStatus, Cohort};
use crate::issuance::cohort_file::{self, BatchRequest, FileError, Parsed};
use crate::issuance::{IssueError, Mapping};
use crate::state::AppState;

/// Largest batch body, in bytes (50,000 rows of a few hundred bytes).
pub const MAX_BATCH_BYTES: usize = 20 * 1024 * 1024;

/// Batch routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_batch))
        .routes(routes!(get_batch))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BATCH_BYTES))
}

/// Parameters of a CSV batch (a JSON batch carries them in its body).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// The achievement (CSV bodies).
    pub achievement_id: Option<String>,
    /// The language of the credentials (CSV bodies).
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
    /// The file's own column mapping (CSV bodies): `Header=field` pairs separated by `,`,
    /// e.g. `Nombre completo=name,Rol=externalId,Observaciones=ignore`. Fields: name,
    /// familyName, email, did, externalId, result, activityStartDate, activityEndDate,
    /// evidenceUrl, ignore.
    pub columns: Option<String>,
    /// What to do with a row whose learner is on an earlier row or already holds an active
    /// credential for the achievement: `skip` it (default; a warning says so) or `issue` it
    /// anyway (with a warning).
    #[param(inline)]
    pub duplicates: Option<Duplicates>,
}

/// See `BatchQuery::duplicates`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Duplicates {
    /// Hold the row back.
    #[default]
    Skip,
    /// Issue it.
    Issue,
}

fn file_problem(e: FileError) -> ApiError {
    ApiError::invalid(e.field, e.message)
}

/// Issues a credential to every valid row of a cohort. The body is CSV (`text/csv`, a
/// header line with the columns `name`, `email`, `did`, `result`, `activityStartDate`,
/// `activityEndDate`, `evidenceUrl`; `achievementId` and `lang` as query parameters) or
/// JSON (`BatchRequest`). Every row is validated first: bad rows are listed with line,
/// column and reason in `rejected` and not issued; valid rows are issued in the
/// background (poll the `Location`). A file that cannot be read at all, or with no valid
/// row, is refused with nothing stored. `Idempotency-Key` makes retries safe. Roles:
/// admin, issuer.
#[utoipa::path(post, path = "/api/v1/issuance-batches", tag = "credentials", security(("bearer" = [])),
    params(BatchQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(description = "JSON (`BatchRequest`), or CSV as text/csv: a header line, then one learner per line",
        content((BatchRequest = "application/json"), (String = "text/csv"))),
    responses(
        (status = 202, description = "Accepted: valid rows are being issued", body = BatchStatus),
        (status = 400, description = "Unreadable file, unknown column, unknown achievement or no valid row", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Achievement archived", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither CSV nor JSON", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_batch(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<BatchQuery>,
    RawBody(body): RawBody,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin, Role::Issuer])?;
    let key = Key::from_request(&headers, &caller, (&method, &uri), &body)?;
    if let Some(key) = &key
        && let Some(stored) = key.replay(&state.db).await?
    {
        return Ok(replayed(current(&state, stored).await?));
    }
    let issue_duplicates = q.duplicates.unwrap_or_default() == Duplicates::Issue;
    let (achievement_id, lang, parsed) = parse_body(&headers, q, &body)?;
    let cohort = Cohort {
        achievement_id,
        lang,
        parsed,
        issue_duplicates,
    };
    let accepted = state.issuer.accept_cohort(&caller, cohort).await?;
    let status = accepted.value().clone();
    let stored = Stored::json(202, Some(status.url.clone()), &status)?;
    let response = commit_answer(&state.db, accepted, key.as_ref(), stored).await?;
    tracing::info!(batch = %status.id, rows = status.total, rejected = status.rejected.len(), by = %caller.name, "batch accepted");
    Ok(response)
}

/// A replayed batch answer with the batch's progress now, not as it was when accepted.
async fn current(state: &AppState, mut stored: Stored) -> Result<Stored, ApiError> {
    let id = serde_json::from_str::<serde_json::Value>(&stored.body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_owned));
    if let Some(id) = id {
        match state.issuer.batch(&id).await {
            Ok(batch) => {
                stored.body = serde_json::to_string(&batch).map_err(ApiError::internal)?;
            }
            Err(IssueError::UnknownBatch(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(stored)
}

fn parse_body(
    headers: &HeaderMap,
    q: BatchQuery,
    body: &[u8],
) -> Result<(String, Option<Lang>, Parsed), ApiError> {
    if body.len() > MAX_BATCH_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "a batch is at most {MAX_BATCH_BYTES} bytes"
        )));
    }
    if is_json(headers) {
        if q.achievement_id.is_some() || q.lang.is_some() || q.columns.is_some() {
            return Err(ApiError::invalid(
                "?achievementId",
                "a JSON batch names achievementId and lang in its body (and has no columns)",
            ));
        }
        let request: BatchRequest = parse_json(body)?;
        let parsed = cohort_file::parse_json(request.learners).map_err(file_problem)?;
        return Ok((request.achievement_id, request.lang, parsed));
    }
    match media_type(headers).as_deref() {
        Some("text/csv") | Some("application/csv") => {
            let achievement_id = q.achievement_id.ok_or_else(|| {
                ApiError::invalid(
                    "?achievementId",
                    "a CSV batch needs the achievementId query parameter",
                )
            })?;
            let mapping = Mapping::parse(q.columns.as_deref().unwrap_or_default())
                .map_err(|e| ApiError::invalid("?columns", e))?;
            let parsed = cohort_file::parse_csv(body, &mapping).map_err(file_problem)?;
            Ok((achievement_id, q.lang, parsed))
        }
        _ => Err(ApiError::UnsupportedMediaType(
            "send the cohort as text/csv or application/json".into(),
        )),
    }
}

/// A batch's progress. Roles: any.
#[utoipa::path(get, path = "/api/v1/issuance-batches/{id}", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Batch id")),
    responses((status = 200, description = "Progress", body = BatchStatus),
        (status = 404, description = "No such batch", body = Problem, content_type = "application/problem+json")))]
pub async fn get_batch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<BatchStatus>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(state.issuer.batch(&id).await?))
}
