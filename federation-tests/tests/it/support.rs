//! Shared helpers of the interop tests: keys, did:key, vector files, issuing and revoking
//! a credential on a node.

use ed25519_dalek::SigningKey as DalekKey;
use serde_json::{Value, json};

use mochila_federation_tests::js::vectors_path;
use mochila_federation_tests::network::TestNode;

/// A fixed test seed, so that failures reproduce.
pub const SEED: [u8; 32] = [0x2a; 32];

/// `z6Mk...` Multikey of the public key of `seed`.
pub fn public_multibase(seed: &[u8; 32]) -> String {
    let public = DalekKey::from_bytes(seed).verifying_key().to_bytes();
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(&public);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The did:key of `seed`.
pub fn did_key(seed: &[u8; 32]) -> String {
    format!("did:key:{}", public_multibase(seed))
}

/// Parses a JSON file under `../shared/vectors`.
pub fn vector_json(rel: &str) -> Value {
    let path = vectors_path(rel);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// The realistic OB 3.0 credential with `issuer.id` set to `issuer`.
pub fn ob3_credential(issuer: &str) -> Value {
    let mut credential = vector_json("bench/ob3-realistic-unsigned.json");
    credential["issuer"]["id"] = Value::String(issuer.to_owned());
    credential
}

pub use mochila_node::fixtures::definition;

/// Creates the achievement of [`definition`] on `node` and issues it to Ana Pérez with the
/// node's default profile; returns the node's answer, `{id, url, credential}`.
pub async fn issue_credential(node: &TestNode) -> Value {
    let (status, created) = node
        .post(
            "/api/v1/achievements",
            &definition("Análisis de datos con Python"),
        )
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let request = json!({
        "achievementId": created["id"],
        "learner": {"name": "Ana Pérez", "emails": ["ana@uni.cl"], "result": "6.4",
                    "activityStartDate": "2026-03-02", "activityEndDate": "2026-06-26",
                    "evidenceUrl": "https://portafolio.example/ana"}
    });
    let (status, issued) = node.post("/api/v1/credentials", &request).await.unwrap();
    assert_eq!(status, 201, "{issued}");
    issued
}

/// Revokes the credential `issued` (an answer of [`issue_credential`]) on `node`.
pub async fn revoke(node: &TestNode, issued: &Value) {
    let id = issued["id"].as_str().unwrap();
    let (status, body) = node
        .post(
            &format!("/api/v1/credentials/{id}/revoke"),
            &json!({"reason": "plagio"}),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
}
