//! `OrderedCollection` and `OrderedCollectionPage` (outbox, followers, following).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An `OrderedCollection`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollection {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The collection's IRI.
    pub id: String,
    /// `OrderedCollection`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The number of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u64>,
    /// The first page (IRI or embedded page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Value>,
    /// The last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Value>,
    /// Inline items (small collections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered_items: Option<Vec<Value>>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An `OrderedCollectionPage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollectionPage {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The page's IRI.
    pub id: String,
    /// `OrderedCollectionPage`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The collection the page belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// The next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The items, newest first.
    #[serde(default)]
    pub ordered_items: Vec<Value>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
