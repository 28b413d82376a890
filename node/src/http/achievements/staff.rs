//! Designers manage the catalogue under `/api/v1/achievements` (authenticated, role-checked).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Role};
use crate::catalogue::{
    AchievementDefinition, AchievementPage, AchievementResponse, ListFilter, Revision,
};
use crate::error::{ApiError, Problem};
use crate::http::extract::{self, ApiJson, ApiQuery, RawBody, media_type};
use crate::state::AppState;

/// Largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// Filters for the staff list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AchievementQuery {
    /// Words in the name.
    pub q: Option<String>,
    /// Also list archived achievements (`true`); active ones only by default.
    pub archived: Option<bool>,
    /// Page (from 1).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size (1 to 100; 20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// Achievements with their definitions, most recently changed first; with
/// `archived=true`, archived ones too. Roles: any.
#[utoipa::path(get, path = "/api/v1/achievements", tag = "catalogue", security(("bearer" = [])),
    params(AchievementQuery),
    responses((status = 200, description = "A page of achievements", body = AchievementPage),))]
pub async fn list_achievements(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AchievementQuery>,
) -> Result<Json<AchievementPage>, ApiError> {
    caller.require(&Role::ALL)?;
    let (page, per_page) = extract::paging(q.page, q.per_page, 20, 100)?;
    let filter = ListFilter {
        q: q.q,
        achievement_type: None,
        field_of_study: None,
        include_archived: q.archived.unwrap_or(false),
        page,
        per_page,
    };
    Ok(Json(state.catalogue.staff_page(&filter).await?))
}

/// Creates a microcredential definition (version 1). Roles: admin, designer. Every invalid
/// field is reported at once.
#[utoipa::path(post, path = "/api/v1/achievements", tag = "catalogue", security(("bearer" = [])),
    request_body = AchievementDefinition,
    responses(
        (status = 201, description = "Created", body = AchievementResponse),
        (status = 400, description = "Invalid definition: every field at fault", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_achievement(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(def): ApiJson<AchievementDefinition>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let body = state.catalogue.design(&caller, def).await?;
    let mut resp = (StatusCode::CREATED, Json(&body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&body.url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// An achievement (current version) with its definition. Roles: any.
#[utoipa::path(get, path = "/api/v1/achievements/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    responses(
        (status = 200, description = "The achievement", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(state.catalogue.achievement(&id).await?))
}

/// Replaces the definition: makes a new version (credentials already issued keep theirs).
/// Roles: admin, designer.
#[utoipa::path(put, path = "/api/v1/achievements/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    request_body = AchievementDefinition,
    responses(
        (status = 200, description = "The new version", body = AchievementResponse),
        (status = 400, description = "Invalid definition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn update_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(def): ApiJson<AchievementDefinition>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let revision = Revision::Definition(Box::new(def));
    Ok(Json(state.catalogue.revise(&caller, &id, revision).await?))
}

/// An optional reason for archiving or restoring.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionalReason {
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The reason in an optional JSON body.
fn optional_reason(body: &[u8]) -> Result<Option<String>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(extract::parse_json::<OptionalReason>(body)?.reason)
}

async fn set_archived(
    state: AppState,
    caller: Caller,
    id: String,
    archived: bool,
    reason: Option<String>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let catalogue = &state.catalogue;
    let r = catalogue.set_archived(&caller, &id, archived, reason.as_deref());
    Ok(Json(r.await?))
}

/// Archives an achievement: it stays published (issued credentials keep pointing at it) but
/// nothing more is issued. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/achievements/{id}/archive", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")), request_body = OptionalReason,
    responses((status = 200, description = "Archived", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")))]
pub async fn archive_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    set_archived(state, caller, id, true, optional_reason(&body)?).await
}

/// Restores an archived achievement. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/achievements/{id}/restore", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")), request_body = OptionalReason,
    responses((status = 200, description = "Restored", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")))]
pub async fn restore_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    set_archived(state, caller, id, false, optional_reason(&body)?).await
}

/// Sets the achievement's image (a new version): the body is the image itself, PNG
/// (`image/png`) or SVG (`image/svg+xml`, without scripts), at most 1 MiB. Roles: admin,
/// designer.
#[utoipa::path(put, path = "/api/v1/achievements/{id}/image", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses(
        (status = 200, description = "The new version", body = AchievementResponse),
        (status = 400, description = "Not a PNG or SVG image", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not image/png or image/svg+xml", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn put_image(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let declared = media_type(&headers).unwrap_or_default();
    if !matches!(declared.as_str(), "image/png" | "image/svg+xml") {
        return Err(ApiError::UnsupportedMediaType(
            "send the image as image/png or image/svg+xml".into(),
        ));
    }
    if body.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "the image is {} bytes; at most {MAX_IMAGE_BYTES}",
            body.len()
        )));
    }
    let content_type = check_image(&body, &declared)?;
    let revision = Revision::Image(content_type, body.to_vec());
    Ok(Json(state.catalogue.revise(&caller, &id, revision).await?))
}

/// Checks that `bytes` are the image `declared` says; returns the content type to store.
fn check_image(bytes: &[u8], declared: &str) -> Result<String, ApiError> {
    use mochila_protocol::baking::inspect_image;
    let info = inspect_image(bytes)
        .map_err(|e| ApiError::invalid("body", format!("not an acceptable image: {e}")))?;
    let actual = info.kind.media_type();
    if actual != declared {
        return Err(ApiError::invalid(
            "Content-Type",
            format!("the body is {actual}, not {declared}"),
        ));
    }
    Ok(actual.to_owned())
}
