//! One membership decision of the network this node coordinates, in an append-only log:
//! each carries the hash of the one before it.

use sea_orm::entity::prelude::*;

/// One decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_decision")]
pub struct Model {
    /// Its sequence number (from 1).
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The member's entity id.
    pub member: String,
    /// `apply`, `approve`, `reject`, `suspend`, `reinstate` or `remove`.
    pub action: String,
    /// Why.
    pub reason: Option<String>,
    /// Who decided (token name; the applicant's entity id for `apply`).
    pub decided_by: String,
    /// When.
    pub decided_at: TimeDateTimeWithTimeZone,
    /// The hash of the decision before (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 over this decision's fields and `prev_hash`, hex.
    pub hash: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
