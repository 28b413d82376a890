//! Runs Digital Bazaar's reference implementation (`federation-tests/js/*.mjs`
//! under Node) as an independent signer and verifier for interop tests.
//!
//! Interop tests call [`crate::interop::require_interop`] first.

pub mod fedify;
mod holder;
mod options;
pub mod pages;
mod process;
mod report;
mod verifier_core;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use holder::{Claim, ClaimOutcome, Wallet, claim_with_wallet};
pub use options::{Cryptosuite, SignOptions, SigningKey, VerifyOptions};
pub use report::DbReport;
pub use verifier_core::{
    Fetch, VerificationStep, VerifierCoreOptions, VerifierCoreReport, verify_with_verifier_core,
};

/// URL of the Mochila microcredential extension context.
pub const MOCHILA_CONTEXT_URL: &str = "https://w3id.org/mochila/microcredential/v1";

/// Errors from running the Digital Bazaar scripts.
#[derive(Debug, thiserror::Error)]
pub enum JsError {
    /// `federation-tests/node_modules` is missing.
    #[error("Node packages are not installed: run `npm ci` in {0}")]
    NotInstalled(PathBuf),
    /// The `node` program could not be started.
    #[error("cannot run `{program}`: {source}")]
    Spawn {
        /// The program that was run.
        program: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Writing stdin or reading stdout/stderr of the child failed.
    #[error("I/O with `{script}` failed: {source}")]
    Io {
        /// The script.
        script: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The script did not finish in time and was killed.
    #[error("`{script}` did not finish within {seconds}s")]
    Timeout {
        /// The script.
        script: String,
        /// The limit.
        seconds: u64,
    },
    /// The script refused its input (exit status 2).
    #[error("`{script}` refused its input: {}", messages.join("; "))]
    UnusableInput {
        /// The script.
        script: String,
        /// What it said.
        messages: Vec<String>,
    },
    /// The script failed in an unexpected way.
    #[error("`{script}` failed with status {status:?}: {stderr}")]
    Failed {
        /// The script.
        script: String,
        /// Its exit status, if it exited.
        status: Option<i32>,
        /// Its standard error.
        stderr: String,
    },
    /// The script's output is not what its contract says.
    #[error("`{script}` printed unexpected output ({reason}): {stdout}")]
    BadOutput {
        /// The script.
        script: String,
        /// What is wrong with it.
        reason: String,
        /// What it printed.
        stdout: String,
    },
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `../shared/vectors/<rel>` relative to the workspace root.
pub fn vectors_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/vectors")
        .join(rel)
}

/// The Mochila extension context, `(URL, file)`, once the protocol crate
/// ships it (`protocol/contexts/mochila-microcredential-v1.jsonld`).
pub fn mochila_context() -> Option<(String, PathBuf)> {
    let file = workspace_root().join("protocol/contexts/mochila-microcredential-v1.jsonld");
    file.is_file()
        .then(|| (MOCHILA_CONTEXT_URL.to_owned(), file))
}

/// Verifies `credential` with Digital Bazaar (`js/verify.mjs`).
///
/// `Ok` holds the verdict, verified or not; `Err` means the harness itself
/// could not give one (not installed, unusable input, crash).
pub fn verify_with_digital_bazaar(
    credential: &Value,
    opts: &VerifyOptions,
) -> Result<DbReport, JsError> {
    let out = process::run_script_with_env("verify.mjs", &opts.to_args(), credential, &opts.env())?;
    report::parse_verify_output("verify.mjs", &out)
}

/// Signs `credential` with Digital Bazaar (`js/sign.mjs`) and returns the
/// signed credential.
pub fn sign_with_digital_bazaar(credential: &Value, opts: &SignOptions) -> Result<Value, JsError> {
    let out = process::run_script("sign.mjs", &opts.to_args(), credential)?;
    report::parse_sign_output("sign.mjs", &out)
}
