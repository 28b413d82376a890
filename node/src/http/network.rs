//! The node's OpenID Federation entity configuration at
//! `/.well-known/openid-federation`.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::http::public_document::Public;
use crate::network::ENTITY_STATEMENT_TYPE;
use crate::state::AppState;

/// Network routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(entity_configuration))
}

/// The node's entity configuration (OpenID Federation 1.0): a JWT
/// (`application/entity-statement+jwt`) signed with the institution's active Ed25519 key
/// (`EdDSA`; `kid` is the key's RFC 7638 thumbprint), `iss` = `sub` = the node's base URL,
/// its Ed25519 keys in `jwks`, the institution in `metadata.federation_entity`, valid for a
/// day.
#[utoipa::path(get, path = "/.well-known/openid-federation", tag = "network",
    responses(
        (status = 200, description = "The entity configuration", content_type = "application/entity-statement+jwt", body = String),
        (status = 500, description = "No active key, or the database failed", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn entity_configuration(State(state): State<AppState>) -> Result<Response, ApiError> {
    let jwt = state.network.entity_configuration().await?;
    let mut resp = Public::new().max_age(300).apply(jwt.into_response());
    let media = format!("application/{ENTITY_STATEMENT_TYPE}");
    if let Ok(v) = HeaderValue::from_str(&media) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    Ok(resp)
}
