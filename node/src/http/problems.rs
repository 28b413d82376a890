//! The problem responses that many operations share, documented once for the OpenAPI
//! document: list a set in an operation's `responses(...)` instead of writing its rows.
//! Responses particular to one operation (which achievement, why a conflict) stay in its
//! own annotation.

use utoipa::IntoResponses;

use crate::error::Problem;

/// The admin API's authentication and authorization failures.
#[derive(Debug, IntoResponses)]
pub enum StaffOnly {
    /// No valid token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Role not allowed.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// The admin API's authentication failure, for operations open to every role.
#[derive(Debug, IntoResponses)]
pub enum TokenRequired {
    /// No valid token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
}

/// A query parameter that does not parse (the problem names it).
#[derive(Debug, IntoResponses)]
pub enum BadQuery {
    /// Bad query parameter.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
}

/// A JSON body the node cannot take.
#[derive(Debug, IntoResponses)]
pub enum BadJsonBody {
    /// Body too large.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// Body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
}

/// A reused `Idempotency-Key`.
#[derive(Debug, IntoResponses)]
pub enum KeyReused {
    /// Idempotency-Key reused with another body.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
}
