//! Bitstring Status List v1.0: encode, decode, entries and list credentials.
