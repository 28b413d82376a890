//! Public HTML pages rendered by `mochila-admin-ui`: the node's home page and its
//! stylesheet. Pages are in Spanish, English or Portuguese (`?lang=` or `Accept-Language`).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use mochila_admin_ui::{HomeView, Lang, STYLESHEET, VERIFY_SCRIPT};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{ApiError, Problem};
use crate::institution;

/// Page routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(home))
        .routes(routes!(stylesheet))
        .routes(routes!(verify_script))
}

/// The page language.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LangQuery {
    /// `es`, `en` or `pt`; otherwise taken from `Accept-Language`.
    lang: Option<String>,
}

/// Picks the page language from the query and the request headers.
pub fn page_lang(query: &LangQuery, headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(query.lang.as_deref(), accept)
}

/// The node's home page: the institution, its DID and where to go next.
#[utoipa::path(
    get,
    path = "/",
    tag = "pages",
    params(LangQuery),
    responses(
        (status = 200, description = "HTML page", content_type = "text/html", body = String),
        (status = 500, description = "Failure", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn home(
    State(state): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, ApiError> {
    let profile = institution::load_or_seed(&state.db, &state.config).await?;
    let view = HomeView {
        name: profile.legal_name,
        description: profile.description,
        country: profile.country,
        email: profile.email,
        languages: profile.languages,
        did: state.identity.did.clone(),
        did_document_path: state.identity.did_document_path.clone(),
    };
    let html = state
        .pages
        .home(page_lang(&query, &headers), &view)
        .map_err(ApiError::internal)?;
    Ok(Html(html))
}

/// The pages' stylesheet.
#[utoipa::path(
    get,
    path = "/static/mochila.css",
    tag = "pages",
    responses((status = 200, description = "CSS", content_type = "text/css", body = String))
)]
pub async fn stylesheet() -> Response {
    static_asset(STYLESHEET, "text/css; charset=utf-8")
}

/// The verify page's small script (progressive enhancement: the page works without it).
#[utoipa::path(
    get,
    path = "/static/verify.js",
    tag = "pages",
    responses((status = 200, description = "JavaScript", content_type = "text/javascript", body = String))
)]
pub async fn verify_script() -> Response {
    static_asset(VERIFY_SCRIPT, "text/javascript; charset=utf-8")
}

fn static_asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
