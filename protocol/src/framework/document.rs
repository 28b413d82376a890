//! A framework version as a shared object (`type: Framework`, the publisher's `frameworks`
//! collection): its `definition` with every item IRI set (one JSON member, so that its
//! `title` and `description` never meet another context's terms), its status, the digest
//! of the definition (which never changes once published) and, from version 2, what
//! changed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::{Changes, FieldProblem, FrameworkDefinition, REFERENCE_NAMESPACE, validate};

/// The type of a framework version's shared object.
pub const FRAMEWORK_TYPE: &str = "Framework";

/// Where a framework version is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameworkStatus {
    /// Being written: only on its publisher's node, never shared.
    Draft,
    /// Published: designs may align to it; its content is fixed.
    Published,
    /// Superseded or withdrawn: what aligned to it still resolves; new designs may not.
    Deprecated,
}

impl FrameworkStatus {
    /// Its name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Deprecated => "deprecated",
        }
    }
}

/// A framework version as read from its shared object.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworkDocument {
    /// The framework's URL (the same for all its versions).
    pub framework: String,
    /// The version's definition, every item IRI set.
    pub definition: FrameworkDefinition,
    /// Its status.
    pub status: FrameworkStatus,
    /// The digest of its content ([`content_digest`]).
    pub digest: String,
    /// The version it follows, if any.
    pub previous_version: Option<String>,
    /// What changed from that version.
    pub changes: Option<Changes>,
}

/// Why a document is not a valid framework version.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameworkError {
    /// Not a framework, or a member has the wrong shape.
    #[error("framework: {0}")]
    Shape(String),
    /// The content does not match its digest.
    #[error("framework: contentDigest does not match its content")]
    Digest,
    /// The content is not a valid framework.
    #[error("framework: {}", .0.iter().map(|p| format!("{} {}", p.pointer, p.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
}

/// The digest of a definition's content: `u` + base64url(SHA-256(JCS(definition))), a
/// multibase digest as VC 2.0's `digestMultibase`. An achievement records it for the
/// framework version it was designed against.
pub fn content_digest(definition: &FrameworkDefinition) -> String {
    let value = serde_json::to_value(definition).unwrap_or(Value::Null);
    let hash = Sha256::digest(crate::jcs::canonicalize(&value).as_bytes());
    format!("u{}", URL_SAFE_NO_PAD.encode(hash))
}

/// The shared object's own members for version `definition` (IRIs set) of the framework
/// at `framework`, with its status and, from version 2, the version it follows and what
/// changed.
pub fn framework_content(
    framework: &str,
    definition: &FrameworkDefinition,
    status: FrameworkStatus,
    previous: Option<(&str, &Changes)>,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("framework".into(), json!(framework));
    out.insert("definition".into(), json!(definition));
    out.insert("frameworkStatus".into(), json!(status.as_str()));
    out.insert("contentDigest".into(), json!(content_digest(definition)));
    if let Some((version, changes)) = previous {
        out.insert("previousVersion".into(), json!(version));
        out.insert("changes".into(), json!(changes));
    }
    out
}

fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// Reads a framework version's shared object published by `publisher` (an actor IRI):
/// its shape, its digest, and its validity (item IRIs on the publisher's origin or in the
/// reference framework's namespace).
pub fn read_framework(doc: &Value, publisher: &str) -> Result<FrameworkDocument, FrameworkError> {
    let shape = |m: &str| FrameworkError::Shape(m.to_owned());
    if doc.get("type").and_then(Value::as_str) != Some(FRAMEWORK_TYPE) {
        return Err(shape("type must be Framework"));
    }
    let definition: FrameworkDefinition =
        serde_json::from_value(doc.get("definition").cloned().unwrap_or_default())
            .map_err(|e| FrameworkError::Shape(format!("definition: {e}")))?;
    let text = |key: &str| doc.get(key).and_then(Value::as_str);
    let framework = text("framework").ok_or_else(|| shape("framework is required"))?;
    let own = format!("{}/", origin(publisher));
    if !framework.starts_with(&own) {
        return Err(shape("framework must be on its publisher's origin"));
    }
    let status = serde_json::from_value(doc.get("frameworkStatus").cloned().unwrap_or_default())
        .ok()
        .filter(|s| *s != FrameworkStatus::Draft)
        .ok_or_else(|| shape("frameworkStatus must be published or deprecated"))?;
    let digest = text("contentDigest").ok_or_else(|| shape("contentDigest is required"))?;
    if digest != content_digest(&definition) {
        return Err(FrameworkError::Digest);
    }
    let problems = validate(&definition, &[own.as_str(), REFERENCE_NAMESPACE]);
    if !problems.is_empty() {
        return Err(FrameworkError::Invalid(problems));
    }
    if definition.items.iter().any(|i| i.id.is_none()) {
        return Err(shape("every item needs its id"));
    }
    let changes = match doc.get("changes") {
        Some(c) => Some(
            serde_json::from_value(c.clone()).map_err(|e| FrameworkError::Shape(e.to_string()))?,
        ),
        None => None,
    };
    Ok(FrameworkDocument {
        framework: framework.to_owned(),
        definition,
        status,
        digest: digest.to_owned(),
        previous_version: text("previousVersion").map(str::to_owned),
        changes,
    })
}
