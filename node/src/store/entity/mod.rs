//! Database rows. Row types stay here; wire and API types convert from them explicitly.

pub mod achievement;
pub mod achievement_version;
pub mod api_token;
pub mod audit_event;
pub mod batch_row;
pub mod credential;
pub mod delivery;
pub mod holder_copy;
pub mod idempotency_record;
pub mod image;
pub mod inbox_activity;
pub mod institution;
pub mod issuance_batch;
pub mod learner_match;
pub mod network;
pub mod network_decision;
pub mod network_member;
pub mod outbox_activity;
pub mod peer;
pub mod peer_key;
pub mod remote_object;
pub mod seen_signature;
pub mod signing_key;
pub mod states;
pub mod status_list;
pub mod wallet_exchange;
