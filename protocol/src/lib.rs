//! Mochila's wire formats and the algorithms over them, with no I/O: JSON-LD to RDF,
//! RDFC-1.0 canonicalisation, Open Badges 3.0 credentials, Data Integrity proofs,
//! Multikey, did:web, and Bitstring Status Lists.
//!
//! Everything here is deterministic and synchronous; whatever needs the network (fetching a
//! DID document, an unknown context) comes in through a trait the caller implements.
#![deny(missing_docs)]

pub mod activity;
pub mod baking;
pub mod credential;
pub mod did;
pub mod framework;
pub mod httpsig;
pub mod jcs;
pub mod jose;
pub mod jsonld;
pub mod multikey;
pub mod network;
pub mod presentation;
pub mod proof;
pub mod rdf;
pub mod rdfc;
pub mod status;
