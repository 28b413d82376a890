//! Catching up with another node's collection: fetch the pages after the last change held
//! (through the node's one outbound client), apply each change in order after checking its
//! proof, until the publisher has nothing more. It runs when a change arrives after a gap,
//! and every `[network] sync_interval_secs` for every collection the node keeps (the pull
//! that bounds how stale a copy can be when pushes are lost).

use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::Value;

use super::{Accepted, accept};
use crate::federation::Federation;
use crate::federation::remote::{ACCEPT_ACTIVITY, RemoteError};
use crate::fetch::FetchError;
use crate::store::entity::shared_source;

/// Why a catch-up stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The publisher's actor could not be had.
    #[error(transparent)]
    Publisher(#[from] RemoteError),
    /// A page could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A page or a change in it is wrong.
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Federation {
    /// Catches up with `collection` (one the node keeps); returns the changes applied.
    pub async fn catch_up(&self, collection: &str) -> Result<u64, SyncError> {
        let result = self.catch_up_inner(collection).await;
        let (synced_at, last_error) = match &result {
            Ok(_) => (Some(crate::store::now()), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let mut row = shared_source::ActiveModel {
            collection: Set(collection.to_owned()),
            last_error: Set(last_error),
            ..Default::default()
        };
        if synced_at.is_some() {
            row.synced_at = Set(synced_at);
        }
        shared_source::Entity::update(row).exec(&self.db).await?;
        if let Err(e) = &result {
            tracing::warn!(collection, error = %e, "catch-up failed");
        }
        result
    }

    async fn catch_up_inner(&self, collection: &str) -> Result<u64, SyncError> {
        let source = shared_source::Entity::find_by_id(collection.to_owned())
            .one(&self.db)
            .await?
            .ok_or_else(|| SyncError::Invalid(format!("{collection} is not kept here")))?;
        let publisher = self.remote.actor(&self.db, &source.publisher).await?.actor;
        let mut after = source.last_seq;
        let mut applied = 0;
        loop {
            let url = format!("{collection}?after={after}");
            let page = self.fetcher.get(&url, ACCEPT_ACTIVITY).await?.json()?;
            if page["partOf"] != collection {
                return Err(SyncError::Invalid(format!(
                    "{url}: not a page of {collection}"
                )));
            }
            let items = page["orderedItems"].as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                return Ok(applied);
            }
            let txn = crate::store::begin_write(&self.db).await?;
            for item in &items {
                match accept(&txn, &publisher, item).await? {
                    Accepted::Applied => applied += 1,
                    Accepted::Held => {}
                    Accepted::Gap { .. } => {
                        return Err(SyncError::Invalid(format!(
                            "{url}: the changes do not follow on from {after}"
                        )));
                    }
                    Accepted::Refused(reason) => return Err(SyncError::Invalid(reason)),
                }
                after = after.max(item["sequence"].as_i64().unwrap_or(after));
            }
            txn.commit().await?;
            if page.get("next").and_then(Value::as_str).is_none() {
                return Ok(applied);
            }
        }
    }

    /// Catches up with `collection` in the background.
    pub fn catch_up_soon(&self, collection: String) {
        let federation = self.clone();
        tokio::spawn(async move {
            let _ = federation.catch_up(&collection).await;
        });
    }
}

impl Federation {
    /// Catches up once with every collection the node keeps from others (failures are
    /// recorded on each collection and logged).
    pub async fn sync_all(&self) {
        let own = self.publisher.urls().actor.clone();
        let sources = shared_source::Entity::find()
            .filter(shared_source::Column::Publisher.ne(own.as_str()))
            .all(&self.db)
            .await;
        match sources {
            Ok(sources) => {
                for source in sources {
                    let _ = self.catch_up(&source.collection).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "listing shared collections failed"),
        }
    }
}
