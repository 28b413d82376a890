//! The issuing service the request handlers and the batch worker share: everything that
//! issues, lists, revokes and suspends the institution's credentials.

use std::sync::Arc;

use prometheus_client::metrics::counter::Counter;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::config::Config;
use crate::identity::Identity;
use crate::signer::Signer;
use crate::status_lists::{PublishError, Published, Purpose, StatusLists};

/// Shared issuing state. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Issuer {
    /// The database.
    pub db: DatabaseConnection,
    /// The node's configuration.
    pub config: Arc<Config>,
    /// The institution's DID and public URLs.
    pub identity: Arc<Identity>,
    /// Signs with the institution's active key.
    pub signer: Signer,
    /// The status lists (slot allocation, bits, signed list credentials).
    pub status_lists: StatusLists,
    /// Wakes the batch worker.
    pub batch_wakeup: Arc<Notify>,
    /// Counts the credentials this process signs.
    pub signed: Counter,
}

impl Issuer {
    /// The issuing service of a node.
    pub fn new(
        db: DatabaseConnection,
        config: Arc<Config>,
        identity: Arc<Identity>,
        signer: Signer,
        signed: Counter,
    ) -> Self {
        Self {
            db,
            config,
            identity,
            signer,
            status_lists: StatusLists::default(),
            batch_wakeup: Arc::new(Notify::new()),
            signed,
        }
    }

    /// Status list `number` for `purpose`, signed (re-signed when it changed); `None` when
    /// there is no such list.
    pub async fn status_list(
        &self,
        purpose: Purpose,
        number: i32,
    ) -> Result<Option<Published>, PublishError> {
        self.status_lists
            .published(&self.db, &self.identity, &self.signer, purpose, number)
            .await
    }
}
