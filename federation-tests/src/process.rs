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
    /// The node's base URL (its actor's origin).
    pub base_url: String,
    data_dir: std::path::PathBuf,
    child: Option<Child>,
    config_path: std::path::PathBuf,
    dir: TempDir,
}

fn setup_err(e: impl std::fmt::Display) -> NodeError {
    NodeError::Setup(e.to_string())
}

/// A free TCP port on 127.0.0.1 (bound and released; the node binds it again).
fn free_port() -> Result<u16, NodeError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(setup_err)?;
    Ok(listener.local_addr().map_err(setup_err)?.port())
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
        .map_err(|e| setup_err(format!("cannot start {}: {e}", binary.display())))?;
    let stdout = child.stdout.take().ok_or_else(|| setup_err("no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(setup_err)?;
    let ready: Value = serde_json::from_str(&line)
        .map_err(|e| setup_err(format!("node did not start ({e}): {line:?}")))?;
    let token = ready["adminToken"].as_str().map(str::to_owned);
    Ok((child, token))
}

/// How to start a node process beyond the defaults.
#[derive(Debug, Default, Clone, Copy)]
pub struct Setup<'a> {
    /// Appended to the `[federation]` section (e.g. `delivery_concurrency = 1`).
    pub federation_toml: &'a str,
    /// Appended after the `[federation]` section: whole sections of the configuration
    /// (e.g. `[network]\nsync_interval_secs = 1`).
    pub extra_toml: &'a str,
    /// The database (SQLite in the data directory when `None`).
    pub database_url: Option<&'a str>,
    /// Another process of the same node (behind one load balancer): the new process shares
    /// its base URL, data directory (keys), database and admin token, on its own port.
    pub beside: Option<&'a ProcessNode>,
}

impl ProcessNode {
    /// Starts a node named `name` from `binary` (the `mochila-test-node` executable) on
    /// SQLite at `http://localhost:<free port>`, with `federation_toml` appended to its
    /// `[federation]` section (e.g. `delivery_concurrency = 1`).
    pub fn start(binary: &Path, name: &str, federation_toml: &str) -> Result<Self, NodeError> {
        let setup = Setup {
            federation_toml,
            ..Setup::default()
        };
        Self::start_with(binary, name, setup)
    }

    /// Starts a node as `setup` says. Its `api` talks to this process directly (for a
    /// process beside another, not to the shared base URL).
    pub fn start_with(binary: &Path, name: &str, setup: Setup<'_>) -> Result<Self, NodeError> {
        let dir = tempfile::tempdir().map_err(setup_err)?;
        let port = free_port()?;
        let own = format!("http://localhost:{port}");
        let (base, data) = match setup.beside {
            Some(first) => (first.base_url.clone(), first.data_dir.clone()),
            None => (own.clone(), dir.path().join("data")),
        };
        let database = setup
            .database_url
            .map(|url| format!("database_url = \"{url}\"\n"))
            .unwrap_or_default();
        let config = format!(
            "base_url = \"{base}\"\nlisten = \"127.0.0.1:{port}\"\ndata_dir = \"{data}\"\n\
             {database}\n\
             [institution]\nlegal_name = \"Universidad {name}\"\n\n\
             [federation]\nallow_private_addresses = true\nallow_http = true\n\
             retry_initial_ms = 50\nretry_max_ms = 1000\nunreachable_after_secs = 60\n\
             {}\n\n{}\n",
            setup.federation_toml,
            setup.extra_toml,
            data = data.display(),
        );
        let config_path = dir.path().join("mochila.toml");
        std::fs::write(&config_path, config).map_err(setup_err)?;
        let (child, token) = spawn(binary, &config_path)?;
        let admin_token = match (token, setup.beside) {
            (Some(token), _) => token,
            (None, Some(first)) => first.api.admin_token.clone(),
            (None, None) => return Err(setup_err("the first start printed no admin token")),
        };
        Ok(Self {
            api: NodeClient {
                base: own,
                admin_token,
                client: Client::new(),
            },
            base_url: base,
            data_dir: data,
            child: Some(child),
            config_path,
            dir,
        })
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn kill9(&mut self) -> Result<(), NodeError> {
        if let Some(mut child) = self.child.take() {
            child.kill().map_err(setup_err)?;
            child.wait().map_err(setup_err)?;
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
        Err(last.unwrap_or_else(|| setup_err("restart failed")))
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
        let child = self
            .child
            .as_ref()
            .ok_or_else(|| setup_err("not running"))?;
        let status = Command::new("kill")
            .args([which, &child.id().to_string()])
            .status()
            .map_err(setup_err)?;
        if status.success() {
            Ok(())
        } else {
            Err(setup_err(format!("kill {which} failed: {status}")))
        }
    }

    /// The configuration file the process was started with (`mochila.toml`).
    pub fn config_path(&self) -> &Path {
        &self.config_path
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
