//! The Mochila node: configuration, storage, the institution's identity and keys, and the
//! HTTP server (public pages and documents, the admin API, OpenAPI). `main.rs` is the
//! `mochila` command line on top of this library; tests start nodes through [`app::start`].

pub mod app;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod config;
pub mod error;
pub mod exchange;
pub mod federation;
pub mod fetch;
pub mod fixtures;
pub mod framework;
pub mod http;
pub mod identity;
pub mod institution;
pub mod issuance;
pub mod key_guard;
pub mod keys;
pub mod metrics;
pub mod network;
pub mod signer;
pub mod spreadsheet;
pub mod state;
pub mod status_lists;
pub mod store;
pub mod text;
pub mod verification;
