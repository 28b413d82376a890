//! Database rows. Row types stay here; wire and API types convert from them explicitly.

pub mod api_token;
pub mod institution;
