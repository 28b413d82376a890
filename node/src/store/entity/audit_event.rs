//! The audit log: who did what, when and why.

use sea_orm::entity::prelude::*;

/// One event.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    /// Sequence number.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// When.
    pub at: TimeDateTimeWithTimeZone,
    /// Who (token name).
    pub actor: String,
    /// Their role.
    pub role: String,
    /// What, e.g. `credential.revoke`.
    pub action: String,
    /// On what (a URL or id).
    pub subject: String,
    /// Why, when given.
    pub reason: Option<String>,
    /// Details (JSON object).
    pub details: Json,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
