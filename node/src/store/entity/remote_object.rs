//! An object a peer created, updated or deleted: the newest state wins, and a deletion is
//! remembered even when it arrives before the creation.

use sea_orm::entity::prelude::*;

/// One object.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "remote_object")]
pub struct Model {
    /// The object's IRI.
    #[sea_orm(primary_key, auto_increment = false)]
    pub object_id: String,
    /// The actor it belongs to.
    pub actor_id: String,
    /// Its type.
    pub object_type: String,
    /// Its newest state; `None` once deleted.
    pub document: Option<Json>,
    /// The time of that state (its `updated`, else `published`, else arrival).
    pub updated_at: TimeDateTimeWithTimeZone,
    /// When it was deleted.
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
    /// When the last change arrived.
    pub received_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
