//! Body digests: `Content-Digest` (RFC 9530, `sha-256=:…:`, `sha-512=:…:`) and the legacy
//! `Digest` header (RFC 3230, `SHA-256=…`) that draft-cavage peers sign.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest as _, Sha256, Sha512};

use super::HttpSigError;
use super::sfv::{self, BareItem, Member};

/// A digest algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

impl DigestAlgorithm {
    fn digest(self, body: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(body).to_vec(),
            Self::Sha512 => Sha512::digest(body).to_vec(),
        }
    }

    /// The `Content-Digest` key (`sha-256`, `sha-512`).
    pub fn content_digest_key(self) -> &'static str {
        match self {
            Self::Sha256 => "sha-256",
            Self::Sha512 => "sha-512",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "sha-256" => Some(Self::Sha256),
            "sha-512" => Some(Self::Sha512),
            _ => None,
        }
    }
}

/// The `Content-Digest` value for `body`: `sha-256=:base64:` (or `sha-512=:…:`).
pub fn content_digest(body: &[u8], algorithm: DigestAlgorithm) -> String {
    format!(
        "{}=:{}:",
        algorithm.content_digest_key(),
        STANDARD.encode(algorithm.digest(body))
    )
}

/// The legacy `Digest` value for `body`: `SHA-256=base64`.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)))
}

/// Checks a `Content-Digest` value against `body`: every supported algorithm listed must
/// match, and at least one must be listed.
pub fn check_content_digest(value: &str, body: &[u8]) -> Result<(), HttpSigError> {
    const HEADER: &str = "content-digest";
    let dict = sfv::parse_dictionary(value).map_err(|e| HttpSigError::malformed(HEADER, e))?;
    let mut checked = 0;
    for (key, member) in &dict {
        let Some(alg) = DigestAlgorithm::from_name(key) else {
            continue;
        };
        let Member::Item(item) = member else {
            return Err(HttpSigError::malformed(
                HEADER,
                format!("{key} is not a byte sequence"),
            ));
        };
        let BareItem::ByteSeq(expected) = &item.bare else {
            return Err(HttpSigError::malformed(
                HEADER,
                format!("{key} is not a byte sequence"),
            ));
        };
        if alg.digest(body) != *expected {
            return Err(HttpSigError::DigestMismatch {
                header: HEADER,
                algorithm: key.clone(),
            });
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(HttpSigError::UnsupportedDigest {
            header: HEADER,
            found: dict
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(())
}

/// Checks a legacy `Digest` value (`SHA-256=base64[, SHA-512=base64]`) against `body`:
/// every supported algorithm listed must match, and at least one must be listed.
pub fn check_digest(value: &str, body: &[u8]) -> Result<(), HttpSigError> {
    const HEADER: &str = "digest";
    let mut checked = 0;
    let mut found = Vec::new();
    for part in value.split(',') {
        let part = part.trim();
        let (name, b64) = part
            .split_once('=')
            .ok_or_else(|| HttpSigError::malformed(HEADER, format!("{part:?} is not ALG=value")))?;
        found.push(name.to_owned());
        let Some(alg) = DigestAlgorithm::from_name(name) else {
            continue;
        };
        let expected = STANDARD.decode(b64.trim()).map_err(|e| {
            HttpSigError::malformed(HEADER, format!("{name} value is not base64: {e}"))
        })?;
        if alg.digest(body) != expected {
            return Err(HttpSigError::DigestMismatch {
                header: HEADER,
                algorithm: name.to_owned(),
            });
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(HttpSigError::UnsupportedDigest {
            header: HEADER,
            found: found.join(", "),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 9530 §2 and draft-cavage-12 appendix C: the body {"hello": "world"}.
    const BODY: &[u8] = br#"{"hello": "world"}"#;

    #[test]
    fn computes_the_published_digests() {
        assert_eq!(
            content_digest(BODY, DigestAlgorithm::Sha256),
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
        );
        // RFC 9421 appendix B.2 test-request.
        assert_eq!(
            content_digest(BODY, DigestAlgorithm::Sha512),
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
        );
        assert_eq!(
            digest_header(BODY),
            "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="
        );
    }

    #[test]
    fn checks_and_rejects() {
        let cd = content_digest(BODY, DigestAlgorithm::Sha256);
        check_content_digest(&cd, BODY).unwrap();
        check_content_digest(&format!("md5=:AAAA:, {cd}"), BODY).unwrap();
        assert!(matches!(
            check_content_digest(&cd, b"other"),
            Err(HttpSigError::DigestMismatch { .. })
        ));
        assert!(matches!(
            check_content_digest("md5=:AAAA:", BODY),
            Err(HttpSigError::UnsupportedDigest { .. })
        ));
        assert!(matches!(
            check_content_digest("sha-256=abc", BODY),
            Err(HttpSigError::MalformedHeader { .. })
        ));
        check_digest(&digest_header(BODY), BODY).unwrap();
        check_digest("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", BODY).unwrap();
        assert!(matches!(
            check_digest(&digest_header(BODY), b"x"),
            Err(HttpSigError::DigestMismatch { .. })
        ));
        assert!(check_digest("SHA-256", BODY).is_err());
        assert!(check_digest("MD5=abc", BODY).is_err());
    }
}
