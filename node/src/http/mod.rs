//! The HTTP application: routers for public documents, operations and the admin API, all
//! registered through utoipa so that the OpenAPI document cannot drift from the routes,
//! and the layers every request passes (request id, tracing, metrics, body limit, timeout).

pub mod achievements;
pub mod activitypub;
pub mod audit;
pub mod batches;
pub mod caller;
pub mod credential_list;
pub mod credentials;
pub mod deliveries;
pub mod errors;
pub mod exchanges;
pub mod extract;
pub mod frameworks;
pub mod idempotency;
pub mod inbox;
pub mod institution;
pub mod learner;
pub mod learner_page;
pub mod middleware;
pub mod network;
pub mod network_charter;
pub mod network_members;
pub mod network_page;
pub mod openapi;
pub mod ops;
pub mod pages;
pub mod peers;
pub mod public;
pub mod public_document;
pub mod status_lists;
pub mod verify;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::state::AppState;

/// The request id header, set when the client sends none and echoed in the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The OpenAPI router with every route, before state is attached.
pub fn api_router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base_document())
        .merge(public::router(state))
        .merge(ops::router())
        .merge(pages::router())
        .merge(institution::router())
        .merge(achievements::router())
        .merge(credentials::router())
        .merge(exchanges::router())
        .merge(batches::router())
        .merge(status_lists::router())
        .merge(learner::router())
        .merge(audit::router())
        .merge(verify::router())
        .merge(activitypub::router())
        .merge(peers::router())
        .merge(inbox::router())
        .merge(deliveries::router())
        .merge(network::router())
        .merge(network_members::router())
        .merge(network_charter::router())
        .merge(frameworks::router())
}

/// The complete application.
pub fn router(state: AppState) -> Router {
    let (routes, api) = api_router(&state).split_for_parts();
    let api = openapi::complete(api);
    let limits = &state.config.http;
    Router::new()
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", api))
        .merge(routes)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::observe,
        ))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

async fn not_found(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    error_page(&state, &uri, &headers, StatusCode::NOT_FOUND).unwrap_or_else(|| {
        ApiError::NotFound("no such resource on this node".to_owned()).into_response()
    })
}

async fn method_not_allowed(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    error_page(&state, &uri, &headers, StatusCode::METHOD_NOT_ALLOWED).unwrap_or_else(|| {
        ApiError::MethodNotAllowed("this resource does not support that method".to_owned())
            .into_response()
    })
}

/// An HTML error page for a browser (one that prefers `text/html`); `None` for API
/// clients, who get a problem document.
fn error_page(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    status: StatusCode,
) -> Option<Response> {
    if extract::json_media_type(headers).is_some() {
        return None;
    }
    let pages::PageLocale(locale) = pages::PageLocale::of(uri, headers);
    let html = state.pages.error(&locale, status.as_u16()).ok()?;
    Some((status, axum::response::Html(html)).into_response())
}
