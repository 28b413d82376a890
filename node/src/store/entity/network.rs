//! The network this node coordinates (at most one row, id 1).

use sea_orm::entity::prelude::*;

/// The network.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "network")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Its name, e.g. "Red Latinoamericana de Microcredenciales".
    pub name: String,
    /// How long a subordinate statement about a member is valid, in seconds.
    pub statement_lifetime_secs: i32,
    /// Whether members may invite institutions (policy; applications still need approval).
    pub members_may_invite: bool,
    /// Its charter's rules (`mochila_protocol::network::Rules`); `None` for a network made
    /// before charters, which takes the default rules.
    pub rules: Option<Json>,
    /// The charter version published in its member list (0: none yet).
    pub charter_version: i64,
    /// When it was created.
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
