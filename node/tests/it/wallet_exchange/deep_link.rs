//! The Learner Credential Wallet's deep-link form of the exchange, and who may open one.

use mochila_node::auth::Role;
use mochila_protocol::presentation::AuthSuite;
use serde_json::{Value, json};

use super::{copies, did_auth, local, offered};
use crate::issuance::{achievement, issue, post};
use crate::support::{Backend, TestNode, problem};
use crate::verify::helpers::fresh_key;

/// The Learner Credential Wallet's deep link: it posts an `Ed25519Signature2020`
/// presentation over the link's challenge, with no domain, and takes the credential back.
#[tokio::test]
async fn the_learner_credential_wallet_deep_link_form() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (_, offer) = offered(&node).await;
    let link = url::Url::parse(offer["walletUrl"].as_str().unwrap()).unwrap();
    let param = |name: &str| {
        link.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    assert_eq!(param("auth_type"), "bearer");
    assert_eq!(
        param("vc_request_url"),
        offer["exchangeUrl"].as_str().unwrap()
    );
    let key = fresh_key();
    let vp = did_auth(
        &key,
        &param("challenge"),
        None,
        AuthSuite::Ed25519Signature2020,
    );
    let r = node
        .client
        .post(local(&node, &param("vc_request_url")))
        .json(&vp)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let credential: Value = r.json().await.unwrap();
    assert_eq!(
        credential["credentialSubject"]["id"],
        mochila_protocol::multikey::did_key(&key.verifying_key()).as_str()
    );
    assert!(
        credential["type"]
            .as_array()
            .unwrap()
            .contains(&json!("OpenBadgeCredential"))
    );
    assert_eq!(copies(&node).await, 1);
}

#[tokio::test]
async fn only_staff_open_exchanges() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Análisis de datos").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let path = format!(
        "/api/v1/credentials/{}/exchanges",
        issued["id"].as_str().unwrap()
    );
    let viewer = node.token(Role::Viewer).await;
    problem(post(&node, &path, &viewer, &json!({})).await, 403).await;
    let r = node.client.post(node.url(&path)).send().await.unwrap();
    problem(r, 401).await;
    problem(
        post(
            &node,
            "/api/v1/credentials/nope/exchanges",
            &node.admin_token,
            &json!({}),
        )
        .await,
        404,
    )
    .await;
}
