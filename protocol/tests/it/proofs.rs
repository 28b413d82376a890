//! proofs tests.
