//! A key the node has published and signed with: its id (`key-1`, ..., or `rsa`) and a
//! fingerprint of its public half, checked against `keys/` at every start.

use sea_orm::entity::prelude::*;

/// One key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_key")]
pub struct Model {
    /// `key-<n>` (an Ed25519 verification method fragment) or `rsa`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Ed25519: the `publicKeyMultibase`; RSA: hex SHA-256 of the SPKI DER.
    pub public_key: String,
    /// When the node first started with it.
    pub registered_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
