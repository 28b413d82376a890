//! Multikey encoding of Ed25519 public and secret keys, and did:key.
