//! A Bitstring Status List: its bits, which indexes are taken, and the last signed list credential.

use sea_orm::entity::prelude::*;

/// One status list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "status_list")]
pub struct Model {
    /// `revocation` or `suspension`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub purpose: String,
    /// 1, 2, ... (a new list starts when one fills).
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    /// Number of entries.
    pub size: i32,
    /// The status bits (MSB first).
    pub bits: Vec<u8>,
    /// Which indexes are assigned to a credential (MSB first).
    pub allocated: Vec<u8>,
    /// How many are.
    pub allocated_count: i32,
    /// Bumped at every change of `bits`.
    pub version: i64,
    /// The signed list credential last published.
    #[sea_orm(column_type = "Text", nullable)]
    pub published: Option<String>,
    /// The `version` it was made from.
    pub published_version: Option<i64>,
    /// When it was signed.
    pub published_at: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
