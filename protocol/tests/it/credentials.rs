//! Open Badges 3.0 credentials: lossless round trips, validation (every problem at once,
//! with JSON paths), VC 1.1 reading, and the microcredential extension example.

use ed25519_dalek::SigningKey;
use mochila_protocol::credential::{
    AchievementCredential, MICROCREDENTIAL_CONTEXT, OpenBadgeCredential, validate,
};
use mochila_protocol::did::DidDocument;
use mochila_protocol::multikey;
use mochila_protocol::proof::{
    Cryptosuite, DataIntegrity, DocumentResolver, ProofOptions, VerifyOptions,
};
use mochila_protocol::rdf::Term;
use serde_json::{Value, json};

use crate::vectors;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/microcredential-example.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn samples() -> Vec<(&'static str, Value)> {
    let ob: Value =
        serde_json::from_str(&vectors::read("ob3/test-vectors/obv3p0/vector.json")).unwrap();
    vec![
        ("1EdTech vector", ob["unsigned"].clone()),
        (
            "realistic",
            serde_json::from_str(&vectors::read("bench/ob3-realistic-unsigned.json")).unwrap(),
        ),
        ("microcredential", fixture()),
    ]
}

#[test]
fn round_trips_lose_no_field() {
    for (name, doc) in samples() {
        let typed: OpenBadgeCredential = serde_json::from_value(doc.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), doc, "{name}");
    }
    let typed: AchievementCredential = serde_json::from_value(fixture()).unwrap();
    assert_eq!(typed.issuer_id(), "did:web:credenciales.uvalle.example");
    assert_eq!(typed.status_entries().len(), 2);
    assert_eq!(
        typed
            .credential_subject
            .achievement
            .achievement_type
            .as_deref(),
        Some("MicroCredential")
    );
    assert!(
        typed
            .credential_subject
            .achievement
            .extra
            .contains_key("workload")
    );
}

#[test]
fn sample_credentials_are_valid() {
    for (name, doc) in samples() {
        assert_eq!(validate(&doc), [], "{name}");
    }
}

#[test]
fn validation_reports_every_problem_with_paths() {
    let mut doc = samples().remove(1).1;
    doc["@context"] = json!([
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/credentials/v2"
    ]);
    doc["validFrom"] = json!("2026-01-01T00:00:00");
    doc["validUntil"] = json!("2025-01-01T00:00:00Z");
    doc["issuer"]["type"] = json!(["Organization"]);
    doc["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = json!("five");
    doc["credentialSubject"]["achievement"]["alignment"][3]
        .as_object_mut()
        .unwrap()
        .remove("targetUrl");
    doc["credentialSubject"]["favouriteColour"] = json!("blue");
    doc["credentialStatus"] = json!({"type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "-4",
        "statusListCredential": "https://example.edu/status/1"});
    let errors = validate(&doc);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    for expected in [
        "$.@context[0]",
        "$.@context[0]",
        "$.validFrom",
        "$.issuer.type",
        "$.credentialSubject.achievement.name",
        "$.credentialSubject.achievement.creditsAvailable",
        "$.credentialSubject.achievement.alignment[3].targetUrl",
        "$.credentialSubject.favouriteColour",
        "$.credentialStatus.statusListIndex",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {errors:#?}");
    }
    // validUntil before validFrom (with a valid validFrom).
    doc["validFrom"] = json!("2026-01-01T00:00:00Z");
    let errors = validate(&doc);
    assert!(
        errors
            .iter()
            .any(|e| e.path == "$.validUntil" && e.message.contains("before")),
        "{errors:#?}"
    );
    // Not an object; missing everything.
    assert_eq!(validate(&json!([1]))[0].path, "$");
    let errors = validate(&json!({}));
    for p in [
        "$.@context",
        "$.id",
        "$.issuer",
        "$.validFrom",
        "$.credentialSubject",
    ] {
        assert!(errors.iter().any(|e| e.path == p), "{p}: {errors:#?}");
    }
}

#[test]
fn vc_1_1_credentials_are_read() {
    let mut doc = samples().remove(0).1;
    doc["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
    let from = doc.as_object_mut().unwrap().remove("validFrom").unwrap();
    doc["issuanceDate"] = from;
    let typed: AchievementCredential = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(typed.issuance_date.as_deref(), Some("2010-01-01T00:00:00Z"));
    let errors = validate(&doc);
    assert!(
        errors.iter().all(|e| !e.path.starts_with("$.@context[0]")
            && e.path != "$.issuanceDate"
            && e.path != "$.validFrom"),
        "{errors:#?}"
    );
}

fn issuer_document(did: &str, key: &SigningKey) -> DidDocument {
    let vm = format!("{did}#key-1");
    serde_json::from_value(json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did,
            "publicKeyMultibase": multikey::encode_public(&key.verifying_key())}],
        "assertionMethod": [vm]
    }))
    .unwrap()
}

#[test]
fn microcredential_example_expands_fully_signs_and_verifies() {
    let doc = fixture();
    assert_eq!(doc["@context"][2], MICROCREDENTIAL_CONTEXT);
    assert_eq!(validate(&doc), []);

    // Every extension term reaches the RDF dataset (nothing dropped by expansion).
    let di = DataIntegrity::default();
    let dataset = di.processor().to_rdf(&doc).unwrap();
    let predicates: Vec<&str> = dataset
        .iter()
        .filter_map(|q| match &q.predicate {
            Term::Iri(iri) => Some(iri.as_str()),
            _ => None,
        })
        .collect();
    for term in [
        "workload",
        "workloadValue",
        "workloadUnit",
        "qualificationLevel",
        "levelFramework",
        "levelValue",
        "assessmentType",
        "participationForm",
        "qualityAssurance",
        "qualityAssuranceType",
        "prerequisites",
        "supervision",
        "identityVerification",
        "stackability",
        "standAlone",
        "stackableTowards",
        "learningOutcomes",
    ] {
        let iri = format!("https://w3id.org/mochila/microcredential#{term}");
        assert!(predicates.contains(&iri.as_str()), "{term} was dropped");
    }

    // Signs and verifies with both suites, issuer binding included.
    let did = "did:web:credenciales.uvalle.example";
    let key = SigningKey::from_bytes(&[42u8; 32]);
    let resolver = DocumentResolver::new(vec![issuer_document(did, &key)]);
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let options =
            ProofOptions::assertion(suite, &format!("{did}#key-1"), "2026-07-15T16:00:00Z");
        let signed = di.sign(&doc, &key, &options).unwrap();
        let report = di.verify(&signed, &resolver, &VerifyOptions::default());
        assert!(report.verified, "{suite:?}: {report:#?}");
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["workload"]["workloadValue"] = json!(50);
        assert!(
            !di.verify(&tampered, &resolver, &VerifyOptions::default())
                .verified,
            "{suite:?}"
        );
    }
}
