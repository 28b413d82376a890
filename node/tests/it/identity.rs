//! The DID document, the issuer profile and key rotation.

use mochila_node::keys;
use serde_json::Value;

use crate::support::{TestNode, each_backend};

#[tokio::test]
async fn did_document_lists_the_key_as_multikey() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node.get("/.well-known/did.json").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        let doc: Value = response.json().await.unwrap();
        let did = format!("did:web:localhost%3A{}", node.addr().port());
        assert_eq!(doc["id"], did.as_str());
        assert_eq!(
            doc["@context"],
            serde_json::json!([
                "https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1"
            ])
        );
        let vm = &doc["verificationMethod"][0];
        assert_eq!(vm["id"], format!("{did}#key-1"));
        assert_eq!(vm["type"], "Multikey");
        assert_eq!(vm["controller"], did.as_str());
        assert!(
            vm["publicKeyMultibase"]
                .as_str()
                .unwrap()
                .starts_with("z6Mk")
        );
        assert_eq!(
            doc["assertionMethod"],
            serde_json::json!([format!("{did}#key-1")])
        );
        assert_eq!(
            doc["alsoKnownAs"][0],
            node.url("/issuer").replace("127.0.0.1", "localhost")
        );
    })
    .await;
}

#[tokio::test]
async fn issuer_profile_is_an_ob3_profile() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node.get("/issuer").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/ld+json");
        let profile: Value = response.json().await.unwrap();
        assert_eq!(profile["id"], node.did().as_str());
        assert_eq!(profile["type"], serde_json::json!(["Profile"]));
        assert_eq!(profile["name"], "Universidad Demo Mochila");
        assert_eq!(profile["address"]["addressCountryCode"], "MX");
        assert_eq!(
            profile["@context"][0],
            "https://www.w3.org/ns/credentials/v2"
        );
    })
    .await;
}

#[tokio::test]
async fn rotation_keeps_the_old_key_and_activates_the_new_one() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let before: Value = node
            .get("/.well-known/did.json")
            .await
            .json()
            .await
            .unwrap();
        let old_key = before["verificationMethod"][0]["publicKeyMultibase"].clone();
        let new = keys::rotate(&node.config.data_dir).unwrap();
        assert_eq!(new.id, "key-2");
        let node = node.restart().await;
        let doc: Value = node
            .get("/.well-known/did.json")
            .await
            .json()
            .await
            .unwrap();
        let did = node.did();
        let methods = doc["verificationMethod"].as_array().unwrap();
        assert_eq!(methods.len(), 2);
        assert_eq!(methods[0]["id"], format!("{did}#key-2"), "active key first");
        assert_eq!(
            methods[1]["publicKeyMultibase"], old_key,
            "retired key still published"
        );
        assert_eq!(
            doc["assertionMethod"],
            serde_json::json!([format!("{did}#key-2"), format!("{did}#key-1")])
        );
        let listed = keys::list(&node.config.data_dir).unwrap();
        assert!(listed[0].retired.is_some());
        assert!(listed[1].retired.is_none());
        let ring = &node.node.as_ref().unwrap().state.keys;
        assert_eq!(ring.active().unwrap().entry.id, "key-2");
    })
    .await;
}

#[cfg(unix)]
#[tokio::test]
async fn key_files_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let dir = node.config.data_dir.join("keys");
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}
