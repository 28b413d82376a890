//! Runs Fedify's `signRequest`/`verifyRequest` (`js/httpsig.mjs`) as an independent HTTP
//! signature implementation: Fedify 1.5 for draft-cavage-12, Fedify 2.3 for RFC 9421.

use std::ffi::OsString;

use mochila_protocol::httpsig::Request;
use serde::Deserialize;
use serde_json::{Value, json};

use super::JsError;
use super::process::{ScriptOutput, run_script, run_script_on};
use crate::fedify::FedifyVersion;

const SCRIPT: &str = "httpsig.mjs";

fn request_json(request: &Request) -> Value {
    json!({
        "method": request.method,
        "url": request.target_uri,
        "headers": request.headers,
        "body": (!request.body.is_empty()).then(|| String::from_utf8_lossy(&request.body)),
    })
}

fn parse_output<T: for<'de> Deserialize<'de>>(out: &ScriptOutput) -> Result<T, JsError> {
    match out.status {
        Some(0 | 1) => serde_json::from_str(out.stdout.trim()).map_err(|e| JsError::BadOutput {
            script: SCRIPT.to_owned(),
            reason: e.to_string(),
            stdout: out.stdout.clone(),
        }),
        Some(2) => {
            #[derive(Deserialize)]
            struct Usage {
                #[serde(default)]
                errors: Vec<String>,
            }
            let usage: Usage =
                serde_json::from_str(out.stdout.trim()).unwrap_or(Usage { errors: Vec::new() });
            Err(JsError::UnusableInput {
                script: SCRIPT.to_owned(),
                messages: usage.errors,
            })
        }
        status => Err(JsError::Failed {
            script: SCRIPT.to_owned(),
            status,
            stderr: format!("{}{}", out.stdout, out.stderr),
        }),
    }
}

/// Signs `request` with Fedify 1.5 (draft-cavage, `rsa-sha256`, every header
/// covered) and returns the signed request's header lines.
pub fn sign_with_fedify(
    request: &Request,
    private_key_pem: &str,
    key_id: &str,
) -> Result<Vec<(String, String)>, JsError> {
    #[derive(Deserialize)]
    struct Signed {
        headers: Vec<(String, String)>,
    }
    let mut input = request_json(request);
    input["mode"] = json!("sign");
    input["privateKeyPem"] = json!(private_key_pem);
    input["keyId"] = json!(key_id);
    let out = run_script(SCRIPT, &[], &input)?;
    parse_output::<Signed>(&out).map(|s| s.headers)
}

/// Runs `httpsig.mjs` on Fedify `version` (and its Node).
fn run_on(version: FedifyVersion, input: &Value) -> Result<ScriptOutput, JsError> {
    let program = version.node_program().to_string_lossy().into_owned();
    let args: Vec<OsString> = version.module_args().into_iter().map(Into::into).collect();
    run_script_on(&program, SCRIPT, &args, input)
}

/// Signs `request` with Fedify 2.3 under RFC 9421 (`rsa-v1_5-sha256`, label `sig1`,
/// `"@method" "@target-uri" "@authority"` and `"content-digest"`, `created`) and returns the
/// signed request's header lines.
pub fn sign_with_fedify_2_3(
    request: &Request,
    private_key_pem: &str,
    key_id: &str,
) -> Result<Vec<(String, String)>, JsError> {
    #[derive(Deserialize)]
    struct Signed {
        headers: Vec<(String, String)>,
    }
    let mut input = request_json(request);
    input["mode"] = json!("sign");
    input["spec"] = json!("rfc9421");
    input["privateKeyPem"] = json!(private_key_pem);
    input["keyId"] = json!(key_id);
    let out = run_on(FedifyVersion::V2_3, &input)?;
    parse_output::<Signed>(&out).map(|s| s.headers)
}

/// Verifies `request` with Fedify 1.5 (draft-cavage only), serving `public_key_pem`
/// (owned by `owner`) as the document at `key_id`, at time `now` (RFC 3339).
pub fn verify_with_fedify(
    request: &Request,
    public_key_pem: &str,
    key_id: &str,
    owner: &str,
    now: &str,
) -> Result<bool, JsError> {
    verify_with(
        FedifyVersion::V1_5,
        request,
        public_key_pem,
        key_id,
        owner,
        now,
    )
}

/// [`verify_with_fedify`] with Fedify `version`: 2.3 verifies RFC 9421 (when the request
/// has `Signature-Input`) and draft-cavage.
pub fn verify_with(
    version: FedifyVersion,
    request: &Request,
    public_key_pem: &str,
    key_id: &str,
    owner: &str,
    now: &str,
) -> Result<bool, JsError> {
    #[derive(Deserialize)]
    struct Verdict {
        verified: bool,
    }
    let mut input = request_json(request);
    input["mode"] = json!("verify");
    input["publicKeyPem"] = json!(public_key_pem);
    input["keyId"] = json!(key_id);
    input["owner"] = json!(owner);
    input["now"] = json!(now);
    let out = run_on(version, &input)?;
    parse_output::<Verdict>(&out).map(|v| v.verified)
}
