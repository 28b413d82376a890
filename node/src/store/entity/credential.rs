//! An issued credential: the signed document, the learner name for its page (never leaves this node), its status list slots and its revocation/suspension state.

use sea_orm::entity::prelude::*;

/// One issued credential.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credential")]
pub struct Model {
    /// Unguessable public id (random UUID), part of the credential URL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The achievement.
    pub achievement_id: String,
    /// The achievement version it was issued under.
    pub achievement_version: i32,
    /// The learner name.
    pub learner_name: String,
    /// The language it was issued in.
    pub lang: String,
    /// The signed credential, exactly as served.
    #[sea_orm(column_type = "Text")]
    pub document: String,
    /// When it was issued.
    pub issued_at: TimeDateTimeWithTimeZone,
    /// Who issued it (token name).
    pub issued_by: String,
    /// `validUntil`, if any.
    pub valid_until: Option<TimeDateTimeWithTimeZone>,
    /// The batch it was issued in, if any.
    pub batch_id: Option<String>,
    /// Its line in that batch.
    pub batch_line: Option<i32>,
    /// The learner's id at the institution (student number), from the batch row or the
    /// request; never in the credential, never federated.
    pub external_id: Option<String>,
    /// Revocation status list number.
    pub revocation_list: i32,
    /// Index in that list.
    pub revocation_index: i32,
    /// Suspension status list number.
    pub suspension_list: i32,
    /// Index in that list.
    pub suspension_index: i32,
    /// When it was revoked (final).
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
    /// Why.
    pub revocation_reason: Option<String>,
    /// When it was suspended, while it is.
    pub suspended_at: Option<TimeDateTimeWithTimeZone>,
    /// Why.
    pub suspension_reason: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
