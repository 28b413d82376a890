//! One change to a collection of shared objects, as its publisher signed it, in order.

use sea_orm::entity::prelude::*;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shared_change")]
pub struct Model {
    /// The collection's URL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub collection: String,
    /// Its place in the collection (from 1, without gaps).
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// The object changed.
    pub object_id: String,
    /// The object's version after the change (from 1).
    pub version: i32,
    /// `create`, `update` or `delete`.
    pub operation: String,
    /// The signed object (or tombstone), JSON text exactly as signed.
    pub document: String,
    /// When this node recorded it.
    pub recorded_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
