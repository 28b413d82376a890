//! The learner's credential at its public, unguessable URL: the signed JSON or an HTML page
//! by content negotiation, and downloads (JSON, baked PNG and SVG badges).

use crate::http::public_document::Public;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{ApiQuery, json_media_type};
use super::pages::PageLocale;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use crate::store::entity::credential;

/// Learner-facing routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(credential_document))
        .routes(routes!(credential_download))
}

pub(crate) async fn find(state: &AppState, id: &str) -> Result<credential::Model, ApiError> {
    state
        .issuer
        .stored_credential(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such credential on this node".to_owned()))
}

fn json_response(document: String, content_type: &'static str) -> Response {
    Public::new()
        .content_type(content_type)
        .vary_accept()
        .apply(document.into_response())
}

/// A credential: the signed Open Badges credential (`Accept: application/vc`,
/// `application/ld+json` or `application/json`) or its page for people (`text/html`).
#[utoipa::path(get, path = "/credentials/{id}", tag = "credentials",
    params(("id" = String, Path, description = "Credential id"), PageQuery),
    responses(
        (status = 200, description = "The credential (JSON) or its page (HTML)",
            content((Object = "application/vc"), (Object = "application/ld+json"), (Object = "application/json"), (String = "text/html"))),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn credential_document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
    PageLocale(locale): PageLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let c = find(&state, &id).await?;
    match json_media_type(&headers) {
        Some(t) => Ok(json_response(c.document, t)),
        None => super::learner_page::page(&state, &c, &locale, q.exchange.as_deref()).await,
    }
}

/// The page's language, and a wallet exchange to offer; other parameters (e.g. tracking
/// ones added by sharing sites) are ignored.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `es`, `en` or `pt` (read by [`PageLocale`]).
    pub lang: Option<String>,
    /// A wallet claim exchange opened for this credential
    /// (`POST /api/v1/credentials/{id}/exchanges`): the page then offers it (Learner
    /// Credential Wallet link and QR code) while it is usable.
    pub exchange: Option<String>,
}

/// A credential as a file: `credential.json`, or a badge image with the credential baked
/// in (`badge.png`: PNG iTXt `openbadgecredential`; `badge.svg`: `<openbadges:credential>`).
#[utoipa::path(get, path = "/credentials/{id}/{file}", tag = "credentials",
    params(("id" = String, Path, description = "Credential id"), ("file" = String, Path, description = "`credential.json`, `badge.png` or `badge.svg`")),
    responses(
        (status = 200, description = "The file",
            content((Object = "application/json"), (Vec<u8> = "image/png"), (String = "image/svg+xml"))),
        (status = 404, description = "No such credential or file", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn credential_download(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let c = find(&state, &id).await?;
    let (body, content_type): (Vec<u8>, &'static str) = match file.as_str() {
        "credential.json" => (c.document.clone().into_bytes(), "application/json"),
        "badge.png" => (
            super::learner_page::baked_png(&state, &c).await?,
            "image/png",
        ),
        "badge.svg" => (
            super::learner_page::baked_svg(&state, &c)
                .await?
                .into_bytes(),
            "image/svg+xml",
        ),
        _ => {
            return Err(ApiError::NotFound(format!(
                "no file {file:?}: try credential.json, badge.png or badge.svg"
            )));
        }
    };
    let mut resp = Public::new()
        .content_type(content_type)
        .apply(body.into_response());
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}
