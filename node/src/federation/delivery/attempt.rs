//! One delivery attempt: POST the stored activity to the peer's inbox signed as the peer
//! is known to accept (both schemes with the RSA `#main-key`; draft-cavage when nothing is
//! known, RFC 9421 for a peer that signs RFC 9421 itself), knock once more with the other
//! scheme when the answer is 401/403, and classify the answer.

use std::time::Duration;

use mochila_protocol::activity::ACTIVITY_JSON;
use mochila_protocol::httpsig::{Request, Scheme};

use crate::federation::{Federation, KnownScheme};
use crate::fetch::{Answer, FetchError};

/// What became of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The peer accepted the activity (2xx).
    Delivered,
    /// Refused for good: 404/410, another 4xx than 408/429, or a URL the policy refuses.
    Failed,
    /// Worth trying again later: 408, 429, 5xx, no answer. `at_least` is the peer's
    /// `Retry-After`.
    Retry {
        /// The peer's `Retry-After`, when it gave one.
        at_least: Option<Duration>,
    },
}

/// The result of one attempt (one or two requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What to do with the delivery.
    pub verdict: Verdict,
    /// The status of the last answer, when there was one.
    pub status: Option<u16>,
    /// What went wrong, for people (`None` when delivered).
    pub error: Option<String>,
    /// The scheme the peer accepted, when this attempt learnt it.
    pub learnt: Option<KnownScheme>,
}

/// The scheme tried first for a peer known to accept `known`: draft-cavage unless the peer
/// is known to take RFC 9421. Every deployed server verifies cavage, while a server without
/// RFC 9421 that accepts an activity on its object proof (Fedify 1.5) answers 202 to an
/// RFC 9421 request it did not verify, so knocking RFC 9421 first would never learn it
/// (decision 0015).
pub fn first_scheme(known: KnownScheme) -> Scheme {
    match known {
        KnownScheme::Unknown | KnownScheme::Cavage => Scheme::Cavage,
        KnownScheme::Rfc9421 => Scheme::Rfc9421,
    }
}

fn other(scheme: Scheme) -> Scheme {
    match scheme {
        Scheme::Rfc9421 => Scheme::Cavage,
        Scheme::Cavage => Scheme::Rfc9421,
    }
}

fn known(scheme: Scheme) -> KnownScheme {
    match scheme {
        Scheme::Rfc9421 => KnownScheme::Rfc9421,
        Scheme::Cavage => KnownScheme::Cavage,
    }
}

fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Rfc9421 => "RFC 9421",
        Scheme::Cavage => "cavage",
    }
}

/// Whether an answer refuses the request's signature (the cue for the second knock).
fn refuses_signature(status: u16) -> bool {
    matches!(status, 401 | 403)
}

/// POSTs `document` to `inbox` for a peer known to accept `scheme_known`.
pub async fn attempt(
    federation: &Federation,
    inbox: &str,
    document: &[u8],
    scheme_known: KnownScheme,
) -> Outcome {
    let first = first_scheme(scheme_known);
    let answer = post(federation, inbox, document, first).await;
    let (answer, used) = match answer {
        Ok(a) if refuses_signature(a.status) => {
            let second = other(first);
            tracing::debug!(
                inbox,
                status = a.status,
                "signature refused: knocking again with {}",
                scheme_name(second)
            );
            (post(federation, inbox, document, second).await, second)
        }
        answer => (answer, first),
    };
    let mut outcome = classify(inbox, answer, used);
    if outcome.verdict == Verdict::Delivered && known(used) != scheme_known {
        outcome.learnt = Some(known(used));
    }
    outcome
}

async fn post(
    federation: &Federation,
    inbox: &str,
    document: &[u8],
    scheme: Scheme,
) -> Result<Answer, FetchError> {
    let signer = &federation.signer;
    let sign = |request: &mut Request| signer.sign(request, scheme);
    federation
        .fetcher
        .post_signed(inbox, ACTIVITY_JSON, document, &sign)
        .await
}

/// The verdict on an answer (or its absence) to a request signed with `used`.
pub fn classify(inbox: &str, answer: Result<Answer, FetchError>, used: Scheme) -> Outcome {
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => {
            let verdict = match e {
                FetchError::InvalidUrl { .. }
                | FetchError::SchemeRefused { .. }
                | FetchError::AddressRefused { .. } => Verdict::Failed,
                _ => Verdict::Retry { at_least: None },
            };
            return Outcome {
                verdict,
                status: None,
                error: Some(e.to_string()),
                learnt: None,
            };
        }
    };
    let status = answer.status;
    let verdict = match status {
        200..=299 => Verdict::Delivered,
        408 | 429 => Verdict::Retry {
            at_least: answer.retry_after,
        },
        400..=499 => Verdict::Failed,
        _ => Verdict::Retry { at_least: None },
    };
    let error = (verdict != Verdict::Delivered).then(|| {
        let excerpt: String = answer.body.trim().chars().take(300).collect();
        let signed = scheme_name(used);
        if excerpt.is_empty() {
            format!("{inbox}: the peer answered HTTP {status} (signed {signed})")
        } else {
            format!("{inbox}: the peer answered HTTP {status} (signed {signed}): {excerpt}")
        }
    });
    Outcome {
        verdict,
        status: Some(status),
        error,
        learnt: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<u64>) -> Result<Answer, FetchError> {
        Ok(Answer {
            status,
            retry_after: retry_after.map(Duration::from_secs),
            body: "nope".to_owned(),
        })
    }

    fn verdict(status: u16) -> Verdict {
        classify("https://peer/inbox", answer(status, None), Scheme::Rfc9421).verdict
    }

    #[test]
    fn statuses_are_classified() {
        for s in [200, 201, 202, 204] {
            assert_eq!(verdict(s), Verdict::Delivered, "{s}");
        }
        for s in [400, 401, 403, 404, 410, 422] {
            assert_eq!(verdict(s), Verdict::Failed, "{s}");
        }
        for s in [408, 429, 500, 502, 503, 301] {
            assert!(matches!(verdict(s), Verdict::Retry { .. }), "{s}");
        }
        let slow = classify("i", answer(429, Some(7)), Scheme::Cavage);
        assert_eq!(
            slow.verdict,
            Verdict::Retry {
                at_least: Some(Duration::from_secs(7))
            }
        );
        let error = slow.error.unwrap();
        assert!(error.contains("429") && error.contains("cavage") && error.contains("nope"));
    }

    #[test]
    fn missing_answers_are_retried_unless_the_policy_refuses() {
        let timeout = FetchError::Timeout {
            url: "u".into(),
            secs: 1,
        };
        let refused = FetchError::SchemeRefused {
            url: "u".into(),
            scheme: "ftp".into(),
        };
        let t = classify("u", Err(timeout), Scheme::Rfc9421);
        assert_eq!(t.verdict, Verdict::Retry { at_least: None });
        assert_eq!(t.status, None);
        let r = classify("u", Err(refused), Scheme::Rfc9421);
        assert_eq!(r.verdict, Verdict::Failed);
    }

    #[test]
    fn the_known_scheme_goes_first() {
        assert_eq!(first_scheme(KnownScheme::Unknown), Scheme::Cavage);
        assert_eq!(first_scheme(KnownScheme::Rfc9421), Scheme::Rfc9421);
        assert_eq!(first_scheme(KnownScheme::Cavage), Scheme::Cavage);
    }
}
