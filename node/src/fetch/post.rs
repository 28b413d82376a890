//! Signed outbound POSTs (activity deliveries) under the same policy as the node's GETs:
//! scheme and address checks, the time limit, redirects re-checked; the answer's body is
//! read only up to a small cap, for error messages.

use std::time::Duration;

use mochila_protocol::httpsig::Request as HttpRequest;
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};

use super::{FetchError, Fetcher, SignRequest};

/// The most bytes of an answer's body kept (for the error message of a failed delivery).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A peer's answer to a POST, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// `Retry-After`, when given in seconds or as an HTTP date in the future.
    pub retry_after: Option<Duration>,
    /// The start of the body (at most [`MAX_ANSWER_BYTES`]), as text.
    pub body: String,
}

impl Fetcher {
    /// POSTs `body` as `content_type` to `url`, the request signed by `sign` (which sees
    /// the method, target, `Content-Type` and body, and adds its headers). Any status is an
    /// answer; errors are only for requests that got none (refused by the policy, connection
    /// failures, timeouts). The node's own origin is reached even when the policy would
    /// refuse it.
    pub async fn post_signed(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
        sign: &SignRequest<'_>,
    ) -> Result<Answer, FetchError> {
        let (client, policy) = match self.own.as_ref().filter(|_| self.is_own(url)) {
            Some(own) => (&own.fetcher.client, &own.fetcher.policy),
            None => (&self.client, &self.policy),
        };
        let target = self.check_url(url)?;
        let mut signed = HttpRequest::new("POST", target.as_str())
            .with_header("Content-Type", content_type)
            .with_body(body.to_vec());
        sign(&mut signed).map_err(|e| FetchError::Connect {
            url: url.to_owned(),
            reason: format!("cannot sign the request: {e}"),
        })?;
        let mut request = client.post(target.clone()).body(signed.body.clone());
        if let Ok(value) = HeaderValue::from_str(content_type) {
            request = request.header(CONTENT_TYPE, value);
        }
        for (name, value) in &signed.headers {
            if name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("host") {
                continue;
            }
            if let Ok(value) = HeaderValue::from_str(value) {
                request = request.header(name.as_str(), value);
            }
        }
        let exchange = async {
            let mut response = request.send().await.map_err(|e| self.map_error(url, &e))?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let mut kept = Vec::new();
            // The body matters only for the error message: a failure to read it is not one.
            while let Ok(Some(chunk)) = response.chunk().await {
                let room = MAX_ANSWER_BYTES.saturating_sub(kept.len());
                kept.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
                if kept.len() >= MAX_ANSWER_BYTES {
                    break;
                }
            }
            Ok(Answer {
                status,
                retry_after,
                body: String::from_utf8_lossy(&kept).into_owned(),
            })
        };
        tokio::time::timeout(policy.timeout, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(FetchError::Timeout {
                    url: url.to_owned(),
                    secs: policy.timeout.as_secs(),
                })
            })
    }
}

/// `Retry-After` as delay-seconds or an HTTP date (a date in the past gives zero).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = mochila_protocol::httpsig::http_date::parse(value).ok()?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Some(Duration::from_secs(u64::try_from(at - now).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_as_seconds_or_a_date() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-5"), None);
    }
}
