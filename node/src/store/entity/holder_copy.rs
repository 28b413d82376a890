//! A holder copy: a credential re-issued to the DID of the learner's wallet
//! (`credentialSubject.id`), otherwise identical to the original and sharing its status list
//! entries, so revoking or suspending the original does the same to every copy. Never
//! served publicly; only the wallet that claimed it received it.

use sea_orm::entity::prelude::*;

/// One copy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "holder_copy")]
pub struct Model {
    /// Random id (UUID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The original credential.
    pub credential_id: String,
    /// The exchange that issued it (one copy per exchange).
    pub exchange_id: String,
    /// The wallet's DID.
    pub holder: String,
    /// The signed copy, exactly as sent to the wallet.
    #[sea_orm(column_type = "Text")]
    pub document: String,
    /// When it was signed.
    pub issued_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
