//! Starting a node: open and migrate the database, load the keys (checked against the
//! database; created only on the very first start), seed the
//! institution, build the services and the HTTP application, and serve it until told to
//! stop.

use std::net::SocketAddr;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::identity::Identity;
use crate::keys;
use crate::state::AppState;
use crate::{auth, federation, http, institution, issuance, key_guard, store};

/// A node that is serving.
#[derive(Debug)]
pub struct RunningNode {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The state its handlers share.
    pub state: AppState,
    /// The admin token created on first start (shown once), when there was no token.
    pub initial_admin_token: Option<String>,
    /// Whether keys were created by this start.
    pub keys_created: bool,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningNode {
    /// Stops accepting requests, lets the ones in flight finish, and waits.
    pub async fn shutdown(self) -> std::io::Result<()> {
        let _ = self.stop.send(true);
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// Waits until the server stops on its own or `signal` resolves, then shuts down
    /// gracefully.
    pub async fn serve_until(self, signal: impl Future<Output = ()>) -> std::io::Result<()> {
        signal.await;
        tracing::info!("shutting down: finishing requests in flight");
        self.shutdown().await
    }
}

/// Why a node could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// The keys could not be loaded or created.
    #[error(transparent)]
    Keys(#[from] keys::KeyError),
    /// The keys are missing or are not the ones the database has signed with.
    #[error(transparent)]
    KeyGuard(#[from] key_guard::KeyGuardError),
    /// The first admin token could not be created.
    #[error(transparent)]
    Token(#[from] auth::TokenError),
    /// The services could not be built.
    #[error(transparent)]
    Services(#[from] crate::state::ServiceError),
    /// The federation keys are unusable.
    #[error(transparent)]
    Actor(#[from] federation::ActorError),
    /// The base URL does not give a did:web.
    #[error("base_url: {0}")]
    Did(#[from] mochila_protocol::did::DidError),
    /// The listener failed.
    #[error("listener: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database and applies migrations.
pub async fn open_database(config: &Config) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let db = store::connect(config).await?;
    store::migrate(&db).await?;
    Ok(db)
}

/// Starts a node on `listener` (bound by the caller, so that tests can use port 0).
pub async fn start(config: Config, listener: TcpListener) -> Result<RunningNode, StartError> {
    let db = open_database(&config).await?;
    let (keys, keys_created) = key_guard::load_keys(&db, &config.data_dir).await?;
    institution::seed(&db, &config).await?;
    let initial_admin_token = if auth::any_token(&db).await? {
        None
    } else {
        Some(
            auth::create_token(&db, auth::Role::Admin, "initial-admin")
                .await?
                .0,
        )
    };
    let identity = Arc::new(Identity::from_base_url(&config.base_url)?);
    let state = AppState::new(config, db, identity, Arc::new(keys))?;
    match state.catalogue.share_unshared().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(achievements = n, "shared the catalogue with the network"),
        Err(e) => tracing::warn!(error = %e, "sharing the catalogue failed; retried at next start"),
    }
    state.frameworks.open_collection().await?;
    match state.network.refresh_search().await {
        Ok(n) => tracing::info!(entries = n, "network catalogue indexed for search"),
        Err(e) => tracing::warn!(error = %e, "indexing the network catalogue failed; retried"),
    }
    if let Err(e) = state.network.publish_reference_framework().await {
        tracing::warn!(error = %e, "publishing the reference framework failed; retried");
    }
    let app = http::router(state.clone());
    let addr = listener.local_addr()?;
    let (stop, mut stopped) = watch::channel(false);
    let worker = tokio::spawn(issuance::worker::run(
        state.issuer.clone(),
        stop.subscribe(),
    ));
    let deliveries = tokio::spawn(federation::delivery::run(
        state.federation.clone(),
        stop.subscribe(),
    ));
    let sync = tokio::spawn(
        state
            .network
            .clone()
            .run_sync(state.config.network.sync_interval()),
    );
    let search = tokio::spawn(state.network.clone().run_search_refresh());
    let task = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|s| *s).await;
        })
        .await;
        let _ = worker.await;
        let _ = deliveries.await;
        sync.abort();
        search.abort();
        served
    });
    Ok(RunningNode {
        addr,
        state,
        initial_admin_token,
        keys_created,
        stop,
        task,
    })
}
