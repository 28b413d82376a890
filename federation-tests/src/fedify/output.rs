//! Reads the peer's standard output (one JSON event a line) and standard error into the
//! state that [`super::FedifyPeer`] waits on.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::sync::Notify;

use super::PeerEvent;

/// How much of the peer's standard error is kept for error messages.
const STDERR_KEEP: usize = 8 * 1024;

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) events: Vec<PeerEvent>,
    pub(super) unparsed: Vec<String>,
    pub(super) stderr: String,
    pub(super) closed: bool,
}

#[derive(Debug, Default)]
pub(super) struct Shared {
    state: Mutex<State>,
    pub(super) changed: Notify,
}

impl Shared {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A one-line-per-event summary for error messages.
pub(super) fn summary(state: &State) -> String {
    let mut lines: Vec<String> = state
        .events
        .iter()
        .map(|e| match e {
            PeerEvent::Ready(r) => format!("ready {}", r.actor),
            PeerEvent::Received(r) => format!(
                "received {:?} from {:?} (HTTP signature {:?} verified={} {:?})",
                r.kind,
                r.actor,
                r.http_signature.spec,
                r.http_signature.verified,
                r.http_signature.reason
            ),
            PeerEvent::Rejected(r) => format!(
                "rejected {} {:?} ({:?} verified={}): {}",
                r.status,
                r.request.kind,
                r.request.http_signature.spec,
                r.request.http_signature.verified,
                r.response
            ),
            PeerEvent::Sent(s) => format!("sent {} {}", s.cmd, s.id),
            PeerEvent::LookedUp(l) => format!("looked up {:?}", l.object.id),
            PeerEvent::Error(e) => format!("error {:?}/{:?}: {:?}", e.cmd, e.during, e.errors),
        })
        .collect();
    lines.extend(state.unparsed.iter().map(|l| format!("unparsed: {l}")));
    if !state.stderr.is_empty() {
        lines.push(format!("stderr: {}", state.stderr));
    }
    lines.join("\n  ")
}

pub(super) async fn read_events(stdout: impl AsyncRead + Unpin, shared: Arc<Shared>) {
    let mut lines = BufReader::new(stdout).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        {
            let mut state = shared.lock();
            match serde_json::from_str::<PeerEvent>(&line) {
                Ok(event) => state.events.push(event),
                Err(e) => state.unparsed.push(format!("{e}: {line}")),
            }
        }
        shared.changed.notify_waiters();
    }
    shared.lock().closed = true;
    shared.changed.notify_waiters();
}

pub(super) async fn read_stderr(mut stderr: impl AsyncRead + Unpin, shared: Arc<Shared>) {
    let mut buf = [0_u8; 4096];
    while let Ok(n) = stderr.read(&mut buf).await {
        let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        let mut state = shared.lock();
        state.stderr.push_str(&String::from_utf8_lossy(chunk));
        if state.stderr.len() > STDERR_KEEP {
            let cut = state.stderr.len() - STDERR_KEEP;
            let cut = (cut..state.stderr.len())
                .find(|&i| state.stderr.is_char_boundary(i))
                .unwrap_or(state.stderr.len());
            state.stderr.drain(..cut);
        }
    }
}
