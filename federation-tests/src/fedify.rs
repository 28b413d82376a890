//! Fedify as a running ActivityPub peer for interop tests: `js/fedify-peer.mjs` under
//! Fedify 1.5 on the machine's Node 20 (draft-cavage signatures) or Fedify 2.3 on the Node 22
//! of `federation-tests/fedify2` (RFC 9421 first, cavage on a 401), driven over stdin/stdout.
//!
//! Tests call [`crate::interop::require_interop`] first; [`FedifyPeer::start`] then fails with
//! [`FedifyError::NotInstalled`] when the packages are missing, so CI cannot skip silently.

mod events;
mod output;
mod version;

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::process::{Child, ChildStdin, Command};
use tokio::time::Instant;

pub use events::{
    ErrorEvent, HttpSignatureCheck, LookedUp, PeerEvent, Ready, Received, Rejected, RemoteActor,
    RemoteKey, RemoteMethod, SPEC_CAVAGE, SPEC_RFC9421, Sent,
};

pub use version::{FedifyVersion, PeerOptions};

use crate::js::workspace_root;
use output::{Shared, read_events, read_stderr, summary};

/// How long Node may take to start the peer (2 busy cores, RSA key generation).
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long one command (a lookup and a delivery) may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(90);

/// Errors of a Fedify peer.
#[derive(Debug, thiserror::Error)]
pub enum FedifyError {
    /// The npm packages of this version are missing.
    #[error("Fedify {version} is not installed: run `npm ci` in {dir}")]
    NotInstalled {
        /// The version.
        version: &'static str,
        /// Where to run `npm ci`.
        dir: PathBuf,
    },
    /// Node could not be started.
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        /// The program.
        program: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Writing a command to the peer failed.
    #[error("cannot write to the Fedify peer: {0}")]
    Io(#[from] std::io::Error),
    /// The peer exited.
    #[error("the Fedify peer exited while waiting for {waiting}; stderr: {stderr}")]
    Exited {
        /// What was awaited.
        waiting: String,
        /// Its standard error.
        stderr: String,
    },
    /// Nothing matching came in time.
    #[error("no {waiting} from the Fedify peer within {seconds}s; events so far: {events}")]
    Timeout {
        /// What was awaited.
        waiting: String,
        /// The limit.
        seconds: u64,
        /// A summary of the events received.
        events: String,
    },
    /// The peer answered a command with an error.
    #[error("Fedify peer command `{cmd}` failed: {}", errors.join("; "))]
    Command {
        /// The command.
        cmd: String,
        /// Fedify's messages.
        errors: Vec<String>,
    },
}

/// A running Fedify peer; killed on drop.
#[derive(Debug)]
pub struct FedifyPeer {
    version: FedifyVersion,
    ready: Ready,
    shared: Arc<Shared>,
    stdin: tokio::sync::Mutex<ChildStdin>,
    next_tag: AtomicU64,
    _child: Child,
}

impl FedifyPeer {
    /// Starts a peer with handle `peer` and an RSA and an Ed25519 key, and waits until it
    /// is ready. Needs a Tokio runtime.
    pub async fn start(version: FedifyVersion) -> Result<Self, FedifyError> {
        Self::start_with(version, &PeerOptions::default()).await
    }

    /// Starts a peer with `options`.
    pub async fn start_with(
        version: FedifyVersion,
        options: &PeerOptions,
    ) -> Result<Self, FedifyError> {
        if !version.is_installed() {
            return Err(FedifyError::NotInstalled {
                version: version.label(),
                dir: version.package_dir(),
            });
        }
        let program = version.node_program();
        let mut args = version.script_args();
        args.extend(["--handle".to_owned(), options.handle.clone()]);
        if !options.proofs {
            args.push("--no-proofs".to_owned());
        }
        let mut child = Command::new(&program)
            .args(&args)
            .current_dir(workspace_root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| FedifyError::Spawn {
                program: program.clone(),
                source,
            })?;
        let shared = Arc::new(Shared::default());
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(FedifyError::Io(std::io::Error::other(
                "the peer's standard streams are not piped",
            )));
        };
        tokio::spawn(read_events(stdout, Arc::clone(&shared)));
        tokio::spawn(read_stderr(stderr, Arc::clone(&shared)));
        let mut peer = Self {
            version,
            ready: Ready {
                actor: String::new(),
                inbox: String::new(),
                shared_inbox: String::new(),
                key_id: String::new(),
                fedify: None,
                node: String::new(),
                proofs: options.proofs,
            },
            shared,
            stdin: tokio::sync::Mutex::new(stdin),
            next_tag: AtomicU64::new(1),
            _child: child,
        };
        peer.ready = peer
            .wait_event("the ready event", START_TIMEOUT, |e| match e {
                PeerEvent::Ready(r) => Some(Ok(r.clone())),
                PeerEvent::Error(e) if e.during.as_deref() == Some("startup") => {
                    Some(Err(FedifyError::Command {
                        cmd: "startup".to_owned(),
                        errors: e.errors.clone(),
                    }))
                }
                _ => None,
            })
            .await??;
        Ok(peer)
    }

    /// Which Fedify runs.
    pub fn version(&self) -> FedifyVersion {
        self.version
    }

    /// What the peer said when it started.
    pub fn ready(&self) -> &Ready {
        &self.ready
    }

    /// The actor's id, `http://localhost:<port>/users/peer`.
    pub fn actor(&self) -> &str {
        &self.ready.actor
    }

    /// The actor's inbox.
    pub fn inbox(&self) -> &str {
        &self.ready.inbox
    }

    /// The id of the actor's RSA key, which it signs HTTP requests with.
    pub fn key_id(&self) -> &str {
        &self.ready.key_id
    }

    /// Sends a `Follow` of the actor at `target`; returns the Follow's id once delivered.
    pub async fn follow(&self, target: &str) -> Result<String, FedifyError> {
        self.send("follow", json!({"target": target})).await
    }

    /// Sends a `Create{Note}` with `content` to the actor at `target`; returns its id.
    pub async fn create(&self, target: &str, content: &str) -> Result<String, FedifyError> {
        self.send("create", json!({"target": target, "content": content}))
            .await
    }

    /// Sends an `Undo{Follow}` of the last Follow of `target`; returns its id.
    pub async fn undo_follow(&self, target: &str) -> Result<String, FedifyError> {
        self.send("undo-follow", json!({"target": target})).await
    }

    /// Has Fedify look up the actor at `target` (`ctx.lookupObject`) and returns what it read.
    pub async fn lookup(&self, target: &str) -> Result<RemoteActor, FedifyError> {
        let tag = self.command("lookup", json!({"target": target})).await?;
        self.answer("lookup", tag, |e| match e {
            PeerEvent::LookedUp(l) if l.tag == Some(tag) => Some(l.object.clone()),
            _ => None,
        })
        .await
    }

    /// Waits for an activity Fedify accepted that matches `pred`.
    pub async fn wait_for(
        &self,
        mut pred: impl FnMut(&Received) -> bool,
        timeout: Duration,
    ) -> Result<Received, FedifyError> {
        self.wait_event("a matching received activity", timeout, |e| match e {
            PeerEvent::Received(r) if pred(r) => Some(r.clone()),
            _ => None,
        })
        .await
    }

    /// Waits for a request Fedify refused that matches `pred`.
    pub async fn wait_for_rejected(
        &self,
        mut pred: impl FnMut(&Rejected) -> bool,
        timeout: Duration,
    ) -> Result<Rejected, FedifyError> {
        self.wait_event("a matching rejected request", timeout, |e| match e {
            PeerEvent::Rejected(r) if pred(r) => Some(r.clone()),
            _ => None,
        })
        .await
    }

    /// The activities Fedify accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.collect(|e| match e {
            PeerEvent::Received(r) => Some(r.clone()),
            _ => None,
        })
    }

    /// The inbox requests Fedify refused so far.
    pub fn rejected(&self) -> Vec<Rejected> {
        self.collect(|e| match e {
            PeerEvent::Rejected(r) => Some(r.clone()),
            _ => None,
        })
    }

    /// The activities delivered so far (commands and automatic `Accept`s).
    pub fn sent(&self) -> Vec<Sent> {
        self.collect(|e| match e {
            PeerEvent::Sent(s) => Some(s.clone()),
            _ => None,
        })
    }

    /// Failures the peer reported (failed commands and background errors).
    pub fn errors(&self) -> Vec<ErrorEvent> {
        self.collect(|e| match e {
            PeerEvent::Error(s) => Some(s.clone()),
            _ => None,
        })
    }

    fn collect<T>(&self, pick: impl FnMut(&PeerEvent) -> Option<T>) -> Vec<T> {
        self.shared.lock().events.iter().filter_map(pick).collect()
    }

    /// Writes one command line; returns its tag.
    async fn command(&self, cmd: &str, mut fields: Value) -> Result<u64, FedifyError> {
        let tag = self.next_tag.fetch_add(1, Ordering::Relaxed);
        fields["cmd"] = json!(cmd);
        fields["tag"] = json!(tag);
        let mut line = fields.to_string();
        line.push('\n');
        let mut stdin = self.stdin.lock().await;
        stdin.write_all(line.as_bytes()).await?;
        stdin.flush().await?;
        Ok(tag)
    }

    async fn send(&self, cmd: &str, fields: Value) -> Result<String, FedifyError> {
        let tag = self.command(cmd, fields).await?;
        self.answer(cmd, tag, |e| match e {
            PeerEvent::Sent(s) if s.tag == Some(tag) => Some(s.id.clone()),
            _ => None,
        })
        .await
    }

    /// Waits for the answer to command `tag`: `pick`'s value, or its error event.
    async fn answer<T>(
        &self,
        cmd: &str,
        tag: u64,
        mut pick: impl FnMut(&PeerEvent) -> Option<T>,
    ) -> Result<T, FedifyError> {
        let waiting = format!("the answer to `{cmd}`");
        self.wait_event(&waiting, COMMAND_TIMEOUT, |e| match e {
            PeerEvent::Error(err) if err.tag == Some(tag) => Some(Err(FedifyError::Command {
                cmd: cmd.to_owned(),
                errors: err.errors.clone(),
            })),
            other => pick(other).map(Ok),
        })
        .await?
    }

    /// Waits until `pick` finds an event, the peer exits, or `timeout` passes.
    async fn wait_event<T>(
        &self,
        waiting: &str,
        timeout: Duration,
        mut pick: impl FnMut(&PeerEvent) -> Option<T>,
    ) -> Result<T, FedifyError> {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let state = self.shared.lock();
                if let Some(found) = state.events.iter().find_map(&mut pick) {
                    return Ok(found);
                }
                if state.closed {
                    return Err(FedifyError::Exited {
                        waiting: waiting.to_owned(),
                        stderr: state.stderr.clone(),
                    });
                }
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                let state = self.shared.lock();
                return Err(FedifyError::Timeout {
                    waiting: waiting.to_owned(),
                    seconds: timeout.as_secs(),
                    events: summary(&state),
                });
            }
        }
    }
}
