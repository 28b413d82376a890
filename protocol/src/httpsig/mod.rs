//! HTTP request signatures for ActivityPub: RFC 9421 (`Signature-Input`/`Signature`,
//! `ed25519` and `rsa-v1_5-sha256`) and draft-cavage-12 (`Signature`, `rsa-sha256` and
//! `hs2019`), with `Content-Digest` (RFC 9530) and `Digest` checking.
//!
//! Pure: the caller passes the request and the time. Verification is split for an inbox:
//! [`parse`] reads the signature's parameters (so the caller can look up `key_id`), then
//! [`verify`] checks coverage, the time window, the body digest and the signature.

mod base;
pub mod cavage;
pub mod digest;
mod error;
pub mod http_date;
mod keys;
mod request;
pub mod rfc9421;
pub mod sfv;

use sha2::{Digest as _, Sha256};
use time::{Duration, OffsetDateTime};

pub use error::HttpSigError;
pub use keys::{PublicKey, SigningKey};
pub use request::Request;

/// The default allowed clock skew: one hour either way.
pub const DEFAULT_MAX_SKEW: Duration = Duration::hours(1);

/// Which specification a signature follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// RFC 9421 HTTP Message Signatures.
    Rfc9421,
    /// draft-cavage-http-signatures-12.
    Cavage,
}

/// A received signature's parameters, read by [`parse`] before the key is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParams {
    /// The specification the signature follows.
    pub scheme: Scheme,
    /// The RFC 9421 label (e.g. `sig1`); `None` for cavage.
    pub label: Option<String>,
    /// `keyid` / `keyId`: the URL of the key to verify with.
    pub key_id: String,
    /// `alg` / `algorithm`, if given.
    pub algorithm: Option<String>,
    /// `created`, unix seconds, if given.
    pub created: Option<i64>,
    /// `expires`, unix seconds, if given.
    pub expires: Option<i64>,
    /// `nonce` (RFC 9421), if given.
    pub nonce: Option<String>,
    /// The covered components, in order: RFC 9421 identifiers without quotes
    /// (`@method`, `content-digest`, `@query-param;name="a"`) or cavage header names
    /// (`(request-target)`, `host`, ...).
    pub covered: Vec<String>,
    /// The signature bytes.
    pub signature: Vec<u8>,
    inner: Option<sfv::InnerList>,
}

impl SignatureParams {
    /// SHA-256 of the signature bytes: a key for refusing a signature seen before.
    pub fn replay_key(&self) -> [u8; 32] {
        Sha256::digest(&self.signature).into()
    }

    /// Whether `component` is covered.
    pub fn covers(&self, component: &str) -> bool {
        self.covered.iter().any(|c| c == component)
    }

    /// The bytes the signature is over (RFC 9421 signature base or cavage signing string).
    pub fn signature_base(&self, request: &Request) -> Result<String, HttpSigError> {
        match self.scheme {
            Scheme::Rfc9421 => rfc9421::base(self, request),
            Scheme::Cavage => {
                cavage::signing_string(&self.covered, self.created, self.expires, request)
            }
        }
    }

    fn require_any(&self, alternatives: &[&str]) -> Result<(), HttpSigError> {
        if alternatives.iter().any(|c| self.covers(c)) {
            Ok(())
        } else {
            Err(HttpSigError::RequiredComponentNotCovered {
                component: alternatives.join("|"),
            })
        }
    }
}

/// Reads the request's signature: RFC 9421 when `Signature-Input` is present, otherwise a
/// cavage `Signature` header, otherwise `Authorization: Signature ...`.
pub fn parse(request: &Request) -> Result<SignatureParams, HttpSigError> {
    if let Some(input) = request.header("signature-input") {
        return rfc9421::parse(&input, request);
    }
    if let Some(value) = request.header("signature") {
        return cavage::parse(&value, "signature");
    }
    if let Some(value) = request.header("authorization") {
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
        if scheme.eq_ignore_ascii_case("signature") {
            return cavage::parse(rest, "authorization");
        }
    }
    Err(HttpSigError::MissingSignature)
}

/// Verifies a signature read by [`parse`] against `request` and `key`, at time `now` with
/// `max_skew` allowed either way (see [`DEFAULT_MAX_SKEW`]). Requires the method, the
/// target and the authority (host) to be covered, the body digest when there is a body,
/// and a `created` or `Date` within the window.
pub fn verify(
    params: &SignatureParams,
    request: &Request,
    key: &PublicKey,
    now: OffsetDateTime,
    max_skew: Duration,
) -> Result<(), HttpSigError> {
    // Algorithm and coverage.
    let timestamp_from_date = match params.scheme {
        Scheme::Rfc9421 => {
            rfc9421::check_algorithm(params.algorithm.as_deref(), key)?;
            params.require_any(&["@method"])?;
            params.require_any(&["@target-uri", "@path", "@request-target"])?;
            params.require_any(&["@authority", "host", "@target-uri"])?;
            if request.has_body() {
                params.require_any(&["content-digest", "digest"])?;
            }
            if params.created.is_none() {
                params.require_any(&["created", "date"])?;
            }
            params.created.is_none()
        }
        Scheme::Cavage => {
            cavage::check_algorithm(params.algorithm.as_deref(), key)?;
            params.require_any(&["(request-target)"])?;
            params.require_any(&["host"])?;
            params.require_any(&["date", "(created)"])?;
            if request.has_body() {
                params.require_any(&["digest"])?;
            }
            if params.covers("(created)") && params.created.is_none() {
                return Err(HttpSigError::param(
                    "created",
                    "(created) is covered but missing",
                ));
            }
            !params.covers("(created)")
        }
    };

    // Time window.
    let now_s = now.unix_timestamp();
    let skew = max_skew.whole_seconds();
    let in_window = |what: &'static str, value: i64| {
        if (value - now_s).abs() <= skew {
            Ok(())
        } else {
            Err(HttpSigError::OutsideWindow {
                what,
                value,
                now: now_s,
                max_skew_seconds: skew,
            })
        }
    };
    if timestamp_from_date {
        let date = request
            .header("date")
            .ok_or_else(|| HttpSigError::ComponentMissing {
                component: "date".to_owned(),
            })?;
        in_window("date", http_date::parse(&date)?)?;
    } else if let Some(created) = params.created {
        in_window("created", created)?;
    }
    if let Some(expires) = params.expires
        && expires < now_s
    {
        return Err(HttpSigError::Expired {
            expires,
            now: now_s,
        });
    }

    // Body digest.
    let missing = |component: &str| HttpSigError::ComponentMissing {
        component: component.to_owned(),
    };
    if params.covers("content-digest") {
        let value = request
            .header("content-digest")
            .ok_or_else(|| missing("content-digest"))?;
        digest::check_content_digest(&value, &request.body)?;
    }
    if params.covers("digest") {
        let value = request.header("digest").ok_or_else(|| missing("digest"))?;
        digest::check_digest(&value, &request.body)?;
    }

    // Signature.
    let base = params.signature_base(request)?;
    if key.verify_raw(base.as_bytes(), &params.signature) {
        Ok(())
    } else {
        Err(HttpSigError::BadSignature {
            key_id: params.key_id.clone(),
        })
    }
}
