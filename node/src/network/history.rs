//! The coordinator's public membership history: the append-only decision log (each decision
//! with its sequence number and the hash of the one before), appended in the decision's
//! transaction and served a page at a time.

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::Network;
use super::members::MemberError;
use crate::store::entity::{network, network_decision};
use crate::store::{self, rfc3339};

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
pub(super) async fn log_decision(
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
