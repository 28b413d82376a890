//! The federation service the request handlers share: the publisher (outbox), the request
//! signer, the fetcher for remote actors, and the signal that wakes the delivery worker.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use super::outbox::{Published, Publisher};
use super::remote::RemoteActors;
use super::signing::RequestSigner;
use crate::config::{Config, FederationConfig};
use crate::fetch::{FetchError, FetchPolicy, Fetcher};
use crate::identity::Identity;
use crate::keys::KeyRing;

/// Shared federation state. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Federation {
    /// The database.
    pub db: DatabaseConnection,
    /// The node's configuration (the institution's profile until one is stored).
    pub node_config: Arc<Config>,
    /// The institution's DID and public URLs.
    pub identity: Arc<Identity>,
    /// The institution's keys (published in its actor).
    pub keys: Arc<KeyRing>,
    /// The node's base URL, without a trailing slash.
    pub base_url: String,
    /// The `[federation]` settings.
    pub config: Arc<FederationConfig>,
    /// Builds, signs and stores activities.
    pub publisher: Publisher,
    /// Signs outgoing requests.
    pub signer: RequestSigner,
    /// Fetches remote actors and objects (SSRF policy, limits).
    pub fetcher: Fetcher,
    /// Remote actors and their keys.
    pub remote: RemoteActors,
    /// Wakes the delivery worker.
    pub wakeup: Arc<Notify>,
}

impl Federation {
    /// The federation service of the node configured by `config`.
    pub fn new(
        config: Arc<Config>,
        db: DatabaseConnection,
        identity: Arc<Identity>,
        keys: Arc<KeyRing>,
    ) -> Result<Self, FetchError> {
        let settings = Arc::new(config.federation.clone());
        let policy = FetchPolicy {
            allow_http: settings.allow_http,
            allow_private_addresses: settings.allow_private_addresses,
            timeout: settings.delivery_timeout(),
            max_bytes: settings.inbox_max_bytes,
        };
        let fetcher = Fetcher::with_extra_ca(policy, settings.extra_ca_file.as_deref())?;
        let signer = RequestSigner::new(&identity, &keys);
        let publisher = Publisher::new(&identity, keys.clone());
        Ok(Self {
            db,
            base_url: config.base_url.as_str().trim_end_matches('/').to_owned(),
            node_config: config,
            identity,
            keys,
            remote: RemoteActors::new(fetcher.clone(), signer.clone(), settings.clone()),
            publisher,
            config: settings,
            signer,
            fetcher,
            wakeup: Arc::new(Notify::new()),
        })
    }

    /// Call after the transaction that published `published` committed: wakes the
    /// delivery worker, or, with `deliver_synchronously`, first delivers the activity to
    /// every peer it is due for (through the worker's leases, so nothing is sent twice).
    /// A delivery that fails is left queued for the worker.
    pub async fn published(&self, published: &Published) {
        if published.deliveries == 0 {
            return;
        }
        if self.config.deliver_synchronously
            && let Err(e) = super::delivery::deliver_now(self, &self.db, published.seq).await
        {
            tracing::error!(activity = %published.id, error = %e, "synchronous delivery failed; the worker will retry");
        }
        self.wakeup.notify_one();
    }
}
