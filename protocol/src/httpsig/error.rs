//! Why an HTTP signature could not be created, parsed or verified.

/// Why an HTTP signature could not be created, parsed or verified. Each variant names the
/// header, component or parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpSigError {
    /// The request carries no `Signature-Input`/`Signature`, `Signature` or
    /// `Authorization: Signature` header.
    #[error(
        "the request is not signed (no Signature-Input, Signature or Authorization: Signature header)"
    )]
    MissingSignature,
    /// A signature header (or a digest header) cannot be parsed.
    #[error("header {header}: {reason}")]
    MalformedHeader {
        /// The header.
        header: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A signature parameter is missing or malformed.
    #[error("signature parameter {param:?}: {reason}")]
    InvalidParameter {
        /// The parameter (`keyid`, `created`, `headers`, ...).
        param: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The target URI is not an absolute `http(s)://authority/path` URI.
    #[error("target URI {uri:?} is not an absolute http(s) URI: {reason}")]
    InvalidTargetUri {
        /// The URI.
        uri: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A covered component is not in the request (e.g. a signed header that is absent).
    #[error("covered component {component} is not present in the request")]
    ComponentMissing {
        /// The component identifier.
        component: String,
    },
    /// A covered component (or one of its parameters) is not supported.
    #[error("covered component {component} is not supported: {reason}")]
    UnsupportedComponent {
        /// The component identifier.
        component: String,
        /// Why.
        reason: String,
    },
    /// A component this verifier requires is not covered by the signature.
    #[error("the signature does not cover {component}, which is required")]
    RequiredComponentNotCovered {
        /// The component (or one of its accepted alternatives, joined by `|`).
        component: String,
    },
    /// A timestamp (`created`, `(created)` or the `Date` header) is outside the window.
    #[error(
        "{what} {value} is outside the allowed window around {now} (max skew {max_skew_seconds}s)"
    )]
    OutsideWindow {
        /// `created` or `date`.
        what: &'static str,
        /// The timestamp, unix seconds.
        value: i64,
        /// The verifier's time, unix seconds.
        now: i64,
        /// The allowed skew.
        max_skew_seconds: i64,
    },
    /// The signature's `expires` is in the past.
    #[error("the signature expired at {expires} (now {now})")]
    Expired {
        /// `expires`, unix seconds.
        expires: i64,
        /// The verifier's time, unix seconds.
        now: i64,
    },
    /// The body does not match its `Content-Digest` or `Digest` header.
    #[error("header {header}: the body does not match the {algorithm} digest")]
    DigestMismatch {
        /// `content-digest` or `digest`.
        header: &'static str,
        /// The algorithm that did not match.
        algorithm: String,
    },
    /// A digest header names no algorithm this crate computes (sha-256, sha-512).
    #[error("header {header}: no supported digest algorithm (found {found})")]
    UnsupportedDigest {
        /// `content-digest` or `digest`.
        header: &'static str,
        /// The algorithms found.
        found: String,
    },
    /// The signature algorithm is unknown, or does not fit the key.
    #[error("signature algorithm {algorithm:?} is not supported with a{key} key")]
    UnsupportedAlgorithm {
        /// The algorithm named by the signature.
        algorithm: String,
        /// The key type (`n Ed25519`, ` RSA`).
        key: &'static str,
    },
    /// The signature does not verify with the key.
    #[error("the signature does not verify with key {key_id:?}")]
    BadSignature {
        /// The key id.
        key_id: String,
    },
    /// A key could not be decoded.
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// Signing failed (an RSA private-key operation error).
    #[error("signing failed: {0}")]
    Signing(String),
}

impl HttpSigError {
    pub(crate) fn malformed(header: &str, reason: impl Into<String>) -> Self {
        Self::MalformedHeader {
            header: header.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn param(param: &str, reason: impl Into<String>) -> Self {
        Self::InvalidParameter {
            param: param.to_owned(),
            reason: reason.into(),
        }
    }
}
