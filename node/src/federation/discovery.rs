//! Discovery: WebFinger (RFC 7033) for `acct:<handle>@<host>` and the actor URL, and
//! NodeInfo 2.1 (the discovery document and the node's software, protocols and aggregate
//! usage; never anything about learners).

use mochila_protocol::activity::{
    ACTIVITY_JSON, Jrd, JrdLink, NODEINFO_2_1_REL, NodeInfo, NodeInfoServices, NodeInfoSoftware,
    NodeInfoUsage, NodeInfoUsers,
};
use serde_json::{Map, Value, json};

use super::actor::{ActorUrls, handle};
use crate::identity::Identity;
use crate::institution::InstitutionProfile;

/// Why a WebFinger query cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebFingerError {
    /// `resource` is absent or empty.
    #[error("the query parameter resource is required, e.g. ?resource=acct:{example}")]
    Missing {
        /// An example resource that would work.
        example: String,
    },
    /// `resource` is neither an `acct:` URI nor an absolute http(s) URL.
    #[error("resource {0:?} is neither acct:<user>@<host> nor an http(s) URL")]
    Malformed(String),
    /// `resource` is well-formed but names nobody on this node.
    #[error("resource {0:?} is not an actor of this node")]
    Unknown(String),
}

/// The `host[:port]` of the base URL, lowercased: the host part of the actor's `acct:`.
pub fn acct_host(identity: &Identity) -> String {
    let rest = identity
        .base
        .split_once("://")
        .map_or(identity.base.as_str(), |(_, r)| r);
    rest.split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The actor's `acct:` URI.
pub fn acct(identity: &Identity) -> String {
    format!("acct:{}@{}", handle(identity), acct_host(identity))
}

/// Answers a WebFinger query for `resource` (`None` when the parameter is absent).
pub fn webfinger(identity: &Identity, resource: Option<&str>) -> Result<Jrd, WebFingerError> {
    let resource = resource.map(str::trim).unwrap_or_default();
    if resource.is_empty() {
        return Err(WebFingerError::Missing {
            example: format!("{}@{}", handle(identity), acct_host(identity)),
        });
    }
    let urls = ActorUrls::new(identity);
    let known = if let Some(account) = strip_prefix_ignore_case(resource, "acct:") {
        let account = account.strip_prefix('@').unwrap_or(account);
        let (user, host) = account
            .rsplit_once('@')
            .filter(|(u, h)| !u.is_empty() && !h.is_empty())
            .ok_or_else(|| WebFingerError::Malformed(resource.to_owned()))?;
        user.eq_ignore_ascii_case(&handle(identity))
            && host.eq_ignore_ascii_case(&acct_host(identity))
    } else {
        let url = url::Url::parse(resource)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| WebFingerError::Malformed(resource.to_owned()))?;
        url::Url::parse(&urls.actor).is_ok_and(|actor| actor == url)
    };
    if !known {
        return Err(WebFingerError::Unknown(resource.to_owned()));
    }
    Ok(Jrd {
        subject: Some(acct(identity)),
        aliases: vec![urls.actor.clone(), identity.did.clone()],
        properties: Map::new(),
        links: vec![
            link("self", Some(ACTIVITY_JSON), &urls.actor),
            link(
                "http://webfinger.net/rel/profile-page",
                Some("text/html"),
                &urls.home,
            ),
        ],
        extra: Map::new(),
    })
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn link(rel: &str, media_type: Option<&str>, href: &str) -> JrdLink {
    JrdLink {
        rel: rel.to_owned(),
        type_: media_type.map(str::to_owned),
        href: Some(href.to_owned()),
        template: None,
        extra: Map::new(),
    }
}

/// `/.well-known/nodeinfo`: where the NodeInfo 2.1 document is.
pub fn nodeinfo_discovery(identity: &Identity) -> Jrd {
    Jrd {
        subject: None,
        aliases: Vec::new(),
        properties: Map::new(),
        links: vec![link(
            NODEINFO_2_1_REL,
            None,
            &format!("{}/nodeinfo/2.1", identity.base),
        )],
        extra: Map::new(),
    }
}

/// The NodeInfo 2.1 document. `published_achievements` (the public catalogue's size) is
/// reported as `localPosts`; the only user is the institution's actor.
pub fn nodeinfo(profile: &InstitutionProfile, published_achievements: u64) -> NodeInfo {
    let mut metadata = Map::new();
    metadata.insert("nodeName".into(), Value::String(profile.legal_name.clone()));
    metadata.insert(
        "institution".into(),
        json!({
            "legalName": profile.legal_name,
            "shortName": profile.short_name,
            "country": profile.country,
            "url": profile.url,
        }),
    );
    NodeInfo {
        version: "2.1".to_owned(),
        software: NodeInfoSoftware {
            name: "mochila".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            repository: None,
            homepage: None,
            extra: Map::new(),
        },
        protocols: vec!["activitypub".to_owned()],
        services: NodeInfoServices::default(),
        open_registrations: false,
        usage: NodeInfoUsage {
            users: NodeInfoUsers {
                total: Some(1),
                active_halfyear: Some(1),
                active_month: Some(1),
                extra: Map::new(),
            },
            local_posts: Some(published_achievements),
            extra: Map::new(),
        },
        metadata,
        extra: Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> Identity {
        Identity::from_base_url(&url::Url::parse("https://usach.cl").unwrap()).unwrap()
    }

    #[test]
    fn acct_and_actor_url_find_the_actor() {
        let i = identity();
        for r in [
            "acct:usach@usach.cl",
            "ACCT:Usach@USACH.cl",
            "acct:@usach@usach.cl",
            "https://usach.cl/actor",
        ] {
            let jrd = webfinger(&i, Some(r)).unwrap();
            assert_eq!(jrd.subject.as_deref(), Some("acct:usach@usach.cl"), "{r}");
            let me = jrd.link("self", Some(ACTIVITY_JSON)).unwrap();
            assert_eq!(me.href.as_deref(), Some("https://usach.cl/actor"));
        }
    }

    #[test]
    fn errors_are_told_apart() {
        let i = identity();
        assert!(matches!(
            webfinger(&i, None),
            Err(WebFingerError::Missing { .. })
        ));
        assert!(matches!(
            webfinger(&i, Some(" ")),
            Err(WebFingerError::Missing { .. })
        ));
        for bad in [
            "usach",
            "acct:usach",
            "acct:@usach.cl",
            "ftp://usach.cl/actor",
            "acct:",
        ] {
            assert!(
                matches!(webfinger(&i, Some(bad)), Err(WebFingerError::Malformed(_))),
                "{bad}"
            );
        }
        for unknown in [
            "acct:other@usach.cl",
            "acct:usach@uchile.cl",
            "https://usach.cl/issuer",
        ] {
            assert!(
                matches!(
                    webfinger(&i, Some(unknown)),
                    Err(WebFingerError::Unknown(_))
                ),
                "{unknown}"
            );
        }
    }
}
