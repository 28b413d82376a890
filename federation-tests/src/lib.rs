//! Helpers for multi-node and interop tests: start nodes, run the independent
//! implementations from `federation-tests/js`.

pub mod client;
pub mod fedify;
pub mod interop;
pub mod js;
pub mod network;
pub mod process;
pub mod tls;
