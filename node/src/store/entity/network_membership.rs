//! A network this node has applied to, as a member: its coordinator's entity id.

use sea_orm::entity::prelude::*;

/// One membership (applied; the coordinator decides and says so in its statements).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_membership")]
pub struct Model {
    /// The coordinator's entity id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub coordinator: String,
    /// When this node last applied.
    pub applied_at: TimeDateTimeWithTimeZone,
    /// Who applied (token name).
    pub applied_by: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
