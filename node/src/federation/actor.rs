//! The institution's actor document: where it lives, its handle, and the `Organization`
//! built from the institution profile and the key ring, signed with an FEP-8b32
//! `eddsa-jcs-2022` proof by the active Ed25519 key.

use mochila_protocol::activity::{
    ActivityError, Actor, ActorType, CryptographicKey, Endpoints, Multikey, OneOrMany,
    default_context, sign_object,
};
use mochila_protocol::multikey;
use serde_json::{Map, Value, json};

use crate::identity::Identity;
use crate::institution::InstitutionProfile;
use crate::keys::{KeyError, KeyRing};

/// The URLs of the institution's actor and of everything hanging off it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorUrls {
    /// The actor's id, `{base}/actor`.
    pub actor: String,
    /// `{actor}/inbox` (also the shared inbox: the node has a single actor).
    pub inbox: String,
    /// `{actor}/outbox`.
    pub outbox: String,
    /// `{actor}/followers`.
    pub followers: String,
    /// `{actor}/following`.
    pub following: String,
    /// `{actor}#main-key`, the RSA key the node's HTTP signatures (RFC 9421 and
    /// draft-cavage) are made with.
    pub main_key: String,
    /// The node's home page, `{base}/`.
    pub home: String,
}

impl ActorUrls {
    /// The URLs for the node at `identity`.
    pub fn new(identity: &Identity) -> Self {
        let actor = identity.actor_url();
        Self {
            inbox: format!("{actor}/inbox"),
            outbox: format!("{actor}/outbox"),
            followers: format!("{actor}/followers"),
            following: format!("{actor}/following"),
            main_key: format!("{actor}#main-key"),
            home: format!("{}/", identity.base),
            actor,
        }
    }

    /// The id of Ed25519 key `key_id` (e.g. `key-1`) as an `assertionMethod` Multikey.
    pub fn multikey(&self, key_id: &str) -> String {
        format!("{}#{key_id}", self.actor)
    }
}

/// Why the actor document could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ActorError {
    /// Every Ed25519 key is retired.
    #[error("the node has no active Ed25519 key: run `mochila keys rotate`")]
    NoActiveKey,
    /// The RSA public key could not be encoded.
    #[error("publicKey: {0}")]
    Key(#[from] KeyError),
    /// The actor could not be serialised or signed.
    #[error("actor proof: {0}")]
    Proof(#[from] ActivityError),
    /// The actor could not be serialised.
    #[error("actor document: {0}")]
    Json(#[from] serde_json::Error),
}

/// The institution's WebFinger handle (the `preferredUsername`), derived from the base URL
/// so that it never changes while the URL does not: the last path segment when the base
/// URL has a path (`https://example.edu/units/ing` → `ing`), otherwise the first label of
/// the host (`https://usach.cl` → `usach`). Characters other than `a-z 0-9 _ - .` become
/// `_`; an empty result becomes `institution`.
pub fn handle(identity: &Identity) -> String {
    let rest = identity
        .base
        .split_once("://")
        .map_or(identity.base.as_str(), |(_, r)| r);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let source = match path.split('/').rfind(|s| !s.is_empty()) {
        Some(segment) => segment,
        None => {
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            let host = if host.starts_with('[') {
                host.trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or_default()
            } else {
                host.split(':').next().unwrap_or_default()
            };
            host.split('.').next().unwrap_or_default()
        }
    };
    let cleaned: String = source
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches(['-', '.']);
    if cleaned.is_empty() {
        "institution".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// The actor's `@context`: Mochila's default plus the `assertionMethod` term (FEP-521a),
/// which none of those contexts defines at the top level; without it JSON-LD processors
/// (Fedify) drop the Multikeys.
fn actor_context() -> Value {
    let mut context = default_context();
    if let Value::Array(items) = &mut context {
        items.push(json!({
            "assertionMethod": {
                "@id": "https://w3id.org/security#assertionMethod",
                "@type": "@id",
                "@container": "@set"
            }
        }));
    }
    context
}

/// The actor without its proof: an `Organization` named after the institution, with the
/// RSA key under `publicKey` and every Ed25519 key (the active one first, retired ones
/// kept so that old proofs stay verifiable) under `assertionMethod`.
pub fn unsigned_actor(
    identity: &Identity,
    keys: &KeyRing,
    profile: &InstitutionProfile,
) -> Result<Actor, ActorError> {
    let urls = ActorUrls::new(identity);
    let mut ordered: Vec<_> = keys.ed25519.iter().collect();
    ordered.sort_by_key(|k| k.entry.retired.is_some());
    let assertion_method = ordered
        .iter()
        .map(|k| Multikey {
            id: urls.multikey(&k.entry.id),
            type_: "Multikey".to_owned(),
            controller: urls.actor.clone(),
            public_key_multibase: multikey::encode_public(&k.signing.verifying_key()),
            extra: Map::new(),
        })
        .collect();
    let mut extra = Map::new();
    extra.insert("manuallyApprovesFollowers".into(), Value::Bool(false));
    extra.insert("discoverable".into(), Value::Bool(true));
    if !profile.logo.is_empty() {
        extra.insert("icon".into(), json!({"type": "Image", "url": profile.logo}));
    }
    let summary = (!profile.description.is_empty())
        .then(|| format!("<p>{}</p>", mochila_pages::escape(&profile.description)));
    Ok(Actor {
        context: Some(actor_context()),
        id: urls.actor.clone(),
        type_: ActorType::Organization,
        preferred_username: Some(handle(identity)),
        name: Some(profile.legal_name.clone()),
        summary,
        url: Some(Value::String(urls.home.clone())),
        inbox: urls.inbox.clone(),
        outbox: Some(urls.outbox.clone()),
        followers: Some(urls.followers.clone()),
        following: Some(urls.following.clone()),
        endpoints: Some(Endpoints {
            shared_inbox: Some(urls.inbox.clone()),
            extra: Map::new(),
        }),
        public_key: Some(OneOrMany::One(CryptographicKey {
            id: urls.main_key.clone(),
            owner: urls.actor.clone(),
            public_key_pem: keys.rsa_public_pem()?,
            extra: Map::new(),
        })),
        assertion_method: Some(OneOrMany::Many(assertion_method)),
        also_known_as: Some(OneOrMany::Many(vec![identity.did.clone()])),
        extra,
    })
}

/// The actor document as served: [`unsigned_actor`] with `attachment` (links, e.g. the
/// network membership credentials) when there are any, and an FEP-8b32 `eddsa-jcs-2022`
/// proof by the active key, created at `created` (an XSD dateTimeStamp).
pub fn build_actor(
    identity: &Identity,
    keys: &KeyRing,
    profile: &InstitutionProfile,
    attachment: &[Value],
    created: &str,
) -> Result<Value, ActorError> {
    let active = keys.active().ok_or(ActorError::NoActiveKey)?;
    let mut actor = serde_json::to_value(unsigned_actor(identity, keys, profile)?)?;
    if !attachment.is_empty() {
        actor["attachment"] = Value::Array(attachment.to_vec());
    }
    let method = ActorUrls::new(identity).multikey(&active.entry.id);
    Ok(sign_object(actor, &active.signing, &method, created)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle_of(base: &str) -> String {
        handle(&Identity::from_base_url(&url::Url::parse(base).unwrap()).unwrap())
    }

    #[test]
    fn handle_comes_from_the_path_or_the_host() {
        assert_eq!(handle_of("https://usach.cl"), "usach");
        assert_eq!(handle_of("https://Creds.UNAM.mx/"), "creds");
        assert_eq!(handle_of("http://localhost:8080"), "localhost");
        assert_eq!(
            handle_of("https://example.edu/units/Ing%20Civil/"),
            "ing_20civil"
        );
    }
}
