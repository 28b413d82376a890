//! The current state of one shared object (the last change of it held).

use sea_orm::entity::prelude::*;

/// One object.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "shared_object")]
pub struct Model {
    /// Its IRI.
    #[sea_orm(primary_key, auto_increment = false)]
    pub object_id: String,
    /// The collection it belongs to.
    pub collection: String,
    /// Its type (`NetworkMember`, ...), also when deleted.
    pub object_type: String,
    /// Its version.
    pub version: i32,
    /// The change that made it so.
    pub seq: i64,
    /// Whether the last change deleted it.
    pub deleted: bool,
    /// The signed object (or tombstone).
    pub document: Json,
    /// When the publisher made the change.
    pub updated_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
