//! DID Authentication: both proof types verify; every way a presentation can fail names its
//! member.

use ed25519_dalek::SigningKey;
use serde_json::{Value, json};

use super::*;
use crate::credential::{VC_V1_CONTEXT, VC_V2_CONTEXT};

const CHALLENGE: &str = "3f1c0e9a6b2d4f8e9a7c5b3d1e0f2a4c";
const DOMAIN: &str = "https://uni.example";

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn expected() -> Expected<'static> {
    Expected {
        challenge: CHALLENGE,
        domain: DOMAIN,
        domain_required: true,
    }
}

fn vp(context: &str, suite: AuthSuite, domain: Option<&str>, k: &SigningKey) -> Value {
    let unsigned = json!({"@context": [context], "type": ["VerifiablePresentation"]});
    sign_did_auth(
        &DataIntegrity::default(),
        unsigned,
        k,
        &DidAuthOptions {
            challenge: CHALLENGE.into(),
            domain: domain.map(str::to_owned),
            created: "2026-05-04T10:00:00Z".into(),
            suite,
        },
    )
    .unwrap()
}

fn check(vp: &Value, expected: &Expected<'_>) -> Result<Authenticated, DidAuthError> {
    verify_did_auth(&DataIntegrity::default(), vp, expected)
}

#[test]
fn both_proof_types_authenticate_the_holder() {
    let k = key(7);
    let did = multikey::did_key(&k.verifying_key());
    for (context, suite, name) in [
        (VC_V2_CONTEXT, AuthSuite::EddsaRdfc2022, "eddsa-rdfc-2022"),
        (
            VC_V2_CONTEXT,
            AuthSuite::Ed25519Signature2020,
            ED25519_SIGNATURE_2020,
        ),
        (
            VC_V1_CONTEXT,
            AuthSuite::Ed25519Signature2020,
            ED25519_SIGNATURE_2020,
        ),
    ] {
        let signed = vp(context, suite, Some(DOMAIN), &k);
        let ok = check(&signed, &expected()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ok.holder, did);
        assert_eq!(ok.suite, name);
        assert!(ok.verification_method.starts_with(&format!("{did}#z6Mk")));
    }
    let lcw = vp(VC_V2_CONTEXT, AuthSuite::Ed25519Signature2020, None, &k);
    assert_eq!(lcw["@context"][1], ED25519_2020_CONTEXT);
    let lenient = Expected {
        domain_required: false,
        ..expected()
    };
    assert!(check(&lcw, &lenient).is_ok(), "no domain, not required");
    assert!(matches!(
        check(&lcw, &expected()),
        Err(DidAuthError::Domain(_))
    ));
}

#[test]
fn each_refusal_names_its_member() {
    let k = key(9);
    let good = vp(VC_V2_CONTEXT, AuthSuite::EddsaRdfc2022, Some(DOMAIN), &k);
    let refused = |vp: &Value, e: &Expected<'_>| check(vp, e).unwrap_err().field();

    let other = Expected {
        challenge: "another",
        ..expected()
    };
    assert_eq!(refused(&good, &other), "/proof/challenge");
    let elsewhere = Expected {
        domain: "https://evil.example",
        ..expected()
    };
    assert_eq!(refused(&good, &elsewhere), "/proof/domain");
    let lenient = Expected {
        domain: "https://evil.example",
        domain_required: false,
        ..expected()
    };
    assert_eq!(
        refused(&good, &lenient),
        "/proof/domain",
        "present, so checked"
    );

    let mut tampered = good.clone();
    tampered["holder"] = json!(multikey::did_key(&key(1).verifying_key()));
    assert_eq!(refused(&tampered, &expected()), "/proof/verificationMethod");

    // the challenge edited after signing: the signature no longer matches
    let mut edited = good.clone();
    edited["proof"]["challenge"] = json!("another");
    assert_eq!(refused(&edited, &other), "/proof/proofValue");

    let mut unsigned = good.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    assert_eq!(refused(&unsigned, &expected()), "/proof");
    let mut twice = good.clone();
    twice["proof"] = json!([good["proof"], good["proof"]]);
    assert_eq!(refused(&twice, &expected()), "/proof");

    let mut purpose = good.clone();
    purpose["proof"]["proofPurpose"] = json!("assertionMethod");
    assert_eq!(refused(&purpose, &expected()), "/proof/proofPurpose");
    let mut jcs = good.clone();
    jcs["proof"]["cryptosuite"] = json!("eddsa-jcs-2022");
    assert_eq!(refused(&jcs, &expected()), "/proof/type");
    let mut web = good.clone();
    web["holder"] = json!("did:web:evil.example");
    assert_eq!(refused(&web, &expected()), "/holder");
    let mut credential = good.clone();
    credential["type"] = json!(["VerifiableCredential"]);
    assert_eq!(refused(&credential, &expected()), "/type");
    let mut garbled = good.clone();
    garbled["proof"]["proofValue"] = json!("zzz");
    assert_eq!(refused(&garbled, &expected()), "/proof/proofValue");
}

#[test]
fn an_unsigned_challenge_is_refused() {
    // A context that does not define `challenge`: canonicalisation drops it, so a valid
    // signature would not cover it.
    let k = key(3);
    let unsigned = json!({
        "@context": [{"@vocab": "https://example.org/vocab#", "proof": {"@id": "https://w3id.org/security#proof", "@type": "@id", "@container": "@graph"}}],
        "type": ["VerifiablePresentation"]
    });
    let options = DidAuthOptions {
        challenge: CHALLENGE.into(),
        domain: Some(DOMAIN.into()),
        created: "2026-05-04T10:00:00Z".into(),
        suite: AuthSuite::EddsaRdfc2022,
    };
    let signed = sign_did_auth(&DataIntegrity::default(), unsigned, &k, &options).unwrap();
    let err = check(&signed, &expected()).unwrap_err();
    assert!(matches!(err, DidAuthError::Context(_)), "{err}");
    assert_eq!(err.field(), "/@context");
}
