//! The coordinator's members: applications (a signed request from the applicant's node,
//! checked against its actor key and its own entity configuration), decisions by the
//! coordinator's admins (approve, reject, suspend, reinstate, remove; each with a reason,
//! audited), and the append-only decision log in which each decision carries the hash of
//! the one before.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::Network;
use super::statements::{StatementError, fetch_entity_configuration};
use super::trust::member_change;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::federation::inbox::{InboxError, Incoming, authenticate};
use crate::federation::remote::upsert_peer;
use crate::store::entity::states::MemberState;
use crate::store::entity::{network, network_decision, network_member};
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

/// The hash of a decision: SHA-256 over the JCS of its public fields (`seq`, `member`,
/// `action`, `decidedAt`, `prevHash`), hex. Who decided and why stay in the audit log: the
/// history is public, and anyone can recompute the chain from it.
pub fn decision_hash(seq: i64, member: &str, action: &str, at: &str, prev: &str) -> String {
    let fields = json!({
        "seq": seq, "member": member, "action": action, "decidedAt": at, "prevHash": prev,
    });
    hex::encode(Sha256::digest(
        mochila_protocol::jcs::canonicalize(&fields).as_bytes(),
    ))
}

/// One decision as the public history shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRecord {
    /// Its sequence number (from 1).
    pub seq: i64,
    /// The member's entity id.
    pub member: String,
    /// `apply`, `approve`, `reject`, `suspend`, `reinstate` or `remove`.
    pub action: String,
    /// When (RFC 3339).
    pub decided_at: String,
    /// The previous decision's hash (64 zeros for the first).
    pub prev_hash: String,
    /// This decision's hash ([`decision_hash`]).
    pub hash: String,
}

/// A page of the history.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionPage {
    /// Decisions after the `after` asked for, oldest first.
    pub items: Vec<DecisionRecord>,
    /// The next page's URL, when there may be more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Decisions per page of the history.
pub const HISTORY_PAGE: u64 = 100;

impl Network {
    /// The decisions after sequence number `after`, oldest first, a page at a time.
    pub async fn history(&self, after: i64) -> Result<DecisionPage, MemberError> {
        use sea_orm::{ColumnTrait, QueryFilter};
        if self.coordinated().await?.is_none() {
            return Err(MemberError::NotCoordinating);
        }
        let rows = network_decision::Entity::find()
            .filter(network_decision::Column::Seq.gt(after))
            .order_by_asc(network_decision::Column::Seq)
            .limit(HISTORY_PAGE)
            .all(&self.federation.db)
            .await?;
        let next = (rows.len() as u64 == HISTORY_PAGE)
            .then(|| rows.last().map(|d| d.seq))
            .flatten()
            .map(|last| format!("{}/federation/history?after={last}", self.entity_id()));
        let items = rows
            .into_iter()
            .map(|d| DecisionRecord {
                seq: d.seq,
                member: d.member,
                action: d.action,
                decided_at: rfc3339(d.decided_at),
                prev_hash: d.prev_hash,
                hash: d.hash,
            })
            .collect();
        Ok(DecisionPage { items, next })
    }
}

/// Appends a decision to the log, after the last one (the network row is locked on
/// PostgreSQL so that two decisions cannot take the same number; SQLite serialises writers).
async fn log_decision(
    db: &impl ConnectionTrait,
    member: &str,
    action: &str,
    reason: Option<&str>,
    by: &str,
) -> Result<(), DbErr> {
    let mut lock = network::Entity::find_by_id(1);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        lock = lock.lock_exclusive();
    }
    lock.one(db).await?;
    let last = network_decision::Entity::find()
        .order_by_desc(network_decision::Column::Seq)
        .one(db)
        .await?;
    let seq = last.as_ref().map_or(1, |d| d.seq + 1);
    let prev_hash = last.map_or_else(|| "0".repeat(64), |d| d.hash);
    let decided_at = store::now();
    let hash = decision_hash(seq, member, action, &rfc3339(decided_at), &prev_hash);
    network_decision::ActiveModel::from(network_decision::Model {
        seq,
        member: member.to_owned(),
        action: action.to_owned(),
        reason: reason.map(str::to_owned),
        decided_by: by.to_owned(),
        decided_at,
        prev_hash,
        hash,
    })
    .insert(db)
    .await?;
    Ok(())
}
