//! Interop of our HTTP signatures with Fedify's. Fedify 1.5 (draft-cavage-12,
//! `rsa-sha256`): a request Fedify signs verifies with ours, a request we sign
//! verifies with Fedify, and tampered copies fail on both sides; Fedify 1.5
//! does not speak RFC 9421 and refuses our RFC 9421 signature, which is why the
//! node falls back to cavage ("double-knock"). Fedify 2.3 (RFC 9421): the
//! node's RFC 9421 `rsa-v1_5-sha256` signature with `#main-key` verifies with
//! it, and its RFC 9421 signatures verify with ours.

use mochila_federation_tests::fedify::FedifyVersion;
use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::fedify::{
    sign_with_fedify, sign_with_fedify_2_3, verify_with, verify_with_fedify,
};
use mochila_protocol::httpsig::rfc9421::{self, SignOptions};
use mochila_protocol::httpsig::{
    self, DEFAULT_MAX_SKEW, HttpSigError, PublicKey, Request, SigningKey, cavage, http_date,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// draft-cavage-http-signatures-12 appendix C, the `Test` RSA key.
const PRIVATE_PEM: &str = "-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF
NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F
UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB
AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA
QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK
kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg
f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u
412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc
mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7
kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA
gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW
G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI
7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==
-----END RSA PRIVATE KEY-----";

const PEER: &str = "https://peer.example/users/bot";
const PEER_KEY: &str = "https://peer.example/users/bot#main-key";
const US: &str = "https://uni.example/actor";
const OUR_KEY: &str = "https://uni.example/actor#main-key";
const BODY: &str = r#"{"@context":"https://www.w3.org/ns/activitystreams","id":"https://peer.example/follows/1","type":"Follow","actor":"https://peer.example/users/bot","object":"https://uni.example/actor"}"#;

fn keys() -> (SigningKey, PublicKey, String) {
    let key = SigningKey::from_pem(PRIVATE_PEM).unwrap();
    let public = key.public_key();
    let pem = public.to_pem().unwrap();
    (key, public, pem)
}

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(OffsetDateTime::now_utc().unix_timestamp()).unwrap()
}

fn delivery(target: &str, now: OffsetDateTime) -> Request {
    Request::new("POST", target)
        .with_header("Content-Type", "application/activity+json")
        .with_header("Date", &http_date::format(now).unwrap())
        .with_body(BODY)
}

#[test]
fn fedify_signed_requests_verify_with_ours() {
    if !require_interop(
        "fedify_signed_requests_verify_with_ours",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V1_5)],
    ) {
        return;
    }
    let (_, public, _) = keys();
    let now = now();
    let unsigned = delivery("https://uni.example/actor/inbox", now);
    let headers = sign_with_fedify(&unsigned, PRIVATE_PEM, PEER_KEY).unwrap();
    let signed = Request {
        headers,
        ..unsigned.clone()
    };
    let params = httpsig::parse(&signed).unwrap();
    assert_eq!(params.key_id, PEER_KEY);
    assert_eq!(params.algorithm.as_deref(), Some("rsa-sha256"));
    for required in ["(request-target)", "host", "date", "digest"] {
        assert!(params.covers(required), "{required}: {:?}", params.covered);
    }
    httpsig::verify(&params, &signed, &public, now, DEFAULT_MAX_SKEW)
        .unwrap_or_else(|e| panic!("our verifier refused Fedify's signature: {e}"));

    let mut tampered = signed.clone();
    tampered.body = BODY.replace("Follow", "Block").into_bytes();
    assert!(matches!(
        httpsig::verify(&params, &tampered, &public, now, DEFAULT_MAX_SKEW),
        Err(HttpSigError::DigestMismatch { .. })
    ));
    let mut retargeted = signed.clone();
    retargeted.target_uri = "https://uni.example/other/inbox".into();
    assert!(matches!(
        httpsig::verify(&params, &retargeted, &public, now, DEFAULT_MAX_SKEW),
        Err(HttpSigError::BadSignature { .. })
    ));
}

#[test]
fn our_signed_requests_verify_with_fedify() {
    if !require_interop(
        "our_signed_requests_verify_with_fedify",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V1_5)],
    ) {
        return;
    }
    let (key, _, pem) = keys();
    let now = now();
    let now_text = now.format(&Rfc3339).unwrap();
    let mut request = delivery("https://peer.example/users/bot/inbox", now);
    cavage::sign(&mut request, &key, OUR_KEY, now).unwrap();
    assert!(
        verify_with_fedify(&request, &pem, OUR_KEY, US, &now_text).unwrap(),
        "Fedify refused our cavage signature: {:?}",
        request.headers
    );

    let mut tampered = request.clone();
    tampered.body = BODY.replace("Follow", "Block").into_bytes();
    assert!(!verify_with_fedify(&tampered, &pem, OUR_KEY, US, &now_text).unwrap());
    // A keyId the verifier cannot resolve is refused.
    let mut unknown_key = request.clone();
    unknown_key.set_header(
        "Signature",
        &request
            .header("signature")
            .unwrap()
            .replace(OUR_KEY, PEER_KEY),
    );
    assert!(!verify_with_fedify(&unknown_key, &pem, OUR_KEY, PEER, &now_text).unwrap());

    // Fedify 1.5 knows only draft-cavage: our RFC 9421 signature is refused.
    let mut rfc = delivery("https://peer.example/users/bot/inbox", now);
    rfc9421::sign(
        &mut rfc,
        &key,
        &SignOptions::new(OUR_KEY, now.unix_timestamp()),
    )
    .unwrap();
    assert!(!verify_with_fedify(&rfc, &pem, OUR_KEY, US, &now_text).unwrap());
}

#[test]
fn fedify_2_3_verifies_our_rfc9421_rsa_signature() {
    if !require_interop(
        "fedify_2_3_verifies_our_rfc9421_rsa_signature",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V2_3)],
    ) {
        return;
    }
    let (key, _, pem) = keys();
    let now = now();
    let now_text = now.format(&Rfc3339).unwrap();
    let verify = |request: &Request, key_id: &str, owner: &str| {
        verify_with(FedifyVersion::V2_3, request, &pem, key_id, owner, &now_text).unwrap()
    };
    // As the node signs every delivery first.
    let mut request = delivery("https://peer.example/users/bot/inbox", now);
    rfc9421::sign(
        &mut request,
        &key,
        &SignOptions::new(OUR_KEY, now.unix_timestamp()),
    )
    .unwrap();
    assert!(
        request
            .header("signature-input")
            .is_some_and(|i| i.contains(r#"alg="rsa-v1_5-sha256""#)),
        "{:?}",
        request.headers
    );
    assert!(
        verify(&request, OUR_KEY, US),
        "Fedify 2.3 refused our RFC 9421 signature: {:?}",
        request.headers
    );
    let mut tampered = request.clone();
    tampered.body = BODY.replace("Follow", "Block").into_bytes();
    assert!(!verify(&tampered, OUR_KEY, US));
    let mut retargeted = request.clone();
    retargeted.target_uri = "https://peer.example/users/other/inbox".into();
    assert!(!verify(&retargeted, OUR_KEY, US));

    // The second knock (cavage) verifies with 2.3 too.
    let mut cavage_signed = delivery("https://peer.example/users/bot/inbox", now);
    cavage::sign(&mut cavage_signed, &key, OUR_KEY, now).unwrap();
    assert!(verify(&cavage_signed, OUR_KEY, US));
}

#[test]
fn fedify_2_3_rfc9421_signatures_verify_with_ours() {
    if !require_interop(
        "fedify_2_3_rfc9421_signatures_verify_with_ours",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V2_3)],
    ) {
        return;
    }
    let (_, public, _) = keys();
    let now = now();
    let unsigned = delivery("https://uni.example/actor/inbox", now);
    let headers = sign_with_fedify_2_3(&unsigned, PRIVATE_PEM, PEER_KEY).unwrap();
    let signed = Request {
        headers,
        ..unsigned.clone()
    };
    let params = httpsig::parse(&signed).unwrap();
    assert_eq!(params.scheme, httpsig::Scheme::Rfc9421);
    assert_eq!(params.key_id, PEER_KEY);
    assert_eq!(params.algorithm.as_deref(), Some("rsa-v1_5-sha256"));
    for required in ["@method", "@target-uri", "content-digest"] {
        assert!(params.covers(required), "{required}: {:?}", params.covered);
    }
    httpsig::verify(&params, &signed, &public, now, DEFAULT_MAX_SKEW)
        .unwrap_or_else(|e| panic!("our verifier refused Fedify 2.3's signature: {e}"));

    let mut tampered = signed.clone();
    tampered.body = BODY.replace("Follow", "Block").into_bytes();
    assert!(matches!(
        httpsig::verify(&params, &tampered, &public, now, DEFAULT_MAX_SKEW),
        Err(HttpSigError::DigestMismatch { .. })
    ));
}
