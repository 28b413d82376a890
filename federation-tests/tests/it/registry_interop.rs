//! The network's trust list read by the Digital Credentials Consortium's verifier-core, as
//! wallets run it (unmodified, over https through TLS fronts of one throwaway CA): given
//! an `oidf` registry whose trust anchor is a Mochila coordinator, it reports a member's
//! credential from a registered issuer, and a non-member's not.

use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{
    self, DbReport, VerifierCoreOptions, VerifierCoreReport, VerifyOptions,
};
use mochila_federation_tests::network::TestNode;
use mochila_federation_tests::tls::TestCa;
use serde_json::{Value, json};

use crate::support;

/// Digital Bazaar's verdict on a membership credential, status checked, over https.
async fn digital_bazaar(credential: Value, ca: &std::path::Path) -> DbReport {
    let context = js::workspace_root().join("protocol/contexts/mochila-network-v1.jsonld");
    let opts = VerifyOptions::default()
        .context("https://w3id.org/mochila/network/v1", &context)
        .https_loopback(ca)
        .check_status();
    tokio::task::spawn_blocking(move || js::verify_with_digital_bazaar(&credential, &opts).unwrap())
        .await
        .unwrap()
}

async fn verifier_core(credential: Value, opts: VerifierCoreOptions) -> VerifierCoreReport {
    tokio::task::spawn_blocking(move || js::verify_with_verifier_core(&credential, &opts).unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifier_core_finds_a_member_in_the_coordinators_registry_and_not_a_stranger() {
    if !require_interop(
        "verifier_core_finds_a_member_in_the_coordinators_registry_and_not_a_stranger",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let ca = TestCa::new().unwrap();
    let (coordinator, coordinator_front) =
        TestNode::start_https("Coordinadora", &ca).await.unwrap();
    let (member, _member_front) = TestNode::start_https("Miembro", &ca).await.unwrap();
    let network = mochila_node::network::NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    mochila_node::network::create_network(&coordinator.node.state.db, network)
        .await
        .unwrap();
    let anchor = coordinator_front.origin();

    // The member's node applies over https; the coordinator's admin approves it.
    let (status, applied) = member
        .post("/api/v1/networks/join", &json!({"coordinator": anchor}))
        .await
        .unwrap();
    assert_eq!(status, 202, "{applied}");
    let entity = applied["entityId"].as_str().unwrap();
    let id = entity.replace(':', "%3A").replace('/', "%2F");
    let (status, approved) = coordinator
        .post(
            &format!("/api/v1/network/members/{id}/approve"),
            &json!({"reason": "convenio de cooperación firmado"}),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, approved["state"].as_str()),
        (200, Some("active")),
        "{approved}"
    );

    let registries = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        registries.path(),
        json!({"registries": [{"name": "Red Andina", "type": "oidf",
            "trustAnchorEC": format!("{anchor}/.well-known/openid-federation")}]})
        .to_string(),
    )
    .unwrap();
    let opts = || VerifierCoreOptions {
        known_registries: Some(registries.path().to_path_buf()),
        ..VerifierCoreOptions::default().trust_ca(ca.cert_file())
    };

    let issued = support::issue_credential(&member).await;
    let report = verifier_core(issued["credential"].clone(), opts()).await;
    let raw = &report.raw;
    assert_eq!(report.valid("valid_signature"), Some(true), "{raw}");
    let registered = report.step("registered_issuer").expect("a registry step");
    assert_eq!(
        registered.valid,
        Some(true),
        "the member is registered: {raw}"
    );
    let fetch = format!("{anchor}/federation/fetch?sub={}", member.did());
    assert!(
        report
            .fetches
            .iter()
            .any(|f| f.url == fetch && f.status == Some(200)),
        "verifier-core asked the coordinator by DID: {raw}"
    );

    // The membership credential, linked from the member's DID document, verifies with
    // Digital Bazaar (status checked) — and no longer once the member is suspended.
    let mut did_doc = Value::Null;
    for _ in 0..200 {
        did_doc = member.get("/.well-known/did.json").await.unwrap();
        if did_doc.to_string().contains("NetworkMembershipCredential") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let url = did_doc["service"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "NetworkMembershipCredential")
        .and_then(|s| s["serviceEndpoint"].as_str())
        .unwrap_or_else(|| panic!("no membership link: {did_doc}"))
        .to_owned();
    let path = &url[url.find("/network/credentials/").unwrap()..];
    let membership: Value = coordinator.get(path).await.unwrap();
    let report = digital_bazaar(membership.clone(), ca.cert_file()).await;
    assert!(report.verified, "{}", report.error_text());
    let (status, _) = coordinator
        .post(
            &format!("/api/v1/network/members/{id}/suspend"),
            &json!({"reason": "auditoría pendiente"}),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    let report = digital_bazaar(membership, ca.cert_file()).await;
    assert!(!report.verified, "a suspended member's credential");
    let result = report.status_result.clone().unwrap_or_default();
    assert!(
        result.to_string().contains("suspension"),
        "the suspension bit is what failed: {result}"
    );

    // The coordinator's own credential: it is in no network, so not registered.
    let stranger = support::issue_credential(&coordinator).await;
    let report = verifier_core(stranger["credential"].clone(), opts()).await;
    let raw = &report.raw;
    assert_eq!(report.valid("valid_signature"), Some(true), "{raw}");
    assert_eq!(
        report.valid("registered_issuer"),
        Some(false),
        "not a member: {raw}"
    );
}
