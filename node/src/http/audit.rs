//! The audit log export (`GET /api/v1/audit`), as JSON or CSV.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use crate::audit::{self, AuditEvent, Query};
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::state::AppState;

/// Audit routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_audit))
}

/// Which events to export.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// `json` (default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    pub format: Option<String>,
    /// Only events with a sequence number greater than this (to page or follow).
    pub after: Option<i64>,
    /// Only this action, or a family (`credential` = `credential.issue`,
    /// `credential.revoke`, ...).
    pub action: Option<String>,
    /// At most this many events (1 to 100000; 1000 by default).
    #[param(minimum = 1, maximum = 100000)]
    pub limit: Option<u64>,
}

/// The audit log: every issuance, revocation, suspension, batch and definition change with
/// who, when, what and why, in order. Roles: admin.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses(
        (status = 200, description = "Events (JSON array, or CSV with format=csv)",
            content((Vec<AuditEvent> = "application/json"), (String = "text/csv"))),
    ))]
pub async fn export_audit(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin])?;
    let limit = q.limit.unwrap_or(1000);
    if !(1..=100_000).contains(&limit) {
        return Err(ApiError::invalid("?limit", "must be between 1 and 100000"));
    }
    let events = audit::list(
        &state.db,
        &Query {
            after: q.after,
            action: q.action,
            limit,
        },
    )
    .await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(events).into_response()),
        "csv" => Ok(super::credential_list::csv_download(
            audit::to_csv(&events),
            "audit.csv",
        )),
        _ => Err(ApiError::invalid("?format", "must be json or csv")),
    }
}
