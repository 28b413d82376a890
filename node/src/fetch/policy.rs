//! The outbound policy applied to each URL and redirect (scheme, address literal, redirect
//! count), the cache lifetime a response allows, and error texts with their causes.

use reqwest::redirect::Attempt;
use url::Url;

use super::{FetchError, FetchPolicy, MAX_REDIRECTS, check_address};

/// The scheme and (for an IP literal) address checks of one URL.
pub(super) fn check_target(policy: &FetchPolicy, url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "https" => {}
        "http" if policy.allow_http => {}
        scheme => {
            return Err(FetchError::SchemeRefused {
                url: url.to_string(),
                scheme: scheme.to_owned(),
            });
        }
    }
    let literal = match url.host() {
        None => {
            return Err(FetchError::InvalidUrl {
                url: url.to_string(),
                reason: "it has no host".to_owned(),
            });
        }
        Some(url::Host::Domain(_)) => None,
        Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
    };
    if let Some(ip) = literal {
        let host = url.host_str().unwrap_or_default();
        check_address(host, ip, policy.allow_private_addresses).map_err(|source| {
            FetchError::AddressRefused {
                url: url.to_string(),
                source,
            }
        })?;
    }
    Ok(())
}

/// The redirect policy: at most [`MAX_REDIRECTS`], each target checked like the first URL.
pub(super) fn check_redirect(
    policy: &FetchPolicy,
    attempt: Attempt<'_>,
) -> reqwest::redirect::Action {
    // `previous` holds the first URL and every redirect followed so far.
    if attempt.previous().len() > MAX_REDIRECTS {
        let first = attempt
            .previous()
            .first()
            .map(Url::to_string)
            .unwrap_or_default();
        return attempt.error(FetchError::TooManyRedirects {
            url: first,
            max: MAX_REDIRECTS,
        });
    }
    match check_target(policy, attempt.url()) {
        Ok(()) => attempt.follow(),
        Err(e) => attempt.error(e),
    }
}

/// `max-age` from a `Cache-Control` value; `no-store`/`no-cache` count as 0.
pub fn parse_max_age(value: &str) -> Option<u64> {
    let mut max_age = None;
    for directive in value.split(',') {
        let directive = directive.trim().to_ascii_lowercase();
        if directive == "no-store" || directive == "no-cache" {
            return Some(0);
        }
        if let Some(n) = directive.strip_prefix("max-age=") {
            max_age = n.trim_matches('"').parse().ok();
        }
    }
    max_age
}

pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let more = e.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = e.source();
    }
    text
}
