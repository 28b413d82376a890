//! Data Integrity proofs: byte-for-byte equality with the W3C vc-di-eddsa vectors and the
//! 1EdTech Open Badges 3.0 vector, proof sets and chains, tampering, and issuer binding.

use ed25519_dalek::SigningKey;
use mochila_protocol::did::DidDocument;
use mochila_protocol::multikey;
use mochila_protocol::proof::{
    CheckName, Cryptosuite, DataIntegrity, DidKeyResolver, DocumentResolver, Outcome, ProofOptions,
    VerificationReport, VerifyOptions, hash_data,
};
use serde_json::{Map, Value, json};

use crate::vectors;

const TV: &str = "vc-di-eddsa/TestVectors";

fn json_file(rel: &str) -> Value {
    serde_json::from_str(&vectors::read(rel)).unwrap()
}

fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn key_from_multibase(rel: &str, pair: Option<&str>) -> SigningKey {
    let v = json_file(rel);
    let v = pair.map_or(v.clone(), |p| v[p].clone());
    multikey::decode_secret(v["privateKeyMultibase"].as_str().unwrap()).unwrap()
}

fn options_from(config: &Value) -> ProofOptions {
    ProofOptions {
        cryptosuite: config["cryptosuite"].as_str().unwrap().parse().unwrap(),
        verification_method: config["verificationMethod"].as_str().unwrap().to_owned(),
        created: config["created"].as_str().map(str::to_owned),
        proof_purpose: config["proofPurpose"].as_str().unwrap().to_owned(),
        id: config["id"].as_str().map(str::to_owned),
        previous_proof: config.get("previousProof").cloned(),
    }
}

fn no_issuer_check() -> VerifyOptions {
    VerifyOptions {
        check_issuer: false,
        ..VerifyOptions::default()
    }
}

fn assert_verified(report: &VerificationReport) {
    assert!(
        report.verified,
        "{}",
        serde_json::to_string_pretty(report).unwrap()
    );
}

/// Checks one vc-di-eddsa single-proof vector directory against our implementation.
fn check_vector(dir: &str, suffix: &str, unsigned: &str) {
    let di = DataIntegrity::default();
    let key = key_from_multibase(&format!("{TV}/keyPair.json"), None);
    let unsigned = json_file(unsigned);
    let config = json_file(&format!("{dir}/proofConfig{suffix}.json"));
    let options = options_from(&config);

    // Canonical forms, from the vector's own proof configuration.
    let forms = di
        .canonical_forms(options.cryptosuite, &obj(&unsigned), &obj(&config))
        .unwrap();
    assert_eq!(
        forms.canonical_document,
        vectors::read(&format!("{dir}/canonDoc{suffix}.txt"))
            .trim_end_matches('\n')
            .to_owned()
            + if options.cryptosuite == Cryptosuite::EddsaRdfc2022 {
                "\n"
            } else {
                ""
            },
        "{dir}: canonical document"
    );
    let proof_canon = vectors::read(&format!("{dir}/proofCanon{suffix}.txt"));
    let expected_proof_canon = match options.cryptosuite {
        Cryptosuite::EddsaRdfc2022 => proof_canon.trim_end_matches('\n').to_owned() + "\n",
        Cryptosuite::EddsaJcs2022 => proof_canon.trim_end_matches('\n').to_owned(),
    };
    assert_eq!(
        forms.canonical_proof_config, expected_proof_canon,
        "{dir}: proof canon"
    );
    let read_hex = |name: &str| {
        vectors::read(&format!("{dir}/{name}{suffix}.txt"))
            .trim()
            .to_owned()
    };
    assert_eq!(
        hex::encode(forms.document_hash()),
        read_hex("docHash"),
        "{dir}: doc hash"
    );
    assert_eq!(
        hex::encode(forms.proof_hash()),
        read_hex("proofHash"),
        "{dir}: proof hash"
    );
    assert_eq!(
        hex::encode(hash_data(&forms)),
        read_hex("combinedHash"),
        "{dir}: combined"
    );

    // Signing with the options reproduces the signature and the signed document.
    let signed = di.sign(&unsigned, &key, &options).unwrap();
    let proof_value = signed["proof"]["proofValue"].as_str().unwrap();
    let sig = bs58::decode(&proof_value[1..]).into_vec().unwrap();
    assert_eq!(
        hex::encode(&sig),
        read_hex("sigHex"),
        "{dir}: signature hex"
    );
    assert_eq!(
        &proof_value[1..],
        read_hex("sigBTC58").trim_start_matches('z'),
        "{dir}: base58"
    );
    let expected_signed = json_file(&format!("{dir}/signed{suffix}.json"));
    assert_eq!(signed, expected_signed, "{dir}: signed document");
    assert_eq!(
        serde_json::to_string(&signed).unwrap(),
        serde_json::to_string(&expected_signed).unwrap(),
        "{dir}: member order"
    );

    // The vector's signed document verifies; tampering breaks it.
    let report = di.verify(&expected_signed, &DidKeyResolver, &no_issuer_check());
    assert_verified(&report);
    let mut tampered = expected_signed.clone();
    tampered["validFrom"] = json!("2099-01-01T00:00:00Z");
    tampered["issuer"] = json!("https://attacker.example/");
    let report = di.verify(&tampered, &DidKeyResolver, &no_issuer_check());
    assert!(!report.verified);
    assert!(matches!(
        report.proofs[0].outcome(CheckName::Signature),
        Some(Outcome::Failed { .. })
    ));
}

#[test]
fn eddsa_jcs_2022_vector() {
    check_vector(
        &format!("{TV}/eddsa-jcs-2022"),
        "JCS",
        &format!("{TV}/unsigned.json"),
    );
}

#[test]
fn eddsa_rdfc_2022_vector() {
    check_vector(
        &format!("{TV}/eddsa-rdfc-2022"),
        "DataInt",
        &format!("{TV}/unsigned.json"),
    );
}

/// The employment-authorization vector uses `https://w3id.org/citizenship/v4rc1`, which is
/// not among the shared context documents: the canonical forms are taken from the vector and
/// the hashing and signing steps are checked byte for byte; full verification must fail
/// cleanly, naming the context it cannot load.
#[test]
fn eddsa_rdfc_2022_employment_vector() {
    let dir = format!("{TV}/eddsa-rdfc-2022/employ");
    let read = |name: &str| vectors::read(&format!("{dir}/{name}DataInt.txt"));
    let forms = mochila_protocol::proof::CanonicalForms {
        canonical_document: read("canonDoc"),
        canonical_proof_config: read("proofCanon"),
    };
    assert_eq!(hex::encode(forms.document_hash()), read("docHash").trim());
    assert_eq!(hex::encode(forms.proof_hash()), read("proofHash").trim());
    assert_eq!(hex::encode(hash_data(&forms)), read("combinedHash").trim());
    let key = key_from_multibase(&format!("{TV}/keyPair.json"), None);
    use ed25519_dalek::Signer as _;
    let sig = key.sign(&hash_data(&forms)).to_bytes();
    assert_eq!(hex::encode(sig), read("sigHex").trim());
    assert_eq!(
        bs58::encode(sig).into_string(),
        read("sigBTC58").trim().trim_start_matches('z')
    );
    let signed = json_file(&format!("{dir}/signedDataInt.json"));
    assert_eq!(
        signed["proof"]["proofValue"].as_str().unwrap(),
        format!("z{}", bs58::encode(sig).into_string())
    );
    let report = DataIntegrity::default().verify(&signed, &DidKeyResolver, &no_issuer_check());
    assert!(!report.verified);
    match report.proofs[0].outcome(CheckName::Signature) {
        Some(Outcome::Failed { reason }) => assert!(reason.contains("citizenship"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn proof_set_and_chain_vectors() {
    let di = DataIntegrity::default();
    let dir = format!("{TV}/proof-set-chain");
    let keys = format!("{dir}/multiKeyPairs.json");
    let steps = [
        ("unsigned", "keyPair1", "proofSetConfig1", "signedProofSet1"),
        (
            "signedProofSet1",
            "keyPair2",
            "proofSetConfig2",
            "signedProofSet2",
        ),
        (
            "signedProofSet2",
            "keyPair3",
            "proofChainConfig1",
            "signedProofChain1",
        ),
        (
            "signedProofChain1",
            "keyPair4",
            "proofChainConfig2",
            "signedProofChain2",
        ),
    ];
    for (input, pair, config, expected) in steps {
        let input = json_file(&format!("{dir}/{input}.json"));
        let key = key_from_multibase(&keys, Some(pair));
        let options = options_from(&json_file(&format!("{dir}/{config}.json")));
        let signed = di.sign(&input, &key, &options).unwrap();
        let expected_doc = json_file(&format!("{dir}/{expected}.json"));
        assert_eq!(signed, expected_doc, "{expected}");
        let report = di.verify(&expected_doc, &DidKeyResolver, &no_issuer_check());
        assert_verified(&report);
    }
    // The chain built again from the set verifies at each step.
    let mut doc = json_file(&format!("{dir}/signedProofSet2.json"));
    for (pair, config) in [
        ("keyPair3", "proofChainConfig1"),
        ("keyPair4", "proofChainConfig2"),
    ] {
        let key = key_from_multibase(&keys, Some(pair));
        let options = options_from(&json_file(&format!("{dir}/{config}.json")));
        doc = di.sign(&doc, &key, &options).unwrap();
        assert_verified(&di.verify(&doc, &DidKeyResolver, &no_issuer_check()));
    }
    assert_eq!(doc["proof"].as_array().unwrap().len(), 4);
    // A proof removed from the set breaks the chain proof that names it.
    doc["proof"].as_array_mut().unwrap().truncate(3);
    doc["proof"].as_array_mut().unwrap().remove(0);
    let report = di.verify(&doc, &DidKeyResolver, &no_issuer_check());
    assert!(
        !report.verified,
        "{}",
        serde_json::to_string_pretty(&report).unwrap()
    );
    assert!(report.proofs[0].verified);
    assert!(!report.proofs[1].verified);
}

/// The 1EdTech OB 3.0 vector's issuer profile as a controller document.
fn ob_controller(vector: &Value) -> DidDocument {
    let vm = vector["proofConfig"]["verificationMethod"]
        .as_str()
        .unwrap();
    let issuer = vector["unsigned"]["issuer"]["id"].as_str().unwrap();
    serde_json::from_value(json!({
        "id": issuer,
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": issuer,
            "publicKeyMultibase": vector["publicKeyMultibase"]}],
        "assertionMethod": [vm]
    }))
    .unwrap()
}

fn ob_key(vector: &Value) -> SigningKey {
    let secret = hex::decode(vector["secretKeyHex"].as_str().unwrap()).unwrap();
    SigningKey::from_bytes(&secret[..32].try_into().unwrap())
}

#[test]
fn open_badges_3_vector() {
    let dir = "ob3/test-vectors/obv3p0";
    let vector = json_file(&format!("{dir}/vector.json"));
    let di = DataIntegrity::default();
    let key = ob_key(&vector);
    assert_eq!(
        multikey::encode_public(&key.verifying_key()),
        vector["publicKeyMultibase"].as_str().unwrap()
    );
    let forms = di
        .canonical_forms(
            Cryptosuite::EddsaRdfc2022,
            &obj(&vector["unsigned"]),
            &obj(&vector["proofConfig"]),
        )
        .unwrap();
    assert_eq!(
        forms.canonical_document,
        vectors::read(&format!("{dir}/document-canon.txt"))
    );
    assert_eq!(
        forms.canonical_proof_config,
        vectors::read(&format!("{dir}/proof-canon.txt"))
    );
    assert_eq!(
        hex::encode(forms.document_hash()),
        vector["documentHashHex"].as_str().unwrap()
    );
    assert_eq!(
        hex::encode(forms.proof_hash()),
        vector["proofHashHex"].as_str().unwrap()
    );

    let options = options_from(&vector["proofConfig"]);
    let signed = di.sign(&vector["unsigned"], &key, &options).unwrap();
    assert_eq!(signed["proof"]["proofValue"], vector["proofValue"]);
    let sig = bs58::decode(&signed["proof"]["proofValue"].as_str().unwrap()[1..])
        .into_vec()
        .unwrap();
    assert_eq!(hex::encode(sig), vector["signatureHex"].as_str().unwrap());

    // Full verification, issuer binding included.
    let resolver = DocumentResolver::new(vec![ob_controller(&vector)]);
    assert_verified(&di.verify(&signed, &resolver, &VerifyOptions::default()));
}

/// A credential for `issuer`, signed with jcs (so that these tests do not depend on RDFC).
fn jcs_case(issuer: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "issuer": {"id": issuer, "name": "U"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"}
    })
}

fn did_web_doc(did: &str, key: &SigningKey, in_assertion: bool) -> DidDocument {
    let vm = format!("{did}#key-1");
    let mut doc = json!({
        "id": did,
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did,
            "publicKeyMultibase": multikey::encode_public(&key.verifying_key())}],
        "authentication": [vm],
    });
    if in_assertion {
        doc["assertionMethod"] = json!([vm]);
    }
    serde_json::from_value(doc).unwrap()
}

#[test]
fn issuer_binding_and_assertion_method() {
    let di = DataIntegrity::default();
    let uni_a = SigningKey::from_bytes(&[7u8; 32]);
    let uni_b = SigningKey::from_bytes(&[9u8; 32]);
    let resolver = DocumentResolver::new(vec![
        did_web_doc("did:web:a.edu", &uni_a, true),
        did_web_doc("did:web:b.edu", &uni_b, true),
        did_web_doc("did:web:c.edu", &uni_b, false),
    ]);
    let sign = |issuer: &str, key: &SigningKey, vm: &str| {
        let options =
            ProofOptions::assertion(Cryptosuite::EddsaJcs2022, vm, "2026-01-01T00:00:00Z");
        di.sign(&jcs_case(issuer), key, &options).unwrap()
    };
    // Genuine.
    let good = sign("did:web:a.edu", &uni_a, "did:web:a.edu#key-1");
    assert_verified(&di.verify(&good, &resolver, &VerifyOptions::default()));
    // Another institution's key.
    let forged = sign("did:web:a.edu", &uni_b, "did:web:b.edu#key-1");
    let report = di.verify(&forged, &resolver, &VerifyOptions::default());
    assert!(!report.verified);
    assert!(matches!(
        report.proofs[0].outcome(CheckName::IssuerIsController),
        Some(Outcome::Failed { .. })
    ));
    assert_eq!(
        report.proofs[0].outcome(CheckName::Signature),
        Some(&Outcome::Passed)
    );
    // A key not under assertionMethod.
    let not_assert = sign("did:web:c.edu", &uni_b, "did:web:c.edu#key-1");
    let report = di.verify(&not_assert, &resolver, &VerifyOptions::default());
    assert!(!report.verified);
    assert!(matches!(
        report.proofs[0].outcome(CheckName::AssertionMethod),
        Some(Outcome::Failed { .. })
    ));
    // Unknown method, bad proofValue, missing proof.
    let unknown = sign("did:web:d.edu", &uni_a, "did:web:d.edu#key-1");
    assert!(
        !di.verify(&unknown, &resolver, &VerifyOptions::default())
            .verified
    );
    let mut bad = good.clone();
    bad["proof"]["proofValue"] = json!("zzz");
    let report = di.verify(&bad, &resolver, &VerifyOptions::default());
    assert!(matches!(
        report.proofs[0].outcome(CheckName::ProofFormat),
        Some(Outcome::Failed { .. })
    ));
    let mut bad = good.clone();
    bad["proof"]["created"] = json!("yesterday");
    let report = di.verify(&bad, &resolver, &VerifyOptions::default());
    assert!(matches!(
        report.proofs[0].outcome(CheckName::ProofFormat),
        Some(Outcome::Failed { reason }) if reason.contains("created")
    ));
    assert!(
        !di.verify(&jcs_case("x"), &resolver, &VerifyOptions::default())
            .verified
    );
    // jcs: the proof's @context must prefix the document's.
    let mut ctx = good.clone();
    ctx["@context"] = json!(["https://www.w3.org/ns/credentials/examples/v2"]);
    let report = di.verify(&ctx, &resolver, &VerifyOptions::default());
    assert!(matches!(
        report.proofs[0].outcome(CheckName::ContextPrefix),
        Some(Outcome::Failed { .. })
    ));
    // Report serialises for the CLI.
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("\"check\":\"context-prefix\""));
}
