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

use mochila_protocol::network::{ListState, check_change};
use serde_json::Value;

use super::Network;
pub use super::decision::Decision;
use super::history::log_decision;
use super::proposals::Outcome;
use super::proposals::rules_of;
use super::statements::{StatementError, fetch_entity_configuration};
use super::trust::member_change;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::federation::Published;
use crate::federation::inbox::{Authenticated, InboxError, Incoming, authenticate};
use crate::federation::remote::upsert_peer;
use crate::store::entity::states::{MemberState, ProposalState};
use crate::store::entity::{network, network_member, network_proposal};
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
    /// The institution may not take part in this decision.
    #[error("{0}")]
    NotEligible(String),
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
        let (request, auth) = self.authenticated(incoming).await?;
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
            lapses_at: None,
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

    /// Decides `decision` about member `entity`, for `reason` (1 to 500 characters),
    /// audited: enacted now when the charter needs no member's endorsement, otherwise
    /// proposed to the members ([`super::proposals`]).
    pub async fn decide(
        &self,
        caller: &Caller,
        entity: &str,
        decision: Decision,
        reason: &str,
    ) -> Result<Outcome<MemberView>, MemberError> {
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
        let (net, first) = self.ensure_charter(&txn, coordinated).await?;
        let member = network_member::Entity::find_by_id(entity.to_owned())
            .one(&txn)
            .await?
            .ok_or_else(|| MemberError::NotFound(entity.to_owned()))?;
        decision.next_for(&member)?;
        let subject = (Some(entity.to_owned()), None);
        let row = self
            .propose(&txn, &net, decision.name(), subject, reason, &caller.name)
            .await?;
        let proposal = self.proposal_url(&row.id);
        let (outcome, published) = self.try_enact_member(&txn, &net, row).await?;
        let action = match &outcome {
            Outcome::Now(_) => format!("network.{}", decision.name()),
            Outcome::Proposed(_) => format!("network.{}.propose", decision.name()),
        };
        audit::record(
            &txn,
            caller,
            Change {
                action: &action,
                subject: entity,
                reason: Some(reason),
                details: json!({"proposal": proposal}),
            },
        )
        .await?;
        txn.commit().await?;
        for p in first.iter().chain(published.iter()) {
            self.federation.published(p).await;
        }
        tracing::info!(%entity, decision = decision.name(), by = %caller.name, "network decision");
        Ok(outcome)
    }

    /// Enacts member proposal `row` if its endorsements meet the charter now.
    pub(super) async fn try_enact_member(
        &self,
        db: &impl ConnectionTrait,
        net: &network::Model,
        row: network_proposal::Model,
    ) -> Result<(Outcome<MemberView>, Option<Published>), MemberError> {
        let (counted, needed, eligible) = self.tally(db, net, &row).await?;
        if counted.len() < needed {
            return Ok((
                Outcome::Proposed(Box::new(self.view(db, net, row).await?)),
                None,
            ));
        }
        let decision = Decision::named(&row.action)
            .ok_or_else(|| MemberError::Conflict(format!("{} is no decision", row.action)))?;
        let entity = row.member.clone().unwrap_or_default();
        let member = network_member::Entity::find_by_id(entity.clone())
            .one(db)
            .await?
            .ok_or_else(|| MemberError::NotFound(entity.clone()))?;
        let next = decision.next_for(&member)?;
        let rules = rules_of(net);
        let confirmed = counted.len() >= rules.confirm.needed(eligible);
        let listed_before = matches!(member.state, MemberState::Active | MemberState::Suspended);
        let mut active: network_member::ActiveModel = member.into();
        active.state = Set(next);
        let now = store::now();
        active.lapses_at = Set((decision == Decision::Suspend && !confirmed)
            .then(|| now + time::Duration::seconds(rules.suspension_lapse_secs)));
        active.updated_at = Set(now);
        let updated = active.update(db).await?;
        log_decision(
            db,
            &entity,
            decision.name(),
            Some(&row.reason),
            &row.proposed_by,
        )
        .await?;
        let listed_after = matches!(next, MemberState::Active | MemberState::Suspended);
        if decision == Decision::Approve {
            self.issue_credential(db, &updated, &net.name).await?;
        } else {
            self.mark_credential(db, &entity, next).await?;
        }
        let enacted = Self::governed(decision).then(|| self.enacted(&row, counted.clone()));
        let published = if listed_before || listed_after {
            let change = member_change(&self.entity_id(), &net.name, &updated, enacted.as_ref());
            self.check_own_change(db, &change).await?;
            let audience = self.list_audience(db, Some(&updated)).await?;
            self.federation.publish_shared(db, change, audience).await?
        } else {
            None
        };
        self.close(db, row, &counted, ProposalState::Decided)
            .await?;
        Ok((Outcome::Now(updated.into()), published))
    }

    /// Refuses a change of the own list that the members' nodes would refuse.
    async fn check_own_change(
        &self,
        db: &impl ConnectionTrait,
        change: &crate::federation::shared::Change,
    ) -> Result<(), MemberError> {
        let docs = self.own_list(db).await?;
        let held = ListState::of(&docs);
        let prev = docs.iter().find(|d| d["id"] == change.object_id.as_str());
        let mut doc = Value::Object(change.content.clone().unwrap_or_default());
        doc["type"] = json!(change.object_type);
        let now = time::OffsetDateTime::now_utc();
        check_change(&self.entity_id(), &held, prev, &doc, false, now)
            .map_err(MemberError::Conflict)
    }

    /// `incoming` as a request to this node, and who signed it (HTTP signature).
    pub(super) async fn authenticated(
        &self,
        incoming: Incoming,
    ) -> Result<(mochila_protocol::httpsig::Request, Authenticated), MemberError> {
        let request = mochila_protocol::httpsig::Request {
            method: incoming.method,
            target_uri: format!("{}{}", self.entity_id(), incoming.path_and_query),
            headers: incoming.headers,
            body: incoming.body,
        };
        let now = time::OffsetDateTime::now_utc();
        let auth =
            authenticate(&self.federation.remote, &self.federation.db, &request, now).await?;
        Ok((request, auth))
    }

    /// Who hears of a change to `subject`'s list entry: every active or suspended member,
    /// and the subject.
    pub(super) async fn list_audience(
        &self,
        db: &impl ConnectionTrait,
        subject: Option<&network_member::Model>,
    ) -> Result<Vec<String>, DbErr> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let rows = network_member::Entity::find()
            .filter(
                network_member::Column::State.is_in([MemberState::Active, MemberState::Suspended]),
            )
            .all(db)
            .await?;
        let mut actors: Vec<String> = rows.into_iter().filter_map(|m| m.actor).collect();
        actors.extend(subject.and_then(|s| s.actor.clone()));
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
