//! Database rows. Row types stay here; wire and API types convert from them explicitly.

pub mod achievement;
pub mod achievement_version;
pub mod api_token;
pub mod audit_event;
pub mod batch_row;
pub mod credential;
pub mod idempotency_record;
pub mod image;
pub mod institution;
pub mod issuance_batch;
pub mod status_list;
