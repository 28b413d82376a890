//! An activity the node published, signed, as delivered and served.

use sea_orm::entity::prelude::*;

/// One activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_activity")]
pub struct Model {
    /// Publication order.
    #[sea_orm(primary_key)]
    pub seq: i64,
    /// The activity's IRI.
    #[sea_orm(unique)]
    pub activity_id: String,
    /// `Create`, `Update`, `Follow`, ...
    pub activity_type: String,
    /// The IRI of its object, when it has one.
    pub object_id: Option<String>,
    /// Whether it is public and listed in the outbox collection.
    pub listed: bool,
    /// The signed activity (JSON text, with its FEP-8b32 proof).
    pub document: String,
    /// When it was published.
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
