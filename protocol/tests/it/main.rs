//! The protocol crate's integration tests: conformance suites and vectors from
//! `../shared/vectors`, read by relative path.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod activity;
mod baking;
mod credentials;
mod framework;
mod httpsig;
mod proofs;
mod rdfc_suite;
mod status_list;
mod to_rdf_suite;
mod vectors;
