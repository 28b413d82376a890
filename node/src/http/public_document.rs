//! The headers of every public document (DID document, issuer profile, credentials, status
//! lists, catalogue, ActivityPub objects, images): readable from any origin, with its media
//! type, how long it may be cached, and whether it varies by `Accept`.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// What a public response says about itself.
#[derive(Debug, Clone, Copy)]
pub struct Public {
    content_type: Option<&'static str>,
    max_age: Option<u64>,
    immutable: bool,
    vary_accept: bool,
}

impl Public {
    /// Readable from any origin; nothing else said.
    pub const fn new() -> Self {
        Self {
            content_type: None,
            max_age: None,
            immutable: false,
            vary_accept: false,
        }
    }

    /// With this media type.
    pub const fn content_type(self, content_type: &'static str) -> Self {
        Self {
            content_type: Some(content_type),
            ..self
        }
    }

    /// Cacheable by anyone for `seconds`.
    pub const fn max_age(self, seconds: u64) -> Self {
        Self {
            max_age: Some(seconds),
            ..self
        }
    }

    /// Cacheable by anyone for a year, never revalidated (content-addressed URLs).
    pub const fn immutable(self) -> Self {
        Self {
            max_age: Some(31_536_000),
            immutable: true,
            ..self
        }
    }

    /// The answer depends on the request's `Accept` (content negotiation).
    pub const fn vary_accept(self) -> Self {
        Self {
            vary_accept: true,
            ..self
        }
    }

    /// `response` with these headers.
    pub fn apply(self, mut response: Response) -> Response {
        let h = response.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        if let Some(content_type) = self.content_type {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        if let Some(seconds) = self.max_age {
            let immutable = if self.immutable { ", immutable" } else { "" };
            if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={seconds}{immutable}")) {
                h.insert(header::CACHE_CONTROL, v);
            }
        }
        if self.vary_accept {
            h.insert(header::VARY, HeaderValue::from_static("Accept"));
        }
        response
    }
}

impl Default for Public {
    fn default() -> Self {
        Self::new()
    }
}
