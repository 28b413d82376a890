//! An institution that applied to, or belongs to, the network this node coordinates.

use sea_orm::entity::prelude::*;

use super::states::MemberState;

/// One member (or applicant).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "network_member")]
pub struct Model {
    /// Its entity id (base URL).
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity_id: String,
    /// Its did:web.
    pub did: String,
    /// Its ActivityPub actor, when known.
    pub actor: Option<String>,
    /// Its `metadata.federation_entity`, as its entity configuration said.
    pub organization: Json,
    /// Its keys (`jwks`), as its entity configuration said.
    pub jwks: Json,
    /// Where it stands.
    pub state: MemberState,
    /// When its suspension lapses, while it is an unconfirmed one.
    pub lapses_at: Option<TimeDateTimeWithTimeZone>,
    /// When it applied.
    pub applied_at: TimeDateTimeWithTimeZone,
    /// Last change.
    pub updated_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
