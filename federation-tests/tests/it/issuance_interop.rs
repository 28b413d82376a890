//! A credential issued by a running node, over HTTP, verified by Digital Bazaar's verifier
//! (`@digitalbazaar/vc` + eddsa-rdfc-2022 + bitstring status list), which resolves the
//! node's did:web and fetches its status list over HTTP; after revocation that verifier
//! reports it revoked; a tampered copy fails.

use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{self, VerifyOptions};
use mochila_federation_tests::network::TestNode;
use serde_json::{Value, json};

use crate::support;

/// Runs the Digital Bazaar verifier off the async runtime (it calls back into the node).
async fn db_verify(credential: Value) -> js::DbReport {
    tokio::task::spawn_blocking(move || {
        let options = VerifyOptions::default()
            .with_mochila_context()
            .allow_http_did_web()
            .check_status();
        js::verify_with_digital_bazaar(&credential, &options).unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_credential_verifies_then_reads_revoked_in_digital_bazaar() {
    if !require_interop(
        "a_node_credential_verifies_then_reads_revoked_in_digital_bazaar",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let node = TestNode::start("Interop").await.unwrap();
    let issued = support::issue_credential(&node).await;
    let credential = issued["credential"].clone();

    let report = db_verify(credential.clone()).await;
    assert!(
        report.verified,
        "Digital Bazaar rejects the node's credential: {}",
        report.error_text()
    );
    assert!(
        report.status_result.is_some(),
        "the status list was checked"
    );

    let mut tampered = credential.clone();
    tampered["credentialSubject"]["result"][0]["value"] = json!("7.0");
    let report = db_verify(tampered).await;
    assert!(!report.verified, "a tampered copy must fail");

    support::revoke(&node, &issued).await;
    let report = db_verify(credential).await;
    assert!(!report.verified, "a revoked credential must not verify");
    let text = report.error_text().to_lowercase();
    assert!(
        text.contains("revocation") || text.contains("revoked"),
        "the verifier says why: {text}"
    );
}
