//! A wallet claim exchange: a one-time, expiring VC-API exchange through which the learner's
//! wallet proves its DID and receives the credential re-issued to it.

use sea_orm::entity::prelude::*;

/// One exchange.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "wallet_exchange")]
pub struct Model {
    /// Unguessable id (128 random bits, hex), the last segment of `/exchanges/{id}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The credential offered.
    pub credential_id: String,
    /// The challenge the wallet must sign (128 random bits, hex).
    pub challenge: String,
    /// When it was created.
    pub created_at: TimeDateTimeWithTimeZone,
    /// Who created it (token name).
    pub created_by: String,
    /// After this instant it is refused.
    pub expires_at: TimeDateTimeWithTimeZone,
    /// When a wallet completed it (then it is refused too).
    pub completed_at: Option<TimeDateTimeWithTimeZone>,
    /// The DID of the wallet that completed it.
    pub holder: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
