//! Proves the Digital Bazaar harness works through the Rust API: Digital
//! Bazaar reproduces the W3C vectors, signs and verifies its own credentials,
//! and rejects tampered ones, undefined terms and unknown contexts.

use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{
    Cryptosuite, JsError, SignOptions, SigningKey, VerifyOptions, sign_with_digital_bazaar,
    verify_with_digital_bazaar,
};
use serde_json::{Value, json};

use crate::support::{SEED, did_key, ob3_credential, vector_json};

fn seed_key() -> SigningKey {
    SigningKey::Seed(SEED)
}

#[test]
fn digital_bazaar_reproduces_the_w3c_vector_signatures() {
    if !require_interop(
        "digital_bazaar_reproduces_the_w3c_vector_signatures",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let keys = vector_json("vc-di-eddsa/TestVectors/keyPair.json");
    let key = SigningKey::Multibase {
        secret: keys["privateKeyMultibase"].as_str().unwrap().to_owned(),
        public: keys["publicKeyMultibase"].as_str().unwrap().to_owned(),
    };
    let unsigned = vector_json("vc-di-eddsa/TestVectors/unsigned.json");
    for (suite, signed_file) in [
        (
            Cryptosuite::EddsaRdfc2022,
            "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
        ),
        (
            Cryptosuite::EddsaJcs2022,
            "vc-di-eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json",
        ),
    ] {
        let expected = vector_json(signed_file);
        let opts = SignOptions::new(suite, key.clone())
            .created(expected["proof"]["created"].as_str().unwrap());
        let signed = sign_with_digital_bazaar(&unsigned, &opts).unwrap();
        assert_eq!(signed["proof"], expected["proof"], "{}", suite.as_str());
    }
}

#[test]
fn digital_bazaar_signs_and_verifies_its_own_credentials() {
    if !require_interop(
        "digital_bazaar_signs_and_verifies_its_own_credentials",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let did = did_key(&SEED);
    for suite in Cryptosuite::ALL {
        let signed =
            sign_with_digital_bazaar(&ob3_credential(&did), &SignOptions::new(suite, seed_key()))
                .unwrap();
        assert_eq!(signed["proof"]["cryptosuite"], suite.as_str());
        let report = verify_with_digital_bazaar(&signed, &VerifyOptions::default()).unwrap();
        assert!(
            report.verified,
            "{}: {}",
            suite.as_str(),
            report.error_text()
        );
        assert!(report.errors.is_empty());

        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Forgery");
        let report = verify_with_digital_bazaar(&tampered, &VerifyOptions::default()).unwrap();
        assert!(
            !report.verified,
            "{}: tampered copy verified",
            suite.as_str()
        );
        assert!(
            report.error_text().contains("Invalid signature"),
            "{}",
            report.error_text()
        );
    }
}

#[test]
fn undefined_terms_and_unknown_contexts_fail() {
    if !require_interop(
        "undefined_terms_and_unknown_contexts_fail",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let did = did_key(&SEED);
    for suite in Cryptosuite::ALL {
        let signed =
            sign_with_digital_bazaar(&ob3_credential(&did), &SignOptions::new(suite, seed_key()))
                .unwrap();

        let mut undefined = signed.clone();
        undefined["credentialSubject"]["achievement"]["ectsWorkload"] = json!(5);
        let report = verify_with_digital_bazaar(&undefined, &VerifyOptions::default()).unwrap();
        assert!(!report.verified);
        assert!(
            report.error_text().contains("ectsWorkload"),
            "{}",
            report.error_text()
        );

        let mut unknown = signed.clone();
        unknown["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://example.org/not-served/v1"));
        let report = verify_with_digital_bazaar(&unknown, &VerifyOptions::default()).unwrap();
        assert!(!report.verified);
        assert!(
            report
                .error_text()
                .contains("https://example.org/not-served/v1"),
            "{}",
            report.error_text()
        );
    }
}

#[test]
fn issuer_other_than_the_signer_fails() {
    if !require_interop("issuer_other_than_the_signer_fails", &[Tool::NodePackages]) {
        return;
    }
    let other = did_key(&[7; 32]);
    let signed = sign_with_digital_bazaar(
        &ob3_credential(&other),
        &SignOptions::new(Cryptosuite::EddsaRdfc2022, seed_key()),
    )
    .unwrap();
    let report = verify_with_digital_bazaar(&signed, &VerifyOptions::default()).unwrap();
    assert!(!report.verified);
    assert!(
        report.error_text().contains("issuer"),
        "{}",
        report.error_text()
    );
}

#[test]
fn unusable_input_is_an_error_not_a_verdict() {
    if !require_interop(
        "unusable_input_is_an_error_not_a_verdict",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let unsigned = ob3_credential(&did_key(&SEED));
    let err = verify_with_digital_bazaar(&unsigned, &VerifyOptions::default()).unwrap_err();
    assert!(
        matches!(&err, JsError::UnusableInput { messages, .. } if messages.iter().any(|m| m.contains("no \"proof\""))),
        "{err}"
    );
    let err =
        verify_with_digital_bazaar(&Value::Array(vec![]), &VerifyOptions::default()).unwrap_err();
    assert!(matches!(err, JsError::UnusableInput { .. }), "{err}");
    let mut undefined = unsigned;
    undefined["credentialSubject"]["favouriteColour"] = json!("blue");
    let err = sign_with_digital_bazaar(
        &undefined,
        &SignOptions::new(Cryptosuite::EddsaJcs2022, seed_key()),
    )
    .unwrap_err();
    assert!(matches!(err, JsError::UnusableInput { .. }), "{err}");
}
