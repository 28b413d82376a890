//! End-to-end tests of one node over HTTP.
