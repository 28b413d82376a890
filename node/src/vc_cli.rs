//! The `mochila vc` commands: sign a credential, verify one (printing the same JSON report
//! as `POST /api/v1/verify`), and decode a status list. Everything goes through
//! stdin/stdout; `vc verify` fetches what it needs (did:web documents that `--did-document`
//! did not supply, status lists) through the node's verifier, under the same fetch policy
//! as a running node (public addresses only, size and time limits), unless `--offline`.
//!
//! Exit codes: 0 success / valid; 1 not valid (invalid, revoked, suspended, expired);
//! 2 unusable input; 3 every check made passed but the status is unknown (`--offline`, or
//! a status list that could not be fetched).

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mochila_protocol::credential;
use mochila_protocol::did::DidDocument;
use mochila_protocol::multikey;
use mochila_protocol::proof::{Cryptosuite, DataIntegrity, ProofOptions};
use mochila_protocol::status::{Bitstring, list_of};
use serde_json::{Value, json};

use mochila_node::config::Config;
use mochila_node::verification::report::VerificationStatus;
use mochila_node::verification::{StatusCheck, Verifier};

/// `mochila vc ...`.
#[derive(Debug, clap::Args)]
pub struct VcArgs {
    /// The command.
    #[command(subcommand)]
    pub command: VcCommand,
}

/// The `vc` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum VcCommand {
    /// Sign the credential on stdin; print the signed credential.
    Sign {
        /// The Ed25519 secret key: a `z3u2...` Multikey, or a file holding one (alone or
        /// as `secretKeyMultibase`/`privateKeyMultibase` in a JSON object).
        #[arg(long)]
        key: String,
        /// The verification method URL, e.g. `did:web:example.edu#key-1`.
        #[arg(long)]
        verification_method: String,
        /// `created` (XSD dateTimeStamp); now if omitted.
        #[arg(long)]
        created: Option<String>,
        /// `eddsa-rdfc-2022` or `eddsa-jcs-2022`.
        #[arg(long, default_value = "eddsa-rdfc-2022")]
        cryptosuite: String,
    },
    /// Verify the credential on stdin; print a JSON report.
    Verify {
        /// DID (controller) documents to resolve verification methods from (did:key is
        /// resolved offline anyway).
        #[arg(long)]
        did_document: Vec<PathBuf>,
        /// Fetch nothing: the status is reported unknown (exit code 3), and every did:web
        /// controller must come from `--did-document`.
        #[arg(long)]
        offline: bool,
        /// Allow plain http and loopback/private addresses (local testing only; did:web is
        /// https).
        #[arg(long)]
        allow_http: bool,
    },
    /// Bitstring Status List tools.
    StatusList {
        /// The status-list command.
        #[command(subcommand)]
        command: StatusListCommand,
    },
}

/// `mochila vc status-list ...`.
#[derive(Debug, clap::Subcommand)]
pub enum StatusListCommand {
    /// Decode the list credential (or bare `encodedList`) on stdin; print its set indexes.
    Decode,
}

/// A failure that makes the input unusable (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Unusable(String);

fn read_stdin() -> Result<String, Unusable> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Unusable(format!("cannot read stdin: {e}")))?;
    Ok(text)
}

fn parse_json(text: &str, what: &str) -> Result<Value, Unusable> {
    serde_json::from_str(text).map_err(|e| Unusable(format!("{what} is not JSON: {e}")))
}

fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("cannot print JSON: {e}"),
    }
}

/// Runs a `vc` command.
pub async fn run(args: VcArgs) -> ExitCode {
    let result = match args.command {
        VcCommand::Sign {
            key,
            verification_method,
            created,
            cryptosuite,
        } => sign(&key, &verification_method, created, &cryptosuite),
        VcCommand::Verify {
            did_document,
            offline,
            allow_http,
        } => verify(&did_document, offline, allow_http).await,
        VcCommand::StatusList {
            command: StatusListCommand::Decode,
        } => decode_status_list(),
    };
    match result {
        Ok(code) => code,
        Err(Unusable(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_key(key: &str) -> Result<ed25519_dalek::SigningKey, Unusable> {
    if let Ok(sk) = multikey::decode_secret(key.trim()) {
        return Ok(sk);
    }
    let text = std::fs::read_to_string(key).map_err(|e| {
        Unusable(format!(
            "--key is neither a z3u2... Multikey nor a readable file: {e}"
        ))
    })?;
    let text = text.trim();
    let multibase = match serde_json::from_str::<Value>(text) {
        Ok(v) => ["secretKeyMultibase", "privateKeyMultibase"]
            .iter()
            .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_owned))
            .ok_or_else(|| Unusable("the key file has no secretKeyMultibase".to_owned()))?,
        Err(_) => text.to_owned(),
    };
    multikey::decode_secret(&multibase).map_err(|e| Unusable(format!("key file: {e}")))
}

fn now() -> Result<String, Unusable> {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .map_err(|e| Unusable(e.to_string()))?;
    now.format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| Unusable(e.to_string()))
}

fn sign(
    key: &str,
    verification_method: &str,
    created: Option<String>,
    cryptosuite: &str,
) -> Result<ExitCode, Unusable> {
    let suite: Cryptosuite = cryptosuite.parse().map_err(|e| Unusable(format!("{e}")))?;
    let key = load_key(key)?;
    let created = match created {
        Some(c) if credential::is_date_time_stamp(&c) => c,
        Some(c) => {
            return Err(Unusable(format!(
                "--created {c:?} is not an XSD dateTimeStamp"
            )));
        }
        None => now()?,
    };
    let document = parse_json(&read_stdin()?, "stdin")?;
    let options = ProofOptions::assertion(suite, verification_method, &created);
    let signed = DataIntegrity::default()
        .sign_owned(document, &key, &options)
        .map_err(|e| Unusable(e.to_string()))?;
    print_json(&signed);
    Ok(ExitCode::SUCCESS)
}

async fn verify(
    did_documents: &[PathBuf],
    offline: bool,
    allow_http: bool,
) -> Result<ExitCode, Unusable> {
    let mut config = Config {
        // No origin of this machine is "the node's own" for the command line.
        base_url: "https://mochila-vc-cli.invalid/"
            .parse()
            .map_err(|e| Unusable(format!("{e}")))?,
        ..Config::default()
    };
    config.federation.allow_http = allow_http;
    config.federation.allow_private_addresses = allow_http;
    let verifier = Verifier::new(&config).map_err(|e| Unusable(e.to_string()))?;
    let mut given = Vec::new();
    for path in did_documents {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Unusable(format!("{}: {e}", path.display())))?;
        let doc: DidDocument = serde_json::from_str(&text)
            .map_err(|e| Unusable(format!("{}: not a DID document: {e}", path.display())))?;
        given.push(doc.id.clone());
        verifier.add_controller(doc);
    }
    let document = parse_json(&read_stdin()?, "stdin")?;
    if !document.is_object() {
        return Err(Unusable("the credential is not a JSON object".to_owned()));
    }
    if offline
        && let Some(missing) = did_web_controllers(&document)
            .into_iter()
            .find(|did| !given.contains(did))
    {
        return Err(Unusable(format!(
            "--offline: give the DID document of {missing} with --did-document"
        )));
    }
    let status = if offline {
        StatusCheck::Skip
    } else {
        StatusCheck::Fetch
    };
    let report = verifier
        .verify_with(&document, time::OffsetDateTime::now_utc(), status)
        .await;
    match serde_json::to_value(&report) {
        Ok(value) => print_json(&value),
        Err(e) => return Err(Unusable(format!("cannot print the report: {e}"))),
    }
    Ok(match report.status {
        VerificationStatus::Valid => ExitCode::SUCCESS,
        VerificationStatus::StatusUnknown => ExitCode::from(3),
        _ => ExitCode::from(1),
    })
}

fn did_web_controllers(document: &Value) -> Vec<String> {
    let proofs = match document.get("proof") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut dids: Vec<String> = proofs
        .iter()
        .filter_map(|p| p.get("verificationMethod")?.as_str())
        .filter(|vm| vm.starts_with("did:web:"))
        .map(|vm| vm.split('#').next().unwrap_or(vm).to_owned())
        .collect();
    dids.sort();
    dids.dedup();
    dids
}

fn decode_status_list() -> Result<ExitCode, Unusable> {
    let text = read_stdin()?;
    let trimmed = text.trim();
    let (purpose, encoded) = if trimmed.starts_with('{') {
        let credential = parse_json(trimmed, "stdin")?;
        let list = list_of(&credential).map_err(|e| Unusable(e.to_string()))?;
        (Some(list.status_purpose), list.encoded_list)
    } else {
        (None, trimmed.to_owned())
    };
    let list = Bitstring::decode(&encoded).map_err(|e| Unusable(e.to_string()))?;
    let set: Vec<usize> = list.set_indexes().collect();
    print_json(&json!({
        "statusPurpose": purpose,
        "length": list.len(),
        "setCount": set.len(),
        "set": set,
    }));
    Ok(ExitCode::SUCCESS)
}
