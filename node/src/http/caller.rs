//! The admin API's authentication: a bearer token in `Authorization`, checked against the
//! stored hashes. Handlers then say which roles they allow with [`Caller::require`].

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::auth::{Caller, Role, authenticate};
use crate::error::ApiError;
use crate::state::AppState;

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "this route needs an API token: send Authorization: Bearer <token>".to_owned(),
                )
            })?
            .to_str()
            .map_err(|_| ApiError::Unauthorized("the Authorization header is not text".into()))?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into())
            })?
            .trim();
        authenticate(&state.db, token)
            .await?
            .ok_or_else(|| ApiError::Unauthorized("the API token is unknown or revoked".into()))
    }
}

impl Caller {
    /// Allows the call when the caller's role is one of `roles`; 403 otherwise.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            return Ok(());
        }
        let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(ApiError::Forbidden(format!(
            "the token `{}` has the role {}; this operation needs {}",
            self.name,
            self.role,
            allowed.join(" or ")
        )))
    }
}
