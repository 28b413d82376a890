//! The network's shared objects on the wire: documents owned by their publisher (an
//! actor), each in one of its collections, with a version of its own and the sequence
//! number of the change in that collection, signed (FEP-8b32) by the publisher so that
//! any copy, pushed or caught up, can be checked. A deletion is a `Tombstone` with the
//! same members, so that it too is signed and ordered.
//!
//! ```json
//! {"@context": [AS2, "https://w3id.org/mochila/network/v1", DI v2],
//!  "id": "https://coord.example/shared/members/3f2a…", "type": "NetworkMember",
//!  "attributedTo": "https://coord.example/actor",
//!  "partOf": "https://coord.example/shared/members",
//!  "version": 2, "sequence": 7, "updated": "2026-12-07T10:00:00Z", …, "proof": {…}}
//! ```

use serde_json::{Map, Value, json};

use super::{ACTIVITYSTREAMS_CONTEXT, DATA_INTEGRITY_V2_CONTEXT, check_same_origin};
use crate::jsonld::MOCHILA_NETWORK_V1;

/// The type of a catalogue entry (an institution's achievement in its `catalogue`
/// collection).
pub const CATALOGUE_ENTRY_TYPE: &str = "CatalogueEntry";

/// What every shared object says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedMeta {
    /// Its IRI.
    pub id: String,
    /// Its type; for a tombstone, the type it had (`formerType`).
    pub object_type: String,
    /// Its publisher (actor IRI).
    pub publisher: String,
    /// The collection it belongs to.
    pub collection: String,
    /// Its version (from 1).
    pub version: i32,
    /// The change's place in the collection (from 1).
    pub sequence: i64,
    /// When the change was made (RFC 3339).
    pub updated: String,
    /// Whether this is a tombstone.
    pub deleted: bool,
}

/// Why a document is not a shared object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shared object {member}: {reason}")]
pub struct SharedError {
    /// The member at fault.
    pub member: &'static str,
    /// Why.
    pub reason: String,
}

fn err(member: &'static str, reason: impl Into<String>) -> SharedError {
    SharedError {
        member,
        reason: reason.into(),
    }
}

/// The `@context` of a shared object (before its proof adds nothing: Data Integrity v2 is
/// already there).
pub fn shared_context() -> Value {
    json!([
        ACTIVITYSTREAMS_CONTEXT,
        MOCHILA_NETWORK_V1,
        DATA_INTEGRITY_V2_CONTEXT
    ])
}

/// The unsigned document for `meta`: for a live object, `content` (its own members, e.g.
/// `member`, `memberState`) with the shared members set; for a tombstone, only the shared
/// members and `formerType`.
pub fn shared_document(meta: &SharedMeta, content: Map<String, Value>) -> Value {
    let mut doc = if meta.deleted { Map::new() } else { content };
    doc.insert("@context".into(), shared_context());
    doc.insert("id".into(), json!(meta.id));
    if meta.deleted {
        doc.insert("type".into(), json!("Tombstone"));
        doc.insert("formerType".into(), json!(meta.object_type));
        doc.insert("deleted".into(), json!(meta.updated));
    } else {
        doc.insert("type".into(), json!(meta.object_type));
    }
    doc.insert("attributedTo".into(), json!(meta.publisher));
    doc.insert("partOf".into(), json!(meta.collection));
    doc.insert("version".into(), json!(meta.version));
    doc.insert("sequence".into(), json!(meta.sequence));
    doc.insert("updated".into(), json!(meta.updated));
    Value::Object(doc)
}

fn string<'a>(doc: &'a Value, member: &'static str) -> Result<&'a str, SharedError> {
    doc.get(member)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| err(member, "missing or not a string"))
}

fn positive(doc: &Value, member: &'static str) -> Result<i64, SharedError> {
    doc.get(member)
        .and_then(Value::as_i64)
        .filter(|n| *n >= 1)
        .ok_or_else(|| err(member, "missing or not a positive integer"))
}

/// Reads what `doc` says about itself, when it is a shared object: `id`, `partOf` and
/// `attributedTo` on one origin, `version` and `sequence` positive integers, `updated`
/// present. The proof is not checked here ([`super::verify_object`] does).
pub fn shared_meta(doc: &Value) -> Result<SharedMeta, SharedError> {
    let id = string(doc, "id")?;
    let publisher = string(doc, "attributedTo")?;
    let collection = string(doc, "partOf")?;
    for (member, value) in [("id", id), ("partOf", collection)] {
        check_same_origin(member, value, publisher).map_err(|e| err(member, e.to_string()))?;
    }
    let type_ = string(doc, "type")?;
    let deleted = type_ == "Tombstone";
    let object_type = if deleted {
        string(doc, "formerType")?
    } else {
        type_
    };
    let version =
        i32::try_from(positive(doc, "version")?).map_err(|_| err("version", "too large"))?;
    Ok(SharedMeta {
        id: id.to_owned(),
        object_type: object_type.to_owned(),
        publisher: publisher.to_owned(),
        collection: collection.to_owned(),
        version,
        sequence: positive(doc, "sequence")?,
        updated: string(doc, "updated")?.to_owned(),
        deleted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(deleted: bool) -> SharedMeta {
        SharedMeta {
            id: "https://c.example/shared/members/1".into(),
            object_type: "NetworkMember".into(),
            publisher: "https://c.example/actor".into(),
            collection: "https://c.example/shared/members".into(),
            version: 2,
            sequence: 7,
            updated: "2026-12-07T10:00:00Z".into(),
            deleted,
        }
    }

    #[test]
    fn a_document_reads_back_as_the_meta_it_was_built_from() {
        for deleted in [false, true] {
            let mut content = Map::new();
            content.insert("memberState".into(), json!("active"));
            let doc = shared_document(&meta(deleted), content);
            assert_eq!(shared_meta(&doc).unwrap(), meta(deleted));
            assert_eq!(doc.get("memberState").is_some(), !deleted);
        }
    }

    #[test]
    fn a_foreign_collection_or_a_bad_sequence_is_refused() {
        let mut doc = shared_document(&meta(false), Map::new());
        doc["partOf"] = json!("https://other.example/shared/members");
        assert_eq!(shared_meta(&doc).unwrap_err().member, "partOf");
        let mut doc = shared_document(&meta(false), Map::new());
        doc["sequence"] = json!(0);
        assert_eq!(shared_meta(&doc).unwrap_err().member, "sequence");
        let mut doc = shared_document(&meta(false), Map::new());
        doc["id"] = json!("https://other.example/x");
        assert_eq!(shared_meta(&doc).unwrap_err().member, "id");
    }
}
