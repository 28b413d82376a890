//! FEP-8b32 object integrity proofs (`eddsa-jcs-2022`) on ActivityPub objects, and the
//! checks that tie an object to its actor: same origin, and a proof key the actor lists.

use ed25519_dalek::SigningKey;
use serde_json::Value;

use super::{Actor, DATA_INTEGRITY_V2_CONTEXT};
use crate::did::ResolvedKey;
use crate::multikey;
use crate::proof::{
    Cryptosuite, DataIntegrity, ProofError, ProofOptions, ResolveError, VerificationMethodResolver,
    VerifyOptions,
};

/// Why an object could not be signed, or is not the actor's.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ActivityError {
    /// The object is not a JSON object.
    #[error("the object is not a JSON object")]
    NotAnObject,
    /// A member the check needs is missing or not a string.
    #[error("member {0:?} is missing or not a string")]
    MissingMember(&'static str),
    /// Creating the proof failed.
    #[error("creating the proof: {0}")]
    Proof(#[from] ProofError),
    /// The proof does not verify; the reason names the failed check.
    #[error("the object's proof does not verify: {0}")]
    ProofInvalid(String),
    /// A URL is not an absolute http(s) URL with a host.
    #[error("{0:?} is not an absolute http(s) URL")]
    NotAnHttpUrl(String),
    /// Two URLs that must share an origin do not.
    #[error("{what} {url:?} is not on the origin of actor {actor:?}")]
    OriginMismatch {
        /// What the URL is (`id`, `verificationMethod`, ...).
        what: &'static str,
        /// The URL.
        url: String,
        /// The actor's id.
        actor: String,
    },
    /// The key is not one of the actor's.
    #[error("{key:?} is not listed in assertionMethod or publicKey of actor {actor:?}")]
    KeyNotOwned {
        /// The key id.
        key: String,
        /// The actor's id.
        actor: String,
    },
    /// The object names another actor.
    #[error("member {member} is {found:?}, not the signing actor {actor:?}")]
    WrongActor {
        /// `actor` or `attributedTo`.
        member: &'static str,
        /// Its value.
        found: String,
        /// The actor.
        actor: String,
    },
}

/// The origin of an absolute http(s) URL: `scheme://host[:port]`, lowercased, without a
/// default port.
pub fn origin(url: &str) -> Result<String, ActivityError> {
    let bad = || ActivityError::NotAnHttpUrl(url.to_owned());
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return Err(bad()),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() {
        return Err(bad());
    }
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    Ok(format!("{scheme}://{host}"))
}

/// Checks that `url` (named `what` in errors) is on the origin of `actor_id`.
pub fn check_same_origin(
    what: &'static str,
    url: &str,
    actor_id: &str,
) -> Result<(), ActivityError> {
    if origin(url)? == origin(actor_id)? {
        Ok(())
    } else {
        Err(ActivityError::OriginMismatch {
            what,
            url: url.to_owned(),
            actor: actor_id.to_owned(),
        })
    }
}

/// Checks that key `key_id` (a proof's `verificationMethod` or an HTTP signature's
/// `keyId`) belongs to `actor`: same origin, and listed in its `assertionMethod` or
/// `publicKey`.
pub fn check_key_belongs_to_actor(key_id: &str, actor: &Actor) -> Result<(), ActivityError> {
    check_same_origin("key", key_id, &actor.id)?;
    let listed = actor
        .assertion_methods()
        .iter()
        .any(|m| m.id == key_id && m.controller == actor.id)
        || actor
            .public_keys()
            .iter()
            .any(|k| k.id == key_id && k.owner == actor.id);
    if listed {
        Ok(())
    } else {
        Err(ActivityError::KeyNotOwned {
            key: key_id.to_owned(),
            actor: actor.id.clone(),
        })
    }
}

/// Adds a FEP-8b32 `eddsa-jcs-2022` proof to `object`, by `verification_method` (one of
/// the actor's `assertionMethod` Multikeys) at `created` (an XSD dateTimeStamp). The
/// Data Integrity context is appended to `@context` first if it is not there.
pub fn sign_object(
    object: Value,
    key: &SigningKey,
    verification_method: &str,
    created: &str,
) -> Result<Value, ActivityError> {
    let Value::Object(mut map) = object else {
        return Err(ActivityError::NotAnObject);
    };
    let context = match map.remove("@context") {
        None => Value::String(DATA_INTEGRITY_V2_CONTEXT.to_owned()),
        Some(Value::Array(mut items)) => {
            if !items.iter().any(|c| c == DATA_INTEGRITY_V2_CONTEXT) {
                items.push(DATA_INTEGRITY_V2_CONTEXT.into());
            }
            Value::Array(items)
        }
        Some(one) if one == DATA_INTEGRITY_V2_CONTEXT => one,
        Some(one) => Value::Array(vec![one, DATA_INTEGRITY_V2_CONTEXT.into()]),
    };
    map.insert("@context".into(), context);
    let options = ProofOptions::assertion(Cryptosuite::EddsaJcs2022, verification_method, created);
    Ok(DataIntegrity::default().sign_owned(Value::Object(map), key, &options)?)
}

/// Resolves proof keys from an actor's `assertionMethod` Multikeys.
struct ActorKeys<'a>(&'a Actor);

impl VerificationMethodResolver for ActorKeys<'_> {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey, ResolveError> {
        let fail = |reason: String| ResolveError {
            verification_method: verification_method.to_owned(),
            reason,
        };
        let method = self
            .0
            .assertion_methods()
            .iter()
            .find(|m| m.id == verification_method)
            .ok_or_else(|| fail(format!("not in assertionMethod of {:?}", self.0.id)))?;
        let key = multikey::decode_public(&method.public_key_multibase)
            .map_err(|e| fail(e.to_string()))?;
        Ok(ResolvedKey {
            id: method.id.clone(),
            controller: method.controller.clone(),
            key,
            assertion_method: true,
        })
    }
}

fn string_member<'a>(object: &'a Value, member: &'static str) -> Option<&'a str> {
    match object.get(member)? {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// Whether `value` is a Linked Data Signature (`RsaSignature2017` and the like, with a
/// `signatureValue`), which Mastodon-compatible servers add over the whole object after its
/// FEP-8b32 proof.
fn is_ld_signature(value: &Value) -> bool {
    value.get("signatureValue").is_some()
        && value
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.ends_with("Signature2017") || t.ends_with("Signature2018"))
}

/// Verifies `object`'s FEP-8b32 proofs against `actor`: every proof verifies with a
/// Multikey the actor lists under `assertionMethod` (and controls), the object's `id` is
/// on the actor's origin, and its `actor`/`attributedTo`, when present, is the actor.
/// A Linked Data Signature in `signature` (added after the proof, e.g. by Fedify and
/// Mastodon) is not covered by the proof and is set aside first.
pub fn verify_object(object: &Value, actor: &Actor) -> Result<(), ActivityError> {
    if !object.is_object() {
        return Err(ActivityError::NotAnObject);
    }
    if let Some(signature) = object.get("signature")
        && is_ld_signature(signature)
        && let Value::Object(map) = object
    {
        let mut without = map.clone();
        without.remove("signature");
        return verify_object(&Value::Object(without), actor);
    }
    let id = string_member(object, "id").ok_or(ActivityError::MissingMember("id"))?;
    check_same_origin("id", id, &actor.id)?;
    for member in ["actor", "attributedTo"] {
        if let Some(found) = string_member(object, member)
            && found != actor.id
        {
            return Err(ActivityError::WrongActor {
                member,
                found: found.to_owned(),
                actor: actor.id.clone(),
            });
        }
    }
    let options = VerifyOptions {
        check_issuer: false,
        ..VerifyOptions::default()
    };
    let report = DataIntegrity::default().verify(object, &ActorKeys(actor), &options);
    // A proof without a verificationMethod fails its format check below.
    for vm in report
        .proofs
        .iter()
        .filter_map(|p| p.verification_method.as_deref())
    {
        check_key_belongs_to_actor(vm, actor)?;
    }
    if report.verified {
        return Ok(());
    }
    let mut reasons = report.errors.clone();
    for proof in &report.proofs {
        for check in &proof.checks {
            if let crate::proof::Outcome::Failed { reason } = &check.outcome {
                reasons.push(format!(
                    "proof[{}] {:?}: {reason}",
                    proof.index, check.check
                ));
            }
        }
    }
    Err(ActivityError::ProofInvalid(reasons.join("; ")))
}
