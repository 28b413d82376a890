//! did:web <-> URL mapping and DID document types.
