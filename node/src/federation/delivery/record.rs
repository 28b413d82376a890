//! Delivering one claimed delivery and recording what happened, on the delivery (state,
//! attempts, next attempt, last status and error) and on its peer (failures in a row, since
//! when, the circuit breaker, the unreachable mark, the signature scheme it accepts), both
//! in one transaction.

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use super::attempt::{Outcome, Verdict, attempt};
use super::backoff::{backoff, to_time};
use super::claim::{Leased, still_held};
use crate::config::FederationConfig;
use crate::federation::{DeliveryState, Federation, KnownScheme};
use crate::store;
use crate::store::entity::{delivery, outbox_activity, peer};

/// Attempts `leased` and records the outcome (unless the lease was lost meanwhile).
/// Returns the verdict.
pub async fn deliver(
    federation: &Federation,
    db: &DatabaseConnection,
    leased: &Leased,
) -> Result<Verdict, DbErr> {
    let claimed = &leased.delivery;
    let document = outbox_activity::Entity::find_by_id(claimed.activity_seq)
        .one(db)
        .await?;
    let peer = peer::Entity::find_by_id(claimed.peer_id.clone())
        .one(db)
        .await?;
    let (Some(document), Some(peer)) = (document, peer) else {
        let outcome = Outcome {
            verdict: Verdict::Failed,
            status: None,
            error: Some(format!(
                "delivery {}: its activity (seq {}) or its peer ({}) no longer exists",
                claimed.id, claimed.activity_seq, claimed.peer_id
            )),
            learnt: None,
        };
        record(db, &federation.config, leased, &outcome, false).await?;
        return Ok(outcome.verdict);
    };
    let known = KnownScheme::parse(&peer.signature_scheme).unwrap_or(KnownScheme::Unknown);
    let outcome = attempt(
        federation,
        &claimed.inbox,
        document.document.as_bytes(),
        known,
    )
    .await;
    match &outcome.verdict {
        Verdict::Delivered => {
            tracing::debug!(delivery = claimed.id, inbox = %claimed.inbox, "delivered");
        }
        _ => tracing::info!(
            delivery = claimed.id,
            inbox = %claimed.inbox,
            verdict = ?outcome.verdict,
            error = outcome.error.as_deref().unwrap_or(""),
            "delivery attempt failed"
        ),
    }
    record(db, &federation.config, leased, &outcome, true).await?;
    Ok(outcome.verdict)
}

/// Writes `outcome` to the delivery (and, with `health`, to its peer, as the peer row is
/// at the time of writing: the inbox may have changed it during the attempt), and gives
/// up the lease; writes nothing
/// when the lease is no longer `leased`'s (it expired and another worker took the
/// delivery: that worker records its own outcome).
async fn record(
    db: &DatabaseConnection,
    config: &FederationConfig,
    leased: &Leased,
    outcome: &Outcome,
    health: bool,
) -> Result<(), DbErr> {
    let claimed = &leased.delivery;
    let now = store::now();
    let attempts = claimed.attempts.saturating_add(1);
    let mut row = delivery::ActiveModel {
        attempts: Set(attempts),
        locked_until: Set(None),
        last_status: Set(outcome.status.map(i32::from)),
        last_error: Set(outcome.error.clone()),
        ..Default::default()
    };
    match outcome.verdict {
        Verdict::Delivered => {
            row.state = Set(DeliveryState::Delivered.as_str().to_owned());
            row.delivered_at = Set(Some(now));
        }
        Verdict::Failed => row.state = Set(DeliveryState::Failed.as_str().to_owned()),
        Verdict::Retry { at_least } => {
            let wait = backoff(config, u32::try_from(attempts).unwrap_or(u32::MAX));
            let wait = at_least.map_or(wait, |a| a.min(MAX_RETRY_AFTER).max(wait));
            row.next_attempt_at = Set(now + to_time(wait));
        }
    }
    // The peer row first, then the delivery: the order every writer of both follows (the
    // inbox, the admin retry), so that two transactions never wait on each other.
    let txn = store::begin_write(db).await?;
    let peer = if health {
        peer::Entity::find_by_id(claimed.peer_id.clone())
            .one(&txn)
            .await?
    } else {
        None
    };
    if let Some(peer) = peer {
        peer_health(&peer, config, outcome, now)
            .update(&txn)
            .await?;
    }
    let updated = delivery::Entity::update_many()
        .set(row)
        .filter(still_held(leased))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        tracing::warn!(
            delivery = claimed.id,
            "delivery lease lost before its outcome was recorded; the new holder records its own"
        );
        return txn.rollback().await;
    }
    txn.commit().await
}

/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The peer's delivery health after `outcome` at `now`.
fn peer_health(
    peer: &peer::Model,
    config: &FederationConfig,
    outcome: &Outcome,
    now: OffsetDateTime,
) -> peer::ActiveModel {
    let mut row = peer::ActiveModel {
        id: Set(peer.id.clone()),
        updated_at: Set(now),
        signature_scheme: outcome
            .learnt
            .map_or(NotSet, |s| Set(s.as_str().to_owned())),
        ..Default::default()
    };
    match outcome.verdict {
        // The peer answered: it is reachable, whatever it thought of the activity.
        Verdict::Delivered | Verdict::Failed if outcome.status.is_some() => {
            row.consecutive_failures = Set(0);
            row.failing_since = Set(None);
            row.circuit_open_until = Set(None);
            row.unreachable_since = Set(None);
            if outcome.verdict == Verdict::Delivered {
                row.last_delivered_at = Set(Some(now));
            } else {
                row.last_error = Set(outcome.error.clone());
            }
        }
        Verdict::Delivered | Verdict::Failed => row.last_error = Set(outcome.error.clone()),
        Verdict::Retry { .. } => {
            let failures = peer.consecutive_failures.saturating_add(1);
            let since = peer.failing_since.unwrap_or(now);
            row.consecutive_failures = Set(failures);
            row.failing_since = Set(Some(since));
            row.last_error = Set(outcome.error.clone());
            let failures_u = u32::try_from(failures).unwrap_or(u32::MAX);
            if failures_u >= config.circuit_breaker_failures {
                let open = now + to_time(backoff(config, failures_u));
                row.circuit_open_until = Set(Some(open));
            }
            let limit = time::Duration::seconds(
                i64::try_from(config.unreachable_after_secs).unwrap_or(i64::MAX),
            );
            if peer.unreachable_since.is_none() && now - since >= limit {
                tracing::warn!(peer = %peer.actor_id, since = %store::rfc3339(since), "peer marked unreachable: its deliveries wait until it speaks again or an admin retries");
                row.unreachable_since = Set(Some(now));
            }
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(failures: i32, since: Option<OffsetDateTime>) -> peer::Model {
        let now = store::now();
        peer::Model {
            id: "p".into(),
            actor_id: "https://peer/actor".into(),
            handle: None,
            name: None,
            inbox: "https://peer/inbox".into(),
            shared_inbox: None,
            actor_document: None,
            fetched_at: None,
            following: "none".into(),
            following_activity: None,
            follower: "accepted".into(),
            follower_activity: None,
            blocked_at: None,
            signature_scheme: "unknown".into(),
            consecutive_failures: failures,
            failing_since: since,
            circuit_open_until: None,
            unreachable_since: None,
            last_error: None,
            last_delivered_at: None,
            last_heard_at: None,
            key_refetched_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn outcome(verdict: Verdict, status: Option<u16>) -> Outcome {
        Outcome {
            verdict,
            status,
            error: Some("boom".into()),
            learnt: None,
        }
    }

    #[test]
    fn failures_open_the_circuit_and_then_mark_the_peer_unreachable() {
        let config = FederationConfig {
            circuit_breaker_failures: 3,
            ..FederationConfig::for_test()
        };
        let now = store::now();
        let retry = outcome(Verdict::Retry { at_least: None }, Some(500));
        let first = peer_health(&peer(0, None), &config, &retry, now);
        assert_eq!(first.consecutive_failures, Set(1));
        assert_eq!(first.failing_since, Set(Some(now)));
        assert_eq!(first.circuit_open_until, NotSet);
        let third = peer_health(&peer(2, Some(now)), &config, &retry, now);
        assert!(matches!(third.circuit_open_until, sea_orm::ActiveValue::Set(Some(t)) if t > now));
        assert_eq!(third.unreachable_since, NotSet);
        let old = now - time::Duration::seconds(61);
        let late = peer_health(&peer(9, Some(old)), &config, &retry, now);
        assert_eq!(late.unreachable_since, Set(Some(now)));
        assert_eq!(late.failing_since, Set(Some(old)));
    }

    #[test]
    fn an_answer_resets_the_failures() {
        let config = FederationConfig::for_test();
        let now = store::now();
        for verdict in [Verdict::Delivered, Verdict::Failed] {
            let row = peer_health(
                &peer(7, Some(now)),
                &config,
                &outcome(verdict, Some(410)),
                now,
            );
            assert_eq!(row.consecutive_failures, Set(0));
            assert_eq!(row.circuit_open_until, Set(None));
        }
        let refused = outcome(Verdict::Failed, None);
        let row = peer_health(&peer(7, Some(now)), &config, &refused, now);
        assert_eq!(row.consecutive_failures, NotSet);
    }
}
