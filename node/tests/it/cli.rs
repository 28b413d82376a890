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
    let mut child = Command::new(BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env("MOCHILA_DATA_DIR", dir.path().join("data"))
        .env("MOCHILA_LISTEN", format!("127.0.0.1:{port}"))
        .env("MOCHILA_BASE_URL", format!("http://localhost:{port}"))
        .env("MOCHILA_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut token = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.trim().starts_with("mch_") {
            token = Some(line.trim().to_owned());
            break;
        }
    }
    assert!(token.is_some(), "first start prints an admin token");
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
