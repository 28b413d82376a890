//! Resolving what an admin types to follow a peer: an actor URL, or `acct:user@host`,
//! `user@host`, `@user@host` through WebFinger (`https://host/.well-known/webfinger`;
//! `http` only when `federation.allow_http`), taking the `self` link of type
//! `application/activity+json`.

use mochila_protocol::activity::{ACTIVITY_JSON, Jrd};

use super::{FetchedActor, RemoteActors, RemoteError};

/// What an admin typed, once classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// An actor URL.
    Url(String),
    /// `user@host`.
    Account { user: String, host: String },
}

fn classify(target: &str) -> Result<Target, RemoteError> {
    let target = target.trim();
    let bad = || RemoteError::BadTarget(target.to_owned());
    if let Ok(url) = url::Url::parse(target)
        && matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
    {
        return Ok(Target::Url(target.to_owned()));
    }
    let account = target
        .strip_prefix("acct:")
        .or_else(|| target.strip_prefix("ACCT:"))
        .unwrap_or(target);
    let account = account.strip_prefix('@').unwrap_or(account);
    let (user, host) = account.rsplit_once('@').ok_or_else(bad)?;
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if user.is_empty() || user.contains(['/', '?', '#', ' ']) || !host_ok {
        return Err(bad());
    }
    Ok(Target::Account {
        user: user.to_owned(),
        host: host.to_ascii_lowercase(),
    })
}

impl RemoteActors {
    /// Resolves `target` (an actor URL, `acct:user@host`, `user@host` or `@user@host`) to
    /// the actor document, fetched and checked; nothing is stored.
    pub async fn resolve(&self, target: &str) -> Result<FetchedActor, RemoteError> {
        let (user, host) = match classify(target)? {
            Target::Url(url) => return self.fetch_actor(&url).await,
            Target::Account { user, host } => (user, host),
        };
        let resource = format!("acct:{user}@{host}");
        let scheme = if self.config.allow_http {
            "http"
        } else {
            "https"
        };
        let mut url = url::Url::parse(&format!("{scheme}://{host}/.well-known/webfinger"))
            .map_err(|_| RemoteError::BadTarget(target.to_owned()))?;
        url.query_pairs_mut().append_pair("resource", &resource);
        let fail = |reason: String| RemoteError::WebFinger {
            resource: resource.clone(),
            url: url.to_string(),
            reason,
        };
        let fetched = self
            .fetcher
            .get(url.as_str(), "application/jrd+json, application/json")
            .await?;
        let jrd: Jrd = serde_json::from_slice(&fetched.body)
            .map_err(|e| fail(format!("not a JSON Resource Descriptor: {e}")))?;
        let href = jrd
            .links
            .iter()
            .find(|l| {
                l.rel == "self"
                    && l.type_
                        .as_deref()
                        .is_some_and(|t| t == ACTIVITY_JSON || t.starts_with("application/ld+json"))
            })
            .and_then(|l| l.href.clone())
            .ok_or_else(|| fail("no `self` link of type application/activity+json".to_owned()))?;
        self.fetch_actor(&href).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_classified() {
        let account = |u: &str, h: &str| Target::Account {
            user: u.into(),
            host: h.into(),
        };
        assert_eq!(
            classify("https://uni.example/actor").unwrap(),
            Target::Url("https://uni.example/actor".into())
        );
        assert_eq!(
            classify("acct:uni@Uni.Example").unwrap(),
            account("uni", "uni.example")
        );
        assert_eq!(
            classify("@uni@uni.example").unwrap(),
            account("uni", "uni.example")
        );
        assert_eq!(
            classify("uni@localhost:8080").unwrap(),
            account("uni", "localhost:8080")
        );
        for bad in [
            "",
            "uni",
            "@uni",
            "uni@",
            "a/b@host",
            "uni@ho st",
            "ftp://x/y",
        ] {
            assert!(classify(bad).is_err(), "{bad}");
        }
    }
}
