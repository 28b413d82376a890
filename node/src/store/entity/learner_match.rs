//! A digest of one identifier (e-mail address, external id or DID) of a credential's
//! learner, per achievement: how a batch finds learners who already hold it without the
//! node storing their e-mail addresses. Never leaves this node.

use sea_orm::entity::prelude::*;

/// One identifier digest of one credential.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learner_match")]
pub struct Model {
    /// The credential.
    #[sea_orm(primary_key, auto_increment = false)]
    pub credential_id: String,
    /// Hex SHA-256 of the kind and the normalized identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub digest: String,
    /// The credential's achievement.
    pub achievement_id: String,
}

/// The credential it belongs to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `credential_id` -> `credential.id`.
    #[sea_orm(
        belongs_to = "super::credential::Entity",
        from = "Column::CredentialId",
        to = "super::credential::Column::Id"
    )]
    Credential,
}

impl Related<super::credential::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Credential.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
