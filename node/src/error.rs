//! Errors as HTTP responses: every error leaves the node as an RFC 9457 problem document
//! (`application/problem+json`).
//!
//! Error policy: domain code returns typed errors; `ApiError` is the one place where they
//! become HTTP statuses. A client's mistake is a 4xx that names the field at fault and
//! changes nothing; a 5xx is logged with the request id and says little. `anyhow` is used
//! only in `main` and tests.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Base of the `type` URIs of Mochila's problem documents.
pub const PROBLEM_BASE: &str = "https://w3id.org/mochila/problems#";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for people.
    pub detail: String,
    /// The request field at fault (a JSON pointer into the body, a header, a query
    /// parameter or a path segment), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem found when there are several, each with its field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as a JSON pointer into the request body (e.g. `/address/country`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// An error that becomes a problem document.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request body or a parameter is malformed or invalid.
    #[error("{detail}")]
    Invalid {
        /// What is wrong.
        detail: String,
        /// The field at fault.
        field: Option<String>,
        /// Every invalid field, when there are several.
        errors: Vec<FieldError>,
    },
    /// No valid credentials were presented.
    #[error("{0}")]
    Unauthorized(String),
    /// A federation request's HTTP signature or activity proof did not authenticate it
    /// (missing, malformed, outside the window, replayed, or not verifying).
    #[error("{0}")]
    SignatureRejected(String),
    /// The credentials do not allow this operation.
    #[error("{0}")]
    Forbidden(String),
    /// The resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The resource exists but not with that method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// The resource existed but is used up or expired for good (e.g. a wallet exchange).
    #[error("{0}")]
    Gone(String),
    /// The request took longer than the node allows.
    #[error("{0}")]
    Timeout(String),
    /// The request is well-formed but cannot be carried out as sent (e.g. an
    /// `Idempotency-Key` reused with a different body).
    #[error("{0}")]
    Unprocessable(String),
    /// The body is larger than the node accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body has a media type the route does not accept.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The client sent too many requests; it may retry after `retry_after_secs`.
    #[error("{detail}")]
    TooManyRequests {
        /// What limit was reached.
        detail: String,
        /// Seconds until a request will be accepted again (the `Retry-After` header).
        retry_after_secs: u64,
    },
    /// The node is too busy to answer now (every database connection in use); the client
    /// may retry after a second.
    #[error("{0}")]
    Busy(String),
    /// Something failed inside the node; details go to the log, not to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// An invalid field.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::Invalid {
            detail: detail.into(),
            field: Some(field.into()),
            errors: Vec::new(),
        }
    }

    /// Several invalid fields at once.
    pub fn invalid_fields(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are invalid", many.len()),
        };
        Self::Invalid {
            field: errors.first().map(|e| e.field.clone()),
            detail,
            errors,
        }
    }

    /// An internal error from anything displayable.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Self::Invalid { .. } => (
                StatusCode::BAD_REQUEST,
                "invalid-request",
                "Invalid request",
            ),
            Self::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            Self::SignatureRejected(_) => (
                StatusCode::UNAUTHORIZED,
                "signature-rejected",
                "Request not authenticated",
            ),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            Self::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            Self::Gone(_) => (StatusCode::GONE, "gone", "Gone"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout", "Request timeout"),
            Self::Unprocessable(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                "Unprocessable request",
            ),
            Self::PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
            ),
            Self::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            Self::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
            ),
            Self::Busy(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "Too busy, retry shortly",
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }

    /// The problem document this error becomes.
    pub fn problem(&self) -> Problem {
        let (status, slug, title) = self.parts();
        let (detail, field, errors) = match self {
            Self::Invalid {
                detail,
                field,
                errors,
            } => (detail.clone(), field.clone(), errors.clone()),
            Self::Internal(_) => (
                "the node could not complete the request; the operator can find the cause \
                 in the log under this request's id"
                    .to_owned(),
                None,
                Vec::new(),
            ),
            other => (other.to_string(), None, Vec::new()),
        };
        Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            field,
            errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(message) = &self {
            tracing::error!(error = %message, "internal error");
        }
        let problem = self.problem();
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = problem_response(status, &problem);
        if status == StatusCode::UNAUTHORIZED {
            let challenge = if matches!(self, Self::SignatureRejected(_)) {
                "Signature realm=\"mochila\""
            } else {
                "Bearer realm=\"mochila\""
            };
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        let retry_after = match &self {
            Self::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            Self::Busy(_) => Some(1),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A problem document as a response with the right content type.
pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let mut response = (status, Json(problem)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        match e {
            sea_orm::DbErr::ConnectionAcquire(_) => {
                Self::Busy("every database connection is in use: retry in a second".into())
            }
            other => Self::Internal(format!("database: {other}")),
        }
    }
}

/// `path` as a JSON pointer (`/a/0/b`; `/` for the whole document).
pub fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_stable() {
        let cases = [
            (ApiError::invalid("/name", "x"), 400),
            (ApiError::Unauthorized("x".into()), 401),
            (ApiError::SignatureRejected("x".into()), 401),
            (ApiError::Forbidden("x".into()), 403),
            (ApiError::NotFound("x".into()), 404),
            (ApiError::MethodNotAllowed("x".into()), 405),
            (ApiError::Conflict("x".into()), 409),
            (ApiError::Gone("x".into()), 410),
            (ApiError::Timeout("x".into()), 408),
            (ApiError::Unprocessable("x".into()), 422),
            (ApiError::PayloadTooLarge("x".into()), 413),
            (ApiError::UnsupportedMediaType("x".into()), 415),
            (
                ApiError::TooManyRequests {
                    detail: "x".into(),
                    retry_after_secs: 3,
                },
                429,
            ),
            (ApiError::Busy("x".into()), 503),
            (ApiError::Internal("secret".into()), 500),
        ];
        for (error, status) in cases {
            assert_eq!(error.problem().status, status, "{error:?}");
        }
    }

    #[test]
    fn no_free_database_connection_is_busy_not_internal() {
        let e = sea_orm::DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout);
        let response = ApiError::from(e).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }

    #[test]
    fn too_many_requests_says_when_to_retry() {
        let response = ApiError::TooManyRequests {
            detail: "slow down".into(),
            retry_after_secs: 7,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        let p = ApiError::Internal("password=hunter2".into()).problem();
        assert!(!p.detail.contains("hunter2"));
    }

    #[test]
    fn invalid_names_the_field() {
        let p = ApiError::invalid("/country", "must be two capitals").problem();
        assert_eq!(p.field.as_deref(), Some("/country"));
        assert_eq!(p.kind, format!("{PROBLEM_BASE}invalid-request"));
    }
}
