//! to_rdf_suite tests.
