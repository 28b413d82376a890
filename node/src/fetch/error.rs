//! Why an outbound fetch failed, each variant naming the URL.

use super::RefusedAddress;

/// Why a fetch failed, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL cannot be parsed or has no host.
    #[error("{url:?} is not a usable URL: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The scheme is not allowed (`http:` without `federation.allow_http`, or not http(s)).
    #[error(
        "{url}: the {scheme}: scheme is refused; the node fetches only https URLs{}",
        http_hint(.scheme)
    )]
    SchemeRefused {
        /// The URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The host points to an address the policy refuses.
    #[error("{url}: {source}")]
    AddressRefused {
        /// The URL.
        url: String,
        /// Which address and why.
        source: RefusedAddress,
    },
    /// The host name does not resolve.
    #[error("{url}: {reason}")]
    Dns {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No connection could be made (refused, reset, TLS failure).
    #[error("{url}: cannot connect: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The fetch took longer than allowed.
    #[error("{url}: no complete answer within {secs} seconds")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit.
        secs: u64,
    },
    /// More than [`super::MAX_REDIRECTS`] redirects.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects {
        /// The URL first asked for.
        url: String,
        /// The limit.
        max: usize,
    },
    /// The server answered with a status other than 200.
    #[error("{url}: the server answered HTTP {status}")]
    Status {
        /// The URL (after redirects).
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body is larger than allowed.
    #[error("{url}: the document is larger than {max_bytes} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        max_bytes: usize,
    },
    /// The body could not be read.
    #[error("{url}: reading the body failed: {reason}")]
    Body {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The document is not of a media type the caller accepts.
    #[error("{url}: the content type is {content_type:?}, expected {expected}")]
    ContentType {
        /// The URL.
        url: String,
        /// The content type received.
        content_type: String,
        /// What the caller accepts.
        expected: String,
    },
    /// The document is not valid JSON.
    #[error("{url}: the document is not valid JSON: {reason}")]
    NotJson {
        /// The URL.
        url: String,
        /// The parser's message.
        reason: String,
    },
}

fn http_hint(scheme: &str) -> &'static str {
    if scheme == "http" {
        " (federation.allow_http is off)"
    } else {
        ""
    }
}
