//! A peer's public key, by key id, as published in its actor document.

use sea_orm::entity::prelude::*;

/// One key.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_key")]
pub struct Model {
    /// The key's IRI (`keyId` / `keyid` in signatures).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_id: String,
    /// The peer that owns it.
    pub peer_id: String,
    /// `rsa` or `ed25519`.
    pub kind: String,
    /// SPKI PEM (`publicKeyPem`) or a Multikey (`publicKeyMultibase`).
    pub material: String,
    /// When it was read from the actor document.
    pub fetched_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
