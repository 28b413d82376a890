//! The decisions a coordinator's admins take about a member or applicant, and the state
//! each leads to.

use serde::Deserialize;
use utoipa::ToSchema;

use super::members::MemberError;
use crate::store;
use crate::store::entity::network_member;
use crate::store::entity::states::MemberState;

/// A coordinator's decision about a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = MemberAction)]
pub enum Decision {
    /// Admit an applicant.
    Approve,
    /// Refuse an applicant.
    Reject,
    /// Stop vouching for a member until reinstated.
    Suspend,
    /// Vouch for a suspended member again.
    Reinstate,
    /// Remove a member (or applicant) from the network.
    Remove,
    /// Confirm a member's suspension, so that it does not lapse.
    Confirm,
}

impl Decision {
    /// Every decision.
    const ALL: [Self; 6] = [
        Self::Approve,
        Self::Reject,
        Self::Suspend,
        Self::Reinstate,
        Self::Remove,
        Self::Confirm,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Suspend => "suspend",
            Self::Reinstate => "reinstate",
            Self::Remove => "remove",
            Self::Confirm => "confirm",
        }
    }

    /// The decision called `name`.
    pub(super) fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The state it leads `member` to, or why it does not apply. An unconfirmed
    /// suspension whose time has come counts as active; only one that has not can be
    /// confirmed.
    pub(super) fn next_for(
        self,
        member: &network_member::Model,
    ) -> Result<MemberState, MemberError> {
        use MemberState::*;
        let now = store::now();
        let lapse = member.lapses_at;
        let from = match member.state {
            Suspended if lapse.is_some_and(|l| l <= now) => Active,
            other => other,
        };
        let next = match (self, from) {
            (Self::Approve, Applied) => Some(Active),
            (Self::Reject, Applied) => Some(Rejected),
            (Self::Suspend, Active) => Some(Suspended),
            (Self::Confirm, Suspended) if lapse.is_some() => Some(Suspended),
            (Self::Reinstate, Suspended) => Some(Active),
            (Self::Reinstate, Active) if member.state == Suspended => Some(Active),
            (Self::Remove, Applied | Active | Suspended) => Some(Removed),
            _ => None,
        };
        next.ok_or_else(|| {
            MemberError::Conflict(format!(
                "cannot {} {}: it is {from:?}",
                self.name(),
                member.entity_id
            ))
        })
    }
}
