//! Starts `node federation-tests/js/<script>` from the workspace root, feeds
//! it JSON on stdin and collects its output, with a time limit.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{JsError, workspace_root};

/// How long one script may run (Node starts slowly on a busy 2-core machine).
const TIMEOUT: Duration = Duration::from_secs(180);

/// What a script printed and how it exited.
#[derive(Debug)]
pub(crate) struct ScriptOutput {
    /// Exit status; `None` when killed by a signal.
    pub status: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `js/<script>` with `args`, `input` as JSON on stdin, on the machine's `node` (or
/// `$MOCHILA_NODE`).
pub(crate) fn run_script(
    script: &str,
    args: &[OsString],
    input: &Value,
) -> Result<ScriptOutput, JsError> {
    run_script_with_env(script, args, input, &[])
}

/// [`run_script`] with extra environment variables for the child, e.g.
/// `NODE_EXTRA_CA_CERTS` (which Node reads only when it starts).
pub(crate) fn run_script_with_env(
    script: &str,
    args: &[OsString],
    input: &Value,
    env: &[(OsString, OsString)],
) -> Result<ScriptOutput, JsError> {
    let program = crate::interop::node_program();
    spawn_script(&program, script, args, input, env)
}

/// [`run_script`] on the Node program `program`.
pub(crate) fn run_script_on(
    program: &str,
    script: &str,
    args: &[OsString],
    input: &Value,
) -> Result<ScriptOutput, JsError> {
    spawn_script(program, script, args, input, &[])
}

fn spawn_script(
    program: &str,
    script: &str,
    args: &[OsString],
    input: &Value,
    env: &[(OsString, OsString)],
) -> Result<ScriptOutput, JsError> {
    let root = workspace_root();
    let node_modules = root.join("federation-tests/node_modules");
    if !node_modules.is_dir() {
        return Err(JsError::NotInstalled(root.join("federation-tests")));
    }
    let program = program.to_owned();
    let mut child = Command::new(&program)
        .arg(format!("federation-tests/js/{script}"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| JsError::Spawn {
            program: program.clone(),
            source,
        })?;
    let io_err = |source| JsError::Io {
        script: script.to_owned(),
        source,
    };

    let input = input.to_string().into_bytes();
    let stdin = child.stdin.take();
    let writer = thread::spawn(move || -> std::io::Result<()> {
        if let Some(mut stdin) = stdin {
            stdin.write_all(&input)?;
        }
        Ok(())
    });
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());

    let status = wait_with_timeout(&mut child, script)?;
    let joined = |h: JoinHandle<std::io::Result<String>>| {
        h.join()
            .unwrap_or_else(|_| Err(std::io::Error::other("reader thread panicked")))
    };
    let stdout = joined(stdout).map_err(io_err)?;
    let stderr = joined(stderr).map_err(io_err)?;
    // a script may exit before reading all its input (e.g. on a usage
    // error); a broken pipe then is not the harness's failure
    match writer.join() {
        Ok(Err(e)) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(io_err(e)),
        Err(_) => return Err(io_err(std::io::Error::other("writer thread panicked"))),
        _ => {}
    }
    Ok(ScriptOutput {
        status,
        stdout,
        stderr,
    })
}

fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> JoinHandle<std::io::Result<String>> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            pipe.read_to_string(&mut text)?;
        }
        Ok(text)
    })
}

fn wait_with_timeout(child: &mut Child, script: &str) -> Result<Option<i32>, JsError> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let polled = child.try_wait().map_err(|source| JsError::Io {
            script: script.to_owned(),
            source,
        })?;
        if let Some(status) = polled {
            return Ok(status.code());
        }
        if Instant::now() >= deadline {
            // best effort: the child may have exited in between
            let _ = child.kill();
            let _ = child.wait();
            return Err(JsError::Timeout {
                script: script.to_owned(),
                seconds: TIMEOUT.as_secs(),
            });
        }
        thread::sleep(Duration::from_millis(20));
    }
}
