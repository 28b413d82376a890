//! Signing the node's outgoing federation requests: RFC 9421 with the active Ed25519 key
//! (its FEP-521a Multikey id as `keyid`), or draft-cavage-12 with the RSA key
//! (`{actor}#main-key`) for peers that only speak cavage.

use std::sync::Arc;

use mochila_protocol::httpsig::{self, HttpSigError, Request, Scheme, SigningKey};

use super::actor::{ActorError, ActorUrls};
use crate::identity::Identity;
use crate::keys::KeyRing;

/// Signs requests as the institution's actor. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RequestSigner {
    inner: Arc<Keys>,
}

#[derive(Debug)]
struct Keys {
    ed25519: SigningKey,
    ed25519_id: String,
    rsa: SigningKey,
    rsa_id: String,
}

impl RequestSigner {
    /// A signer with the ring's active Ed25519 key and its RSA key.
    pub fn new(identity: &Identity, keys: &KeyRing) -> Result<Self, ActorError> {
        let urls = ActorUrls::new(identity);
        let active = keys.active().ok_or(ActorError::NoActiveKey)?;
        Ok(Self {
            inner: Arc::new(Keys {
                ed25519: SigningKey::Ed25519(active.signing.clone()),
                ed25519_id: urls.multikey(&active.entry.id),
                rsa: SigningKey::Rsa(keys.rsa.clone()),
                rsa_id: urls.main_key,
            }),
        })
    }

    /// Signs `request` (its body, if any, already set) under `scheme` at the current time:
    /// RFC 9421 with the Ed25519 key, or draft-cavage-12 with the RSA key. Adds `Date`
    /// either way, for peers that check it.
    pub fn sign(&self, request: &mut Request, scheme: Scheme) -> Result<(), HttpSigError> {
        let now = time::OffsetDateTime::now_utc();
        if request.header("date").is_none() {
            request.set_header("Date", &httpsig::http_date::format(now)?);
        }
        let keys = &self.inner;
        match scheme {
            Scheme::Rfc9421 => {
                let options =
                    httpsig::rfc9421::SignOptions::new(&keys.ed25519_id, now.unix_timestamp());
                httpsig::rfc9421::sign(request, &keys.ed25519, &options)
            }
            Scheme::Cavage => httpsig::cavage::sign(request, &keys.rsa, &keys.rsa_id, now),
        }
    }
}
