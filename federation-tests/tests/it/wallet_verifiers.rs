//! A node's default credential checked by verifiers as wallets ship them, over real HTTPS:
//! the node's base URL is `https://localhost:<port>`, a TLS front with a throwaway CA made
//! here. The Digital Credentials Consortium's verifier-core, unmodified and with its own
//! document loader, resolves the did:web and reads both status lists over https; Digital
//! Bazaar's verifier does the same with a strict loader holding only the VC 2.0 and OB 3.0.3
//! contexts. Both see the credential valid, then revoked once the node revokes it.

use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{self, VerifierCoreOptions, VerifierCoreReport, VerifyOptions};
use mochila_federation_tests::network::TestNode;
use mochila_federation_tests::tls::{TestCa, TlsFront};
use serde_json::{Value, json};

use crate::support;

const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
const OB_V303: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The one thing verifier-core fetches from the internet for our credential: it guesses
/// the OB 3.0 JSON schema from the OB 3.0.3 context and `OpenBadgeCredential`, and fetches
/// it to validate the credential (`additionalInformation.schema_check`).
const OB_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
/// Where 1EdTech publishes the OB 3.0 JSON schemas (one may refer to others).
const OB_SCHEMAS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/schema/";

/// A node behind its TLS front, and a credential it issued.
struct Issued {
    node: TestNode,
    front: TlsFront,
    ca: TestCa,
    issued: Value,
}

impl Issued {
    async fn start(name: &str) -> Self {
        let ca = TestCa::new().unwrap();
        let (node, front) = TestNode::start_https(name, &ca).await.unwrap();
        assert_eq!(
            node.did(),
            format!("did:web:localhost%3A{}", front.addr().port())
        );
        did_document_over_https(&ca, &front, &node.did()).await;
        let issued = support::issue_credential(&node).await;
        let credential = &issued["credential"];
        assert_eq!(
            credential["@context"],
            json!([VC_V2, OB_V303]),
            "the default profile has no extension context"
        );
        let origin = front.origin();
        for status in credential["credentialStatus"].as_array().unwrap() {
            let list = status["statusListCredential"].as_str().unwrap();
            assert!(list.starts_with(&origin), "{list} is behind the front");
        }
        Self {
            node,
            front,
            ca,
            issued,
        }
    }

    fn credential(&self) -> Value {
        self.issued["credential"].clone()
    }

    async fn revoke(&self) {
        support::revoke(&self.node, &self.issued).await;
    }
}

/// The front serves the node's DID document to a client that trusts only the test CA.
async fn did_document_over_https(ca: &TestCa, front: &TlsFront, did: &str) {
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca.cert_pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    let url = format!("{}/.well-known/did.json", front.origin());
    let document: Value = client
        .get(&url)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["id"], json!(did), "{url}");
}

async fn verifier_core(credential: Value, opts: VerifierCoreOptions) -> VerifierCoreReport {
    tokio::task::spawn_blocking(move || js::verify_with_verifier_core(&credential, &opts).unwrap())
        .await
        .unwrap()
}

async fn digital_bazaar(credential: Value, ca: &TestCa) -> js::DbReport {
    let opts = VerifyOptions::default()
        .only_context(VC_V2)
        .only_context(OB_V303)
        .https_loopback(ca.cert_file())
        .check_status();
    tokio::task::spawn_blocking(move || js::verify_with_digital_bazaar(&credential, &opts).unwrap())
        .await
        .unwrap()
}

/// What verifier-core must say of every credential of ours it can check, revoked or not.
fn assert_checked_over_https(report: &VerifierCoreReport, front: &TlsFront) {
    let raw = &report.raw;
    assert!(report.errors.is_empty(), "fatal errors: {raw}");
    assert_eq!(report.valid("valid_signature"), Some(true), "{raw}");
    assert_eq!(report.valid("expiration"), Some(true), "{raw}");
    assert_eq!(report.valid("suspension_status"), Some(true), "{raw}");
    // the issuer is in no registry: none is given to it until the node has one (issue 14)
    let registry = report.step("registered_issuer").expect("a registry step");
    assert_eq!(registry.valid, Some(false), "{raw}");
    assert_eq!(registry.details["matchingIssuers"], json!([]), "{raw}");
    assert_eq!(registry.details["uncheckedRegistries"], json!([]), "{raw}");
    let origin = front.origin();
    for path in [
        "/.well-known/did.json",
        "/status/revocation/1",
        "/status/suspension/1",
    ] {
        let url = format!("{origin}{path}");
        assert!(
            report
                .fetches
                .iter()
                .any(|f| f.url == url && f.status == Some(200)),
            "verifier-core read {url} over https: {raw}"
        );
    }
    let off_machine = report.off_machine_urls();
    assert!(off_machine.contains(&OB_SCHEMA), "{raw}");
    assert!(
        off_machine.iter().all(|url| url.starts_with(OB_SCHEMAS)),
        "verifier-core fetched something new from the internet: {raw}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifier_core_verifies_a_node_credential_over_https_then_sees_it_revoked() {
    if !require_interop(
        "verifier_core_verifies_a_node_credential_over_https_then_sees_it_revoked",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issued = Issued::start("Verifier Core").await;
    let trusting = VerifierCoreOptions::default().trust_ca(issued.ca.cert_file());

    let report = verifier_core(issued.credential(), trusting.clone()).await;
    eprintln!("verifier-core, issued: {}", report.raw);
    assert_checked_over_https(&report, &issued.front);
    assert_eq!(
        report.valid("revocation_status"),
        Some(true),
        "{}",
        report.raw
    );

    // without the CA, the did:web does not resolve and nothing is reported valid
    let untrusting = verifier_core(issued.credential(), VerifierCoreOptions::default()).await;
    assert_ne!(
        untrusting.valid("valid_signature"),
        Some(true),
        "{}",
        untrusting.raw
    );
    assert!(!untrusting.errors.is_empty(), "{}", untrusting.raw);
    let did_document = format!("{}/.well-known/did.json", issued.front.origin());
    let attempts: Vec<_> = untrusting
        .fetches
        .iter()
        .filter(|f| f.url == did_document)
        .collect();
    assert!(
        !attempts.is_empty() && attempts.iter().all(|f| f.status.is_none()),
        "the TLS front's certificate is not trusted without the CA: {}",
        untrusting.raw
    );

    let mut tampered = issued.credential();
    tampered["credentialSubject"]["result"][0]["value"] = json!("7.0");
    let report = verifier_core(tampered, trusting.clone()).await;
    assert_ne!(
        report.valid("valid_signature"),
        Some(true),
        "{}",
        report.raw
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e["name"] == json!("invalid_signature")),
        "{}",
        report.raw
    );

    issued.revoke().await;
    let report = verifier_core(issued.credential(), trusting).await;
    eprintln!("verifier-core, revoked: {}", report.raw);
    assert_checked_over_https(&report, &issued.front);
    assert_eq!(
        report.valid("revocation_status"),
        Some(false),
        "{}",
        report.raw
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digital_bazaar_with_only_standard_contexts_verifies_over_https_then_sees_it_revoked() {
    if !require_interop(
        "digital_bazaar_with_only_standard_contexts_verifies_over_https_then_sees_it_revoked",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issued = Issued::start("Digital Bazaar").await;
    let statuses = |report: &js::DbReport| -> Vec<(String, bool)> {
        let results = report.status_result.as_ref().unwrap()["results"]
            .as_array()
            .unwrap();
        results
            .iter()
            .map(|r| {
                (
                    r["statusPurpose"].as_str().unwrap().to_owned(),
                    r["status"].as_bool().unwrap(),
                )
            })
            .collect()
    };

    let report = digital_bazaar(issued.credential(), &issued.ca).await;
    assert!(report.verified, "{}", report.error_text());
    assert_eq!(
        statuses(&report),
        [("revocation".into(), false), ("suspension".into(), false)]
    );

    issued.revoke().await;
    let report = digital_bazaar(issued.credential(), &issued.ca).await;
    assert!(!report.verified, "a revoked credential must not verify");
    assert_eq!(
        statuses(&report),
        [("revocation".into(), true), ("suspension".into(), false)]
    );
    assert!(
        report.error_text().contains("revocation"),
        "{}",
        report.error_text()
    );
}
