//! This node applying to a network: the coordinator's entity configuration is fetched and
//! checked (it must announce a fetch endpoint), then the application is sent to it as a
//! signed request (RFC 9421, the institution's Ed25519 actor key).

use mochila_protocol::httpsig::{Request, Scheme};
use serde_json::{Value, json};

use super::Network;
use super::statements::{StatementError, fetch_entity_configuration};
use crate::auth::Caller;
use crate::fetch::FetchError;
use crate::store::{self, entity::network_membership};
use sea_orm::EntityTrait;
use sea_orm::sea_query::OnConflict;

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
    /// Recording the application failed (it was sent).
    #[error("recording the application: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// The proposal to endorse is not one of this node's networks' (or has no valid terms).
    #[error("proposal: {0}")]
    BadProposal(String),
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
    pub async fn join(&self, caller: &Caller, coordinator: &str) -> Result<Value, JoinError> {
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
        let parsed = self.post_to_coordinator(&target, &body, 202).await?;
        let row = network_membership::Model {
            coordinator: coordinator.to_owned(),
            applied_at: store::now(),
            applied_by: caller.name.clone(),
        };
        let upsert = OnConflict::column(network_membership::Column::Coordinator)
            .update_columns([
                network_membership::Column::AppliedAt,
                network_membership::Column::AppliedBy,
            ])
            .to_owned();
        network_membership::Entity::insert(network_membership::ActiveModel::from(row))
            .on_conflict(upsert)
            .exec(&self.federation.db)
            .await?;
        tracing::info!(%coordinator, by = %caller.name, "applied to a network");
        Ok(parsed)
    }
}

impl Network {
    /// POSTs `body` (JSON) to `target` at a coordinator as a signed request (RFC 9421, the
    /// institution's actor key); its answer, when its status is `expected`.
    pub(super) async fn post_to_coordinator(
        &self,
        target: &str,
        body: &str,
        expected: u16,
    ) -> Result<Value, JoinError> {
        let signer = &self.federation.signer;
        let sign = |request: &mut Request| signer.sign(request, Scheme::Rfc9421);
        let answer = self
            .federation
            .fetcher
            .post_signed(target, "application/json", body.as_bytes(), &sign)
            .await?;
        let parsed: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        if answer.status != expected {
            let detail = parsed["detail"]
                .as_str()
                .map_or_else(|| answer.body.clone(), str::to_owned);
            return Err(JoinError::Refused {
                status: answer.status,
                detail,
            });
        }
        Ok(parsed)
    }
}

/// A network this node applied to, and what its coordinator says now.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipView {
    /// The coordinator's entity id.
    pub coordinator: String,
    /// When this node applied.
    pub applied_at: String,
    /// `member` (the coordinator vouches for this node), `not-member` (it does not:
    /// applied, rejected, suspended or removed), or `unknown` (it could not be asked, or
    /// its answer could not be trusted): never a guess.
    pub status: &'static str,
    /// Until when its current statement vouches for this node (RFC 3339), if a member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Why the status is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The last change of the coordinator's member list this node holds (0: none yet).
    pub list_version: i64,
    /// The coordinator's member list as this node holds it (pushed, caught up).
    pub members: Vec<super::trust::ListedMember>,
}

impl Network {
    /// Every network this node applied to, each with what its coordinator says now.
    pub async fn memberships(&self) -> Result<Vec<MembershipView>, sea_orm::DbErr> {
        let rows = network_membership::Entity::find()
            .all(&self.federation.db)
            .await?;
        let me = self.entity_id();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let asked = async {
                let ec =
                    fetch_entity_configuration(&self.federation.fetcher, &row.coordinator).await?;
                super::statements::membership_of(&self.federation.fetcher, &ec, &me).await
            };
            let (status, until, problem) = match asked.await {
                Ok(Some(exp)) => (
                    "member",
                    time::OffsetDateTime::from_unix_timestamp(exp)
                        .ok()
                        .map(store::rfc3339),
                    None,
                ),
                Ok(None) => ("not-member", None, None),
                Err(e) => ("unknown", None, Some(e.to_string())),
            };
            let (members, list_version) = self.list_of(&row.coordinator).await?;
            out.push(MembershipView {
                list_version,
                members,
                coordinator: row.coordinator,
                applied_at: store::rfc3339(row.applied_at),
                status,
                until,
                problem,
            });
        }
        Ok(out)
    }
}
