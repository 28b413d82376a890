//! An API token: its hash (never the token), role and lifecycle.

use sea_orm::entity::prelude::*;

/// One API token.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    /// Token id (shown in listings, used to revoke).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A name for people: who or what uses the token.
    pub name: String,
    /// `admin`, `designer`, `issuer` or `viewer`.
    pub role: String,
    /// Hex SHA-256 of the token.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// When it was created.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When it was last used, if ever.
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    /// When it was revoked; revoked tokens are refused.
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
