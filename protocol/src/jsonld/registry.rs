//! The embedded context registry: the JSON-LD context documents the node ships in its
//! binary, so that known context URLs are never fetched at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

/// The URL of Mochila's microcredential extension context.
pub const MOCHILA_MICROCREDENTIAL_V1: &str = "https://w3id.org/mochila/microcredential/v1";

/// The URL of Mochila's network vocabulary context (shared objects, members).
pub const MOCHILA_NETWORK_V1: &str = "https://w3id.org/mochila/network/v1";

/// `(url, document)` for every embedded context, as published (byte for byte).
const EMBEDDED: &[(&str, &str)] = &[
    (
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        include_str!("../../contexts/www.w3.org_ns_credentials_undefined-terms_v2.jsonld"),
    ),
    (
        "https://www.w3.org/2018/credentials/v1",
        include_str!("../../contexts/www.w3.org_2018_credentials_v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/v2",
        include_str!("../../contexts/www.w3.org_ns_credentials_v2.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v1",
        include_str!("../../contexts/w3id.org_security_data-integrity_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v2",
        include_str!("../../contexts/w3id.org_security_data-integrity_v2.jsonld"),
    ),
    (
        "https://w3id.org/security/multikey/v1",
        include_str!("../../contexts/w3id.org_security_multikey_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        include_str!("../../contexts/w3id.org_security_suites_ed25519-2020_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2018/v1",
        include_str!("../../contexts/w3id.org_security_suites_ed25519-2018_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/x25519-2020/v1",
        include_str!("../../contexts/w3id.org_security_suites_x25519-2020_v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/status/v1",
        include_str!("../../contexts/www.w3.org_ns_credentials_status_v1.jsonld"),
    ),
    (
        "https://w3id.org/vc/status-list/2021/v1",
        include_str!("../../contexts/w3id.org_vc_status-list_2021_v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/did/v1",
        include_str!("../../contexts/www.w3.org_ns_did_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v1",
        include_str!("../../contexts/w3id.org_security_v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v2",
        include_str!("../../contexts/w3id.org_security_v2.jsonld"),
    ),
    (
        "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html",
        include_str!(
            "../../contexts/imsglobal.github.io_openbadges-specification_ob_v3p0.html.jsonld"
        ),
    ),
    (
        "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
        include_str!(
            "../../contexts/w3c-ccg.github.io_vc-ed_plugfest-1-2022_jff-vc-edu-plugfest-1-context.json"
        ),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        include_str!("../../contexts/purl.imsglobal.org_spec_ob_v3p0_context.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        include_str!("../../contexts/purl.imsglobal.org_spec_ob_v3p0_context-3.0.1.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        include_str!("../../contexts/purl.imsglobal.org_spec_ob_v3p0_context-3.0.2.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        include_str!("../../contexts/purl.imsglobal.org_spec_ob_v3p0_context-3.0.3.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        include_str!("../../contexts/purl.imsglobal.org_spec_ob_v3p0_extensions.json"),
    ),
    (
        "https://www.w3.org/ns/credentials/examples/v2",
        include_str!("../../contexts/www.w3.org_ns_credentials_examples_v2.jsonld"),
    ),
    (
        "https://www.w3.org/2018/credentials/examples/v1",
        include_str!("../../contexts/www.w3.org_2018_credentials_examples_v1.jsonld"),
    ),
    (
        MOCHILA_MICROCREDENTIAL_V1,
        include_str!("../../contexts/mochila-microcredential-v1.jsonld"),
    ),
    (
        MOCHILA_NETWORK_V1,
        include_str!("../../contexts/mochila-network-v1.jsonld"),
    ),
];

/// The embedded context documents, parsed once on first use.
#[derive(Debug)]
pub struct Registry {
    parsed: HashMap<&'static str, Value>,
}

impl Registry {
    /// The parsed document at `url`, if it is embedded.
    pub fn get(&self, url: &str) -> Option<&Value> {
        self.parsed.get(url)
    }

    /// Every embedded context as `(url, bytes)`, in a stable order, for serving them.
    pub fn documents(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> {
        EMBEDDED.iter().map(|(url, text)| (*url, text.as_bytes()))
    }
}

/// The embedded context registry. A document that fails to parse is left out (and the
/// registry test fails), so this never panics.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry {
        parsed: EMBEDDED
            .iter()
            .filter_map(|(url, text)| Some((*url, serde_json::from_str(text).ok()?)))
            .collect(),
    })
}

/// The parsed embedded context document at `url` (the whole document, with its
/// `@context` entry), if the registry holds it.
pub fn embedded_context(url: &str) -> Option<&'static Value> {
    registry().get(url)
}

/// Every embedded context as `(url, bytes)`: what the node serves at each URL.
pub fn embedded_documents() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    EMBEDDED.iter().map(|(url, text)| (*url, text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_document_parses_and_has_a_context() {
        for (url, _) in embedded_documents() {
            let doc = embedded_context(url).unwrap_or_else(|| panic!("{url} does not parse"));
            assert!(doc.get("@context").is_some(), "{url} has no @context");
        }
    }
}
