//! Starting real nodes for tests: a temporary data directory, SQLite or a fresh PostgreSQL
//! schema, an ephemeral port, and an HTTP client.

use std::net::SocketAddr;

use mochila_node::app::{self, RunningNode};
use mochila_node::auth::{self, Role};
use mochila_node::config::Config;
use reqwest::{Client, Response};
use serde_json::Value;
use tempfile::TempDir;

/// Where a test node keeps its data.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The embedded SQLite database in the data directory.
    Sqlite,
    /// A PostgreSQL server (URL from `MOCHILA_TEST_DATABASE_URL`).
    Postgres(String),
}

/// SQLite, plus PostgreSQL when `MOCHILA_TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("MOCHILA_TEST_DATABASE_URL")
        && !url.is_empty()
    {
        all.push(Backend::Postgres(url));
    }
    all
}

/// Runs `scenario` once per backend.
pub async fn each_backend<F, Fut>(scenario: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends() {
        eprintln!("backend: {backend:?}");
        scenario(backend).await;
    }
}

/// A running node with its data directory and an admin token.
#[derive(Debug)]
pub struct TestNode {
    pub node: Option<RunningNode>,
    pub _dir: TempDir,
    pub config: Config,
    pub client: Client,
    pub admin_token: String,
}

impl TestNode {
    /// Starts a node on `backend`.
    pub async fn start(backend: &Backend) -> Self {
        Self::start_with(backend, |_| {}).await
    }

    /// Starts a node on `backend` with test settings adjusted by `configure` (on top of
    /// `Config::for_test`).
    pub async fn start_with(backend: &Backend, configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres(base) => Some(
                mochila_node::fixtures::fresh_postgres_schema(base)
                    .await
                    .expect("a fresh schema on the test PostgreSQL"),
            ),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://localhost:{port}").parse().unwrap();
        let mut config = Config::for_test(dir.path(), base, database_url);
        configure(&mut config);
        let node = app::start(config.clone(), listener).await.unwrap();
        let admin_token = node
            .initial_admin_token
            .clone()
            .expect("first start makes a token");
        Self {
            node: Some(node),
            _dir: dir,
            config,
            client: Client::new(),
            admin_token,
        }
    }

    /// Stops the node and starts it again on the same port, data directory and database.
    pub async fn restart(self) -> Self {
        self.restart_with(async |_| ()).await.0
    }

    /// Stops the node, runs `while_down` on its database (nothing else is using it), and
    /// starts it again on the same port, data directory and database.
    pub async fn restart_with<T>(
        mut self,
        while_down: impl AsyncFnOnce(&sea_orm::DatabaseConnection) -> T,
    ) -> (Self, T) {
        let addr = self.addr();
        self.node.take().unwrap().shutdown().await.unwrap();
        let db = app::open_database(&self.config).await.unwrap();
        let seen = while_down(&db).await;
        db.close().await.unwrap();
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let node = app::start(self.config.clone(), listener).await.unwrap();
        assert!(
            node.initial_admin_token.is_none(),
            "tokens survive a restart"
        );
        self.node = Some(node);
        (self, seen)
    }

    pub fn addr(&self) -> SocketAddr {
        self.node.as_ref().unwrap().addr
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    /// The node's DID.
    pub fn did(&self) -> String {
        self.node.as_ref().unwrap().state.identity.did.clone()
    }

    pub async fn token(&self, role: Role) -> String {
        let db = &self.node.as_ref().unwrap().state.db;
        // `test-<role>`, or `test-<role>-2`, ... when the test asks again (names are unique).
        for n in 1.. {
            let name = match n {
                1 => format!("test-{role}"),
                n => format!("test-{role}-{n}"),
            };
            match auth::create_token(db, role, &name).await {
                Err(auth::TokenError::NameTaken(_)) => continue,
                other => return other.unwrap().0,
            }
        }
        unreachable!("the loop returns")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_as(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn put_json(&self, path: &str, token: Option<&str>, body: &str) -> Response {
        let mut req = self
            .client
            .put(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }
}

/// Reads a problem document, checking its content type and status.
pub async fn problem(response: Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let ct = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(ct, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["type"].as_str().unwrap().starts_with("https://"));
    assert!(!body["detail"].as_str().unwrap().is_empty());
    body
}
