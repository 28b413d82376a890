//! End-to-end tests of one node over real HTTP, on SQLite and — when
//! `MOCHILA_TEST_DATABASE_URL` is set — again on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

mod activitypub;
mod architecture;
mod auth;
mod cli;
mod cohorts;
mod config;
mod delivery;
mod framework_design;
mod identity;
mod inbox;
mod institution;
mod issuance;
mod learner_page;
mod network;
mod network_catalogue;
mod network_charter;
mod network_frameworks;
mod network_list;
mod network_outages;
mod network_search;
mod network_support;
mod network_untrusted;
mod ops;
mod pages;
mod profile;
mod report_pages;
mod restore;
mod vc_verify;
mod verify;
mod wallet_exchange;
