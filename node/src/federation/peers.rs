//! The admin side of following: follow and unfollow a peer, approve or reject its follow
//! request, block and unblock it. Each change and the activity it sends (if any) are
//! stored in one transaction, and audited.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use super::Federation;
use super::activities;
use super::model::Relation;
use super::outbox::{Audience, OutboxError, Published, Publisher};
use super::remote::{RemoteError, upsert_peer};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::store;
use crate::store::entity::{inbox_activity, peer};

/// Why a peer operation failed.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// No such peer.
    #[error("no peer {0} on this node")]
    NotFound(String),
    /// The operation does not apply to the peer's state.
    #[error("{0}")]
    Conflict(String),
    /// What to follow is not an actor URL or a handle.
    #[error("{0}")]
    BadTarget(String),
    /// The actor to follow cannot be found, fetched or read.
    #[error("/target: {0}")]
    Unreachable(String),
    /// The activity could not be published.
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// An admin action on a peer (the `{action}` of `POST /api/v1/peers/{id}/{action}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = PeerAction)]
pub enum Action {
    /// Follow it (again, if it was rejected or withdrawn; sends `Follow`).
    Follow,
    /// Stop following it (sends `Undo{Follow}`).
    Unfollow,
    /// Accept its pending follow request (sends `Accept`).
    Approve,
    /// Reject its follow request, or make it stop following (sends `Reject`).
    Reject,
    /// Refuse its activities and send it nothing; both follows end.
    Block,
    /// Lift the block.
    Unblock,
}

impl Action {
    fn audit_name(self) -> &'static str {
        match self {
            Action::Follow => "peer.follow",
            Action::Unfollow => "peer.unfollow",
            Action::Approve => "peer.approve",
            Action::Reject => "peer.reject",
            Action::Block => "peer.block",
            Action::Unblock => "peer.unblock",
        }
    }
}

/// Every peer, most recently changed first, a page at a time; and the total.
pub async fn list(
    db: &DatabaseConnection,
    page: u64,
    per_page: u64,
) -> Result<(Vec<peer::Model>, u64), DbErr> {
    let pages = peer::Entity::find()
        .order_by_desc(peer::Column::UpdatedAt)
        .order_by_asc(peer::Column::Id)
        .paginate(db, per_page);
    let total = pages.num_items().await?;
    Ok((pages.fetch_page(page.saturating_sub(1)).await?, total))
}

/// Peer `id`.
pub async fn get(db: &DatabaseConnection, id: &str) -> Result<peer::Model, PeerError> {
    peer::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| PeerError::NotFound(id.to_owned()))
}

/// How many peers follow the node, and how many it follows (accepted, not blocked).
pub async fn counts(db: &DatabaseConnection) -> Result<(u64, u64), DbErr> {
    let accepted = Relation::Accepted.as_str();
    let not_blocked = peer::Column::BlockedAt.is_null();
    let followers = peer::Entity::find()
        .filter(peer::Column::Follower.eq(accepted))
        .filter(not_blocked.clone())
        .count(db)
        .await?;
    let following = peer::Entity::find()
        .filter(peer::Column::Following.eq(accepted))
        .filter(not_blocked)
        .count(db)
        .await?;
    Ok((followers, following))
}

fn relation(s: &str) -> Relation {
    Relation::parse(s).unwrap_or(Relation::None)
}

/// The peer's `Follow` `id` as received (from the inbox), or its essentials.
async fn received_follow(
    db: &impl ConnectionTrait,
    id: &str,
    follower: &str,
    publisher: &Publisher,
) -> Result<Value, DbErr> {
    let stored = inbox_activity::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .and_then(|row| serde_json::from_str(&row.document).ok());
    Ok(stored.unwrap_or_else(
        || json!({"id": id, "type": "Follow", "actor": follower, "object": publisher.urls().actor}),
    ))
}

impl Federation {
    /// Applies `action` to peer `id` on behalf of `caller`, with `reason` for the audit
    /// log, in one transaction with the activity it sends (if any), and sends it. Returns
    /// the peer as it is now.
    pub async fn act_on_peer(
        &self,
        caller: &Caller,
        id: &str,
        action: Action,
        reason: Option<&str>,
    ) -> Result<peer::Model, PeerError> {
        let txn = store::begin_write(&self.db).await?;
        let (peer, published) = apply(&txn, &self.publisher, caller, id, action, reason).await?;
        txn.commit().await?;
        if let Some(p) = &published {
            self.published(p).await;
        }
        Ok(peer)
    }

    /// Follows an actor by URL or handle: the actor is fetched (signed GET) and checked,
    /// then stored as a peer and sent a `Follow` in one transaction.
    pub async fn follow(
        &self,
        caller: &Caller,
        target: &str,
        reason: Option<&str>,
    ) -> Result<peer::Model, PeerError> {
        let target = target.trim();
        if target.is_empty() {
            return Err(PeerError::BadTarget("give an actor URL or a handle".into()));
        }
        let fetched = self.remote.resolve(target).await.map_err(|e| match e {
            RemoteError::BadTarget(_) => PeerError::BadTarget(e.to_string()),
            RemoteError::Db(db) => PeerError::Db(db),
            other => PeerError::Unreachable(other.to_string()),
        })?;
        if fetched.actor.id == self.publisher.urls().actor {
            return Err(PeerError::BadTarget("that is this node's own actor".into()));
        }
        let txn = store::begin_write(&self.db).await?;
        let stored = upsert_peer(&txn, &fetched.actor, &fetched.raw).await?;
        let (peer, published) = apply(
            &txn,
            &self.publisher,
            caller,
            &stored.id,
            Action::Follow,
            reason,
        )
        .await?;
        txn.commit().await?;
        if let Some(p) = &published {
            self.published(p).await;
        }
        Ok(peer)
    }
}

/// Applies `action` to peer `id` on behalf of `caller`, with `reason` for the audit log,
/// in `txn`. Returns the peer as it is now and the activity queued for it, if any.
async fn apply(
    txn: &DatabaseTransaction,
    publisher: &Publisher,
    caller: &Caller,
    id: &str,
    action: Action,
    reason: Option<&str>,
) -> Result<(peer::Model, Option<Published>), PeerError> {
    let current = peer::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or_else(|| PeerError::NotFound(id.to_owned()))?;
    let blocked = current.blocked_at.is_some();
    if blocked && !matches!(action, Action::Unblock | Action::Block | Action::Unfollow) {
        return Err(PeerError::Conflict(format!(
            "peer {} ({}) is blocked: unblock it first",
            current.id, current.actor_id
        )));
    }
    let following = relation(&current.following);
    let follower = relation(&current.follower);
    let now = store::now();
    let mut row: peer::ActiveModel = current.clone().into();
    let mut activity = None;
    match action {
        Action::Follow => {
            if matches!(following, Relation::Pending | Relation::Accepted) {
                return Ok((current, None));
            }
            let follow = activities::follow(publisher, &current.actor_id);
            row.following = Set(Relation::Pending.as_str().to_owned());
            row.following_activity = Set(Some(follow.id.clone()));
            activity = Some(follow);
        }
        Action::Unfollow if matches!(following, Relation::Pending | Relation::Accepted) => {
            if let Some(follow_id) = &current.following_activity {
                activity = Some(activities::undo_follow(
                    publisher,
                    &current.actor_id,
                    follow_id,
                ));
            }
            row.following = Set(Relation::None.as_str().to_owned());
        }
        Action::Unfollow => return Ok((current, None)),
        _ => {}
    }
    match action {
        Action::Approve | Action::Reject => {
            let follow_id = current.follower_activity.clone().ok_or_else(|| {
                PeerError::Conflict(format!(
                    "peer {} has not asked to follow this node",
                    current.actor_id
                ))
            })?;
            let accept = action == Action::Approve;
            if accept && follower != Relation::Pending {
                return Err(PeerError::Conflict(format!(
                    "peer {} has no pending follow request (it is {follower})",
                    current.actor_id
                )));
            }
            if !accept && follower == Relation::None {
                return Err(PeerError::Conflict(format!(
                    "peer {} does not follow this node",
                    current.actor_id
                )));
            }
            let follow = received_follow(txn, &follow_id, &current.actor_id, publisher).await?;
            activity = Some(activities::answer_follow(publisher, &follow, accept));
            let now_follower = if accept {
                Relation::Accepted
            } else {
                Relation::None
            };
            row.follower = Set(now_follower.as_str().to_owned());
        }
        Action::Block => {
            // A blocked peer is sent nothing, not even the end of the follows.
            row.blocked_at = Set(Some(now));
            row.follower = Set(Relation::None.as_str().to_owned());
            row.following = Set(Relation::None.as_str().to_owned());
        }
        Action::Unblock => row.blocked_at = Set(None),
        _ => {}
    }
    row.updated_at = Set(now);
    let updated = row.update(txn).await?;
    let published = match activity {
        Some(a) => Some(
            publisher
                .publish(txn, a, Audience::Peer(updated.id.clone()))
                .await?,
        ),
        None => None,
    };
    audit::record(
        txn,
        caller,
        Change {
            action: action.audit_name(),
            subject: &updated.actor_id,
            reason,
            details: json!({
                "peer": updated.id,
                "following": updated.following,
                "follower": updated.follower,
                "activity": published.as_ref().map(|p| p.id.clone()),
            }),
        },
    )
    .await?;
    Ok((updated, published))
}
