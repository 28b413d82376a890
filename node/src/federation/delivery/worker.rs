//! The delivery worker: from node start until shutdown it claims due deliveries, one peer
//! per task (each task drains its peer's queue in order), up to `delivery_concurrency`
//! peers at once, so that a slow or dead peer never delays the others. It sleeps until
//! woken (an activity was published) or until the next delivery, lease or circuit is due.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use sea_orm::{DatabaseConnection, DbErr};
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::task::{Id, JoinSet};

use super::backoff::to_time;
use super::claim::{self, Leased, Scope};
use super::record::deliver;
use crate::federation::Federation;
use crate::store;

/// The longest the worker sleeps without looking at the queue.
const IDLE: Duration = Duration::from_secs(30);

/// The pause after a database error.
const ERROR_PAUSE: Duration = Duration::from_secs(2);

/// How long a claimed delivery is held: two requests (the second knock) and some margin.
/// A worker that dies leaves its leases to expire; the deliveries are then due again.
pub fn lease_duration(federation: &Federation) -> time::Duration {
    to_time(federation.config.delivery_timeout() * 2 + Duration::from_secs(5))
}

/// The deliveries this worker holds a lease on: id and lease end.
#[derive(Debug, Clone, Default)]
struct Held(Arc<Mutex<HashMap<i64, OffsetDateTime>>>);

impl Held {
    fn insert(&self, leased: &Leased) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(leased.delivery.id, leased.until);
    }

    fn remove(&self, id: i64) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
    }

    fn all(&self) -> Vec<(i64, OffsetDateTime)> {
        let held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        held.iter().map(|(id, until)| (*id, *until)).collect()
    }
}

/// What every peer task shares.
#[derive(Debug, Clone)]
struct Worker {
    federation: Federation,
    db: DatabaseConnection,
    held: Held,
    stop: watch::Receiver<bool>,
}

/// Runs until `stop` says so (or its sender is gone). Deliveries in flight at shutdown are
/// abandoned and their leases given up: they are attempted again after restart (the
/// receiving inbox ignores an activity id it has seen).
pub async fn run(federation: Federation, mut stop: watch::Receiver<bool>) {
    let worker = Worker {
        db: federation.db.clone(),
        federation,
        held: Held::default(),
        stop: stop.clone(),
    };
    let mut tasks = JoinSet::new();
    let mut busy: HashMap<Id, String> = HashMap::new();
    loop {
        if *stop.borrow() {
            break;
        }
        while let Some(done) = tasks.try_join_next_with_id() {
            finished(&mut busy, done);
        }
        let wait = match worker.fill(&mut tasks, &mut busy).await {
            Ok(()) => worker.until_next().await,
            Err(e) => {
                tracing::error!(error = %e, "delivery worker: will retry");
                ERROR_PAUSE
            }
        };
        tokio::select! {
            () = worker.federation.wakeup.notified() => {}
            () = tokio::time::sleep(wait) => {}
            Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => finished(&mut busy, done),
            changed = stop.changed() => if changed.is_err() { break },
        }
    }
    tasks.abort_all();
    while tasks.join_next().await.is_some() {}
    if let Err(e) = claim::release(&worker.db, &worker.held.all()).await {
        tracing::warn!(error = %e, "delivery worker: leases not given up; they expire on their own");
    }
}

fn finished(busy: &mut HashMap<Id, String>, done: Result<(Id, ()), tokio::task::JoinError>) {
    let id = match done {
        Ok((id, ())) => id,
        Err(e) => {
            if e.is_panic() {
                tracing::error!(error = %e, "delivery task panicked");
            }
            e.id()
        }
    };
    busy.remove(&id);
}

impl Worker {
    /// Starts a task for each peer with a due delivery, up to the concurrency limit.
    async fn fill(
        &self,
        tasks: &mut JoinSet<()>,
        busy: &mut HashMap<Id, String>,
    ) -> Result<(), DbErr> {
        let limit = self.federation.config.delivery_concurrency;
        if busy.len() >= limit {
            return Ok(());
        }
        let now = store::now();
        let wanted = u64::try_from(limit).unwrap_or(u64::MAX);
        let due = claim::due(&self.db, now, wanted, &Scope::default()).await?;
        let until = now + lease_duration(&self.federation);
        for next in due {
            if busy.len() >= limit {
                break;
            }
            if busy.values().any(|p| *p == next.peer_id) {
                continue;
            }
            let Some(leased) = claim::lease(&self.db, next, now, until).await? else {
                continue;
            };
            self.held.insert(&leased);
            let peer = leased.delivery.peer_id.clone();
            let handle = tasks.spawn(self.clone().drain_peer(leased));
            busy.insert(handle.id(), peer);
        }
        Ok(())
    }

    /// Delivers `first`, then the peer's next due deliveries one by one.
    async fn drain_peer(self, first: Leased) {
        let mut next = Some(first);
        while let Some(current) = next.take() {
            let id = current.delivery.id;
            if let Err(e) = deliver(&self.federation, &self.db, &current).await {
                tracing::error!(delivery = id, error = %e, "delivery not recorded; retried when its lease expires");
            }
            self.held.remove(id);
            if *self.stop.borrow() {
                return;
            }
            let peer_id = &current.delivery.peer_id;
            next = match self.claim_next(peer_id).await {
                Ok(next) => next,
                Err(e) => {
                    tracing::error!(peer = %peer_id, error = %e, "delivery worker: cannot read the peer's queue");
                    None
                }
            };
        }
    }

    /// The peer's next due delivery, leased.
    async fn claim_next(&self, peer_id: &str) -> Result<Option<Leased>, DbErr> {
        let now = store::now();
        let scope = Scope {
            peer_id: Some(peer_id.to_owned()),
            ..Scope::default()
        };
        let Some(next) = claim::due(&self.db, now, 1, &scope)
            .await?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let until = now + lease_duration(&self.federation);
        let leased = claim::lease(&self.db, next, now, until).await?;
        if let Some(leased) = &leased {
            self.held.insert(leased);
        }
        Ok(leased)
    }

    /// How long to sleep: until the next delivery, lease or circuit is due, at most
    /// [`IDLE`].
    async fn until_next(&self) -> Duration {
        let now = store::now();
        match claim::next_change(&self.db, now).await {
            Ok(Some(at)) => until(now, at).clamp(Duration::from_millis(1), IDLE),
            Ok(None) => IDLE,
            Err(e) => {
                tracing::error!(error = %e, "delivery worker: cannot read the queue");
                ERROR_PAUSE
            }
        }
    }
}

/// The time from `now` to `at` (zero when past).
fn until(now: OffsetDateTime, at: OffsetDateTime) -> Duration {
    Duration::try_from(at - now).unwrap_or(Duration::ZERO)
}

/// Delivers the deliveries of activity `activity_seq` that are due now, before returning
/// (synchronous mode), each peer in its own task. A delivery that is not due (its peer's
/// circuit is open, an older activity is still queued for it) is left to the worker.
pub async fn deliver_now(
    federation: &Federation,
    db: &DatabaseConnection,
    activity_seq: i64,
) -> Result<(), DbErr> {
    let now = store::now();
    let scope = Scope {
        activity_seq: Some(activity_seq),
        ..Scope::default()
    };
    let due = claim::due(db, now, 10_000, &scope).await?;
    let until = now + lease_duration(federation);
    let mut tasks = JoinSet::new();
    for next in due {
        if let Some(leased) = claim::lease(db, next, now, until).await? {
            let (federation, db) = (federation.clone(), db.clone());
            tasks.spawn(async move { deliver(&federation, &db, &leased).await.map(|_| ()) });
        }
    }
    let mut result = Ok(());
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => result = Err(e),
            Err(e) => result = Err(DbErr::Custom(format!("delivery task: {e}"))),
        }
    }
    result
}
