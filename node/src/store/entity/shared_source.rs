//! A collection of shared objects this node publishes or keeps a copy of, and how far it
//! has it.

use sea_orm::entity::prelude::*;

/// One collection.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shared_source")]
pub struct Model {
    /// The collection's URL (on its publisher's origin).
    #[sea_orm(primary_key, auto_increment = false)]
    pub collection: String,
    /// Its publisher's actor IRI.
    pub publisher: String,
    /// The last change held (0 for none): every change up to it is held, in order.
    pub last_seq: i64,
    /// When it was last caught up from the publisher (received copies only).
    pub synced_at: Option<TimeDateTimeWithTimeZone>,
    /// Why the last catch-up failed, if it did.
    pub last_error: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
