//! The network's pull: every `[network] sync_interval_secs` the node starts keeping what
//! it should (each active member's shared collections, each trust anchor's member list),
//! a coordinator publishes the reference framework if it has not yet, and every collection
//! held is caught up with its publisher.

use sea_orm::DbErr;

use super::Network;
use super::trust::{CATALOGUE, MEMBERS};
use crate::federation::shared::{collection_url, keep};
use crate::framework::{FRAMEWORKS, publish_reference};

/// The collections every member publishes and every other member keeps.
pub const MEMBER_COLLECTIONS: [&str; 2] = [CATALOGUE, FRAMEWORKS];

impl Network {
    /// Makes sure this node keeps a copy of the shared collections
    /// ([`MEMBER_COLLECTIONS`]) of each of its coordinators and active members (caught up
    /// by the sync loop from then on).
    pub async fn keep_member_collections(&self) -> Result<(), DbErr> {
        let me = self.entity_id();
        let mut publishers: Vec<(String, String)> = self
            .coordinators()
            .await?
            .into_iter()
            .map(|c| (format!("{c}/actor"), c))
            .collect();
        for m in self.listed_members().await? {
            if let (true, Some(actor)) = (m.is_active(), m.actor) {
                publishers.push((actor, m.entity));
            }
        }
        for (actor, entity) in publishers.iter().filter(|(_, e)| *e != me) {
            for name in MEMBER_COLLECTIONS {
                keep(&self.federation.db, &collection_url(entity, name), actor).await?;
            }
        }
        Ok(())
    }

    /// Makes sure this node keeps the member list of every configured trust anchor (a
    /// Mochila coordinator publishes it as its actor `{anchor}/actor`).
    async fn keep_anchor_lists(&self) -> Result<(), DbErr> {
        for anchor in &self.federation.node_config.network.trust_anchors {
            let anchor = anchor.trim_end_matches('/');
            let collection = collection_url(anchor, MEMBERS);
            keep(&self.federation.db, &collection, &format!("{anchor}/actor")).await?;
        }
        Ok(())
    }

    /// When this node coordinates a network: publishes the built-in reference framework
    /// to its members unless it has already.
    pub async fn publish_reference_framework(
        &self,
    ) -> Result<bool, crate::framework::FrameworkError> {
        if self.coordinated().await?.is_none() {
            return Ok(false);
        }
        publish_reference(&self.federation, self.member_actors().await?).await
    }

    /// One round of the pull.
    pub async fn sync_once(&self) {
        if let Err(e) = self.keep_member_collections().await {
            tracing::warn!(error = %e, "listing the members' collections failed");
        }
        if let Err(e) = self.keep_anchor_lists().await {
            tracing::warn!(error = %e, "listing the trust anchors' member lists failed");
        }
        if let Err(e) = self.keep_charter().await {
            tracing::warn!(error = %e, "publishing the charter or lapsing suspensions failed");
        }
        if let Err(e) = self.publish_reference_framework().await {
            tracing::warn!(error = %e, "publishing the reference framework failed; retried");
        }
        self.federation.sync_all().await;
    }

    /// [`Self::sync_once`] every `interval`, until the process stops.
    pub async fn run_sync(self, interval: std::time::Duration) {
        loop {
            tokio::time::sleep(interval).await;
            self.sync_once().await;
        }
    }
}
