//! A membership credential the coordinator issued to a member.

use sea_orm::entity::prelude::*;

/// One credential (the member's current one).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_credential")]
pub struct Model {
    /// The member's entity id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub member: String,
    /// The credential's id (its URL).
    #[sea_orm(unique)]
    pub credential_id: String,
    /// The signed credential (JSON text, as signed).
    pub document: String,
    /// Its revocation list number.
    pub revocation_list: i32,
    /// Its index in that list.
    pub revocation_index: i32,
    /// Its suspension list number.
    pub suspension_list: i32,
    /// Its index in that list.
    pub suspension_index: i32,
    /// When it was issued.
    pub issued_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
