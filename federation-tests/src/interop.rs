//! The one gate of every interop test: [`require_interop`] at the top of the test, naming
//! what the test needs ([`Tool`]).
//!
//! - Without `MOCHILA_INTEROP=1` the test is skipped: it prints `SKIPPED: <test>: <reason>`
//!   ([`SKIPPED`]) on standard error and returns early. The line is written past the test
//!   harness's output capture, so it reaches the log even though the test passes.
//! - With `MOCHILA_INTEROP=1` (CI) a test that cannot run — `node`, the npm packages, a
//!   Fedify, Chromium or schemathesis missing — fails at once, naming what is missing. It
//!   never skips: `.ci/run` also fails when a [`SKIPPED`] line appears in its test log.
//!
//! Decision 0020.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::fedify::FedifyVersion;
use crate::js::pages::{CHROMIUM, chromium_installed};
use crate::js::workspace_root;

/// The marker that starts the line of a skipped interop test.
pub const SKIPPED: &str = "SKIPPED:";

/// Something an interop test needs besides the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// The machine's `node` (or `$MOCHILA_NODE`) and the npm packages of
    /// `federation-tests` (`npm ci` there).
    NodePackages,
    /// A Fedify version and the Node that runs it.
    Fedify(FedifyVersion),
    /// Debian's Chromium (`/usr/bin/chromium`), for the browser tests.
    Chromium,
    /// `schemathesis` on the `PATH`, for the contract test.
    Schemathesis,
    /// A PostgreSQL server (`MOCHILA_TEST_DATABASE_URL`), for the scale-out test.
    Postgres,
}

impl Tool {
    /// Why the tool cannot be used, when it cannot.
    pub fn missing(self) -> Option<String> {
        match self {
            Self::NodePackages => {
                let program = node_program();
                let packages = workspace_root().join("federation-tests/node_modules");
                if !runs(Path::new(&program)) {
                    Some(format!(
                        "`{program} --version` does not run (install Node 20)"
                    ))
                } else if !packages.is_dir() {
                    Some(format!(
                        "{} is missing (run `npm ci` in federation-tests)",
                        packages.display()
                    ))
                } else {
                    None
                }
            }
            Self::Fedify(version) => {
                let program = version.node_program();
                if !version.is_installed() || !runs(&program) {
                    Some(format!(
                        "Fedify {} or its Node {} is not installed (run `npm ci` in {})",
                        version.label(),
                        program.display(),
                        version.package_dir().display()
                    ))
                } else {
                    None
                }
            }
            Self::Chromium => (!chromium_installed())
                .then(|| format!("{CHROMIUM} is missing (apt-get install chromium)")),
            Self::Postgres => std::env::var("MOCHILA_TEST_DATABASE_URL")
                .is_err()
                .then(|| {
                    "MOCHILA_TEST_DATABASE_URL is not set (a postgres:// URL; .ci/run starts one)"
                        .to_owned()
                }),
            Self::Schemathesis => (!runs(Path::new("schemathesis"))).then(|| {
                "`schemathesis --version` does not run (pip install schemathesis==4.32.5)"
                    .to_owned()
            }),
        }
    }
}

/// The Node program the scripts run on: `$MOCHILA_NODE`, else `node`.
pub fn node_program() -> String {
    std::env::var("MOCHILA_NODE").unwrap_or_else(|_| "node".to_owned())
}

/// Whether `program --version` starts and succeeds.
fn runs(program: &Path) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether interop tests run: `MOCHILA_INTEROP=1` in the environment.
pub fn interop_enabled() -> bool {
    std::env::var("MOCHILA_INTEROP").is_ok_and(|v| v == "1")
}

/// For the top of interop test `test`, which needs `tools`: `false` (after printing the
/// [`SKIPPED`] line) without `MOCHILA_INTEROP=1`; with it, `true`, or a panic (a failed
/// test) naming every tool that is missing.
///
/// # Panics
///
/// With `MOCHILA_INTEROP=1`, when one of `tools` is missing.
pub fn require_interop(test: &str, tools: &[Tool]) -> bool {
    if !interop_enabled() {
        skipped(
            test,
            "MOCHILA_INTEROP is not 1 (set it, after `npm ci` in federation-tests)",
        );
        return false;
    }
    let missing: Vec<String> = tools.iter().filter_map(|t| t.missing()).collect();
    assert!(
        missing.is_empty(),
        "{test}: MOCHILA_INTEROP=1 but the test cannot run: {}",
        missing.join("; ")
    );
    true
}

/// Prints `SKIPPED: <test>: <reason>` straight to the process's standard error: `eprintln!`
/// would be captured by the test harness and shown only if the test failed.
fn skipped(test: &str, reason: &str) {
    let line = format!("{SKIPPED} {test}: {reason}\n");
    // A single write of one short line: it is not interleaved with other tests' lines.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_does_not_run() {
        assert!(!runs(Path::new("/nonexistent/mochila-no-such-program")));
        assert!(runs(Path::new("cargo")));
    }
}
