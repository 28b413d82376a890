//! A domain change made in its own transaction and not yet committed, so that the http
//! layer can record its answer (an `Idempotency-Key` record) atomically with it.

use std::sync::Arc;

use sea_orm::{DatabaseTransaction, DbErr};
use tokio::sync::Notify;

/// `value`, written in `txn` but not committed. Dropping it rolls the change back.
#[derive(Debug)]
pub struct Uncommitted<T> {
    txn: DatabaseTransaction,
    value: T,
    wake: Option<Arc<Notify>>,
}

impl<T> Uncommitted<T> {
    /// The change `value` made in `txn`.
    pub fn new(txn: DatabaseTransaction, value: T) -> Self {
        Self {
            txn,
            value,
            wake: None,
        }
    }

    /// Wakes `worker` once the change is committed.
    pub fn waking(mut self, worker: Arc<Notify>) -> Self {
        self.wake = Some(worker);
        self
    }

    /// What the change made.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The transaction, to write more in it before committing.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Commits, wakes the worker that waits for the change, and returns the value.
    pub async fn commit(self) -> Result<T, DbErr> {
        self.txn.commit().await?;
        if let Some(worker) = self.wake {
            worker.notify_one();
        }
        Ok(self.value)
    }
}
