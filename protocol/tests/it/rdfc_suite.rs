//! rdfc_suite tests.
