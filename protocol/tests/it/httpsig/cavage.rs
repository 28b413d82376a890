//! draft-cavage-http-signatures-12: the appendix C test values (source: draft-cavage-http-
//! signatures-12, appendix C.2 "Basic Test" and C.3 "All Headers Test", with the `Test`
//! key of appendix C) and round trips.

use mochila_protocol::httpsig::{
    self, DEFAULT_MAX_SKEW, HttpSigError, PublicKey, Request, Scheme, cavage,
};

use super::{BODY, CAVAGE_PUBLIC_PEM, at, delivery, ed25519_key, rsa_key};

const DATE: &str = "Sun, 05 Jan 2014 21:31:40 GMT";
const DATE_UNIX: i64 = 1_388_957_500;
const C2_SIGNATURE: &str = "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=";

/// Appendix C, the test request.
fn test_request() -> Request {
    Request::new("POST", "https://example.com/foo?param=value&pet=dog")
        .with_header("Host", "example.com")
        .with_header("Date", DATE)
        .with_header("Content-Type", "application/json")
        .with_header(
            "Digest",
            "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
        )
        .with_header("Content-Length", "18")
        .with_body(BODY)
}

fn public() -> PublicKey {
    PublicKey::from_pem(CAVAGE_PUBLIC_PEM).unwrap()
}

#[test]
fn c_2_basic_test() {
    let request = test_request().with_header(
        "Signature",
        &format!(r#"keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",signature="{C2_SIGNATURE}""#),
    );
    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.scheme, Scheme::Cavage);
    assert_eq!(params.key_id, "Test");
    assert_eq!(
        params.signature_base(&request).unwrap(),
        format!("(request-target): post /foo?param=value&pet=dog\nhost: example.com\ndate: {DATE}")
    );
    // The vector leaves the body's digest unsigned: refused on the request with a body...
    assert_eq!(
        httpsig::verify(
            &params,
            &request,
            &public(),
            at(DATE_UNIX),
            DEFAULT_MAX_SKEW
        ),
        Err(HttpSigError::RequiredComponentNotCovered {
            component: "digest".into()
        })
    );
    // ...and verified without one.
    let mut bodiless = request.clone();
    bodiless.body.clear();
    httpsig::verify(
        &params,
        &bodiless,
        &public(),
        at(DATE_UNIX + 3000),
        DEFAULT_MAX_SKEW,
    )
    .unwrap();

    // RSA PKCS#1 v1.5 is deterministic: our signer reproduces the draft's signature.
    let mut unsigned = Request::new("POST", "https://example.com/foo?param=value&pet=dog")
        .with_header("Host", "example.com")
        .with_header("Date", DATE);
    cavage::sign(&mut unsigned, &rsa_key(), "Test", at(DATE_UNIX)).unwrap();
    assert_eq!(
        unsigned.header("signature").unwrap(),
        format!(
            r#"keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",signature="{C2_SIGNATURE}""#
        )
    );
}

const C3_SIGNATURE: &str = "vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=";

/// C.3 "All Headers Test". draft-12 added `(created) (expires)` to its `headers` list but
/// kept the signature of draft-10, which covers `(request-target) host date content-type
/// digest content-length`: the signature verifies over that list and not over draft-12's.
#[test]
fn c_3_all_headers_test_through_authorization() {
    let draft12 = format!(
        concat!(
            r#"keyId="Test",algorithm="rsa-sha256",created=1402170695, expires=1402170699, "#,
            r#"headers="(request-target) (created) (expires) host date content-type digest content-length", "#,
            r#"signature="{}""#
        ),
        C3_SIGNATURE
    );
    let request = test_request().with_header("Authorization", &format!("Signature {draft12}"));
    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.created, Some(1_402_170_695));
    assert_eq!(params.expires, Some(1_402_170_699));
    assert_eq!(
        params.signature_base(&request).unwrap(),
        concat!(
            "(request-target): post /foo?param=value&pet=dog\n",
            "(created): 1402170695\n",
            "(expires): 1402170699\n",
            "host: example.com\n",
            "date: Sun, 05 Jan 2014 21:31:40 GMT\n",
            "content-type: application/json\n",
            "digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\n",
            "content-length: 18",
        )
    );
    assert!(matches!(
        httpsig::verify(
            &params,
            &request,
            &public(),
            at(1_402_170_697),
            DEFAULT_MAX_SKEW
        ),
        Err(HttpSigError::BadSignature { .. })
    ));
    assert!(matches!(
        httpsig::verify(
            &params,
            &request,
            &public(),
            at(1_402_170_700),
            DEFAULT_MAX_SKEW
        ),
        Err(HttpSigError::Expired { .. })
    ));

    let value = format!(
        r#"keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date content-type digest content-length",signature="{C3_SIGNATURE}""#
    );
    let request = test_request().with_header("Authorization", &format!("Signature {value}"));
    let params = httpsig::parse(&request).unwrap();
    httpsig::verify(
        &params,
        &request,
        &public(),
        at(DATE_UNIX),
        DEFAULT_MAX_SKEW,
    )
    .unwrap();
    let tampered = test_request()
        .with_body(r#"{"hello": "mars!"}"#)
        .with_header("Authorization", &format!("Signature {value}"));
    assert!(matches!(
        httpsig::verify(
            &params,
            &tampered,
            &public(),
            at(DATE_UNIX),
            DEFAULT_MAX_SKEW
        ),
        Err(HttpSigError::DigestMismatch {
            header: "digest",
            ..
        })
    ));
}

#[test]
fn round_trips_with_both_key_types() {
    let now = at(1_800_000_000);
    for (key, algorithm) in [(rsa_key(), "rsa-sha256"), (ed25519_key(), "hs2019")] {
        let mut request = delivery();
        cavage::sign(
            &mut request,
            &key,
            "https://uni.example/actor#main-key",
            now,
        )
        .unwrap();
        assert_eq!(request.header("host").as_deref(), Some("remote.example"));
        assert_eq!(
            request.header("date").as_deref(),
            Some("Fri, 15 Jan 2027 08:00:00 GMT")
        );
        assert!(request.header("digest").unwrap().starts_with("SHA-256="));
        let params = httpsig::parse(&request).unwrap();
        assert_eq!(params.algorithm.as_deref(), Some(algorithm));
        assert_eq!(
            params.covered,
            ["(request-target)", "host", "date", "digest"]
        );
        httpsig::verify(&params, &request, &key.public_key(), now, DEFAULT_MAX_SKEW).unwrap();
    }
}
