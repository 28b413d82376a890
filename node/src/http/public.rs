//! Public documents: the institution's DID document and its Open Badges `Profile`.

use crate::http::public_document::Public;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::institution;
use crate::state::AppState;

/// Public routes. A base URL with a path also serves the DID document at `<path>/did.json`.
pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::new()
        .routes(routes!(did_document))
        .routes(routes!(issuer_profile));
    let path = &state.identity.did_document_path;
    if path != "/.well-known/did.json" {
        router = router.route(path, get(did_document));
    }
    router
}

fn json_ld(value: Value, content_type: &'static str) -> Response {
    Public::new()
        .content_type(content_type)
        .max_age(300)
        .apply(Json(value).into_response())
}

/// The institution's `did:web` DID document: every Ed25519 key as a Multikey under
/// `verificationMethod` and `assertionMethod`, the active key first, retired keys kept.
/// When the base URL has a path, the same document is also served at `<path>/did.json`.
#[utoipa::path(
    get,
    path = "/.well-known/did.json",
    tag = "identity",
    responses((status = 200, description = "DID document", content_type = "application/did+json", body = Object))
)]
pub async fn did_document(State(state): State<AppState>) -> Response {
    let mut doc = state.identity.did_document(&state.keys);
    match state.network.membership_links().await {
        Ok(links) => {
            for (n, (_, url)) in links.into_iter().enumerate() {
                doc.service.push(mochila_protocol::did::Service {
                    id: format!("{}#network-membership-{}", doc.id, n + 1),
                    type_: "NetworkMembershipCredential".into(),
                    service_endpoint: url.into(),
                    extra: Default::default(),
                });
            }
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    match serde_json::to_value(doc) {
        Ok(doc) => json_ld(doc, "application/did+json"),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// The institution's Open Badges 3.0 `Profile` (JSON-LD), identified by its DID; credentials
/// name it as their issuer and the DID document links to it.
#[utoipa::path(
    get,
    path = "/issuer",
    tag = "identity",
    responses(
        (status = 200, description = "Open Badges 3.0 Profile", content_type = "application/ld+json", body = Object),
        (status = 500, description = "Database failure", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn issuer_profile(State(state): State<AppState>) -> Result<Response, ApiError> {
    let profile = institution::load(&state.db, &state.config).await?;
    Ok(json_ld(
        profile.to_ob_profile(&state.identity.did),
        "application/ld+json",
    ))
}
