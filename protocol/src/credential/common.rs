//! Shapes shared by the credential types: one-or-many, images, evidence.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A member the specifications allow as a single value or an array; keeps its shape.
/// (`Many` is tried first, so that a `T` that could itself hold an array does not swallow
/// one.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// An array.
    Many(Vec<T>),
    /// A single value.
    One(T),
}

impl<T> OneOrMany<T> {
    /// The values, one or many.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v).iter(),
            OneOrMany::Many(v) => v.iter(),
        }
    }
}

impl<T: PartialEq> OneOrMany<T> {
    /// Whether `value` is among the values.
    pub fn contains(&self, value: &T) -> bool {
        self.iter().any(|v| v == value)
    }
}

impl OneOrMany<String> {
    /// Whether the (type) list contains `name`.
    pub fn has(&self, name: &str) -> bool {
        self.iter().any(|v| v == name)
    }
}

/// An image: a URL (or data: URL), or an `Image` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Image {
    /// The image's URL.
    Url(String),
    /// An `Image` object.
    Object(ImageObject),
}

/// An OB 3.0 `Image` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageObject {
    /// The image's URL or data: URL.
    pub id: String,
    /// `Image`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Evidence`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// URL of the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `["Evidence"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Narrative (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Genre (e.g. "Assessment").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// Audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
