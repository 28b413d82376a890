//! Helpers of the verification tests: nodes with adjusted configuration, tiny document
//! servers, signers, credentials, status lists and multipart bodies.

use std::net::SocketAddr;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use ed25519_dalek::SigningKey;
use mochila_node::config::Config;
use mochila_protocol::multikey;
use mochila_protocol::proof::{Cryptosuite, DataIntegrity, ProofOptions};
use mochila_protocol::status::{Bitstring, StatusListCredentialParams, build_list_credential};
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::support::{Backend, TestNode};

/// Starts a node whose configuration `configure` adjusts (on top of `Config::for_test`).
pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestNode {
    TestNode::start_with(&Backend::Sqlite, configure).await
}

/// Serves `router` on `listener` in the background.
pub fn serve_on(listener: TcpListener, router: Router) -> SocketAddr {
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// A router answering `path` with `body` as `content_type`.
pub fn document(path: &str, content_type: &'static str, body: &Value) -> Router {
    let body = body.to_string();
    Router::new().route(
        path,
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, content_type)], body) }
        }),
    )
}

pub fn fresh_key() -> SigningKey {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    SigningKey::from_bytes(&seed)
}

/// A did:key signer: (key, DID, verification method).
pub fn did_key_signer() -> (SigningKey, String, String) {
    let key = fresh_key();
    let public = key.verifying_key();
    (
        key,
        multikey::did_key(&public),
        multikey::did_key_verification_method(&public),
    )
}

/// An unsigned Open Badges 3.0 credential from `issuer`.
pub fn credential(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Universidad de Prueba"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Fundamentos de Rust",
        "credentialSubject": {
            "id": "did:example:learner-1",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/rust",
                "type": ["Achievement"],
                "name": "Fundamentos de Rust",
                "description": "Programación segura en Rust.",
                "criteria": {"narrative": "Aprobar el proyecto final."}
            }
        }
    })
}

pub fn with_status(mut doc: Value, purpose: &str, index: usize, list_url: &str) -> Value {
    doc["credentialStatus"] = json!([{
        "id": format!("{list_url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index.to_string(),
        "statusListCredential": list_url
    }]);
    doc
}

pub fn sign(doc: &Value, key: &SigningKey, verification_method: &str) -> Value {
    let options = ProofOptions::assertion(
        Cryptosuite::EddsaRdfc2022,
        verification_method,
        "2026-01-01T00:00:00Z",
    );
    DataIntegrity::default().sign(doc, key, &options).unwrap()
}

/// POSTs `body` to `/api/v1/verify` and returns the 200 report.
pub async fn verify(node: &TestNode, body: &Value) -> Value {
    let response = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub fn check<'a>(report: &'a Value, id: &str) -> (&'a str, &'a str) {
    let found = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#}"));
    (
        found["outcome"].as_str().unwrap(),
        found["detail"].as_str().unwrap(),
    )
}

pub fn assert_valid(report: &Value) {
    assert_eq!(report["verified"], true, "{report:#}");
    assert_eq!(report["status"], "valid", "{report:#}");
    for id in [
        "json",
        "context",
        "schema",
        "proof",
        "issuer_did",
        "assertion_method",
        "validity_period",
    ] {
        assert_eq!(check(report, id).0, "pass", "{id}: {report:#}");
    }
}

/// A status list credential of `issuer` at `url` with `set` bits, signed.
pub fn status_list(url: &str, issuer: &str, key: &SigningKey, vm: &str, set: &[usize]) -> Value {
    let mut bits = Bitstring::new(131_072);
    for &i in set {
        bits.set(i, true).unwrap();
    }
    let params = StatusListCredentialParams {
        id: url.to_owned(),
        issuer: issuer.to_owned(),
        status_purpose: "revocation".to_owned(),
        valid_from: "2026-01-01T00:00:00Z".to_owned(),
        valid_until: None,
        ttl: Some(60_000),
    };
    sign(&build_list_credential(&params, &bits), key, vm)
}

/// A credential with a proof copied from a signable twin: the unknown context makes real
/// signing impossible offline, so the proof of the document without it is attached.
pub fn sign_unchecked(doc: &Value, key: &SigningKey, vm: &str) -> Value {
    let mut twin = doc.clone();
    twin["@context"].as_array_mut().unwrap().pop();
    let mut out = doc.clone();
    out["proof"] = sign(&twin, key, vm)["proof"].clone();
    out
}

/// A multipart/form-data body with `fields` (name, filename, bytes).
pub fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mochila-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, filename, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match filename {
            Some(f) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
