//! A Mochila node's OpenID Federation entity configuration read by panva's `jose`
//! (`js/entity-statement.mjs`), an independent JOSE implementation: the EdDSA signature,
//! `typ`, `iss`, `sub` and validity verify there; a tampered statement does not.

use std::io::Write as _;
use std::process::{Command, Stdio};

use mochila_federation_tests::interop::{Tool, node_program, require_interop};
use mochila_federation_tests::js::workspace_root;
use mochila_federation_tests::network::TestNode;
use serde_json::{Value, json};

/// What `jose` says of `jwt` as the entity configuration of `entity`.
fn jose_verify(jwt: &str, entity: &str) -> Value {
    let mut child = Command::new(node_program())
        .arg("federation-tests/js/entity-statement.mjs")
        .current_dir(workspace_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let input = json!({"jwt": jwt, "entity": entity}).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "entity-statement.mjs failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jose_verifies_the_entity_configuration_and_refuses_a_tampered_one() {
    if !require_interop(
        "jose_verifies_the_entity_configuration_and_refuses_a_tampered_one",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let node = TestNode::start("Red").await.unwrap();
    let entity = node.api.base.trim_end_matches('/').to_owned();
    let jwt = node
        .api
        .client
        .get(node.url("/.well-known/openid-federation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let read = jose_verify(&jwt, &entity);
    assert_eq!(read["verified"], true, "{read}");
    assert_eq!(read["header"]["alg"], "EdDSA");
    assert_eq!(
        read["payload"]["metadata"]["federation_entity"]["organization_name"],
        "Universidad Red"
    );

    // Another payload under the same signature: refused.
    let mut parts: Vec<&str> = jwt.split('.').collect();
    let forged = {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut claims: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
        claims["metadata"]["federation_entity"]["organization_name"] = json!("Universidad Falsa");
        b64.encode(claims.to_string())
    };
    parts[1] = &forged;
    let read = jose_verify(&parts.join("."), &entity);
    assert_eq!(read["verified"], false, "{read}");
    assert!(
        read["error"].as_str().unwrap().contains("signature"),
        "{read}"
    );
}
