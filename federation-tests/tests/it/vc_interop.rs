//! Interop of our Data Integrity proofs with Digital Bazaar's: credentials we
//! sign (both suites, a did:key issuer) verify with Digital Bazaar; credentials
//! Digital Bazaar signs verify with ours; both produce the same signature over
//! the same input; tampered copies fail on both sides.

use ed25519_dalek::SigningKey;
use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{
    self, Cryptosuite as DbSuite, SignOptions, VerifyOptions, sign_with_digital_bazaar,
    verify_with_digital_bazaar, workspace_root,
};
use mochila_protocol::multikey;
use mochila_protocol::proof::{
    Cryptosuite, DataIntegrity, DidKeyResolver, ProofOptions, VerifyOptions as OurVerifyOptions,
};
use serde_json::{Value, json};

use crate::support::{SEED, ob3_credential};

const CREATED: &str = "2026-03-01T12:00:00Z";

fn suites() -> [(Cryptosuite, DbSuite); 2] {
    [
        (Cryptosuite::EddsaRdfc2022, DbSuite::EddsaRdfc2022),
        (Cryptosuite::EddsaJcs2022, DbSuite::EddsaJcs2022),
    ]
}

struct Issuer {
    key: SigningKey,
    did: String,
    verification_method: String,
}

fn issuer() -> Issuer {
    let key = SigningKey::from_bytes(&SEED);
    let public = key.verifying_key();
    Issuer {
        did: multikey::did_key(&public),
        verification_method: multikey::did_key_verification_method(&public),
        key,
    }
}

fn sign_ours(credential: &Value, suite: Cryptosuite, issuer: &Issuer) -> Value {
    DataIntegrity::default()
        .sign(
            credential,
            &issuer.key,
            &ProofOptions::assertion(suite, &issuer.verification_method, CREATED),
        )
        .unwrap_or_else(|e| panic!("{}: our signing failed: {e}", suite.name()))
}

fn verify_ours(credential: &Value) -> (bool, String) {
    let report =
        DataIntegrity::default().verify(credential, &DidKeyResolver, &OurVerifyOptions::default());
    (report.verified, format!("{report:?}"))
}

fn tamper(credential: &Value) -> Value {
    let mut tampered = credential.clone();
    tampered["credentialSubject"]["achievement"]["name"] = json!("Forged achievement");
    tampered
}

/// The microcredential example of the protocol crate, issued by `did`.
fn microcredential(did: &str) -> Value {
    let path = workspace_root().join("protocol/tests/fixtures/microcredential-example.json");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut credential: Value = serde_json::from_str(&text).unwrap();
    credential["issuer"]["id"] = json!(did);
    credential
}

#[test]
fn our_credentials_verify_with_digital_bazaar() {
    if !require_interop(
        "our_credentials_verify_with_digital_bazaar",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issuer = issuer();
    let credential = ob3_credential(&issuer.did);
    for (suite, _) in suites() {
        let signed = sign_ours(&credential, suite, &issuer);
        let report = verify_with_digital_bazaar(&signed, &VerifyOptions::default()).unwrap();
        assert!(report.verified, "{}: {}", suite.name(), report.error_text());

        let report =
            verify_with_digital_bazaar(&tamper(&signed), &VerifyOptions::default()).unwrap();
        assert!(!report.verified, "{}: tampered copy verified", suite.name());
        assert!(
            report.error_text().contains("Invalid signature"),
            "{}: {}",
            suite.name(),
            report.error_text()
        );
    }
}

#[test]
fn digital_bazaar_credentials_verify_with_ours() {
    if !require_interop(
        "digital_bazaar_credentials_verify_with_ours",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issuer = issuer();
    let credential = ob3_credential(&issuer.did);
    for (suite, db_suite) in suites() {
        let opts = SignOptions::new(db_suite, js::SigningKey::Seed(SEED)).created(CREATED);
        let signed = sign_with_digital_bazaar(&credential, &opts).unwrap();
        assert_eq!(
            signed["proof"]["verificationMethod"],
            json!(issuer.verification_method)
        );
        let (verified, report) = verify_ours(&signed);
        assert!(verified, "{}: {report}", suite.name());

        let (verified, report) = verify_ours(&tamper(&signed));
        assert!(
            !verified,
            "{}: tampered copy verified: {report}",
            suite.name()
        );
    }
}

#[test]
fn both_implementations_produce_the_same_proof() {
    if !require_interop(
        "both_implementations_produce_the_same_proof",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issuer = issuer();
    let credential = ob3_credential(&issuer.did);
    for (suite, db_suite) in suites() {
        let ours = sign_ours(&credential, suite, &issuer);
        let opts = SignOptions::new(db_suite, js::SigningKey::Seed(SEED)).created(CREATED);
        let theirs = sign_with_digital_bazaar(&credential, &opts).unwrap();
        // Ed25519 is deterministic: equal proofs mean equal canonical forms
        assert_eq!(ours["proof"], theirs["proof"], "{}", suite.name());
    }
}

#[test]
fn our_microcredential_with_the_mochila_context_verifies_with_digital_bazaar() {
    if !require_interop(
        "our_microcredential_with_the_mochila_context_verifies_with_digital_bazaar",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let issuer = issuer();
    let credential = microcredential(&issuer.did);
    let with_context = VerifyOptions::default().with_mochila_context();
    assert_eq!(
        with_context.contexts.len(),
        1,
        "protocol/contexts/mochila-microcredential-v1.jsonld is missing"
    );
    for (suite, _) in suites() {
        let signed = sign_ours(&credential, suite, &issuer);
        let report = verify_with_digital_bazaar(&signed, &with_context).unwrap();
        assert!(report.verified, "{}: {}", suite.name(), report.error_text());

        // without the extension context the strict verifier cannot load it
        let report = verify_with_digital_bazaar(&signed, &VerifyOptions::default()).unwrap();
        assert!(
            !report.verified,
            "{}: verified without the Mochila context",
            suite.name()
        );

        // a term the extension does not define is rejected (safe mode)
        let mut undefined = signed.clone();
        undefined["credentialSubject"]["achievement"]["notionalHours"] = json!(125);
        let report = verify_with_digital_bazaar(&undefined, &with_context).unwrap();
        assert!(
            !report.verified,
            "{}: undefined term accepted",
            suite.name()
        );
        assert!(
            report.error_text().contains("notionalHours"),
            "{}: {}",
            suite.name(),
            report.error_text()
        );
    }
}
