//! The node in a cooperation network of institutions (OpenID Federation 1.0): every node
//! publishes its entity configuration, a self-signed statement of who it is and which keys
//! it signs with; coordinators (trust anchors) will add subordinate statements about their
//! members (issue 14).

pub mod catalogue;
pub mod charter;
mod coordinator;
pub mod credential;
mod decision;
mod endorse;
mod entity;
pub mod frameworks;
pub mod history;
mod join;
pub mod members;
pub mod proposals;
pub mod search;
pub mod standing;
pub mod statements;
pub mod sync;
pub mod trust;

pub use coordinator::{DEFAULT_STATEMENT_LIFETIME_SECS, InitError, NewNetwork, create_network};
pub use entity::{ENTITY_STATEMENT_TYPE, EntityError, STATEMENT_LIFETIME_SECS};
pub use join::{JoinError, MembershipView};

use crate::federation::Federation;
use crate::issuance::Issuer;

/// Shared network state: the federation service (database, configuration, identity,
/// keys, signed requests, the outbound client) seen as a member of networks. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Network {
    /// Signed requests, remote actors, the outbound client, and what they share.
    pub federation: Federation,
    /// Signs the membership credentials and keeps their status lists.
    pub issuer: Issuer,
    /// The network catalogue's search index (this process's).
    pub search: std::sync::Arc<search::SearchIndex>,
}

impl Network {
    /// The node's entity identifier: its base URL without a trailing slash.
    pub fn entity_id(&self) -> String {
        self.federation.base_url.clone()
    }
}
