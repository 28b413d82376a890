//! Discovery documents: WebFinger JRD (RFC 7033) and NodeInfo 2.1.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The NodeInfo 2.1 discovery `rel`.
pub const NODEINFO_2_1_REL: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
/// The NodeInfo 2.1 schema (the `profile` of its media type).
pub const NODEINFO_2_1_SCHEMA: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1#";

/// A JSON Resource Descriptor (WebFinger, and `/.well-known/nodeinfo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jrd {
    /// The subject (`acct:user@host`); absent in NodeInfo discovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Other identifiers of the subject (e.g. the actor URL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Properties.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub properties: Map<String, Value>,
    /// Links.
    #[serde(default)]
    pub links: Vec<JrdLink>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Jrd {
    /// The first link with `rel` (and `type`, if given).
    pub fn link(&self, rel: &str, media_type: Option<&str>) -> Option<&JrdLink> {
        self.links
            .iter()
            .find(|l| l.rel == rel && media_type.is_none_or(|t| l.type_.as_deref() == Some(t)))
    }
}

/// A JRD link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JrdLink {
    /// The relation (`self`, a NodeInfo schema URL, ...).
    pub rel: String,
    /// The media type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// The target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// A URI template (e.g. remote follow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Every other member (`titles`, `properties`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A NodeInfo 2.1 document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    /// `2.1`.
    pub version: String,
    /// The server software.
    pub software: NodeInfoSoftware,
    /// Protocols (`activitypub`).
    pub protocols: Vec<String>,
    /// Third-party services.
    pub services: NodeInfoServices,
    /// Whether anyone may register.
    pub open_registrations: bool,
    /// Usage statistics.
    pub usage: NodeInfoUsage,
    /// Free-form metadata.
    pub metadata: Map<String, Value>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// NodeInfo `software`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeInfoSoftware {
    /// Canonical name (`[a-z0-9-]`).
    pub name: String,
    /// Version.
    pub version: String,
    /// Source repository (2.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Home page (2.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// NodeInfo `services`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeInfoServices {
    /// Services the node can retrieve from.
    pub inbound: Vec<String>,
    /// Services the node can publish to.
    pub outbound: Vec<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// NodeInfo `usage`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfoUsage {
    /// User counts.
    pub users: NodeInfoUsers,
    /// Local posts (for Mochila: credentials published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_posts: Option<u64>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// NodeInfo `usage.users`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfoUsers {
    /// Total users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Active in the last 180 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_halfyear: Option<u64>,
    /// Active in the last 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_month: Option<u64>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
