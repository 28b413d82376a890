//! What the node benchmarks share: real nodes on 127.0.0.1, settings from the environment,
//! percentiles, and the bare Ed25519 figure measured in the same run.
#![allow(dead_code, reason = "each benchmark uses part of it")]

use std::time::{Duration, Instant};

/// The allocator the node's binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ed25519_dalek::{Signer, SigningKey};
use mochila_node::app::{self, RunningNode};
use mochila_node::config::Config;
use serde_json::Value;

/// `name` from the environment as a number, else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A running node, its base URL and admin token.
pub struct Node {
    pub running: RunningNode,
    pub base: String,
    pub token: String,
    _dir: tempfile::TempDir,
}

/// Starts a node named `name` (SQLite in a temporary directory, or `database_url`).
pub async fn start_on(name: &str, database_url: Option<String>) -> Node {
    start_with(name, database_url, |_| {}).await
}

/// [`start_on`] with the configuration adjusted by `configure`.
pub async fn start_with(
    name: &str,
    database_url: Option<String>,
    configure: impl FnOnce(&mut Config),
) -> Node {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://localhost:{port}");
    let mut config = Config::for_test(dir.path(), base.parse().unwrap(), database_url);
    config.institution.legal_name = format!("Universidad {name}");
    configure(&mut config);
    let running = app::start(config, listener).await.unwrap();
    let token = running.initial_admin_token.clone().unwrap();
    Node {
        running,
        base,
        token,
        _dir: dir,
    }
}

/// Starts a node named `name` on SQLite.
pub async fn start(name: &str) -> Node {
    start_on(name, None).await
}

impl Node {
    /// Its ActivityPub actor.
    pub fn actor(&self) -> String {
        format!("{}/actor", self.base)
    }

    /// POSTs `body` to `path` with the admin token; the answer, which must be a success.
    pub async fn post(&self, client: &reqwest::Client, path: &str, body: &Value) -> Value {
        let r = client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    }
}

/// The `p` quantile (0 to 1) of `sorted`.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// `d` in milliseconds, for people.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// One bare Ed25519 `verify_strict`, measured now (the machine's yardstick).
pub fn bare_ed25519_verify() -> Duration {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let message = [0u8; 64];
    let signature = key.sign(&message);
    let verifying = key.verifying_key();
    let calls = 20_000;
    let t = Instant::now();
    for _ in 0..calls {
        verifying.verify_strict(&message, &signature).unwrap();
    }
    t.elapsed() / calls
}
