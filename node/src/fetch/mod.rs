//! The node's outbound HTTP GETs (DID documents, status lists, credentials given by URL, and
//! later federation peers), under one policy: https only unless `federation.allow_http`;
//! only public addresses unless `federation.allow_private_addresses` (checked on the address
//! actually connected to, and again on every redirect); a time limit; a size limit enforced
//! while the body streams in; at most three redirects.

pub mod address;
mod error;
mod policy;
mod post;
mod resolver;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use mochila_protocol::httpsig::{HttpSigError, Request as HttpRequest};
use reqwest::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use reqwest::redirect::Policy;
use url::Url;

pub use address::{AddressClass, classify};
pub use error::FetchError;
pub use policy::parse_max_age;
use policy::{check_redirect, check_target, error_chain};
pub use post::{Answer, MAX_ANSWER_BYTES, parse_retry_after};
use resolver::CheckedResolver;
pub use resolver::{RefusedAddress, UnresolvedHost, check_address};

/// Signs an outgoing request, GET or POST (see [`Fetcher::get_signed`] and the delivery POST).
pub type SignRequest<'a> = dyn Fn(&mut HttpRequest) -> Result<(), HttpSigError> + Send + Sync + 'a;

/// The most redirects one fetch follows.
pub const MAX_REDIRECTS: usize = 3;

/// What the node's outbound fetches may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Allow plain `http:` URLs.
    pub allow_http: bool,
    /// Allow non-public addresses (loopback, private, link-local, ...).
    pub allow_private_addresses: bool,
    /// Time allowed for the whole fetch, body included.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: usize,
}

/// A fetched document.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL finally answered (after redirects).
    pub url: Url,
    /// The `Content-Type` media type, lower-cased, without parameters (empty if none).
    pub media_type: String,
    /// The `Cache-Control` `max-age`, when given; `Some(0)` for `no-store`/`no-cache`.
    pub max_age: Option<u64>,
    /// The body.
    pub body: Bytes,
}

/// Media types of JSON and JSON-LD documents (credentials, DID documents).
pub const JSON_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/ld+json",
    "application/did+json",
    "application/did+ld+json",
    "application/vc+ld+json",
    "application/vc",
];

impl Fetched {
    /// Requires a JSON media type (any `application/*+json` or one of [`JSON_MEDIA_TYPES`])
    /// and parses the body.
    pub fn json(&self) -> Result<serde_json::Value, FetchError> {
        let mt = self.media_type.as_str();
        let is_json = JSON_MEDIA_TYPES.contains(&mt)
            || (mt.starts_with("application/") && mt.ends_with("+json"));
        if !is_json {
            return Err(FetchError::ContentType {
                url: self.url.to_string(),
                content_type: self.media_type.clone(),
                expected: "a JSON media type (application/json, application/ld+json, ...)"
                    .to_owned(),
            });
        }
        serde_json::from_slice(&self.body).map_err(|e| FetchError::NotJson {
            url: self.url.to_string(),
            reason: e.to_string(),
        })
    }
}

/// The node's outbound HTTP client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
    roots: Arc<[reqwest::Certificate]>,
    own: Option<Arc<OwnOrigin>>,
}

/// The node's own origin, always reachable (its DID document and status lists are public
/// and it trusts itself), even when it is `http://localhost` in a demo or test.
#[derive(Debug)]
struct OwnOrigin {
    origin: String,
    fetcher: Fetcher,
}

impl Fetcher {
    /// A client under `policy`. Logs a warning when non-public addresses or plain HTTP are
    /// allowed.
    pub fn new(policy: FetchPolicy) -> Result<Self, FetchError> {
        Self::build(policy, true, Arc::from([]))
    }

    /// [`Fetcher::new`], also trusting the CA certificates of the PEM file `ca_file`
    /// (`[federation] extra_ca_file`) besides the usual roots.
    pub fn with_extra_ca(
        policy: FetchPolicy,
        ca_file: Option<&std::path::Path>,
    ) -> Result<Self, FetchError> {
        let Some(path) = ca_file else {
            return Self::new(policy);
        };
        let bad = |reason: String| FetchError::Connect {
            url: String::new(),
            reason: format!("federation.extra_ca_file {}: {reason}", path.display()),
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let roots = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| bad(e.to_string()))?;
        if roots.is_empty() {
            return Err(bad("no certificate in it".into()));
        }
        Self::build(policy, true, Arc::from(roots))
    }

    /// The same client, except that URLs on `base`'s origin (the node's own public URL) are
    /// fetched even over plain HTTP or from a non-public address.
    pub fn with_own_origin(mut self, base: &Url) -> Result<Self, FetchError> {
        if self.policy.allow_http && self.policy.allow_private_addresses {
            return Ok(self);
        }
        let relaxed = FetchPolicy {
            allow_http: true,
            allow_private_addresses: true,
            ..*self.policy
        };
        self.own = Some(Arc::new(OwnOrigin {
            origin: base.origin().ascii_serialization(),
            fetcher: Self::build(relaxed, false, self.roots.clone())?,
        }));
        Ok(self)
    }

    fn build(
        policy: FetchPolicy,
        announce: bool,
        roots: Arc<[reqwest::Certificate]>,
    ) -> Result<Self, FetchError> {
        if announce && policy.allow_private_addresses {
            tracing::warn!(
                "federation.allow_private_addresses is on: outbound fetches may reach \
                 loopback and private networks; use only for local tests"
            );
        }
        if announce && policy.allow_http {
            tracing::warn!("federation.allow_http is on: outbound fetches may use plain HTTP");
        }
        let redirect_policy = policy;
        let client = reqwest::Client::builder()
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver {
                allow_private: policy.allow_private_addresses,
            }))
            .redirect(Policy::custom(move |attempt| {
                check_redirect(&redirect_policy, attempt)
            }))
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("Mochila/", env!("CARGO_PKG_VERSION")))
            .tls_certs_merge(roots.iter().cloned())
            .build()
            .map_err(|e| FetchError::Connect {
                url: String::new(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Self {
            client,
            policy: Arc::new(policy),
            roots,
            own: None,
        })
    }

    /// Whether `url` is on the node's own origin (see [`Fetcher::with_own_origin`]).
    pub fn is_own(&self, url: &str) -> bool {
        self.own.as_ref().is_some_and(|own| {
            Url::parse(url).is_ok_and(|u| u.origin().ascii_serialization() == own.origin)
        })
    }

    /// The policy in force.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// Checks that `url` may be fetched at all (scheme, IP literal host); host names are
    /// checked on resolution.
    pub fn check_url(&self, url: &str) -> Result<Url, FetchError> {
        let parsed = Url::parse(url).map_err(|e| FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
        if let Some(own) = &self.own
            && parsed.origin().ascii_serialization() == own.origin
        {
            return own.fetcher.check_url(url);
        }
        check_target(&self.policy, &parsed)?;
        Ok(parsed)
    }

    /// GETs `url` with `Accept: accept`; requires a 200 and a body within the size limit.
    pub async fn get(&self, url: &str, accept: &str) -> Result<Fetched, FetchError> {
        self.get_signed(url, accept, None).await
    }

    /// [`Fetcher::get`], with the request signed by `sign` (an HTTP signature over the
    /// method, target, host and date; the node's own origin is fetched unsigned).
    pub async fn get_signed(
        &self,
        url: &str,
        accept: &str,
        sign: Option<&SignRequest<'_>>,
    ) -> Result<Fetched, FetchError> {
        if let Some(own) = self.own.as_ref().filter(|_| self.is_own(url)) {
            return Box::pin(own.fetcher.get(url, accept)).await;
        }
        let target = self.check_url(url)?;
        let mut request = self.client.get(target.clone());
        if let Ok(value) = HeaderValue::from_str(accept) {
            request = request.header(ACCEPT, value);
        }
        if let Some(sign) = sign {
            let mut signed = HttpRequest::new("GET", target.as_str()).with_header("Accept", accept);
            sign(&mut signed).map_err(|e| FetchError::Connect {
                url: url.to_owned(),
                reason: format!("cannot sign the request: {e}"),
            })?;
            for (name, value) in &signed.headers {
                if name.eq_ignore_ascii_case("accept") || name.eq_ignore_ascii_case("host") {
                    continue;
                }
                if let Ok(value) = HeaderValue::from_str(value) {
                    request = request.header(name.as_str(), value);
                }
            }
        }
        let mut response = request.send().await.map_err(|e| self.map_error(url, &e))?;
        let final_url = response.url().clone();
        let status = response.status().as_u16();
        if status != 200 {
            return Err(FetchError::Status {
                url: final_url.to_string(),
                status,
            });
        }
        let max_bytes = self.policy.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: final_url.to_string(),
            max_bytes,
        };
        if response
            .content_length()
            .is_some_and(|len| len > max_bytes as u64)
        {
            return Err(too_large());
        }
        let headers = response.headers();
        let media_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let max_age = headers
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_max_age);
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > max_bytes {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(self.map_error(final_url.as_str(), &e)),
            }
        }
        Ok(Fetched {
            url: final_url,
            media_type,
            max_age,
            body: Bytes::from(body),
        })
    }

    /// GETs a JSON document (see [`Fetched::json`]).
    pub async fn get_json(&self, url: &str, accept: &str) -> Result<Fetched, FetchError> {
        let fetched = self.get(url, accept).await?;
        fetched.json()?;
        Ok(fetched)
    }

    fn map_error(&self, url: &str, error: &reqwest::Error) -> FetchError {
        let url = error.url().map_or_else(|| url.to_owned(), Url::to_string);
        // Our own errors (from the resolver or the redirect policy) are in the source chain.
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = source {
            if let Some(refused) = e.downcast_ref::<RefusedAddress>() {
                return FetchError::AddressRefused {
                    url,
                    source: refused.clone(),
                };
            }
            if let Some(unresolved) = e.downcast_ref::<UnresolvedHost>() {
                return FetchError::Dns {
                    url,
                    reason: unresolved.to_string(),
                };
            }
            if let Some(own) = e.downcast_ref::<FetchError>() {
                return own.clone();
            }
            source = e.source();
        }
        if error.is_timeout() {
            return FetchError::Timeout {
                url,
                secs: self.policy.timeout.as_secs(),
            };
        }
        if error.is_redirect() {
            return FetchError::TooManyRedirects {
                url,
                max: MAX_REDIRECTS,
            };
        }
        let reason = error_chain(error);
        if error.is_body() || error.is_decode() {
            FetchError::Body { url, reason }
        } else {
            FetchError::Connect { url, reason }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow: bool) -> FetchPolicy {
        FetchPolicy {
            allow_http: allow,
            allow_private_addresses: allow,
            timeout: Duration::from_secs(2),
            max_bytes: 1024,
        }
    }

    #[test]
    fn schemes_and_literal_addresses_are_checked() {
        let strict = policy(false);
        let check = |p: &FetchPolicy, u: &str| check_target(p, &Url::parse(u).unwrap());
        assert!(matches!(
            check(&strict, "http://example.edu/x"),
            Err(FetchError::SchemeRefused { .. })
        ));
        assert!(matches!(
            check(&strict, "ftp://example.edu/x"),
            Err(FetchError::SchemeRefused { .. })
        ));
        let err = check(&strict, "https://127.0.0.1:8443/x").unwrap_err();
        assert!(err.to_string().contains("loopback"), "{err}");
        assert!(check(&strict, "https://[::1]/x").is_err());
        assert!(check(&strict, "https://169.254.169.254/latest").is_err());
        assert!(check(&strict, "https://example.edu/x").is_ok());
        let lax = policy(true);
        assert!(check(&lax, "http://127.0.0.1:8080/x").is_ok());
        assert!(check(&lax, "file:///etc/passwd").is_err());
    }

    #[test]
    fn max_age_is_read() {
        assert_eq!(parse_max_age("public, max-age=300"), Some(300));
        assert_eq!(parse_max_age("no-store"), Some(0));
        assert_eq!(parse_max_age("public"), None);
        assert_eq!(parse_max_age("max-age=abc"), None);
    }

    #[tokio::test]
    async fn a_refused_address_is_reported_as_such() {
        let fetcher = Fetcher::new(policy(false)).unwrap();
        let err = fetcher
            .get("https://localhost:9/x", "application/json")
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::AddressRefused { .. }), "{err:?}");
    }
}
