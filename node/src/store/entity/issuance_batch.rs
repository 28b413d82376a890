//! A cohort issuance: accepted rows are issued in the background; progress survives restarts.

use sea_orm::entity::prelude::*;

/// One batch.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "issuance_batch")]
pub struct Model {
    /// Batch id (UUID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The achievement issued.
    pub achievement_id: String,
    /// Its version.
    pub achievement_version: i32,
    /// The language of the credentials.
    pub lang: String,
    /// Where it stands.
    pub state: super::states::BatchState,
    /// Rows accepted for issuance.
    pub total: i32,
    /// Rows issued.
    pub done: i32,
    /// Rows that failed while issuing.
    pub failed: i32,
    /// Rows rejected at validation (line, column, reason).
    pub rejected: Json,
    /// When it was submitted.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When the last row was processed.
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
    /// Who submitted it.
    pub created_by: String,
    /// Their role (absent for batches from before it was recorded: they were audited as
    /// `issuer`).
    pub created_by_role: Option<String>,
    /// Rows accepted with a warning, and ignored columns (line, column, reason).
    pub warnings: Option<Json>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
