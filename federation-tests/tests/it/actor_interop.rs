//! A Mochila node's ActivityPub actor read by Fedify 1.5 (`js/actor.mjs`) over HTTP: Fedify
//! parses it as an `Organization`, finds it by WebFinger, reads its handle, inbox, RSA key
//! and Multikeys, and verifies its FEP-8b32 proof. The test fails if Fedify cannot parse it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use mochila_federation_tests::fedify::FedifyVersion;
use mochila_federation_tests::interop::{Tool, node_program, require_interop};
use mochila_federation_tests::js::workspace_root;
use mochila_federation_tests::network::TestNode;
use mochila_protocol::multikey;
use serde_json::{Value, json};

/// Runs `js/actor.mjs` on `actor_url` and returns what Fedify read, or its errors.
fn fedify_lookup(actor_url: &str) -> Result<Value, String> {
    let root = workspace_root();
    let mut child = Command::new(node_program())
        .arg("federation-tests/js/actor.mjs")
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = json!({"actor": actor_url}).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let parsed: Value = serde_json::from_str(stdout.trim()).map_err(|e| {
        format!(
            "actor.mjs printed no JSON ({e}): {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    if out.status.success() {
        Ok(parsed)
    } else {
        Err(format!("actor.mjs failed ({:?}): {parsed}", out.status))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_reads_the_node_actor() {
    if !require_interop(
        "fedify_reads_the_node_actor",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V1_5)],
    ) {
        return;
    }
    let node = TestNode::start("Fedify").await.unwrap();
    let actor_url = node.url("/actor");
    let url = actor_url.clone();
    let read = tokio::task::spawn_blocking(move || fedify_lookup(&url))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("Fedify could not read the actor: {e}"));

    assert_eq!(read["id"], actor_url.as_str(), "{read}");
    assert_eq!(
        read["type"], "https://www.w3.org/ns/activitystreams#Organization",
        "{read}"
    );
    assert_eq!(read["handle"], "localhost");
    assert_eq!(read["name"], "Universidad Fedify");
    assert_eq!(read["inbox"], format!("{actor_url}/inbox"));
    assert_eq!(read["sharedInbox"], format!("{actor_url}/inbox"));
    assert_eq!(read["outbox"], format!("{actor_url}/outbox"));
    assert_eq!(read["followers"], format!("{actor_url}/followers"));
    assert_eq!(read["aliases"], json!([node.did()]));

    let keys = &node.node.state.keys;
    assert_eq!(read["publicKey"]["id"], format!("{actor_url}#main-key"));
    assert_eq!(read["publicKey"]["owner"], actor_url.as_str());
    let bare = |pem: &str| pem.split_whitespace().collect::<String>();
    assert_eq!(
        bare(read["publicKey"]["pem"].as_str().unwrap()),
        bare(&keys.rsa_public_pem().unwrap())
    );

    let active = keys.active().unwrap();
    let method = &read["assertionMethods"][0];
    assert_eq!(method["id"], format!("{actor_url}#{}", active.entry.id));
    assert_eq!(method["controller"], actor_url.as_str());
    assert_eq!(
        method["multibase"],
        multikey::encode_public(&active.signing.verifying_key())
    );

    let port = node.addr().port();
    assert_eq!(
        read["webfinger"]["subject"],
        format!("acct:localhost@localhost:{port}")
    );
    assert_eq!(read["webfinger"]["self"], actor_url.as_str());
    assert_eq!(read["proofs"], 1);
    assert_eq!(
        read["proofVerified"], true,
        "Fedify verifies the FEP-8b32 proof"
    );
}
