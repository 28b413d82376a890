//! The coordinator's members: applications (a signed request from the applicant's node,
//! checked against its actor key and its own entity configuration), decisions by the
//! coordinator's admins (approve, reject, suspend, reinstate, remove; each with a reason,
//! audited, logged in [`super::history`]), each decision published as the member's entry of
//! the shared member list, and the membership credential issued or marked.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::Network;
use super::history::log_decision;
use super::statements::{StatementError, fetch_entity_configuration};
use super::trust::member_change;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::federation::inbox::{InboxError, Incoming, authenticate};
use crate::federation::remote::upsert_peer;
use crate::store::entity::network_member;
use crate::store::entity::states::MemberState;
use crate::store::{self, rfc3339};

/// A member (or applicant) as the coordinator's admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    /// Its entity id (base URL).
    pub entity_id: String,
    /// Its did:web.
    pub did: String,
    /// Its ActivityPub actor, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Its name, from its entity configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it stands.
    pub state: MemberState,
    /// When it applied.
    pub applied_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<network_member::Model> for MemberView {
    fn from(m: network_member::Model) -> Self {
        Self {
            name: m.organization["organization_name"]
                .as_str()
                .map(str::to_owned),
            entity_id: m.entity_id,
            did: m.did,
            actor: m.actor,
            state: m.state,
            applied_at: rfc3339(m.applied_at),
            updated_at: rfc3339(m.updated_at),
        }
    }
}

/// What an applicant's node sends.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// The applicant's entity id (its base URL).
    pub entity: String,
}

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
}

impl Decision {
    fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Suspend => "suspend",
            Self::Reinstate => "reinstate",
            Self::Remove => "remove",
        }
    }

    /// The state it leads to from `from`, when it applies.
    fn next(self, from: MemberState) -> Option<MemberState> {
        use MemberState::*;
        match (self, from) {
            (Self::Approve, Applied) => Some(Active),
            (Self::Reject, Applied) => Some(Rejected),
            (Self::Suspend, Active) => Some(Suspended),
            (Self::Reinstate, Suspended) => Some(Active),
            (Self::Remove, Applied | Active | Suspended) => Some(Removed),
            _ => None,
        }
    }
}

/// Why an application or a decision was refused.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// This node coordinates no network.
    #[error("this node coordinates no network")]
    NotCoordinating,
    /// The request is not signed, or not by the applicant's node.
    #[error(transparent)]
    Signature(#[from] InboxError),
    /// A field of the request is wrong.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        message: String,
    },
    /// The applicant's entity configuration cannot be had or trusted.
    #[error(transparent)]
    Unverifiable(#[from] StatementError),
    /// No such member.
    #[error("no member or applicant {0}")]
    NotFound(String),
    /// The decision does not apply in the member's state.
    #[error("{0}")]
    Conflict(String),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The membership credential could not be signed.
    #[error("signing the membership credential: {0}")]
    Sign(String),
    /// The list change could not be signed or queued.
    #[error(transparent)]
    Publish(#[from] crate::federation::OutboxError),
}

impl Network {
    /// Receives an application, signed (HTTP signature) by an actor of the applicant's
    /// origin, and stores it (state `applied`) with the applicant's checked entity
    /// configuration. Applying again while applied refreshes it; a member is told so.
    pub async fn receive_application(&self, incoming: Incoming) -> Result<MemberView, MemberError> {
        if self.coordinated().await?.is_none() {
            return Err(MemberError::NotCoordinating);
        }
        let request = mochila_protocol::httpsig::Request {
            method: incoming.method,
            target_uri: format!("{}{}", self.entity_id(), incoming.path_and_query),
            headers: incoming.headers,
            body: incoming.body,
        };
        let now = time::OffsetDateTime::now_utc();
        let auth =
            authenticate(&self.federation.remote, &self.federation.db, &request, now).await?;
        let application: Application =
            serde_json::from_slice(&request.body).map_err(|e| MemberError::Invalid {
                field: "/entity",
                message: format!("the body must be {{\"entity\": \"<base URL>\"}}: {e}"),
            })?;
        let entity = application.entity.trim().trim_end_matches('/').to_owned();
        let did = mochila_protocol::did::did_web_from_base_url(&entity).map_err(|e| {
            MemberError::Invalid {
                field: "/entity",
                message: e.to_string(),
            }
        })?;
        if !auth.signer.actor.id.starts_with(&format!("{entity}/")) {
            return Err(MemberError::Invalid {
                field: "/entity",
                message: format!(
                    "signed by {}, an actor outside {entity}: an institution applies from its own node",
                    auth.signer.actor.id
                ),
            });
        }
        if entity == self.entity_id() {
            return Err(MemberError::Conflict(
                "the coordinator cannot apply to itself".into(),
            ));
        }
        let ec = fetch_entity_configuration(&self.federation.fetcher, &entity).await?;
        let txn = store::begin_write(&self.federation.db).await?;
        let existing = network_member::Entity::find_by_id(entity.clone())
            .one(&txn)
            .await?;
        if let Some(m) = &existing
            && matches!(m.state, MemberState::Active | MemberState::Suspended)
        {
            return Err(MemberError::Conflict(format!(
                "{entity} is a member already ({:?})",
                m.state
            )));
        }
        if auth.signer.peer.is_none() || auth.signer.fetched {
            // The coordinator delivers the member list to it once admitted.
            upsert_peer(&txn, &auth.signer.actor, &auth.signer.raw).await?;
        }
        let now = store::now();
        let row = network_member::Model {
            entity_id: entity.clone(),
            did,
            actor: Some(auth.signer.actor.id.clone()),
            organization: ec.organization,
            jwks: ec.jwks,
            state: MemberState::Applied,
            applied_at: existing.as_ref().map_or(now, |m| m.applied_at),
            updated_at: now,
        };
        let saved = match existing {
            Some(_) => {
                network_member::ActiveModel::from(row)
                    .reset_all()
                    .update(&txn)
                    .await?
            }
            None => network_member::ActiveModel::from(row).insert(&txn).await?,
        };
        log_decision(&txn, &entity, "apply", None, &entity).await?;
        txn.commit().await?;
        tracing::info!(%entity, "network application received");
        Ok(saved.into())
    }

    /// Applies `decision` to member `entity`, for `reason` (1 to 500 characters), audited.
    pub async fn decide(
        &self,
        caller: &Caller,
        entity: &str,
        decision: Decision,
        reason: &str,
    ) -> Result<MemberView, MemberError> {
        let reason = crate::text::reason(reason).ok_or_else(|| MemberError::Invalid {
            field: "/reason",
            message: "give a reason of 1 to 500 characters".into(),
        })?;
        let Some(coordinated) = self.coordinated().await? else {
            return Err(MemberError::NotCoordinating);
        };
        // The membership credential's status slots: the lists' lock before the transaction.
        let _lists = self.issuer.status_lists.lock().await;
        let txn = store::begin_write(&self.federation.db).await?;
        let member = network_member::Entity::find_by_id(entity.to_owned())
            .one(&txn)
            .await?
            .ok_or_else(|| MemberError::NotFound(entity.to_owned()))?;
        let next = decision.next(member.state).ok_or_else(|| {
            MemberError::Conflict(format!(
                "cannot {} {entity}: it is {:?}",
                decision.name(),
                member.state
            ))
        })?;
        let listed_before = matches!(member.state, MemberState::Active | MemberState::Suspended);
        let mut row: network_member::ActiveModel = member.into();
        row.state = Set(next);
        row.updated_at = Set(store::now());
        let updated = row.update(&txn).await?;
        log_decision(&txn, entity, decision.name(), Some(reason), &caller.name).await?;
        let listed_after = matches!(next, MemberState::Active | MemberState::Suspended);
        if decision == Decision::Approve {
            self.issue_credential(&txn, &updated, &coordinated.name)
                .await?;
        } else {
            self.mark_credential(&txn, entity, next).await?;
        }
        let published = if listed_before || listed_after {
            let change = member_change(&self.entity_id(), &coordinated.name, &updated);
            let audience = self.list_audience(&txn, &updated).await?;
            self.federation
                .publish_shared(&txn, change, audience)
                .await?
        } else {
            None
        };
        audit::record(
            &txn,
            caller,
            Change {
                action: &format!("network.{}", decision.name()),
                subject: entity,
                reason: Some(reason),
                details: json!({"state": next}),
            },
        )
        .await?;
        txn.commit().await?;
        if let Some(published) = &published {
            self.federation.published(published).await;
        }
        tracing::info!(%entity, decision = decision.name(), by = %caller.name, "network decision");
        Ok(updated.into())
    }

    /// Who hears of a change to `subject`'s list entry: every active or suspended member,
    /// and the subject.
    async fn list_audience(
        &self,
        db: &impl ConnectionTrait,
        subject: &network_member::Model,
    ) -> Result<Vec<String>, DbErr> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let rows = network_member::Entity::find()
            .filter(
                network_member::Column::State.is_in([MemberState::Active, MemberState::Suspended]),
            )
            .all(db)
            .await?;
        let mut actors: Vec<String> = rows.into_iter().filter_map(|m| m.actor).collect();
        actors.extend(subject.actor.clone());
        actors.sort();
        actors.dedup();
        Ok(actors)
    }

    /// Every member and applicant, most recently changed first.
    pub async fn members(&self) -> Result<Vec<MemberView>, MemberError> {
        if self.coordinated().await?.is_none() {
            return Err(MemberError::NotCoordinating);
        }
        let rows = network_member::Entity::find()
            .order_by_desc(network_member::Column::UpdatedAt)
            .all(&self.federation.db)
            .await?;
        Ok(rows.into_iter().map(MemberView::from).collect())
    }
}
