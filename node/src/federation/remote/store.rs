//! Storing a remote actor as a peer: its handle, name, inboxes and document, and its keys
//! (replacing the ones stored before).

use mochila_protocol::activity::Actor;
use mochila_protocol::httpsig::PublicKey;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait as _, QueryFilter,
};
use serde_json::Value;

use super::without_fragment;
use crate::federation::{KnownScheme, Relation};
use crate::store::entity::{peer, peer_key};

/// `rsa` or `ed25519`: the kind of a stored key.
pub fn key_kind(key: &PublicKey) -> &'static str {
    match key {
        PublicKey::Ed25519(_) => "ed25519",
        PublicKey::Rsa(_) => "rsa",
    }
}

/// `preferredUsername@host[:port]`, when the actor has a username.
fn handle(actor: &Actor) -> Option<String> {
    let user = actor.preferred_username.as_deref()?.trim();
    let url = url::Url::parse(&actor.id).ok()?;
    let host = url.host_str()?;
    if user.is_empty() {
        return None;
    }
    Some(match url.port() {
        Some(port) => format!("{user}@{host}:{port}"),
        None => format!("{user}@{host}"),
    })
}

/// The keys `actor` lists for itself: `(key id, kind, material)`.
fn keys(actor: &Actor) -> Vec<(String, &'static str, String)> {
    let on_origin = |id: &str| {
        mochila_protocol::activity::check_same_origin("key", without_fragment(id), &actor.id)
            .is_ok()
    };
    let pems = actor
        .public_keys()
        .iter()
        .filter(|k| k.owner == actor.id && on_origin(&k.id))
        .filter_map(|k| {
            let key = PublicKey::from_pem(&k.public_key_pem).ok()?;
            Some((k.id.clone(), key_kind(&key), k.public_key_pem.clone()))
        });
    let multikeys = actor
        .assertion_methods()
        .iter()
        .filter(|m| m.controller == actor.id && on_origin(&m.id))
        .filter_map(|m| {
            let key = PublicKey::from_multikey(&m.public_key_multibase).ok()?;
            Some((m.id.clone(), key_kind(&key), m.public_key_multibase.clone()))
        });
    let mut all: Vec<_> = pems.chain(multikeys).collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all.dedup_by(|a, b| a.0 == b.0);
    all
}

/// Stores `actor` (document `raw`, just fetched) as a peer on `db` (the caller's
/// transaction): a new peer gets a UUID, no follow either way, signature scheme
/// `unknown`; a known one gets its handle, name, inboxes and document updated. Its keys
/// replace the ones stored before. Returns the peer row.
pub async fn upsert_peer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    raw: &Value,
) -> Result<peer::Model, DbErr> {
    let now = crate::store::now();
    let existing = peer::Entity::find()
        .filter(peer::Column::ActorId.eq(actor.id.as_str()))
        .one(db)
        .await?;
    let mut row = peer::ActiveModel {
        handle: Set(handle(actor)),
        name: Set(actor.name.clone()),
        inbox: Set(actor.inbox.clone()),
        shared_inbox: Set(actor.shared_inbox().map(str::to_owned)),
        actor_document: Set(Some(raw.clone())),
        fetched_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    };
    let stored = match existing {
        Some(existing) => {
            row.id = Set(existing.id);
            row.actor_id = NotSet;
            row.update(db).await?
        }
        None => {
            row.id = Set(uuid::Uuid::new_v4().to_string());
            row.actor_id = Set(actor.id.clone());
            row.following = Set(Relation::None.as_str().to_owned());
            row.following_activity = Set(None);
            row.follower = Set(Relation::None.as_str().to_owned());
            row.follower_activity = Set(None);
            row.blocked_at = Set(None);
            row.signature_scheme = Set(KnownScheme::Unknown.as_str().to_owned());
            row.consecutive_failures = Set(0);
            row.failing_since = Set(None);
            row.circuit_open_until = Set(None);
            row.unreachable_since = Set(None);
            row.last_error = Set(None);
            row.last_delivered_at = Set(None);
            row.last_heard_at = Set(None);
            row.key_refetched_at = Set(None);
            row.created_at = Set(now);
            row.insert(db).await?
        }
    };
    let keys = keys(actor);
    let ids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
    peer_key::Entity::delete_many()
        .filter(
            peer_key::Column::PeerId
                .eq(stored.id.as_str())
                .or(peer_key::Column::KeyId.is_in(ids)),
        )
        .exec(db)
        .await?;
    if !keys.is_empty() {
        let rows = keys
            .into_iter()
            .map(|(key_id, kind, material)| peer_key::ActiveModel {
                key_id: Set(key_id),
                peer_id: Set(stored.id.clone()),
                kind: Set(kind.to_owned()),
                material: Set(material),
                fetched_at: Set(now),
            });
        peer_key::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(stored)
}
