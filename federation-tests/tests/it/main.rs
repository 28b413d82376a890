//! Multi-node and interop scenarios.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod actor_interop;
mod contract;
mod db_selftest;
mod entity_statement_interop;
mod federation;
mod fedify_peer;
mod httpsig_interop;
mod issuance_interop;
mod network_governance;
mod pages_a11y;
mod registry_interop;
mod support;
mod vc_interop;
mod wallet_claim;
mod wallet_verifiers;
