//! Multi-node and interop scenarios.
