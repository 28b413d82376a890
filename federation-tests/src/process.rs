//! A Mochila node in its own process (`mochila-test-node`), so that a test can kill it with
//! SIGKILL in the middle of its work and start it again on the same data directory, port
//! and database.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::Client;
use serde_json::Value;
use tempfile::TempDir;

use crate::client::NodeClient;
use crate::network::NodeError;

/// A node running as a child process.
#[derive(Debug)]
pub struct ProcessNode {
    /// Its admin API.
    pub api: NodeClient,
    child: Option<Child>,
    config_path: std::path::PathBuf,
    dir: TempDir,
}

fn setup(e: impl std::fmt::Display) -> NodeError {
    NodeError::Setup(e.to_string())
}

/// A free TCP port on 127.0.0.1 (bound and released; the node binds it again).
fn free_port() -> Result<u16, NodeError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(setup)?;
    Ok(listener.local_addr().map_err(setup)?.port())
}

/// Starts `binary` on `config` and waits for its ready line; returns the child and the
/// admin token it printed (only on its first start).
fn spawn(binary: &Path, config: &Path) -> Result<(Child, Option<String>), NodeError> {
    let mut child = Command::new(binary)
        .arg(config)
        .env("MOCHILA_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| setup(format!("cannot start {}: {e}", binary.display())))?;
    let stdout = child.stdout.take().ok_or_else(|| setup("no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).map_err(setup)?;
    let ready: Value = serde_json::from_str(&line)
        .map_err(|e| setup(format!("node did not start ({e}): {line:?}")))?;
    let token = ready["adminToken"].as_str().map(str::to_owned);
    Ok((child, token))
}

impl ProcessNode {
    /// Starts a node named `name` from `binary` (the `mochila-test-node` executable) on
    /// SQLite at `http://localhost:<free port>`, with `federation_toml` appended to its
    /// `[federation]` section (e.g. `delivery_concurrency = 1`).
    pub fn start(binary: &Path, name: &str, federation_toml: &str) -> Result<Self, NodeError> {
        let dir = tempfile::tempdir().map_err(setup)?;
        let port = free_port()?;
        let base = format!("http://localhost:{port}");
        let config = format!(
            "base_url = \"{base}\"\nlisten = \"127.0.0.1:{port}\"\ndata_dir = \"{data}\"\n\n\
             [institution]\nlegal_name = \"Universidad {name}\"\n\n\
             [federation]\nallow_private_addresses = true\nallow_http = true\n\
             retry_initial_ms = 50\nretry_max_ms = 1000\nunreachable_after_secs = 60\n\
             {federation_toml}\n",
            data = dir.path().join("data").display(),
        );
        let config_path = dir.path().join("mochila.toml");
        std::fs::write(&config_path, config).map_err(setup)?;
        let (child, token) = spawn(binary, &config_path)?;
        let admin_token = token.ok_or_else(|| setup("the first start printed no admin token"))?;
        Ok(Self {
            api: NodeClient {
                base,
                admin_token,
                client: Client::new(),
            },
            child: Some(child),
            config_path,
            dir,
        })
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn kill9(&mut self) -> Result<(), NodeError> {
        if let Some(mut child) = self.child.take() {
            child.kill().map_err(setup)?;
            child.wait().map_err(setup)?;
        }
        Ok(())
    }

    /// Starts the node again on the same configuration, data and port.
    pub fn restart(&mut self, binary: &Path) -> Result<(), NodeError> {
        self.kill9()?;
        // The port may take a moment to be free again.
        let mut last = None;
        for _ in 0..50 {
            match spawn(binary, &self.config_path) {
                Ok((child, _)) => {
                    self.child = Some(child);
                    return Ok(());
                }
                Err(e) => last = Some(e),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(last.unwrap_or_else(|| setup("restart failed")))
    }

    /// Freezes the process (SIGSTOP): it keeps its port, the kernel still accepts
    /// connections, but it answers nothing, like a peer that hangs.
    pub fn pause(&self) -> Result<(), NodeError> {
        self.signal("-STOP")
    }

    /// Lets a paused process run again (SIGCONT).
    pub fn resume(&self) -> Result<(), NodeError> {
        self.signal("-CONT")
    }

    fn signal(&self, which: &str) -> Result<(), NodeError> {
        let child = self.child.as_ref().ok_or_else(|| setup("not running"))?;
        let status = Command::new("kill")
            .args([which, &child.id().to_string()])
            .status()
            .map_err(setup)?;
        if status.success() {
            Ok(())
        } else {
            Err(setup(format!("kill {which} failed: {status}")))
        }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for ProcessNode {
    fn drop(&mut self) {
        let _ = self.resume();
        let _ = self.kill9();
    }
}
