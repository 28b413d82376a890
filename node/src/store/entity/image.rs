//! An uploaded image (PNG or SVG), content-addressed by its SHA-256.

use sea_orm::entity::prelude::*;

/// One image.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image")]
pub struct Model {
    /// Hex SHA-256 of the bytes.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `image/png` or `image/svg+xml`.
    pub content_type: String,
    /// The image.
    pub bytes: Vec<u8>,
    /// When it was uploaded.
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
