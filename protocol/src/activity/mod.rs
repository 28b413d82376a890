//! ActivityStreams 2.0 / ActivityPub wire types the node publishes and accepts — actors,
//! activities, ordered collections, WebFinger and NodeInfo 2.1 — and FEP-8b32 object
//! integrity proofs (`eddsa-jcs-2022`) with the origin and key-ownership checks that go
//! with them.
//!
//! Every type keeps the members it does not model in a flattened `extra` map, so a
//! document read and written again loses nothing.

mod actor;
mod collection;
mod discovery;
mod integrity;
mod kinds;
mod shared;

pub use actor::{Actor, CryptographicKey, Endpoints, Multikey};
pub use collection::{OrderedCollection, OrderedCollectionPage};
pub use discovery::{
    Jrd, JrdLink, NODEINFO_2_1_REL, NODEINFO_2_1_SCHEMA, NodeInfo, NodeInfoServices,
    NodeInfoSoftware, NodeInfoUsage, NodeInfoUsers,
};
pub use integrity::{
    ActivityError, check_key_belongs_to_actor, check_same_origin, origin, sign_object,
    verify_object,
};
pub use kinds::{Activity, ActivityType, ActorType, ObjectRef, OneOrMany};
pub use shared::{
    CATALOGUE_ENTRY_TYPE, SharedError, SharedMeta, shared_context, shared_document, shared_meta,
};

/// The ActivityStreams 2.0 context.
pub const ACTIVITYSTREAMS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";
/// The security v1 context (`publicKey`, `publicKeyPem`).
pub const SECURITY_V1_CONTEXT: &str = "https://w3id.org/security/v1";
/// The Data Integrity v2 context (FEP-8b32 proofs).
pub const DATA_INTEGRITY_V2_CONTEXT: &str = crate::proof::DATA_INTEGRITY_CONTEXT;
/// The Multikey context (FEP-521a `assertionMethod`).
pub const MULTIKEY_CONTEXT: &str = crate::multikey::MULTIKEY_CONTEXT;
/// The public addressing collection.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
/// The media type of ActivityPub documents.
pub const ACTIVITY_JSON: &str = "application/activity+json";

/// The `@context` of a document Mochila publishes: ActivityStreams, security v1, Data
/// Integrity v2 and Multikey.
pub fn default_context() -> serde_json::Value {
    serde_json::json!([
        ACTIVITYSTREAMS_CONTEXT,
        SECURITY_V1_CONTEXT,
        DATA_INTEGRITY_V2_CONTEXT,
        MULTIKEY_CONTEXT
    ])
}
