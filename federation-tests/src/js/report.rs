//! The scripts' output contracts: `verify.mjs` prints
//! `{verified, errors, statusResult?}` and exits 0/1/2; `sign.mjs` prints the
//! signed credential or exits 2 on unusable input.

use serde::Deserialize;
use serde_json::Value;

use super::JsError;
use super::process::ScriptOutput;

/// Digital Bazaar's verdict on a credential.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DbReport {
    /// Whether the credential verified (proof, issuer, dates, and status when
    /// checked: a set revocation/suspension bit makes this false).
    pub verified: bool,
    /// Why not, as messages (empty when verified).
    pub errors: Vec<String>,
    /// The status check, when `--check-status` was given and the credential
    /// has `credentialStatus`: `{verified, results: [{statusPurpose,
    /// statusListIndex, statusListCredential, status}]}`.
    #[serde(default)]
    pub status_result: Option<Value>,
}

impl DbReport {
    /// All error messages joined, for assertion messages.
    pub fn error_text(&self) -> String {
        self.errors.join("; ")
    }
}

#[derive(Deserialize)]
struct UsageReport {
    #[serde(default)]
    errors: Vec<String>,
}

pub(crate) fn parse_verify_output(script: &str, out: &ScriptOutput) -> Result<DbReport, JsError> {
    let bad = |reason: &str| JsError::BadOutput {
        script: script.to_owned(),
        reason: reason.to_owned(),
        stdout: out.stdout.clone(),
    };
    match out.status {
        Some(code @ (0 | 1)) => {
            let report: DbReport = serde_json::from_str(out.stdout.trim())
                .map_err(|e| bad(&format!("not a verification report: {e}")))?;
            if report.verified != (code == 0) {
                return Err(bad(&format!(
                    "exit status {code} but \"verified\": {}",
                    report.verified
                )));
            }
            Ok(report)
        }
        Some(2) => {
            let messages = serde_json::from_str::<UsageReport>(out.stdout.trim())
                .map(|r| r.errors)
                .unwrap_or_else(|_| vec![out.stdout.trim().to_owned()]);
            Err(JsError::UnusableInput {
                script: script.to_owned(),
                messages,
            })
        }
        status => Err(JsError::Failed {
            script: script.to_owned(),
            status,
            stderr: out.stderr.clone(),
        }),
    }
}

pub(crate) fn parse_sign_output(script: &str, out: &ScriptOutput) -> Result<Value, JsError> {
    match out.status {
        Some(0) => {
            let bad = |reason: String| JsError::BadOutput {
                script: script.to_owned(),
                reason,
                stdout: out.stdout.clone(),
            };
            let signed: Value = serde_json::from_str(out.stdout.trim())
                .map_err(|e| bad(format!("not JSON: {e}")))?;
            if signed.get("proof").is_none() {
                return Err(bad("no \"proof\" in the signed credential".to_owned()));
            }
            Ok(signed)
        }
        Some(2) => Err(JsError::UnusableInput {
            script: script.to_owned(),
            messages: vec![out.stderr.trim().to_owned()],
        }),
        status => Err(JsError::Failed {
            script: script.to_owned(),
            status,
            stderr: out.stderr.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(status: Option<i32>, stdout: &str) -> ScriptOutput {
        ScriptOutput {
            status,
            stdout: stdout.to_owned(),
            stderr: "boom".to_owned(),
        }
    }

    #[test]
    fn verify_exit_status_must_match_verdict() {
        let ok = parse_verify_output("v", &out(Some(0), r#"{"verified":true,"errors":[]}"#));
        assert!(ok.is_ok_and(|r| r.verified && r.status_result.is_none()));
        let no = parse_verify_output(
            "v",
            &out(
                Some(1),
                r#"{"verified":false,"errors":["Invalid signature."],"statusResult":{"verified":true}}"#,
            ),
        );
        assert!(no.is_ok_and(|r| !r.verified && r.status_result.is_some()));
        let lie = parse_verify_output("v", &out(Some(0), r#"{"verified":false,"errors":[]}"#));
        assert!(matches!(lie, Err(JsError::BadOutput { .. })));
        let garbage = parse_verify_output("v", &out(Some(1), "Segmentation fault"));
        assert!(matches!(garbage, Err(JsError::BadOutput { .. })));
    }

    #[test]
    fn verify_usage_and_crash_are_errors() {
        let usage = parse_verify_output(
            "v",
            &out(
                Some(2),
                r#"{"verified":false,"errors":["UsageError: stdin is empty"]}"#,
            ),
        );
        assert!(
            matches!(usage, Err(JsError::UnusableInput { messages, .. }) if messages == ["UsageError: stdin is empty"])
        );
        let crash = parse_verify_output("v", &out(None, ""));
        assert!(matches!(crash, Err(JsError::Failed { status: None, .. })));
    }

    #[test]
    fn sign_output_needs_a_proof() {
        assert!(parse_sign_output("s", &out(Some(0), r#"{"proof":{}}"#)).is_ok());
        assert!(matches!(
            parse_sign_output("s", &out(Some(0), r#"{"id":"x"}"#)),
            Err(JsError::BadOutput { .. })
        ));
        assert!(matches!(
            parse_sign_output("s", &out(Some(2), "")),
            Err(JsError::UnusableInput { .. })
        ));
        assert!(matches!(
            parse_sign_output("s", &out(Some(1), "")),
            Err(JsError::Failed {
                status: Some(1),
                ..
            })
        ));
    }
}
