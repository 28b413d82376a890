//! The stored response of a request made with an `Idempotency-Key`, replayed on retry.

use sea_orm::entity::prelude::*;

/// One record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_record")]
pub struct Model {
    /// Who sent it (token id) and where (route).
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// The `Idempotency-Key`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Hex SHA-256 of the request body.
    pub request_hash: String,
    /// The response status.
    pub status: i32,
    /// The response `Location`, if any.
    pub location: Option<String>,
    /// The response body.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// When it was first answered.
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
