//! Request extractors whose rejections are problem documents naming the field at fault.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. Rejections: 415 when the content type is not JSON, 413 when the body is
/// too large, 400 naming the JSON pointer of the first field that does not fit.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The raw bytes of a JSON body (Content-Type checked), for handlers that also need the
/// bytes themselves (e.g. to hash them for `Idempotency-Key`).
#[derive(Debug, Clone)]
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType(
                "the body must be JSON: send Content-Type: application/json".to_owned(),
            ));
        }
        body_bytes(req, state).await.map(JsonBytes)
    }
}

/// The raw body of any type, with a too-large body reported as a 413 problem document.
#[derive(Debug, Clone)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        body_bytes(req, state).await.map(RawBody)
    }
}

/// The media type of the JSON the client asked for: `application/vc`,
/// `application/ld+json` or `application/json`; `None` when it prefers HTML.
pub fn json_media_type(headers: &HeaderMap) -> Option<&'static str> {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    let mut best: Option<(f32, usize, &'static str)> = None;
    for (pos, part) in accept.split(',').enumerate() {
        let mut fields = part.split(';');
        let media = fields.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = fields
            .filter_map(|f| f.trim().strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let kind = match media.as_str() {
            "text/html" | "application/xhtml+xml" => "html",
            "application/vc" | "application/vc+ld+json" => "application/vc",
            "application/ld+json" => "application/ld+json",
            "application/json" | "*/*" | "application/*" => "application/json",
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(bq, _, _)| q > bq) {
            best = Some((q, pos, kind));
        }
    }
    match best.map(|b| b.2) {
        Some("html") => None,
        Some(k) => Some(k),
        None => Some("application/json"),
    }
}

/// Whether the request says its body is JSON (`application/json` or `application/*+json`).
pub fn is_json(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|v| {
        v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
    })
}

/// The request's media type (lowercase, without parameters).
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
}

/// The body, with a too-large body reported as 413.
pub async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(e.body_text())
        } else {
            ApiError::invalid("body", e.body_text())
        }
    })
}

/// Query parameters, with a rejection that is a problem document naming the parameter.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let field = e.path().to_string();
                let message = e.into_inner().to_string();
                let field = if field == "." {
                    "query".to_owned()
                } else {
                    format!("?{field}")
                };
                ApiError::invalid(field, format!("query parameter: {message}"))
            })
    }
}

/// Parses `bytes` as `T`, naming the field at fault as a JSON pointer.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let pointer = crate::error::to_pointer(e.path());
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::invalid(
                "body",
                format!(
                    "the body is not valid JSON (line {}, column {}): {inner}",
                    inner.line(),
                    inner.column()
                ),
            )
        } else {
            let message = strip_position(&inner.to_string());
            ApiError::invalid(pointer.clone(), format!("{pointer}: {message}"))
        }
    })
}

/// serde_json appends " at line L column C" to data errors; the pointer says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The largest page number a listing accepts (far beyond any listing's last page, and small
/// enough that `page × perPage` never overflows an SQL offset).
pub const MAX_PAGE: u64 = 1_000_000;

/// `?page` (from 1; 1 by default) and `?perPage` (1 to `max`; `default` by default),
/// checked.
pub fn paging(
    page: Option<u64>,
    per_page: Option<u64>,
    default: u64,
    max: u64,
) -> Result<(u64, u64), ApiError> {
    let page = page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::invalid(
            "?page",
            format!("must be between 1 and {MAX_PAGE}"),
        ));
    }
    let per_page = per_page.unwrap_or(default);
    if !(1..=max).contains(&per_page) {
        return Err(ApiError::invalid(
            "?perPage",
            format!("must be between 1 and {max}"),
        ));
    }
    Ok((page, per_page))
}

/// A path segment naming one of an enum's lowercase variants (`/peers/{id}/{action}`); a
/// 404 naming `what` and the `choices` otherwise.
pub fn path_choice<T: DeserializeOwned>(
    segment: &str,
    what: &str,
    choices: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(segment.to_owned()))
        .map_err(|_| ApiError::NotFound(format!("no {what} {segment:?}: use {choices}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields exist to be deserialised")]
    struct Body {
        name: String,
        address: Address,
    }

    #[derive(Debug, serde::Deserialize)]
    #[expect(dead_code, reason = "fields exist to be deserialised")]
    struct Address {
        country: String,
    }

    #[test]
    fn names_the_nested_field() {
        let err = parse_json::<Body>(br#"{"name":"x","address":{"country":5}}"#).unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("/address/country"));
    }

    #[test]
    fn names_unknown_fields() {
        let err = parse_json::<Body>(br#"{"name":"x","nmae":"y"}"#).unwrap_err();
        assert!(err.problem().detail.contains("nmae"), "{:?}", err.problem());
    }

    #[test]
    fn malformed_json_is_a_syntax_error() {
        let err = parse_json::<Body>(br#"{"name": "#).unwrap_err();
        let p = err.problem();
        assert_eq!(p.status, 400);
        assert!(p.detail.contains("not valid JSON"), "{p:?}");
    }

    #[test]
    fn paging_refuses_pages_that_would_overflow_an_offset() {
        assert_eq!(super::paging(None, None, 20, 100).unwrap(), (1, 20));
        assert_eq!(
            super::paging(Some(3), Some(100), 20, 100).unwrap(),
            (3, 100)
        );
        for (page, per_page) in [
            (Some(0), None),
            (Some(1 << 63), None),
            (None, Some(0)),
            (None, Some(101)),
        ] {
            assert!(
                super::paging(page, per_page, 20, 100).is_err(),
                "{page:?} {per_page:?}"
            );
        }
    }
}
