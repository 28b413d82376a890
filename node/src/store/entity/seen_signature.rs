//! HTTP signatures accepted within the replay window: one seen again is a replay.

use sea_orm::entity::prelude::*;

/// One signature.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "seen_signature")]
pub struct Model {
    /// Hex SHA-256 of the signature bytes.
    #[sea_orm(primary_key, auto_increment = false)]
    pub signature_key: String,
    /// When it was accepted.
    pub seen_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
