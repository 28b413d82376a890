//! Public HTML pages rendered by `mochila-admin-ui`: the node's home page and its
//! stylesheet. Pages are in Spanish, English or Portuguese (`?lang=` or `Accept-Language`).

use std::convert::Infallible;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use mochila_pages::{HomeView, Locale, STYLESHEET, VERIFY_SCRIPT};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::institution;
use crate::state::AppState;

/// Page routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(home))
        .routes(routes!(stylesheet))
        .routes(routes!(verify_script))
}

/// The page language (documents the parameter that [`PageLocale`] reads).
#[derive(Debug, Deserialize, IntoParams)]
pub struct LangQuery {
    /// `es`, `en` or `pt`; otherwise taken from `Accept-Language`.
    pub lang: Option<String>,
}

/// The language a page is rendered in — `?lang=`, else the best `Accept-Language` entry,
/// else Spanish — with the request's other query parameters, which the page's language
/// links keep. Every page takes its language this way.
#[derive(Debug, Clone)]
pub struct PageLocale(pub Locale);

impl PageLocale {
    /// The locale of a request to `uri` with `headers`.
    pub fn of(uri: &Uri, headers: &HeaderMap) -> Self {
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Self(Locale::negotiate(uri.query(), accept))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageLocale {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self::of(&parts.uri, &parts.headers))
    }
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
    PageLocale(locale): PageLocale,
) -> Result<Html<String>, ApiError> {
    let profile = institution::load(&state.db, &state.config).await?;
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
        .home(&locale, &view)
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
