//! A decision the coordinator proposed that waits for (or got) the members' endorsements
//! its network's charter requires.

use sea_orm::entity::prelude::*;

use super::states::ProposalState;

/// One proposal.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "network_proposal")]
pub struct Model {
    /// Its id (a UUID; its IRI is `{base}/federation/proposals/{id}`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// What it decides (`mochila_protocol::network::Action`, lowercase).
    pub action: String,
    /// The member it is about (none for a charter).
    pub member: Option<String>,
    /// The new charter's rules (a charter proposal only).
    pub rules: Option<Json>,
    /// Why (1 to 500 characters).
    pub reason: String,
    /// The admin who proposed it.
    pub proposed_by: String,
    /// The charter version it is taken under.
    pub charter_version: i64,
    /// The members' endorsements so far (`[{signer, jws}]`).
    pub endorsements: Json,
    /// Where it stands.
    pub state: ProposalState,
    /// When it was proposed.
    pub created_at: TimeDateTimeWithTimeZone,
    /// When it was enacted.
    pub decided_at: Option<TimeDateTimeWithTimeZone>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
