//! What every request handler shares: the node's services (issuing, the catalogue,
//! verification, federation) and the few things the http layer itself needs.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use mochila_pages::Pages;

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::federation::Federation;
use crate::framework::Frameworks;
use crate::identity::Identity;
use crate::issuance::Issuer;
use crate::keys::KeyRing;
use crate::metrics::Metrics;
use crate::network::Network;
use crate::signer::Signer;
use crate::verification::Verifier;

/// The state the request handlers share. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The node's configuration.
    pub config: Arc<Config>,
    /// The database (for the http layer's own records: idempotency, health).
    pub db: DatabaseConnection,
    /// The institution's DID and public URLs.
    pub identity: Arc<Identity>,
    /// The institution's keys (published in its DID document and actor).
    pub keys: Arc<KeyRing>,
    /// The node's metrics.
    pub metrics: Arc<Metrics>,
    /// The compiled page templates.
    pub pages: Arc<Pages>,
    /// Issuing, listing, revoking and suspending credentials; the status lists.
    pub issuer: Issuer,
    /// The institution's achievements.
    pub catalogue: Catalogue,
    /// The verification service (and the node's outbound HTTP client).
    pub verifier: Verifier,
    /// Federation: inbox, publishing, signing, fetching remote actors.
    pub federation: Federation,
    /// The node in networks of institutions (OpenID Federation statements).
    pub network: Network,
    /// The frameworks the node publishes.
    pub frameworks: Frameworks,
}

/// Why the services could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The page templates do not compile.
    #[error(transparent)]
    Pages(#[from] mochila_pages::RenderError),
    /// The outbound HTTP client could not be built.
    #[error("outbound HTTP client: {0}")]
    Fetch(#[from] crate::fetch::FetchError),
}

impl AppState {
    /// The services of a node configured by `config`, on `db`, with `keys`.
    pub fn new(
        config: Config,
        db: DatabaseConnection,
        identity: Arc<Identity>,
        keys: Arc<KeyRing>,
    ) -> Result<Self, ServiceError> {
        let verifier = Verifier::new(&config)?;
        let config = Arc::new(config);
        let federation =
            Federation::new(config.clone(), db.clone(), identity.clone(), keys.clone())?;
        let signer = Signer::new(keys.clone(), identity.clone());
        let metrics = Metrics::new();
        let signed = metrics.credentials_signed.clone();
        let issuer = Issuer::new(db.clone(), config.clone(), identity.clone(), signer, signed);
        let network = Network {
            federation: federation.clone(),
            issuer: issuer.clone(),
            search: Arc::default(),
        };
        let catalogue = Catalogue {
            db: db.clone(),
            config: config.clone(),
            identity: identity.clone(),
            federation: federation.clone(),
            recipients: network.recipients(),
        };
        let frameworks = Frameworks {
            db: db.clone(),
            federation: federation.clone(),
            recipients: network.recipients(),
        };
        Ok(Self {
            frameworks,
            network,
            config,
            db,
            identity,
            keys,
            metrics,
            pages: Arc::new(Pages::new()?),
            issuer,
            catalogue,
            verifier,
            federation,
        })
    }
}
