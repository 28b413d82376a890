//! The stored states of a cohort batch and of its rows, typed: each state is spelled once,
//! here, as the string the database and the admin API use.

use sea_orm::entity::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

/// Where a batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "lowercase")]
pub enum BatchState {
    /// Rows are being issued.
    #[sea_orm(string_value = "running")]
    Running,
    /// Every row is issued or failed.
    #[sea_orm(string_value = "completed")]
    Completed,
}

/// Where one row of a batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "lowercase")]
pub enum RowState {
    /// Waiting to be issued (or being signed by the worker that leased it).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Its credential is stored.
    #[sea_orm(string_value = "issued")]
    Issued,
    /// It could not be issued (the reason is stored with it).
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Where an institution stands in the network this node coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "lowercase")]
pub enum MemberState {
    /// Applied; waiting for a decision.
    #[sea_orm(string_value = "applied")]
    Applied,
    /// A member: statements are issued about it.
    #[sea_orm(string_value = "active")]
    Active,
    /// Suspended: no statements until reinstated.
    #[sea_orm(string_value = "suspended")]
    Suspended,
    /// Its application was rejected.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Removed from the network.
    #[sea_orm(string_value = "removed")]
    Removed,
}

impl RowState {
    /// The stored string (for the PostgreSQL bulk path's own SQL).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Issued => "issued",
            Self::Failed => "failed",
        }
    }
}

/// Where a version of one of the node's frameworks stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "lowercase")]
pub enum FrameworkState {
    /// Being written: only here, never shared.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Published to the network; its content is fixed.
    #[sea_orm(string_value = "published")]
    Published,
    /// Deprecated: still resolves, no new design may use it.
    #[sea_orm(string_value = "deprecated")]
    Deprecated,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    #[test]
    fn each_state_is_stored_as_the_api_writes_it() {
        for s in RowState::iter() {
            assert_eq!(s.to_value(), s.as_str());
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in BatchState::iter() {
            assert_eq!(serde_json::to_value(s).unwrap(), s.to_value());
        }
    }
}

/// Where a proposed network decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, ToSchema)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "lowercase")]
pub enum ProposalState {
    /// Waiting for endorsements.
    #[sea_orm(string_value = "open")]
    Open,
    /// Enacted.
    #[sea_orm(string_value = "decided")]
    Decided,
    /// Overtaken: the member's standing changed before it was enacted.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}
