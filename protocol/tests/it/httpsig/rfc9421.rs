//! RFC 9421: the appendix B.2 signature bases and the B.2.6 Ed25519 signature (source:
//! RFC 9421, "HTTP Message Signatures", February 2024, appendix B.2, copied from the RFC
//! text with the RFC 8792 line wrapping undone), a known answer for the `rsa-v1_5-sha256`
//! delivery signature the node sends, and round trips with both key types.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer as _;
use mochila_protocol::httpsig::rfc9421::{self, SignOptions};
use mochila_protocol::httpsig::{self, DEFAULT_MAX_SKEW, HttpSigError, PublicKey, Request, Scheme};

use super::{BODY, ED25519_PRIVATE_PEM, at, delivery, ed25519_key, rsa_key};

const CREATED: i64 = 1_618_884_473;

/// Appendix B.2, `test-request`.
fn test_request() -> Request {
    Request::new("POST", "https://example.com/foo?param=Value&Pet=dog")
        .with_header("Host", "example.com")
        .with_header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .with_header("Content-Type", "application/json")
        .with_header(
            "Content-Digest",
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
        )
        .with_header("Content-Length", "18")
        .with_body(BODY)
}

/// The base our parser and base builder produce for `input` over the test request.
fn base_for(input: &str, signature: &str) -> String {
    let request = test_request()
        .with_header("Signature-Input", input)
        .with_header("Signature", signature);
    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.scheme, Scheme::Rfc9421);
    params.signature_base(&request).unwrap()
}

#[test]
fn b_2_1_minimal_signature_base() {
    let base = base_for(
        r#"sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd""#,
        "sig-b21=:AAAA:",
    );
    assert_eq!(
        base,
        r#""@signature-params": ();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd""#
    );
}

#[test]
fn b_2_2_selective_components_signature_base() {
    let base = base_for(
        r#"sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example""#,
        "sig-b22=:AAAA:",
    );
    let expected = concat!(
        "\"@authority\": example.com\n",
        "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n",
        "\"@query-param\";name=\"Pet\": dog\n",
        "\"@signature-params\": (\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\")",
        ";created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"",
    );
    assert_eq!(base, expected);
}

#[test]
fn b_2_3_full_coverage_signature_base() {
    let base = base_for(
        r#"sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss""#,
        "sig-b23=:AAAA:",
    );
    let expected = concat!(
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n",
        "\"@method\": POST\n",
        "\"@path\": /foo\n",
        "\"@query\": ?param=Value&Pet=dog\n",
        "\"@authority\": example.com\n",
        "\"content-type\": application/json\n",
        "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n",
        "\"content-length\": 18\n",
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" ",
        "\"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"",
    );
    assert_eq!(base, expected);
}

#[test]
fn b_2_5_hmac_signature_base() {
    let base = base_for(
        r#"sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret""#,
        "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:",
    );
    assert_eq!(
        base,
        concat!(
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n",
            "\"@authority\": example.com\n",
            "\"content-type\": application/json\n",
            "\"@signature-params\": (\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"",
        )
    );
}

const B26_INPUT: &str = r#"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#;
const B26_SIGNATURE: &str =
    "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

#[test]
fn b_2_6_ed25519_base_signature_and_verification() {
    let expected_base = concat!(
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n",
        "\"@method\": POST\n",
        "\"@path\": /foo\n",
        "\"@authority\": example.com\n",
        "\"content-type\": application/json\n",
        "\"content-length\": 18\n",
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")",
        ";created=1618884473;keyid=\"test-key-ed25519\"",
    );
    let base = base_for(B26_INPUT, &format!("sig-b26=:{B26_SIGNATURE}:"));
    assert_eq!(base, expected_base);

    // Ed25519 is deterministic: signing the base with the test key gives the RFC's value.
    let sk = ed25519_dalek::SigningKey::from_bytes(&{
        use ed25519_dalek::pkcs8::DecodePrivateKey as _;
        ed25519_dalek::SigningKey::from_pkcs8_pem(ED25519_PRIVATE_PEM)
            .unwrap()
            .to_bytes()
    });
    assert_eq!(
        STANDARD.encode(sk.sign(base.as_bytes()).to_bytes()),
        B26_SIGNATURE
    );

    // The RFC's signature verifies; it does not cover the body's digest, so our policy
    // refuses it on a request with a body and accepts it without one.
    let request = test_request()
        .with_header("Signature-Input", B26_INPUT)
        .with_header("Signature", &format!("sig-b26=:{B26_SIGNATURE}:"));
    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.key_id, "test-key-ed25519");
    assert_eq!(params.label.as_deref(), Some("sig-b26"));
    assert_eq!(params.created, Some(CREATED));
    let key = ed25519_key().public_key();
    assert_eq!(
        httpsig::verify(&params, &request, &key, at(CREATED), DEFAULT_MAX_SKEW),
        Err(HttpSigError::RequiredComponentNotCovered {
            component: "content-digest|digest".into()
        })
    );
    let mut bodiless = request.clone();
    bodiless.body.clear();
    httpsig::verify(&params, &bodiless, &key, at(CREATED + 60), DEFAULT_MAX_SKEW).unwrap();
    // A different method breaks the signature.
    let mut other = bodiless.clone();
    other.method = "PUT".into();
    assert!(matches!(
        httpsig::verify(&params, &other, &key, at(CREATED), DEFAULT_MAX_SKEW),
        Err(HttpSigError::BadSignature { .. })
    ));
}

/// A delivery signed as the node signs for peers: RFC 9421 `rsa-v1_5-sha256` with the
/// actor's `#main-key`. RSASSA-PKCS1-v1_5 is deterministic, so the signature is a known
/// answer: the base below and its signature were computed independently (Node's
/// `crypto.createSign("sha256")` over the base written out by hand from RFC 9421 §2.5, with
/// the draft-cavage appendix C `Test` key).
#[test]
fn rsa_v1_5_sha256_delivery_signature_is_the_known_answer() {
    const DIGEST: &str = "sha-256=:uRBdCV0QVimfsAAUnUFS6/Ch4XOoRqXhTerd64afGBQ=:";
    const SIGNATURE: &str = "V3yvvTz4zbTMwxOtrJ4EHtgR13SfrBoZEpxdnPsbxyc83w765LiRtTpAdYQ0m/mxf2NFMUdkqz/VZN5parD3QgqT4tReZLI3KOJzXR199EQs9mzhlcShaCKN2RSIPXZMUxFI7B29UbGKlBpsqXdNwenPf7x/1ln3h/szeP1FzGA=";
    let params_text = r#"("@method" "@target-uri" "@authority" "content-digest");created=1800000000;keyid="https://uni.example/actor#main-key";alg="rsa-v1_5-sha256""#;
    let mut request = delivery();
    rfc9421::sign(
        &mut request,
        &rsa_key(),
        &SignOptions::new("https://uni.example/actor#main-key", 1_800_000_000),
    )
    .unwrap();
    assert_eq!(request.header("content-digest").as_deref(), Some(DIGEST));
    assert_eq!(
        request.header("signature-input").unwrap(),
        format!("sig1={params_text}")
    );
    assert_eq!(
        request.header("signature").unwrap(),
        format!("sig1=:{SIGNATURE}:")
    );

    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.algorithm.as_deref(), Some("rsa-v1_5-sha256"));
    assert_eq!(params.key_id, "https://uni.example/actor#main-key");
    assert_eq!(
        params.signature_base(&request).unwrap(),
        [
            r#""@method": POST"#,
            r#""@target-uri": https://remote.example/users/ana/inbox"#,
            r#""@authority": remote.example"#,
            &format!(r#""content-digest": {DIGEST}"#),
            &format!(r#""@signature-params": {params_text}"#),
        ]
        .join("\n")
    );
    let rsa = PublicKey::from_pem(super::CAVAGE_PUBLIC_PEM).unwrap();
    httpsig::verify(&params, &request, &rsa, at(1_800_000_100), DEFAULT_MAX_SKEW).unwrap();
    // The Ed25519 key does not take an `rsa-v1_5-sha256` signature.
    assert!(matches!(
        httpsig::verify(
            &params,
            &request,
            &ed25519_key().public_key(),
            at(1_800_000_100),
            DEFAULT_MAX_SKEW
        ),
        Err(HttpSigError::UnsupportedAlgorithm { .. })
    ));
}

#[test]
fn round_trips_with_both_key_types() {
    for key in [ed25519_key(), rsa_key()] {
        // A stale digest is replaced by the body's.
        let mut request = delivery().with_header("Content-Digest", "sha-256=:AAAA:");
        rfc9421::sign(
            &mut request,
            &key,
            &SignOptions::new("https://uni.example/actor#main-key", 1_800_000_000),
        )
        .unwrap();
        let input = request.header("signature-input").unwrap();
        assert!(input.starts_with(r#"sig1=("@method" "@target-uri" "@authority" "content-digest");created=1800000000;keyid="https://uni.example/actor#main-key";alg=""#), "{input}");
        assert_eq!(
            request.header("content-digest").unwrap(),
            httpsig::digest::content_digest(
                &request.body,
                httpsig::digest::DigestAlgorithm::Sha256
            )
        );
        let params = httpsig::parse(&request).unwrap();
        assert_eq!(
            params.covered,
            ["@method", "@target-uri", "@authority", "content-digest"]
        );
        let public = key.public_key();
        httpsig::verify(
            &params,
            &request,
            &public,
            at(1_800_000_100),
            DEFAULT_MAX_SKEW,
        )
        .unwrap();
        assert_eq!(
            params.replay_key(),
            httpsig::parse(&request).unwrap().replay_key()
        );
    }
}

#[test]
fn signs_get_requests_without_digest_and_with_expires() {
    let mut request = Request::new("GET", "https://remote.example/users/ana");
    let mut options = SignOptions::new("https://uni.example/actor#ed", 1_800_000_000);
    options.expires = Some(1_800_000_300);
    options.include_alg = false;
    rfc9421::sign(&mut request, &ed25519_key(), &options).unwrap();
    assert_eq!(request.header("content-digest"), None);
    let params = httpsig::parse(&request).unwrap();
    assert_eq!(params.algorithm, None);
    assert_eq!(params.expires, Some(1_800_000_300));
    let key = ed25519_key().public_key();
    httpsig::verify(&params, &request, &key, at(1_800_000_200), DEFAULT_MAX_SKEW).unwrap();
    assert_eq!(
        httpsig::verify(&params, &request, &key, at(1_800_000_400), DEFAULT_MAX_SKEW),
        Err(HttpSigError::Expired {
            expires: 1_800_000_300,
            now: 1_800_000_400
        })
    );
    let rsa = PublicKey::from_pem(super::CAVAGE_PUBLIC_PEM).unwrap();
    assert!(matches!(
        httpsig::verify(&params, &request, &rsa, at(1_800_000_200), DEFAULT_MAX_SKEW),
        Err(HttpSigError::BadSignature { .. })
    ));
}
