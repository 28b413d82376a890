//! Real Mochila nodes for multi-node and interop scenarios: each runs in this process on
//! 127.0.0.1 with its own data directory and SQLite database (or a PostgreSQL schema),
//! private addresses allowed, and an admin token; over plain HTTP or behind a TLS front.

use std::net::SocketAddr;

use mochila_node::app::{self, RunningNode};
use mochila_node::config::Config;
use reqwest::Client;
use serde_json::Value;
use tempfile::TempDir;

use crate::client::NodeClient;
use crate::tls::{TestCa, TlsFront};

/// A running node.
#[derive(Debug)]
pub struct TestNode {
    /// The node.
    pub node: RunningNode,
    /// Its configuration.
    pub config: Config,
    /// An admin token.
    pub admin_token: String,
    /// An HTTP client.
    pub client: Client,
    /// The admin API.
    pub api: NodeClient,
    _dir: TempDir,
}

/// Why a node could not start.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// Setting up the node failed.
    #[error("{0}")]
    Setup(String),
    /// An HTTP call failed.
    #[error("{0}")]
    Http(#[from] reqwest::Error),
}

impl TestNode {
    /// Starts a node named `name` on SQLite, at `http://localhost:<port>`.
    pub async fn start(name: &str) -> Result<Self, NodeError> {
        Self::start_at(name, None, None).await
    }

    /// Starts a node named `name` on SQLite whose public base URL is `base_url` (e.g. the
    /// origin of a [`TlsFront`] before it); [`TestNode::api`] still talks to the node's own
    /// listener, `http://localhost:<port>`.
    pub async fn start_with_base_url(name: &str, base_url: &str) -> Result<Self, NodeError> {
        Self::start_at(name, Some(base_url), None).await
    }

    /// Starts a node named `name` at `https://localhost:<port>`: a [`TlsFront`] with a
    /// certificate of `ca` listens on that port and relays to the node. Keep the front as
    /// long as the node.
    pub async fn start_https(name: &str, ca: &TestCa) -> Result<(Self, TlsFront), NodeError> {
        let setup = |e: &dyn std::fmt::Display| NodeError::Setup(format!("{name}: {e}"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| setup(&e))?;
        let port = listener.local_addr().map_err(|e| setup(&e))?.port();
        let base = format!("https://localhost:{port}");
        // The node trusts the test CA too, as a node of a private PKI would its CA, so that
        // nodes behind fronts of one CA reach each other over https.
        let node = Self::start_at(name, Some(&base), Some(ca.cert_file())).await?;
        let front = TlsFront::start(listener, ca, node.addr()).map_err(|e| setup(&e))?;
        Ok((node, front))
    }

    async fn start_at(
        name: &str,
        base_url: Option<&str>,
        extra_ca: Option<&std::path::Path>,
    ) -> Result<Self, NodeError> {
        let setup = |e: &dyn std::fmt::Display| NodeError::Setup(format!("{name}: {e}"));
        let dir = tempfile::tempdir().map_err(|e| setup(&e))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| setup(&e))?;
        let port = listener.local_addr().map_err(|e| setup(&e))?.port();
        let base = base_url
            .map_or_else(|| format!("http://localhost:{port}"), str::to_owned)
            .parse()
            .map_err(|e| setup(&e))?;
        let mut config = Config::for_test(dir.path(), base, None);
        config.institution.legal_name = format!("Universidad {name}");
        config.federation.extra_ca_file = extra_ca.map(std::path::Path::to_path_buf);
        let node = app::start(config.clone(), listener)
            .await
            .map_err(|e| setup(&e))?;
        let admin_token = node
            .initial_admin_token
            .clone()
            .ok_or_else(|| setup(&"no initial admin token"))?;
        let client = Client::new();
        let api = NodeClient {
            base: format!("http://localhost:{port}"),
            admin_token: admin_token.clone(),
            client: client.clone(),
        };
        Ok(Self {
            node,
            config,
            admin_token,
            client,
            api,
            _dir: dir,
        })
    }

    /// The node's address.
    pub fn addr(&self) -> SocketAddr {
        self.node.addr
    }

    /// An absolute URL on the node.
    pub fn url(&self, path: &str) -> String {
        self.api.url(path)
    }

    /// The node's DID.
    pub fn did(&self) -> String {
        self.node.state.identity.did.clone()
    }

    /// POSTs JSON as the admin and returns the status and JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Result<(u16, Value), NodeError> {
        Ok(self.api.post(path, body).await?)
    }

    /// GETs JSON.
    pub async fn get(&self, path: &str) -> Result<Value, NodeError> {
        Ok(self.api.get(path).await?)
    }
}
