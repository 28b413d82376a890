//! `mochila vc verify` against a running node: the same report as `POST /api/v1/verify`,
//! status lists checked (a revoked credential is not valid), `--offline` says the status
//! is unknown.

use serde_json::{Value, json};

use crate::issuance::{achievement, issue, post};
use crate::support::{Backend, TestNode};

/// Runs `mochila vc verify <args>` with `credential` on stdin: (exit code, report).
async fn vc_verify(args: &[&str], credential: &Value) -> (i32, Value) {
    let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    args.insert(0, "verify".to_owned());
    let input = credential.to_string();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = crate::cli::vc(&args, &input);
        let report = serde_json::from_slice(&out.stdout).unwrap_or_else(
            |_| json!({"stderr": String::from_utf8_lossy(&out.stderr).to_string()}),
        );
        (out.status.code().unwrap(), report)
    })
    .await
    .unwrap()
}

fn outcome<'a>(report: &'a Value, check: &str) -> &'a str {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == check)
        .and_then(|c| c["outcome"].as_str())
        .unwrap_or_else(|| panic!("no {check} in {report:#}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_checks_status_lists_like_the_api() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Análisis de datos").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let vc = &issued["credential"];

    let (code, report) = vc_verify(&["--allow-http"], vc).await;
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["status"], "valid");
    assert_eq!(outcome(&report, "status:revocation"), "pass");
    let api: Value = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(vc)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let checks = |r: &Value| -> Vec<Value> {
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["check"].clone())
            .collect()
    };
    assert_eq!(checks(&report), checks(&api), "the same checks as the API");

    let credential_id = issued["id"].as_str().unwrap();
    let r = post(
        &node,
        &format!("/api/v1/credentials/{credential_id}/revoke"),
        &node.admin_token,
        &json!({"reason": "error de registro"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let (code, report) = vc_verify(&["--allow-http"], vc).await;
    assert_eq!(code, 1, "a revoked credential is not valid: {report:#}");
    assert_eq!(report["status"], "revoked");

    // Offline: the DID document from a file, nothing fetched, status said not checked.
    let did: Value = node
        .get("/.well-known/did.json")
        .await
        .json()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("did.json");
    std::fs::write(&path, did.to_string()).unwrap();
    let path = path.to_str().unwrap();
    let (code, report) = vc_verify(&["--offline", "--did-document", path], vc).await;
    assert_eq!(code, 3, "signature checked, status unknown: {report:#}");
    assert_eq!(report["status"], "status_unknown");
    assert_eq!(outcome(&report, "proof"), "pass");
    assert_eq!(outcome(&report, "status:revocation"), "unknown");
    let (code, report) = vc_verify(&["--offline"], vc).await;
    assert_eq!(code, 2, "offline needs the DID document: {report:#}");
    assert!(
        report["stderr"]
            .as_str()
            .unwrap()
            .contains("--did-document")
    );
}
