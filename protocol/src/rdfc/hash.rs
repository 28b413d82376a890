//! The hash algorithms RDFC-1.0 may be run with, behind one small incremental interface,
//! and the fixed-size digests they produce (compared as raw bytes, printed as lowercase hex).

use sha2::Digest as _;

/// The hash algorithm used throughout canonicalisation. RDFC-1.0 uses SHA-256 unless the
/// caller asks for another one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256 (the default).
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

/// A digest of at most 48 bytes. Ordering the raw bytes is the same as ordering the
/// lowercase hexadecimal strings RDFC-1.0 compares.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct HashDigest {
    len: u8,
    bytes: [u8; 48],
}

impl HashDigest {
    /// The digest bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// Appends the lowercase hexadecimal form of the digest to `out`.
    pub(crate) fn write_hex(&self, out: &mut String) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for &b in self.as_bytes() {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }

    fn from_slice(slice: &[u8]) -> Self {
        let mut bytes = [0u8; 48];
        let len = slice.len().min(48);
        bytes[..len].copy_from_slice(&slice[..len]);
        Self {
            len: len as u8,
            bytes,
        }
    }
}

impl std::fmt::Debug for HashDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write_hex(&mut s);
        f.write_str(&s)
    }
}

/// An incremental hasher for the configured algorithm.
#[derive(Clone)]
pub(crate) enum Hasher {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
}

impl Hasher {
    /// A fresh hasher for `algorithm`.
    pub(crate) fn new(algorithm: HashAlgorithm) -> Self {
        match algorithm {
            HashAlgorithm::Sha256 => Self::Sha256(sha2::Sha256::new()),
            HashAlgorithm::Sha384 => Self::Sha384(sha2::Sha384::new()),
        }
    }

    /// Feeds `data` to the hasher.
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha256(h) => h.update(data),
            Self::Sha384(h) => h.update(data),
        }
    }

    /// Finishes the hash.
    pub(crate) fn finish(self) -> HashDigest {
        match self {
            Self::Sha256(h) => HashDigest::from_slice(&h.finalize()),
            Self::Sha384(h) => HashDigest::from_slice(&h.finalize()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_string_in_hex() {
        let mut hex = String::new();
        Hasher::new(HashAlgorithm::Sha256)
            .finish()
            .write_hex(&mut hex);
        assert_eq!(
            hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn sha384_has_48_bytes_and_byte_order_matches_hex_order() {
        let a = Hasher::new(HashAlgorithm::Sha384).finish();
        assert_eq!(a.as_bytes().len(), 48);
        let mut h = Hasher::new(HashAlgorithm::Sha256);
        h.update(b"abc");
        let b = h.finish();
        let (mut ha, mut hb) = (String::new(), String::new());
        let c = Hasher::new(HashAlgorithm::Sha256).finish();
        c.write_hex(&mut ha);
        b.write_hex(&mut hb);
        assert_eq!(c.cmp(&b), ha.cmp(&hb));
    }
}
