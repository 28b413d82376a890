//! Keys of remote actors: from the `peer_key` cache while fresh, else from the actor
//! document at the key id; forced refetches after a signature failure, at most one per
//! peer per `key_refetch_interval_secs`.

use mochila_protocol::activity::{Actor, check_same_origin};
use mochila_protocol::httpsig::PublicKey;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::{RemoteActors, RemoteError, parse_actor, without_fragment};
use crate::store::entity::{peer, peer_key};

/// An actor document, from the cache or just fetched.
#[derive(Debug, Clone)]
pub struct KnownActor {
    /// The parsed actor.
    pub actor: Actor,
    /// The document.
    pub raw: Value,
    /// Its peer row, when the node has met it before.
    pub peer: Option<peer::Model>,
    /// Whether it was fetched now (then it is stored with the request that it
    /// authenticates, never before that request verifies).
    pub fetched: bool,
}

/// A public key and the actor that owns it.
#[derive(Debug, Clone)]
pub struct PeerKey {
    /// The key id.
    pub key_id: String,
    /// The key.
    pub key: PublicKey,
    /// Its owner.
    pub owner: KnownActor,
}

/// The key `key_id` as `actor` lists it: a `publicKey` (RSA or Ed25519 PEM) owned by the
/// actor, or an `assertionMethod` Multikey it controls, on the actor's origin.
pub fn find_key(actor: &Actor, key_id: &str) -> Result<PublicKey, RemoteError> {
    let not_listed = || RemoteError::KeyNotListed {
        key_id: key_id.to_owned(),
        actor: actor.id.clone(),
    };
    check_same_origin("key", key_id, &actor.id).map_err(|_| not_listed())?;
    let invalid = |e: mochila_protocol::httpsig::HttpSigError| RemoteError::InvalidKey {
        key_id: key_id.to_owned(),
        reason: e.to_string(),
    };
    if let Some(k) = actor
        .public_keys()
        .iter()
        .find(|k| k.id == key_id && k.owner == actor.id)
    {
        return PublicKey::from_pem(&k.public_key_pem).map_err(invalid);
    }
    if let Some(m) = actor
        .assertion_methods()
        .iter()
        .find(|m| m.id == key_id && m.controller == actor.id)
    {
        return PublicKey::from_multikey(&m.public_key_multibase).map_err(invalid);
    }
    Err(not_listed())
}

fn is_fresh(fetched_at: Option<time::OffsetDateTime>, ttl_secs: u64) -> bool {
    let ttl = time::Duration::seconds(i64::try_from(ttl_secs).unwrap_or(i64::MAX));
    fetched_at.is_some_and(|at| at + ttl > crate::store::now())
}

/// The cached actor of `row`, when its document parses.
fn cached(row: peer::Model) -> Option<KnownActor> {
    let raw = row.actor_document.clone()?;
    let actor = serde_json::from_value(raw.clone()).ok()?;
    Some(KnownActor {
        actor,
        raw,
        peer: Some(row),
        fetched: false,
    })
}

impl RemoteActors {
    /// The actor `actor_id`: the stored document while fresh (`actor_cache_ttl_secs`),
    /// else fetched (not stored).
    pub async fn actor(
        &self,
        db: &impl ConnectionTrait,
        actor_id: &str,
    ) -> Result<KnownActor, RemoteError> {
        let row = peer::Entity::find()
            .filter(peer::Column::ActorId.eq(actor_id))
            .one(db)
            .await?;
        if let Some(row) = row {
            if is_fresh(row.fetched_at, self.config.actor_cache_ttl_secs)
                && let Some(known) = cached(row.clone())
            {
                return Ok(known);
            }
            let fetched = self.fetch_actor(actor_id).await?;
            return Ok(known_fetched(fetched.actor, fetched.raw, Some(row)));
        }
        let fetched = self.fetch_actor(actor_id).await?;
        Ok(known_fetched(fetched.actor, fetched.raw, None))
    }

    /// The key `key_id` and its owner: from `peer_key` while fresh, else from the document
    /// at the key id without fragment (an actor, or a key document whose `owner` is
    /// fetched in turn).
    pub async fn key(
        &self,
        db: &impl ConnectionTrait,
        key_id: &str,
    ) -> Result<PeerKey, RemoteError> {
        let stored = peer_key::Entity::find_by_id(key_id.to_owned())
            .one(db)
            .await?;
        if let Some(stored) = stored
            && is_fresh(Some(stored.fetched_at), self.config.actor_cache_ttl_secs)
            && let Some(row) = peer::Entity::find_by_id(stored.peer_id.clone())
                .one(db)
                .await?
            && let Some(owner) = cached(row)
            && let Ok(key) = PublicKey::from_pem(&stored.material)
                .or_else(|_| PublicKey::from_multikey(&stored.material))
        {
            return Ok(PeerKey {
                key_id: key_id.to_owned(),
                key,
                owner,
            });
        }
        let owner = self.fetch_key_owner(db, key_id).await?;
        let key = find_key(&owner.actor, key_id)?;
        Ok(PeerKey {
            key_id: key_id.to_owned(),
            key,
            owner,
        })
    }

    /// Fetches the key `key_id` again, ignoring the cache, unless the peer's keys were
    /// refetched less than `key_refetch_interval_secs` ago (then `None`). Records the
    /// refetch time on the peer.
    pub async fn refetch(
        &self,
        db: &impl ConnectionTrait,
        key_id: &str,
        peer: &peer::Model,
    ) -> Result<Option<PeerKey>, RemoteError> {
        if is_fresh(peer.key_refetched_at, self.config.key_refetch_interval_secs) {
            return Ok(None);
        }
        peer::Entity::update_many()
            .col_expr(
                peer::Column::KeyRefetchedAt,
                sea_orm::sea_query::Expr::value(crate::store::now()),
            )
            .filter(peer::Column::Id.eq(peer.id.as_str()))
            .exec(db)
            .await?;
        let fetched = self.fetch_actor(&peer.actor_id).await?;
        let owner = known_fetched(fetched.actor, fetched.raw, Some(peer.clone()));
        let key = find_key(&owner.actor, key_id)?;
        Ok(Some(PeerKey {
            key_id: key_id.to_owned(),
            key,
            owner,
        }))
    }

    async fn fetch_key_owner(
        &self,
        db: &impl ConnectionTrait,
        key_id: &str,
    ) -> Result<KnownActor, RemoteError> {
        let url = without_fragment(key_id);
        let raw = self.get_object(url).await?;
        let owner = raw
            .get("owner")
            .and_then(Value::as_str)
            .filter(|_| raw.get("inbox").is_none())
            .map(str::to_owned);
        let (actor, raw) = match owner {
            // A key document (`{id, owner, publicKeyPem}`): its owner is the actor.
            Some(owner) => {
                check_same_origin("owner", &owner, key_id).map_err(|_| {
                    RemoteError::KeyNotListed {
                        key_id: key_id.to_owned(),
                        actor: owner.clone(),
                    }
                })?;
                let fetched = self.fetch_actor(&owner).await?;
                (fetched.actor, fetched.raw)
            }
            None => {
                let fetched = parse_actor(url, raw)?;
                (fetched.actor, fetched.raw)
            }
        };
        let row = peer::Entity::find()
            .filter(peer::Column::ActorId.eq(actor.id.as_str()))
            .one(db)
            .await?;
        Ok(known_fetched(actor, raw, row))
    }
}

fn known_fetched(actor: Actor, raw: Value, peer: Option<peer::Model>) -> KnownActor {
    KnownActor {
        actor,
        raw,
        peer,
        fetched: true,
    }
}
