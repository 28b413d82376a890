//! Peers as the admin API shows them: each with its follow relationships, block, learnt
//! signature scheme and the summary of the deliveries queued for it.

use serde::Serialize;
use utoipa::ToSchema;

use super::delivery::{self, DeliverySummary};
use super::peers::{self, PeerError};
use super::{Federation, KnownScheme, Relation};
use crate::store::entity::peer;
use crate::store::rfc3339;

/// A peer as the admin API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeerView {
    /// Peer id.
    pub id: String,
    /// The actor's IRI.
    pub actor: String,
    /// `preferredUsername@host`, when known.
    pub handle: Option<String>,
    /// The actor's name.
    pub name: Option<String>,
    /// Its inbox.
    pub inbox: String,
    /// Whether this node follows it.
    pub following: Relation,
    /// Whether it follows this node (`pending`: waiting for an admin).
    pub follower: Relation,
    /// When it was blocked, if it is.
    pub blocked_at: Option<String>,
    /// The HTTP signature it accepts, as learnt.
    pub signature_scheme: KnownScheme,
    /// The last verified request from it.
    pub last_heard_at: Option<String>,
    /// When it was first met.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Deliveries to it: queued, in flight, failed, next attempt, last error, circuit.
    pub delivery: Option<DeliverySummary>,
}

impl From<peer::Model> for PeerView {
    fn from(p: peer::Model) -> Self {
        Self {
            delivery: None,
            following: Relation::parse(&p.following).unwrap_or(Relation::None),
            follower: Relation::parse(&p.follower).unwrap_or(Relation::None),
            signature_scheme: KnownScheme::parse(&p.signature_scheme)
                .unwrap_or(KnownScheme::Unknown),
            blocked_at: p.blocked_at.map(rfc3339),
            last_heard_at: p.last_heard_at.map(rfc3339),
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            id: p.id,
            actor: p.actor_id,
            handle: p.handle,
            name: p.name,
            inbox: p.inbox,
        }
    }
}

/// A page of peers.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeerPage {
    /// The peers on this page.
    pub items: Vec<PeerView>,
    /// Peers in all.
    pub total: u64,
}

impl Federation {
    /// Page `page` (from 1) of every peer, most recently changed first, with deliveries.
    pub async fn peer_page(&self, page: u64, per_page: u64) -> Result<PeerPage, PeerError> {
        let (rows, total) = peers::list(&self.db, page, per_page).await?;
        Ok(PeerPage {
            items: self.with_deliveries(rows).await?,
            total,
        })
    }

    /// Peer `id`, with its deliveries.
    pub async fn peer(&self, id: &str) -> Result<PeerView, PeerError> {
        let row = peers::get(&self.db, id).await?;
        self.with_deliveries(vec![row])
            .await?
            .pop()
            .ok_or_else(|| PeerError::NotFound(id.to_owned()))
    }

    /// `rows` as shown, each with its delivery summary.
    async fn with_deliveries(&self, rows: Vec<peer::Model>) -> Result<Vec<PeerView>, PeerError> {
        let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
        let mut summaries = delivery::summaries(&self.db, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|p| {
                let summary = summaries.remove(&p.id);
                PeerView {
                    delivery: summary,
                    ..PeerView::from(p)
                }
            })
            .collect())
    }
}
