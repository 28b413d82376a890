//! Options of the Digital Bazaar scripts, turned into their command lines.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The Data Integrity cryptosuites the scripts support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cryptosuite {
    /// `eddsa-rdfc-2022` (RDFC-1.0 canonicalisation).
    EddsaRdfc2022,
    /// `eddsa-jcs-2022` (JCS canonicalisation).
    EddsaJcs2022,
}

impl Cryptosuite {
    /// Both suites, for tests that cover each.
    pub const ALL: [Cryptosuite; 2] = [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022];

    /// The `cryptosuite` value of a proof.
    pub fn as_str(self) -> &'static str {
        match self {
            Cryptosuite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Cryptosuite::EddsaJcs2022 => "eddsa-jcs-2022",
        }
    }
}

/// The Ed25519 key `sign.mjs` signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningKey {
    /// A 32-byte seed (the secret key).
    Seed([u8; 32]),
    /// A Multikey pair: `secret` is `z3u2...`, `public` is `z6Mk...`.
    Multibase {
        /// `secretKeyMultibase`.
        secret: String,
        /// `publicKeyMultibase`.
        public: String,
    },
}

/// Options of `sign.mjs`.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// The cryptosuite of the proof.
    pub suite: Cryptosuite,
    /// The key.
    pub key: SigningKey,
    /// The key's controller DID; default the key's did:key.
    pub controller: Option<String>,
    /// The verification method id; default `controller#publicKeyMultibase`.
    pub verification_method: Option<String>,
    /// The proof's `created`; default now.
    pub created: Option<String>,
    /// Extra contexts `(URL, file)`; relative files are relative to the workspace root.
    pub contexts: Vec<(String, PathBuf)>,
}

impl SignOptions {
    /// Signs with `key` under `suite`, as the key's did:key, now.
    pub fn new(suite: Cryptosuite, key: SigningKey) -> Self {
        SignOptions {
            suite,
            key,
            controller: None,
            verification_method: None,
            created: None,
            contexts: Vec::new(),
        }
    }

    /// Sets the proof's `created`.
    pub fn created(mut self, created: &str) -> Self {
        self.created = Some(created.to_owned());
        self
    }

    /// Sets the controller DID and verification method id.
    pub fn controller(mut self, controller: &str, verification_method: &str) -> Self {
        self.controller = Some(controller.to_owned());
        self.verification_method = Some(verification_method.to_owned());
        self
    }

    /// Serves an extra context.
    pub fn context(mut self, url: &str, file: &Path) -> Self {
        self.contexts.push((url.to_owned(), file.to_path_buf()));
        self
    }

    pub(crate) fn to_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["--suite".into(), self.suite.as_str().into()];
        match &self.key {
            SigningKey::Seed(seed) => {
                args.extend(["--key-seed".into(), hex::encode(seed).into()]);
            }
            SigningKey::Multibase { secret, public } => {
                args.extend([
                    "--secret-multibase".into(),
                    secret.into(),
                    "--public-multibase".into(),
                    public.into(),
                ]);
            }
        }
        push_opt(&mut args, "--controller", self.controller.as_deref());
        push_opt(
            &mut args,
            "--verification-method",
            self.verification_method.as_deref(),
        );
        push_opt(&mut args, "--created", self.created.as_deref());
        push_pairs(&mut args, "--context", &self.contexts);
        args
    }
}

/// Options of `verify.mjs`.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Extra contexts `(URL, file)`; relative files are relative to the workspace root.
    pub contexts: Vec<(String, PathBuf)>,
    /// Other documents `(URL, file)`, e.g. status list credentials.
    pub documents: Vec<(String, PathBuf)>,
    /// DID document files, served for their DID and verification methods.
    pub did_documents: Vec<PathBuf>,
    /// Resolve did:web of loopback hosts over http, fetch http status lists.
    pub allow_http_did_web: bool,
    /// Resolve did:web of loopback hosts over https and fetch https documents from them,
    /// trusting the CA certificate in this PEM file (`NODE_EXTRA_CA_CERTS`).
    pub https_loopback_ca: Option<PathBuf>,
    /// Serve only these contexts of the vector index (empty: all of them).
    pub only_contexts: Vec<String>,
    /// Check BitstringStatusList entries.
    pub check_status: bool,
    /// The time to check validity against; default now.
    pub now: Option<String>,
}

impl VerifyOptions {
    /// Serves an extra context.
    pub fn context(mut self, url: &str, file: &Path) -> Self {
        self.contexts.push((url.to_owned(), file.to_path_buf()));
        self
    }

    /// Serves the Mochila extension context if the protocol crate has it.
    pub fn with_mochila_context(mut self) -> Self {
        if let Some(pair) = super::mochila_context() {
            self.contexts.push(pair);
        }
        self
    }

    /// Serves a document (e.g. a status list credential) for `url`.
    pub fn document(mut self, url: &str, file: &Path) -> Self {
        self.documents.push((url.to_owned(), file.to_path_buf()));
        self
    }

    /// Serves a DID document from a file.
    pub fn did_document(mut self, file: &Path) -> Self {
        self.did_documents.push(file.to_path_buf());
        self
    }

    /// Checks BitstringStatusList entries.
    pub fn check_status(mut self) -> Self {
        self.check_status = true;
        self
    }

    /// Allows did:web and status lists over loopback http.
    pub fn allow_http_did_web(mut self) -> Self {
        self.allow_http_did_web = true;
        self
    }

    /// Allows did:web and status lists over loopback https, from servers whose
    /// certificates the CA in `ca_file` (PEM) issued.
    pub fn https_loopback(mut self, ca_file: &Path) -> Self {
        self.https_loopback_ca = Some(ca_file.to_path_buf());
        self
    }

    /// Serves only `url` (and any other context given this way) of the vector index.
    pub fn only_context(mut self, url: &str) -> Self {
        self.only_contexts.push(url.to_owned());
        self
    }

    /// The environment of the script: the CA of [`VerifyOptions::https_loopback`].
    pub(crate) fn env(&self) -> Vec<(OsString, OsString)> {
        self.https_loopback_ca
            .iter()
            .map(|ca| ("NODE_EXTRA_CA_CERTS".into(), ca.as_os_str().to_owned()))
            .collect()
    }

    pub(crate) fn to_args(&self) -> Vec<OsString> {
        let mut args = Vec::new();
        push_pairs(&mut args, "--context", &self.contexts);
        push_pairs(&mut args, "--document", &self.documents);
        for file in &self.did_documents {
            args.extend(["--did-document".into(), file.as_os_str().to_owned()]);
        }
        if self.allow_http_did_web {
            args.push("--allow-http-did-web".into());
        }
        if self.https_loopback_ca.is_some() {
            args.push("--allow-https-loopback".into());
        }
        for url in &self.only_contexts {
            args.extend(["--only-context".into(), url.into()]);
        }
        if self.check_status {
            args.push("--check-status".into());
        }
        push_opt(&mut args, "--now", self.now.as_deref());
        args
    }
}

fn push_opt(args: &mut Vec<OsString>, flag: &str, value: Option<&str>) {
    if let Some(value) = value {
        args.extend([flag.into(), value.into()]);
    }
}

fn push_pairs(args: &mut Vec<OsString>, flag: &str, pairs: &[(String, PathBuf)]) {
    for (url, file) in pairs {
        let mut pair = OsString::from(format!("{url}="));
        pair.push(file.as_os_str());
        args.extend([flag.into(), pair]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_args_name_every_option() {
        let opts = SignOptions::new(Cryptosuite::EddsaJcs2022, SigningKey::Seed([0xab; 32]))
            .controller("did:web:localhost%3A8443", "did:web:localhost%3A8443#key-1")
            .created("2024-01-01T00:00:00Z")
            .context("https://example.org/c", Path::new("/tmp/c.json"));
        let args: Vec<String> = opts
            .to_args()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--suite",
                "eddsa-jcs-2022",
                "--key-seed",
                &"ab".repeat(32),
                "--controller",
                "did:web:localhost%3A8443",
                "--verification-method",
                "did:web:localhost%3A8443#key-1",
                "--created",
                "2024-01-01T00:00:00Z",
                "--context",
                "https://example.org/c=/tmp/c.json",
            ]
        );
    }

    #[test]
    fn verify_args_default_to_none_and_flags_are_flags() {
        assert!(VerifyOptions::default().to_args().is_empty());
        assert!(VerifyOptions::default().env().is_empty());
        let args: Vec<String> = VerifyOptions::default()
            .document("https://example.edu/status/1", Path::new("list.json"))
            .did_document(Path::new("did.json"))
            .check_status()
            .allow_http_did_web()
            .to_args()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--document",
                "https://example.edu/status/1=list.json",
                "--did-document",
                "did.json",
                "--allow-http-did-web",
                "--check-status",
            ]
        );
    }

    #[test]
    fn https_loopback_sets_the_flag_and_the_ca_for_node() {
        let opts = VerifyOptions::default()
            .https_loopback(Path::new("/tmp/ca.pem"))
            .only_context("https://www.w3.org/ns/credentials/v2");
        let args: Vec<String> = opts
            .to_args()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--allow-https-loopback",
                "--only-context",
                "https://www.w3.org/ns/credentials/v2",
            ]
        );
        assert_eq!(
            opts.env(),
            [("NODE_EXTRA_CA_CERTS".into(), "/tmp/ca.pem".into())]
        );
    }
}
