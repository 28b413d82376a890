//! Talking to a node's HTTP API as its admin: JSON in, status and JSON out, and polling
//! until a condition holds.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::Value;

/// A node's base URL and admin token.
#[derive(Debug, Clone)]
pub struct NodeClient {
    /// `http://localhost:<port>`.
    pub base: String,
    /// An admin token.
    pub admin_token: String,
    /// The HTTP client.
    pub client: Client,
}

impl NodeClient {
    /// An absolute URL on the node.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The node's actor IRI.
    pub fn actor(&self) -> String {
        self.url("/actor")
    }

    /// POSTs JSON as the admin and returns the status and JSON body (`null` when empty).
    pub async fn post(&self, path: &str, body: &Value) -> Result<(u16, Value), reqwest::Error> {
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(&self.admin_token)
            .json(body)
            .send()
            .await?;
        let status = r.status().as_u16();
        let bytes = r.bytes().await?;
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }

    /// GETs JSON as the admin.
    pub async fn get(&self, path: &str) -> Result<Value, reqwest::Error> {
        self.client
            .get(self.url(path))
            .bearer_auth(&self.admin_token)
            .send()
            .await?
            .json()
            .await
    }
}

/// Polls `check` every 50 ms until it gives `Some`, or fails after `timeout` with `what`.
pub async fn wait_for<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(found) = check().await {
            return Ok(found);
        }
        if start.elapsed() > timeout {
            return Err(format!("timed out after {timeout:?} waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
