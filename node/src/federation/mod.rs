//! The institution on the fediverse: its ActivityPub actor (an `Organization` with its RSA
//! and Ed25519 keys and an FEP-8b32 proof), the collections it exposes, discovery
//! (WebFinger, NodeInfo 2.1), the durable outbox and the signing of outgoing requests.
//! Its HTTP handlers are the http layer's `activitypub` and `inbox` routes.

pub mod activities;
pub mod actor;
pub mod collections;
pub mod delivery;
pub mod discovery;
pub mod documents;
pub mod inbox;
pub mod model;
pub mod outbox;
pub mod peer_views;
pub mod peers;
pub mod remote;
pub mod service;
pub mod shared;
pub mod signing;

pub use actor::{ActorError, ActorUrls, build_actor, handle};
pub use collections::{CollectionError, followers, following, outbox, outbox_page};
pub use discovery::{WebFingerError, nodeinfo, nodeinfo_discovery, webfinger};
pub use documents::DocumentError;
pub use model::{DeliveryState, KnownScheme, Relation};
pub use outbox::{Audience, OutboxError, Published, Publisher};
pub use service::Federation;
pub use signing::RequestSigner;
