//! Sign and verify benchmarks on the realistic OB 3.0 credential (see docs/benchmarks.md):
//! each cryptosuite, single thread, on `../shared/vectors/bench/ob3-realistic-unsigned.json`
//! and on a variant with the microcredential extension and two status entries.

/// The node's allocator (see node/src/main.rs), so that figures match what it runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ed25519_dalek::SigningKey;
use mochila_protocol::credential::MICROCREDENTIAL_CONTEXT;
use mochila_protocol::did::DidDocument;
use mochila_protocol::multikey;
use mochila_protocol::proof::{
    Cryptosuite, DataIntegrity, DocumentResolver, ProofOptions, VerifyOptions,
};
use serde_json::{Value, json};

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

fn realistic() -> Value {
    read_json(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/vectors/bench/ob3-realistic-unsigned.json"
    ))
}

/// The realistic credential with the microcredential extension fields of the example and
/// two status entries (revocation and suspension).
fn extended() -> Value {
    let example = read_json(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/microcredential-example.json"
    ));
    let mut doc = realistic();
    if let Some(ctx) = doc["@context"].as_array_mut() {
        ctx.push(json!(MICROCREDENTIAL_CONTEXT));
    }
    let source = &example["credentialSubject"]["achievement"];
    for key in [
        "learningOutcomes",
        "workload",
        "qualificationLevel",
        "assessmentType",
        "participationForm",
        "qualityAssurance",
        "prerequisites",
        "supervision",
        "identityVerification",
        "stackability",
    ] {
        doc["credentialSubject"]["achievement"][key] = source[key].clone();
    }
    doc["credentialStatus"] = example["credentialStatus"].clone();
    doc
}

fn issuer_resolver(issuer: &str, key: &SigningKey) -> DocumentResolver {
    let vm = format!("{issuer}#key-1");
    let doc: DidDocument = serde_json::from_value(json!({
        "id": issuer,
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": issuer,
            "publicKeyMultibase": multikey::encode_public(&key.verifying_key())}],
        "assertionMethod": [vm]
    }))
    .unwrap_or_else(|e| panic!("controller document: {e}"));
    DocumentResolver::new(vec![doc])
}

fn bench(c: &mut Criterion) {
    let di = DataIntegrity::default();
    let key = SigningKey::from_bytes(&[42u8; 32]);
    for (name, doc) in [("realistic", realistic()), ("extended", extended())] {
        let issuer = doc["issuer"]["id"].as_str().unwrap_or_default().to_owned();
        let resolver = issuer_resolver(&issuer, &key);
        for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
            let options =
                ProofOptions::assertion(suite, &format!("{issuer}#key-1"), "2026-01-01T00:00:00Z");
            let signed = di
                .sign(&doc, &key, &options)
                .unwrap_or_else(|e| panic!("{name} {suite:?}: {e}"));
            let report = di.verify(&signed, &resolver, &VerifyOptions::default());
            assert!(report.verified, "{name} {suite:?}: {report:?}");
            // The node builds each credential and signs it by value: the copy made here for
            // every iteration is setup, not measured.
            c.bench_function(&format!("sign/{}/{name}", suite.name()), |b| {
                b.iter_batched(
                    || doc.clone(),
                    |d| di.sign_owned(black_box(d), &key, &options),
                    BatchSize::SmallInput,
                )
            });
            c.bench_function(&format!("verify/{}/{name}", suite.name()), |b| {
                b.iter(|| di.verify(black_box(&signed), &resolver, &VerifyOptions::default()))
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
