//! credentials tests.
