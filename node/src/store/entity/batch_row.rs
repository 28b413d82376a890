//! One accepted row of a batch, waiting to be issued (the durable job).

use sea_orm::entity::prelude::*;

/// One row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "batch_row")]
pub struct Model {
    /// The batch.
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: String,
    /// Line number in the submitted file (1 = first data row for JSON).
    #[sea_orm(primary_key, auto_increment = false)]
    pub line: i32,
    /// The validated learner (`issuance::LearnerRequest`).
    pub payload: Json,
    /// Where it stands.
    pub state: super::states::RowState,
    /// Why it failed.
    pub error: Option<String>,
    /// Until when the worker that claimed it may sign it; free when absent or past.
    pub lease_until: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
