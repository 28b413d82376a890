//! What a change must respect beyond its proof and order, by the object's type: a
//! framework version must be a valid framework whose content matches its digest, and once
//! published its content never changes (an update may only deprecate it).

use mochila_protocol::activity::SharedMeta;
use mochila_protocol::framework::{FRAMEWORK_TYPE, FrameworkStatus, read_framework};
use serde_json::Value;

use crate::store::entity::shared_object;

/// Why `document` (change `meta`, after `existing`) may not be applied, if it may not.
pub fn refusal(
    meta: &SharedMeta,
    document: &Value,
    existing: Option<&shared_object::Model>,
) -> Option<String> {
    if meta.object_type != FRAMEWORK_TYPE {
        return None;
    }
    if let Some(e) = existing
        && e.object_type != meta.object_type
    {
        return Some(format!(
            "{} was a {}, not a {}",
            meta.id, e.object_type, meta.object_type
        ));
    }
    if meta.deleted {
        return Some(format!(
            "{}: a published framework version is never deleted",
            meta.id
        ));
    }
    let new = match read_framework(document, &meta.publisher) {
        Ok(f) => f,
        Err(e) => return Some(format!("{}: {e}", meta.id)),
    };
    let old = existing.and_then(|e| read_framework(&e.document, &meta.publisher).ok())?;
    if old.digest != new.digest {
        return Some(format!(
            "{}: a published framework version's content never changes",
            meta.id
        ));
    }
    if old.status == FrameworkStatus::Deprecated && new.status != FrameworkStatus::Deprecated {
        return Some(format!(
            "{}: a deprecated version stays deprecated",
            meta.id
        ));
    }
    None
}
