//! The `mochila` binary as an operator uses it.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_mochila");

fn mochila(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("MOCHILA_DATA_DIR", dir.join("data"))
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn init_writes_a_valid_configuration_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&mochila(dir.path(), &["init", "--output", "m.toml"]));
    let text = std::fs::read_to_string(dir.path().join("m.toml")).unwrap();
    assert!(text.contains("[institution]"));
    let again = mochila(dir.path(), &["init", "--output", "m.toml"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn tokens_and_keys_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&mochila(dir.path(), &["migrate"]));
    let token = stdout(&mochila(
        dir.path(),
        &["token", "create", "--role", "issuer", "--name", "registrar"],
    ));
    assert!(token.trim().starts_with("mch_"), "{token}");
    let listed = stdout(&mochila(dir.path(), &["token", "list"]));
    assert!(listed.contains("registrar") && listed.contains("issuer") && listed.contains("active"));
    let again = mochila(
        dir.path(),
        &["token", "create", "--role", "viewer", "--name", "registrar"],
    );
    assert!(
        !again.status.success(),
        "token names are unique among active tokens"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    stdout(&mochila(dir.path(), &["token", "revoke", "registrar"]));
    assert!(stdout(&mochila(dir.path(), &["token", "list"])).contains("revoked"));
    let bad = mochila(
        dir.path(),
        &["token", "create", "--role", "root", "--name", "x"],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role"));

    stdout(&mochila(dir.path(), &["keys", "rotate"]));
    let keys = stdout(&mochila(dir.path(), &["keys", "list"]));
    let lines: Vec<&str> = keys.lines().collect();
    assert_eq!(lines.len(), 2, "{keys}");
    assert!(lines[0].starts_with("key-1") && lines[0].contains("retired"));
    assert!(lines[1].starts_with("key-2") && lines[1].ends_with("active"));
}

#[test]
fn a_wrong_configuration_key_stops_the_node_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "base_ulr = \"https://x.example\"\n",
    )
    .unwrap();
    let out = mochila(dir.path(), &["--config", "bad.toml", "serve"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("base_ulr"));
}

#[test]
fn serve_prints_a_token_serves_the_did_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // A configured node (the hint must name its --config), logging at info into a pipe.
    std::fs::write(
        dir.path().join("my node.toml"),
        format!("base_url = \"http://localhost:{port}\"\nlisten = \"127.0.0.1:{port}\"\n"),
    )
    .unwrap();
    let mut child = Command::new(BIN)
        .args(["--config", "my node.toml", "serve"])
        .current_dir(dir.path())
        .env("MOCHILA_DATA_DIR", dir.path().join("data"))
        .env("MOCHILA_LOG", "info")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut token = None;
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        printed.push(line.clone());
        if line.trim().starts_with("mch_") {
            token = Some(line.trim().to_owned());
        }
        if line.contains("token revoke") {
            break;
        }
    }
    assert!(token.is_some(), "first start prints an admin token");
    let printed = printed.join("\n");
    assert!(
        printed.contains("mochila --config 'my node.toml' token revoke initial-admin"),
        "{printed}"
    );
    assert!(
        !printed.contains('\u{1b}'),
        "no colour codes into a pipe: {printed}"
    );
    let body = reqwest::blocking_get(&format!("http://127.0.0.1:{port}/.well-known/did.json"));
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["id"], format!("did:web:localhost%3A{port}"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success(), "graceful shutdown exits 0");
}

mod reqwest {
    /// A blocking GET on a fresh runtime (this test is synchronous).
    pub fn blocking_get(url: &str) -> String {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async { ::reqwest::get(url).await.unwrap().text().await.unwrap() })
    }
}

fn vector() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/vectors/ob3/test-vectors/obv3p0/vector.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `mochila vc <args>` with `stdin`.
pub fn vc(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    let mut child = Command::new(BIN)
        .arg("vc")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `mochila vc sign` on the 1EdTech Open Badges 3.0 vector's inputs prints its exact
/// `proofValue`; `mochila vc verify` accepts the result and refuses a tampered copy.
#[test]
fn vc_sign_reproduces_the_open_badges_vector_and_verify_checks_it() {
    let v = vector();
    let seed = hex::decode(&v["secretKeyHex"].as_str().unwrap()[..64]).unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&seed.try_into().unwrap());
    let secret = mochila_protocol::multikey::encode_secret(&key);
    let config = &v["proofConfig"];
    let out = vc(
        &[
            "sign",
            "--key",
            &secret,
            "--verification-method",
            config["verificationMethod"].as_str().unwrap(),
            "--created",
            config["created"].as_str().unwrap(),
        ],
        &v["unsigned"].to_string(),
    );
    let signed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(signed["proof"]["proofValue"], v["proofValue"]);

    let issuer = v["unsigned"]["issuer"]["id"].as_str().unwrap();
    let vm = config["verificationMethod"].as_str().unwrap();
    let controller = serde_json::json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "verificationMethod": [{
            "id": vm, "type": "Multikey", "controller": issuer,
            "publicKeyMultibase": v["publicKeyMultibase"],
        }],
        "assertionMethod": [vm],
    });
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("issuer.json");
    std::fs::write(&doc, controller.to_string()).unwrap();
    let doc = doc.to_str().unwrap();
    let ok = vc(&["verify", "--did-document", doc], &signed.to_string());
    let report: serde_json::Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(report["verified"], true, "{report}");

    let mut tampered = signed.clone();
    tampered["name"] = "Another achievement".into();
    let bad = vc(&["verify", "--did-document", doc], &tampered.to_string());
    assert_eq!(bad.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(report["verified"], false);

    let unusable = vc(&["verify"], "this is not JSON");
    assert_eq!(unusable.status.code(), Some(2));
}

#[test]
fn network_init_makes_the_node_a_coordinator_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&mochila(
        dir.path(),
        &["network", "init", "--name", "Red Andina"],
    ));
    assert!(
        out.contains("Red Andina") && out.contains("/federation/fetch"),
        "{out}"
    );
    let again = mochila(dir.path(), &["network", "init", "--name", "Otra red"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already coordinates"));
    let bad = mochila(
        dir.path(),
        &[
            "network",
            "init",
            "--name",
            "X",
            "--statement-lifetime-secs",
            "5",
        ],
    );
    assert!(!bad.status.success());
}
