//! One immutable version of an achievement definition; issued credentials point at the version they were issued under.

use sea_orm::entity::prelude::*;

/// One version of a definition.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "achievement_version")]
pub struct Model {
    /// The achievement.
    #[sea_orm(primary_key, auto_increment = false)]
    pub achievement_id: String,
    /// Its version number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// The definition as designed (`catalogue::AchievementDefinition`).
    pub definition: Json,
    /// Its image, if any (an `image` row id).
    pub image_id: Option<String>,
    /// When this version was made.
    pub created_at: TimeDateTimeWithTimeZone,
    /// Who made it.
    pub created_by: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
