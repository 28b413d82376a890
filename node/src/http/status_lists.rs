//! Status list credentials at stable URLs: signed, re-signed when they change, served with
//! `ETag` (and `304` on `If-None-Match`) and `Cache-Control`.

use crate::http::public_document::Public;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::state::AppState;
use crate::status_lists::{Purpose, TTL_SECS};

/// Status list routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status_list))
}

/// A `BitstringStatusListCredential` (131,072 entries), signed by the institution.
#[utoipa::path(get, path = "/status/{purpose}/{number}", tag = "credentials",
    params(("purpose" = String, Path, description = "`revocation` or `suspension`"), ("number" = i32, Path, description = "List number")),
    responses(
        (status = 200, description = "The list credential", content_type = "application/vc", body = Object),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such list", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn status_list(
    State(state): State<AppState>,
    Path((purpose, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound(format!("no {purpose} status list {number}"));
    let p = Purpose::parse(&purpose).ok_or_else(missing)?;
    let n: i32 = number.parse().map_err(|_| missing())?;
    let published = state.issuer.status_list(p, n).await?.ok_or_else(missing)?;
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == published.etag || t.trim() == "*")
        });
    let mut resp = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = published.body.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vc"),
        );
        r
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&published.etag) {
        h.insert(header::ETAG, v);
    }
    Ok(Public::new().max_age(TTL_SECS).apply(resp))
}
