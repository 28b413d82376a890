//! A version of a framework this node publishes.

use sea_orm::entity::prelude::*;

use super::states::FrameworkState;

/// One version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "framework_version")]
pub struct Model {
    /// The framework's slug.
    #[sea_orm(primary_key, auto_increment = false)]
    pub slug: String,
    /// The version.
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// Draft, published or deprecated.
    pub state: FrameworkState,
    /// The definition, every item IRI set (JSON text).
    pub definition: String,
    /// When the draft was made.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When it last changed.
    pub updated_at: TimeDateTimeWithTimeZone,
    /// When it was published.
    pub published_at: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
