//! An achievement (microcredential definition) in the catalogue: its current version and listing fields.

use sea_orm::entity::prelude::*;

/// One achievement.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "achievement")]
pub struct Model {
    /// Public id (a UUID), part of the achievement URL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The latest version number (1, 2, ...).
    pub current_version: i32,
    /// Name in the primary language of the current version (for listing and search).
    pub name: String,
    /// `achievementType` of the current version.
    pub achievement_type: String,
    /// `fieldOfStudy` of the current version.
    pub field_of_study: Option<String>,
    /// When it was archived (no new issuance), if it was.
    pub archived_at: Option<TimeDateTimeWithTimeZone>,
    /// When it was created.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When its last version was made or it was archived.
    pub updated_at: TimeDateTimeWithTimeZone,
    /// Who created it (token name).
    pub created_by: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
