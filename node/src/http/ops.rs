//! Operations endpoints: health and Prometheus metrics.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{DatabaseConnection, DbBackend};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Operations routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(metrics))
}

/// The node's health.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `ok`, or what is wrong with the database.
    pub database: String,
    /// The node's version.
    pub version: &'static str,
}

/// Health check: 200 when the database answers, 503 otherwise.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    responses(
        (status = 200, description = "Healthy", body = Health),
        (status = 503, description = "The database does not answer", body = Health)
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let (code, status, database) = match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok", "ok".to_owned()),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "unavailable".to_owned(),
            )
        }
    };
    let body = Health {
        status,
        database,
        version: env!("CARGO_PKG_VERSION"),
    };
    (code, Json(body)).into_response()
}

/// Prometheus metrics (text exposition format): requests by route and status, latency
/// histogram, database pool.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Metrics", content_type = "text/plain", body = String),
        (status = 500, description = "Encoding failure", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    record_pool(&state);
    let text = state.metrics.render().map_err(ApiError::internal)?;
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}

fn record_pool(state: &AppState) {
    let (size, idle) = pool_sizes(&state.db);
    state.metrics.db_connections.set(size);
    state.metrics.db_idle.set(idle);
}

fn pool_sizes(db: &DatabaseConnection) -> (i64, i64) {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                i64::from(pool.size()),
                i64::try_from(pool.num_idle()).unwrap_or(0),
            )
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                i64::from(pool.size()),
                i64::try_from(pool.num_idle()).unwrap_or(0),
            )
        }
        _ => (0, 0),
    }
}
