//! The Digital Credentials Consortium's verifier library, `@digitalcredentials/verifier-core`,
//! run as it ships (its own document loader, suites and checks) by `js/verifier-core.mjs`,
//! which only records the HTTP requests it makes.

use std::ffi::OsString;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{JsError, process};

/// The script.
const SCRIPT: &str = "verifier-core.mjs";

/// How to run verifier-core.
#[derive(Debug, Clone, Default)]
pub struct VerifierCoreOptions {
    /// A CA certificate (PEM file) Node trusts besides its own (`NODE_EXTRA_CA_CERTS`).
    pub extra_ca_certs: Option<PathBuf>,
    /// A JSON file of issuer registries (verifier-core's `knownDIDRegistries`); none by
    /// default.
    pub known_registries: Option<PathBuf>,
}

impl VerifierCoreOptions {
    /// Trusts the CA in `ca_file` (PEM).
    pub fn trust_ca(mut self, ca_file: &Path) -> Self {
        self.extra_ca_certs = Some(ca_file.to_path_buf());
        self
    }
}

/// verifier-core's answer (its response without the echoed credential) and what it fetched.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifierCoreReport {
    /// One entry per check it could run, in its order.
    #[serde(default)]
    pub log: Vec<VerificationStep>,
    /// Fatal errors (then there is no `log`): `{name, message, cause?}`.
    #[serde(default)]
    pub errors: Vec<Value>,
    /// E.g. the `schema_check` entry.
    #[serde(default)]
    pub additional_information: Vec<Value>,
    /// Every HTTP request it made.
    pub fetches: Vec<Fetch>,
    /// The whole output, for messages.
    #[serde(skip)]
    pub raw: Value,
}

/// One check of verifier-core's log.
#[derive(Debug, Clone, Deserialize)]
pub struct VerificationStep {
    /// `valid_signature`, `revocation_status`, `suspension_status`, `expiration`,
    /// `registered_issuer`.
    pub id: String,
    /// Its outcome, when it had one.
    #[serde(default)]
    pub valid: Option<bool>,
    /// Why it had none.
    #[serde(default)]
    pub error: Option<Value>,
    /// Anything else it says (`matchingIssuers`, `uncheckedRegistries`).
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

/// An HTTP request verifier-core made.
#[derive(Debug, Clone, Deserialize)]
pub struct Fetch {
    /// The URL.
    pub url: String,
    /// The response status, if it got one.
    #[serde(default)]
    pub status: Option<u16>,
    /// Why it got none.
    #[serde(default)]
    pub error: Option<String>,
}

impl Fetch {
    /// Whether the request went to this machine (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn is_loopback(&self) -> bool {
        let Ok(url) = reqwest::Url::parse(&self.url) else {
            return false;
        };
        let host = url.host_str().unwrap_or_default();
        host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

impl VerifierCoreReport {
    /// The check `id`, if verifier-core ran it.
    pub fn step(&self, id: &str) -> Option<&VerificationStep> {
        self.log.iter().find(|s| s.id == id)
    }

    /// The outcome of check `id`.
    pub fn valid(&self, id: &str) -> Option<bool> {
        self.step(id).and_then(|s| s.valid)
    }

    /// The URLs it requested beyond this machine.
    pub fn off_machine_urls(&self) -> Vec<&str> {
        self.fetches
            .iter()
            .filter(|f| !f.is_loopback())
            .map(|f| f.url.as_str())
            .collect()
    }
}

/// Verifies `credential` with verifier-core.
///
/// `Ok` holds its report, whatever it found; `Err` means the harness could not run it.
pub fn verify_with_verifier_core(
    credential: &Value,
    opts: &VerifierCoreOptions,
) -> Result<VerifierCoreReport, JsError> {
    let mut args: Vec<OsString> = Vec::new();
    if let Some(file) = &opts.known_registries {
        args.extend(["--known-registries".into(), file.as_os_str().to_owned()]);
    }
    let env: Vec<(OsString, OsString)> = opts
        .extra_ca_certs
        .iter()
        .map(|ca| ("NODE_EXTRA_CA_CERTS".into(), ca.as_os_str().to_owned()))
        .collect();
    let out = process::run_script_with_env(SCRIPT, &args, credential, &env)?;
    let bad = |reason: String| JsError::BadOutput {
        script: SCRIPT.to_owned(),
        reason,
        stdout: out.stdout.clone(),
    };
    match out.status {
        Some(0) => {
            let raw: Value = serde_json::from_str(out.stdout.trim())
                .map_err(|e| bad(format!("not JSON: {e}")))?;
            let mut report: VerifierCoreReport = serde_json::from_value(raw.clone())
                .map_err(|e| bad(format!("not a verifier-core report: {e}")))?;
            report.raw = raw;
            Ok(report)
        }
        Some(2) => Err(JsError::UnusableInput {
            script: SCRIPT.to_owned(),
            messages: vec![out.stdout.trim().to_owned()],
        }),
        status => Err(JsError::Failed {
            script: SCRIPT.to_owned(),
            status,
            stderr: format!("{}\n{}", out.stdout.trim(), out.stderr.trim()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetch(url: &str) -> Fetch {
        Fetch {
            url: url.to_owned(),
            status: Some(200),
            error: None,
        }
    }

    #[test]
    fn loopback_is_localhost_127_and_v6_loopback_only() {
        for url in [
            "https://localhost:8443/.well-known/did.json",
            "https://127.0.0.1:1/x",
            "https://127.1.2.3/x",
            "http://[::1]:80/x",
        ] {
            assert!(fetch(url).is_loopback(), "{url}");
        }
        for url in [
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/x.json",
            "https://localhost.example/x",
            "https://10.0.0.1/x",
            "not a url",
        ] {
            assert!(!fetch(url).is_loopback(), "{url}");
        }
    }

    #[test]
    fn a_report_parses_and_names_its_steps() {
        let raw = serde_json::json!({
            "log": [{"id": "valid_signature", "valid": true},
                    {"id": "registered_issuer", "valid": false, "matchingIssuers": []}],
            "fetches": [{"url": "https://example.org/", "error": "offline"}]
        });
        let report: VerifierCoreReport = serde_json::from_value(raw).unwrap();
        assert_eq!(report.valid("valid_signature"), Some(true));
        assert_eq!(report.valid("revocation_status"), None);
        let registry = report.step("registered_issuer").unwrap();
        assert_eq!(registry.details["matchingIssuers"], serde_json::json!([]));
        assert_eq!(report.off_machine_urls(), ["https://example.org/"]);
    }
}
