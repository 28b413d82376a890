//! The admin JSON API (authenticated, role-checked): the institution's profile.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::institution::{self, InstitutionProfile};
use crate::state::AppState;

/// Admin routes, all under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_institution, put_institution))
}

/// The institution's profile. Roles: any.
#[utoipa::path(
    get,
    path = "/api/v1/institution",
    tag = "institution",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = InstitutionProfile),
    )
)]
pub async fn get_institution(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<InstitutionProfile>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(institution::load(&state.db, &state.config).await?))
}

/// Replaces the institution's profile (published at `/issuer` and in new credentials).
/// Roles: admin. Every invalid field is reported at once; nothing changes then.
#[utoipa::path(
    put,
    path = "/api/v1/institution",
    tag = "institution",
    security(("bearer" = [])),
    request_body = InstitutionProfile,
    responses(
        (status = 200, description = "The stored profile", body = InstitutionProfile),
        (status = 400, description = "Invalid profile: every field at fault", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_institution(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(profile): ApiJson<InstitutionProfile>,
) -> Result<Json<InstitutionProfile>, ApiError> {
    caller.require(&[Role::Admin])?;
    let errors = profile.validate();
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    institution::store(&state.db, &profile).await?;
    tracing::info!(by = %caller.name, "institution profile updated");
    Ok(Json(profile))
}
