//! `[network]`: whom the inbox accepts once the node is in a network, and how often the
//! node catches up with the networks' shared collections (the member list).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Whom the inbox accepts activities and follows from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Accept {
    /// Members of the node's networks once it is in one (it coordinates a network, or a
    /// coordinator lists it as an active member); anyone before.
    #[default]
    Auto,
    /// Members of the node's networks (and their coordinators) only.
    Members,
    /// Any actor (that is not blocked).
    Anyone,
}

/// The node in networks of institutions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NetworkConfig {
    /// `auto` (members only once in a network), `members` or `anyone`.
    pub accept: Accept,
    /// How often the node catches up with every shared collection it keeps (the
    /// coordinators' member lists), in seconds: how stale a copy can get when pushes are
    /// lost. Keep it below the networks' statement lifetime.
    pub sync_interval_secs: u64,
    /// Coordinators (entity ids, base URLs) whose member lists the verifier also trusts
    /// when it says whether an issuer belongs to a network, besides the node's own
    /// networks. Their lists are kept and caught up like the node's own; federation is
    /// not accepted from their members because of this.
    pub trust_anchors: Vec<String>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            accept: Accept::Auto,
            sync_interval_secs: 300,
            trust_anchors: Vec::new(),
        }
    }
}

impl NetworkConfig {
    /// The catch-up interval as a duration.
    pub fn sync_interval(&self) -> Duration {
        Duration::from_secs(self.sync_interval_secs)
    }
}
