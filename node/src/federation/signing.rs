//! Signing the node's outgoing federation requests with the actor's RSA key
//! (`{actor}#main-key`, the one `publicKey` of the actor): RFC 9421 `rsa-v1_5-sha256`, or
//! draft-cavage-12 `rsa-sha256` for peers that only speak cavage. RSA under `publicKey` is
//! the one key every deployed verifier finds (Mastodon, Fedify, Misskey, Lemmy, ...); the
//! Ed25519 keys sign object proofs (FEP-8b32), not requests (decision 0015).

use std::sync::Arc;

use mochila_protocol::httpsig::{self, HttpSigError, Request, Scheme, SigningKey};

use super::actor::ActorUrls;
use crate::identity::Identity;
use crate::keys::KeyRing;

/// Signs requests as the institution's actor. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RequestSigner {
    inner: Arc<Key>,
}

#[derive(Debug)]
struct Key {
    rsa: SigningKey,
    rsa_id: String,
}

impl RequestSigner {
    /// A signer with the ring's RSA key, as `{actor}#main-key`.
    pub fn new(identity: &Identity, keys: &KeyRing) -> Self {
        Self {
            inner: Arc::new(Key {
                rsa: SigningKey::Rsa(keys.rsa.clone()),
                rsa_id: ActorUrls::new(identity).main_key,
            }),
        }
    }

    /// Signs `request` (its body, if any, already set) under `scheme` at the current time
    /// with the RSA key: RFC 9421 (`alg="rsa-v1_5-sha256"`, `created`) or draft-cavage-12
    /// (`rsa-sha256`). Adds `Date` either way, for peers that check it.
    pub fn sign(&self, request: &mut Request, scheme: Scheme) -> Result<(), HttpSigError> {
        let now = time::OffsetDateTime::now_utc();
        if request.header("date").is_none() {
            request.set_header("Date", &httpsig::http_date::format(now)?);
        }
        let key = &self.inner;
        match scheme {
            Scheme::Rfc9421 => {
                let options = httpsig::rfc9421::SignOptions::new(&key.rsa_id, now.unix_timestamp());
                httpsig::rfc9421::sign(request, &key.rsa, &options)
            }
            Scheme::Cavage => httpsig::cavage::sign(request, &key.rsa, &key.rsa_id, now),
        }
    }
}
