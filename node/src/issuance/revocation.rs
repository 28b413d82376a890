//! Revoking (final), suspending and unsuspending credentials: the status bit and the
//! credential's record change in one transaction with the audit event; the list
//! credential is re-signed when it is next fetched.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DbErr, EntityTrait};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::issuance::Issuer;
use crate::issuance::records::CredentialRecord;
use crate::status_lists::{Purpose, Slot};
use crate::store::entity::credential;
use crate::store::{self};

/// What to do to a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Revoke it, for good.
    Revoke,
    /// Suspend it until unsuspended.
    Suspend,
    /// Lift a suspension.
    Unsuspend,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Self::Revoke => "credential.revoke",
            Self::Suspend => "credential.suspend",
            Self::Unsuspend => "credential.unsuspend",
        }
    }
}

/// The reason given for a change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Why: staff-only, recorded in the audit log and shown in the admin API; the public
    /// credential page and verification say only what happened and when.
    pub reason: String,
}

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum RevocationError {
    /// No such credential.
    #[error("no credential {0} on this node")]
    NotFound(String),
    /// No reason, or one too long.
    #[error("give a reason of 1 to 500 characters")]
    BadReason,
    /// The change does not apply in the credential's state.
    #[error("{0}")]
    Conflict(String),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The state of a credential, for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CredentialState {
    /// Valid as issued.
    Active,
    /// Suspended.
    Suspended,
    /// Revoked.
    Revoked,
    /// Past its `validUntil`.
    Expired,
}

impl CredentialState {
    /// As the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }
}

/// The state of `c` now.
pub fn state_of(c: &credential::Model) -> CredentialState {
    if c.revoked_at.is_some() {
        CredentialState::Revoked
    } else if c.suspended_at.is_some() {
        CredentialState::Suspended
    } else if c.valid_until.is_some_and(|u| u <= store::now()) {
        CredentialState::Expired
    } else {
        CredentialState::Active
    }
}

impl Issuer {
    /// Applies `action` to credential `id`, for `request`'s reason (1 to 500 characters),
    /// and returns the credential's record after the change.
    pub async fn change_status(
        &self,
        caller: &Caller,
        id: &str,
        action: Action,
        request: &ReasonRequest,
    ) -> Result<CredentialRecord, RevocationError> {
        let reason = crate::text::reason(&request.reason).ok_or(RevocationError::BadReason)?;
        let c = apply(self, caller, id, action, reason).await?;
        Ok(self.record(&c))
    }
}

async fn apply(
    issuer: &Issuer,
    caller: &Caller,
    id: &str,
    action: Action,
    reason: &str,
) -> Result<credential::Model, RevocationError> {
    let _guard = issuer.status_lists.lock().await;
    let txn = store::begin_write(&issuer.db).await?;
    let c = credential::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| RevocationError::NotFound(id.to_owned()))?;
    if c.revoked_at.is_some() {
        return Err(RevocationError::Conflict(format!(
            "credential {id} is revoked; revocation is final"
        )));
    }
    let now = store::now();
    let mut row: credential::ActiveModel = c.clone().into();
    let (purpose, slot, bit) = match action {
        Action::Revoke => {
            row.revoked_at = Set(Some(now));
            row.revocation_reason = Set(Some(reason.to_owned()));
            (
                Purpose::Revocation,
                Slot {
                    list: c.revocation_list,
                    index: c.revocation_index,
                },
                true,
            )
        }
        Action::Suspend => {
            if c.suspended_at.is_some() {
                return Err(RevocationError::Conflict(format!(
                    "credential {id} is already suspended"
                )));
            }
            row.suspended_at = Set(Some(now));
            row.suspension_reason = Set(Some(reason.to_owned()));
            (
                Purpose::Suspension,
                Slot {
                    list: c.suspension_list,
                    index: c.suspension_index,
                },
                true,
            )
        }
        Action::Unsuspend => {
            if c.suspended_at.is_none() {
                return Err(RevocationError::Conflict(format!(
                    "credential {id} is not suspended"
                )));
            }
            row.suspended_at = Set(None);
            row.suspension_reason = Set(None);
            (
                Purpose::Suspension,
                Slot {
                    list: c.suspension_list,
                    index: c.suspension_index,
                },
                false,
            )
        }
    };
    issuer.status_lists.set(&txn, purpose, slot, bit).await?;
    let updated = row.update(&txn).await?;
    let subject = issuer.identity.credential_url(id);
    audit::record(
        &txn,
        caller,
        Change {
            action: action.name(),
            subject: &subject,
            reason: Some(reason),
            details: json!({"statusList": issuer.identity.status_list_url(purpose.as_str(), slot.list), "index": slot.index}),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(credential = %id, action = action.name(), by = %caller.name, "credential status changed");
    Ok(updated)
}
