//! The node in a cooperation network of institutions (OpenID Federation 1.0): every node
//! publishes its entity configuration, a self-signed statement of who it is and which keys
//! it signs with; coordinators (trust anchors) will add subordinate statements about their
//! members (issue 14).

mod coordinator;
mod entity;
mod join;
pub mod members;
pub mod statements;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use coordinator::{DEFAULT_STATEMENT_LIFETIME_SECS, InitError, NewNetwork, create_network};
pub use entity::{ENTITY_STATEMENT_TYPE, EntityError, STATEMENT_LIFETIME_SECS};
pub use join::{JoinError, MembershipView};

use crate::config::Config;
use crate::federation::Federation;
use crate::identity::Identity;
use crate::keys::KeyRing;

/// Shared network state. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Network {
    /// The database (the institution's profile).
    pub db: DatabaseConnection,
    /// The node's configuration.
    pub config: Arc<Config>,
    /// The institution's DID and public URLs.
    pub identity: Arc<Identity>,
    /// The keys statements are signed with.
    pub keys: Arc<KeyRing>,
    /// Signed requests, remote actors and the outbound client.
    pub federation: Federation,
}

impl Network {
    /// The node's entity identifier: its base URL without a trailing slash.
    pub fn entity_id(&self) -> String {
        self.config
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_owned()
    }
}
