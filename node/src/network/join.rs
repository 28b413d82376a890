//! This node applying to a network: the coordinator's entity configuration is fetched and
//! checked (it must announce a fetch endpoint), then the application is sent to it as a
//! signed request (RFC 9421, the institution's Ed25519 actor key).

use mochila_protocol::httpsig::{Request, Scheme};
use serde_json::{Value, json};

use super::Network;
use super::statements::{StatementError, fetch_entity_configuration};
use crate::fetch::FetchError;

/// Why an application could not be made.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// The coordinator's URL is not a base URL.
    #[error("coordinator: {0}")]
    BadCoordinator(String),
    /// Its entity configuration cannot be had or trusted, or it coordinates nothing.
    #[error(transparent)]
    Unverifiable(#[from] StatementError),
    /// It announces no `federation_fetch_endpoint`: not a coordinator.
    #[error("{0} coordinates no network (no federation_fetch_endpoint)")]
    NotACoordinator(String),
    /// The application could not be sent.
    #[error("sending the application: {0}")]
    Send(#[from] FetchError),
    /// The coordinator refused it.
    #[error("the coordinator answered {status}: {detail}")]
    Refused {
        /// Its status.
        status: u16,
        /// Its problem's detail (or body).
        detail: String,
    },
}

impl Network {
    /// Applies to the network coordinated by `coordinator` (its entity id); returns the
    /// coordinator's record of the application.
    pub async fn join(&self, coordinator: &str) -> Result<Value, JoinError> {
        let coordinator = coordinator.trim().trim_end_matches('/');
        let url =
            url::Url::parse(coordinator).map_err(|e| JoinError::BadCoordinator(e.to_string()))?;
        if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
            return Err(JoinError::BadCoordinator("give its https base URL".into()));
        }
        if coordinator == self.entity_id() {
            return Err(JoinError::BadCoordinator("that is this node".into()));
        }
        let ec = fetch_entity_configuration(&self.federation.fetcher, coordinator).await?;
        if ec.organization["federation_fetch_endpoint"]
            .as_str()
            .is_none()
        {
            return Err(JoinError::NotACoordinator(coordinator.to_owned()));
        }
        let target = format!("{coordinator}/api/v1/network/applications");
        let body = json!({"entity": self.entity_id()}).to_string();
        let signer = &self.federation.signer;
        let sign = |request: &mut Request| signer.sign(request, Scheme::Rfc9421);
        let answer = self
            .federation
            .fetcher
            .post_signed(&target, "application/json", body.as_bytes(), &sign)
            .await?;
        let parsed: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        if answer.status != 202 {
            let detail = parsed["detail"]
                .as_str()
                .map_or_else(|| answer.body.clone(), str::to_owned);
            return Err(JoinError::Refused {
                status: answer.status,
                detail,
            });
        }
        tracing::info!(%coordinator, "applied to a network");
        Ok(parsed)
    }
}
