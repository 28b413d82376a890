//! Verification for anyone: `POST /api/v1/verify` (JSON report) and the `/verify` page
//! (paste, upload or give a URL; HTML report), both public and rate-limited per client
//! address.

mod input;

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Multipart, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use mochila_pages::Locale;
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::http::extract::ApiJson;
use crate::http::pages::PageLocale;
use crate::state::AppState;
use crate::verification::VerificationResult;
pub use input::{VerifyInput, from_body, parse_credential};
pub use mochila_pages::VerifyView;

/// Verification routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_api))
        .routes(routes!(verify_page, verify_form))
}

/// The client's address: the connection's peer, or the last `X-Forwarded-For` entry when
/// `verification.trust_forwarded_for` is on.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        if state.config.verification.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return Ok(Self(ip));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(Self(peer))
    }
}

/// Takes one token from `client`'s bucket, or answers 429 with `Retry-After`.
fn rate_limit(state: &AppState, client: ClientAddr) -> Result<(), ApiError> {
    let v = &state.config.verification;
    state
        .verifier
        .limiter()
        .check(client.0)
        .map_err(|retry_after_secs| ApiError::TooManyRequests {
            detail: format!(
                "too many verification requests from this address (at most {} a minute after \
                 a burst of {}); retry in {retry_after_secs} seconds",
                v.rate_limit_per_minute, v.rate_limit_burst
            ),
            retry_after_secs,
        })
}

/// The body of `POST /api/v1/verify`: one of three forms.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum VerifyRequest {
    /// `{"credential": ...}`: the credential as an object or as a JSON string.
    Wrapped {
        /// The credential, or a JSON string holding it.
        credential: Value,
    },
    /// `{"url": "https://..."}`: the URL of a credential, fetched by the node (https only,
    /// public addresses only, size- and time-limited).
    ByUrl {
        /// The credential's URL.
        url: String,
    },
    /// The credential itself (a JSON object with `@context`).
    Credential(Value),
}

/// Verifies a credential from any issuer: JSON-LD contexts, Open Badges schema, Data
/// Integrity proof (did:key, did:web, https controller documents), the issuer's key and
/// `assertionMethod`, the validity period and every status list entry. Answers 200 with the
/// report for any credential that could be examined, valid or not; a status list that
/// cannot be obtained gives `status_unknown`, never "not revoked". Public; rate-limited per
/// client address.
#[utoipa::path(
    post,
    path = "/api/v1/verify",
    tag = "verification",
    request_body(content = VerifyRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The verification report", body = VerificationResult),
        (status = 400, description = "Neither a credential nor a usable URL (names the field)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limit reached", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a request is accepted again")))
    )
)]
pub async fn verify_api(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<VerificationResult>, ApiError> {
    rate_limit(&state, client)?;
    let credential = match from_body(body)? {
        VerifyInput::Credential(credential) => credential,
        VerifyInput::Url(url) => state
            .verifier
            .fetch_credential(&url)
            .await
            .map_err(|e| ApiError::invalid("/url", format!("/url: {e}")))?,
    };
    Ok(Json(verify_in_network(&state, &credential).await))
}

/// Verifies `credential` and says whether its issuer belongs to this node's networks.
async fn verify_in_network(state: &AppState, credential: &Value) -> VerificationResult {
    let mut report = state.verifier.verify(credential).await;
    let summary = report.credential.as_ref();
    let issuer = summary.and_then(|s| s.issuer.as_deref());
    let issued = summary.and_then(|s| s.valid_from.as_deref());
    match state.network.membership_check(issuer, issued).await {
        Ok(check) => report.network_membership = Some(check),
        Err(e) => tracing::warn!(error = %e, "the membership check failed"),
    }
    report
}

/// The `/verify` page's query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VerifyPageQuery {
    /// `es`, `en` or `pt`; otherwise taken from `Accept-Language` (read by [`PageLocale`]).
    pub lang: Option<String>,
    /// A credential URL to verify right away (and prefill the form with).
    url: Option<String>,
}

fn html(state: &AppState, locale: &Locale, view: &VerifyView) -> Result<Response, ApiError> {
    let status = if view.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = state
        .pages
        .verify(locale, view)
        .map_err(ApiError::internal)?;
    Ok((status, Html(page)).into_response())
}

/// Verifies `credential` into a page view.
async fn report_view(state: &AppState, credential: &Value, url: Option<String>) -> VerifyView {
    let report = verify_in_network(state, credential).await;
    match serde_json::to_value(&report) {
        Ok(report) => VerifyView {
            report: Some(report),
            error: None,
            url,
        },
        Err(e) => VerifyView {
            report: None,
            error: Some(format!("the report could not be rendered: {e}")),
            url,
        },
    }
}

async fn url_view(state: &AppState, url: String) -> VerifyView {
    match state.verifier.fetch_credential(&url).await {
        Ok(credential) => report_view(state, &credential, Some(url)).await,
        Err(e) => VerifyView {
            report: None,
            error: Some(e.to_string()),
            url: Some(url),
        },
    }
}

/// The verification page: a form to paste a credential, upload its file (JSON or a baked
/// badge) or give its URL. With `?url=`, the credential there is verified right away and the
/// report shown.
#[utoipa::path(
    get,
    path = "/verify",
    tag = "pages",
    params(VerifyPageQuery),
    responses(
        (status = 200, description = "HTML page (with the report when `url` was given)", content_type = "text/html", body = String),
        (status = 400, description = "HTML page explaining why the URL could not be verified", content_type = "text/html", body = String),
        (status = 429, description = "Rate limit reached", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn verify_page(
    State(state): State<AppState>,
    client: ClientAddr,
    Query(query): Query<VerifyPageQuery>,
    PageLocale(locale): PageLocale,
) -> Result<Response, ApiError> {
    let Some(url) = query.url.filter(|u| !u.trim().is_empty()) else {
        return html(&state, &locale, &VerifyView::default());
    };
    rate_limit(&state, client)?;
    let view = url_view(&state, url.trim().to_owned()).await;
    html(&state, &locale, &view)
}

/// The language of the form's answer (documents what [`PageLocale`] reads).
pub type LangOnly = super::pages::LangQuery;

/// The `/verify` form.
#[derive(Debug, ToSchema)]
pub struct VerifyForm {
    /// A pasted credential (JSON).
    pub credential: Option<String>,
    /// A credential file: JSON, or a baked PNG/SVG badge.
    #[schema(value_type = Option<String>, format = Binary)]
    pub file: Option<Vec<u8>>,
    /// A credential URL.
    pub url: Option<String>,
}

/// Verifies what the form sent (the file first, then the pasted JSON, then the URL) and
/// shows the report.
#[utoipa::path(
    post,
    path = "/verify",
    tag = "pages",
    params(LangOnly),
    request_body(content = VerifyForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "HTML page with the report", content_type = "text/html", body = String),
        (status = 400, description = "HTML page explaining why the input could not be verified", content_type = "text/html", body = String),
        (status = 429, description = "Rate limit reached", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn verify_form(
    State(state): State<AppState>,
    client: ClientAddr,
    PageLocale(locale): PageLocale,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    rate_limit(&state, client)?;
    let view = match read_form(multipart).await {
        Err(error) => VerifyView {
            error: Some(error),
            ..VerifyView::default()
        },
        Ok(FormInput::Url(url)) => url_view(&state, url).await,
        Ok(FormInput::Text(text)) => match parse_credential(&text) {
            Ok(credential) => report_view(&state, &credential, None).await,
            Err(error) => VerifyView {
                error: Some(format!("credential: {error}")),
                ..VerifyView::default()
            },
        },
    };
    html(&state, &locale, &view)
}

enum FormInput {
    Text(String),
    Url(String),
}

/// Reads the form's fields and picks the input: the file, the pasted text, or the URL.
async fn read_form(multipart: Result<Multipart, MultipartRejection>) -> Result<FormInput, String> {
    let mut multipart =
        multipart.map_err(|e| format!("the form must be sent as multipart/form-data: {e}"))?;
    let (mut pasted, mut url) = (String::new(), String::new());
    let mut file: Option<axum::body::Bytes> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("the form could not be read: {e}"))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let read_err = |e: axum::extract::multipart::MultipartError| format!("{name}: {e}");
        match name.as_str() {
            "credential" => pasted = field.text().await.map_err(read_err)?,
            "url" => url = field.text().await.map_err(read_err)?,
            "file" => file = Some(field.bytes().await.map_err(read_err)?),
            _ => {}
        }
    }
    if let Some(bytes) = file.filter(|b| !b.is_empty()) {
        return match extract_baked(&bytes) {
            Ok(Some(text)) => Ok(FormInput::Text(text)),
            Ok(None) => Err("file: the file holds no credential".to_owned()),
            Err(e) => Err(format!("file: {e}")),
        };
    }
    if !pasted.trim().is_empty() {
        return Ok(FormInput::Text(pasted));
    }
    if !url.trim().is_empty() {
        return Ok(FormInput::Url(url.trim().to_owned()));
    }
    Err("paste a credential, choose a file or give a URL".to_owned())
}

/// The credential JSON in an uploaded file: a JSON file as it is, or the credential baked
/// into a PNG or SVG badge. `Ok(None)` for an empty file or a badge without a credential.
pub fn extract_baked(bytes: &[u8]) -> Result<Option<String>, String> {
    let text = std::str::from_utf8(bytes).ok();
    match text.map(|t| t.trim_start_matches('\u{feff}').trim()) {
        Some("") => return Ok(None),
        Some(t) if t.starts_with('{') => return Ok(Some(t.to_owned())),
        _ => {}
    }
    mochila_protocol::baking::extract_baked(bytes).map_err(|e| match e {
        mochila_protocol::baking::BakeError::NotAnImage { .. } => {
            "the file is neither a JSON credential nor a PNG or SVG badge".to_owned()
        }
        other => format!("the badge could not be read: {other}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised() {
        assert_eq!(extract_baked(b"  {\"a\":1}").unwrap().unwrap(), "{\"a\":1}");
        assert_eq!(extract_baked(b"  ").unwrap(), None);
        let png = extract_baked(b"\x89PNG\r\n\x1a\n....").unwrap_err();
        assert!(png.contains("badge could not be read"), "{png}");
        let baked = mochila_protocol::baking::bake_svg(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "{\"a\":1}",
        )
        .unwrap();
        assert_eq!(
            extract_baked(baked.as_bytes()).unwrap().as_deref(),
            Some("{\"a\":1}")
        );
        assert!(extract_baked(b"GIF89a").is_err());
        assert!(extract_baked(b"[1]").is_err());
    }
}
