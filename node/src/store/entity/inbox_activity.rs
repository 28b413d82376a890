//! An activity received at the inbox, once per activity id.

use sea_orm::entity::prelude::*;

/// One activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbox_activity")]
pub struct Model {
    /// The activity's IRI.
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: String,
    /// The actor that performed it.
    pub actor_id: String,
    /// Its type.
    pub activity_type: String,
    /// Its object's IRI, when it has one.
    pub object_id: Option<String>,
    /// Its object's type, when embedded.
    pub object_type: Option<String>,
    /// What authenticated it: `proof` (FEP-8b32), `http-signature` or `origin` (fetched
    /// from its origin).
    pub verified_by: String,
    /// The HTTP signature the request carried, verified: `rfc9421` or `cavage`.
    pub http_signature: String,
    /// The activity as received (JSON text).
    pub document: String,
    /// When it arrived.
    pub received_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
