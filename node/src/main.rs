//! The `mochila` command line.
fn main() {}
