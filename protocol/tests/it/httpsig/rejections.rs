//! Every rejection path of verification: missing and malformed signatures, uncovered
//! required components, the time window, digests, tampering, algorithms and keys.

use mochila_protocol::httpsig::digest::{DigestAlgorithm, content_digest};
use mochila_protocol::httpsig::rfc9421::{self, SignOptions};
use mochila_protocol::httpsig::{
    self, DEFAULT_MAX_SKEW, HttpSigError, PublicKey, Request, SignatureParams, cavage,
};
use time::Duration;

use super::{at, delivery, ed25519_key, rsa_key};

const NOW: i64 = 1_800_000_000;

fn signed_9421() -> Request {
    let mut r = delivery();
    rfc9421::sign(
        &mut r,
        &ed25519_key(),
        &SignOptions::new("https://uni.example/actor#ed", NOW),
    )
    .unwrap();
    r
}

fn signed_cavage() -> Request {
    let mut r = delivery();
    cavage::sign(
        &mut r,
        &rsa_key(),
        "https://uni.example/actor#main-key",
        at(NOW),
    )
    .unwrap();
    r
}

fn verify(request: &Request, key: &PublicKey) -> Result<SignatureParams, HttpSigError> {
    let params = httpsig::parse(request)?;
    httpsig::verify(&params, request, key, at(NOW), DEFAULT_MAX_SKEW)?;
    Ok(params)
}

fn with_header(mut r: Request, name: &str, value: &str) -> Request {
    r.set_header(name, value);
    r
}

#[test]
fn missing_and_malformed_signatures() {
    let ed = ed25519_key().public_key();
    assert_eq!(
        verify(&delivery(), &ed),
        Err(HttpSigError::MissingSignature)
    );
    let basic = delivery().with_header("Authorization", "Bearer abc");
    assert_eq!(verify(&basic, &ed), Err(HttpSigError::MissingSignature));

    let r = with_header(signed_9421(), "Signature-Input", "sig1=(\"@method\"");
    assert!(
        matches!(verify(&r, &ed), Err(HttpSigError::MalformedHeader { header, .. }) if header == "signature-input")
    );
    let mut r = signed_9421();
    r.headers.retain(|(n, _)| n != "Signature");
    assert!(
        matches!(verify(&r, &ed), Err(HttpSigError::MalformedHeader { header, .. }) if header == "signature")
    );
    let r = with_header(signed_9421(), "Signature", "sig2=:AAAA:");
    assert!(matches!(
        verify(&r, &ed),
        Err(HttpSigError::MalformedHeader { .. })
    ));
    let r = with_header(signed_9421(), "Signature", "sig1=\"text\"");
    assert!(matches!(
        verify(&r, &ed),
        Err(HttpSigError::MalformedHeader { .. })
    ));
    let r = with_header(
        signed_9421(),
        "Signature-Input",
        "sig1=(\"@method\");created=1",
    );
    assert!(
        matches!(verify(&r, &ed), Err(HttpSigError::InvalidParameter { param, .. }) if param == "keyid")
    );
    let r = with_header(
        signed_9421(),
        "Signature-Input",
        "sig1=(\"@method\");keyid=\"k\";created=\"x\"",
    );
    assert!(
        matches!(verify(&r, &ed), Err(HttpSigError::InvalidParameter { param, .. }) if param == "created")
    );

    let rsa = rsa_key().public_key();
    for bad in [
        r#"keyId="k",signature="!!!""#,
        r#"signature="AAAA""#,
        r#"keyId="k""#,
        r#"keyId="k,signature="AAAA""#,
        r#"keyId="k",headers="",signature="AAAA""#,
        r#"keyId="k",created=soon,headers="(created)",signature="AAAA""#,
    ] {
        let r = with_header(signed_cavage(), "Signature", bad);
        assert!(
            matches!(
                verify(&r, &rsa),
                Err(HttpSigError::MalformedHeader { .. } | HttpSigError::InvalidParameter { .. })
            ),
            "{bad}: {:?}",
            verify(&r, &rsa)
        );
    }
}

fn resign_9421(components: &str) -> Request {
    // A signature with chosen coverage, signed with our own base builder.
    let body = delivery().body;
    let digest = content_digest(&body, DigestAlgorithm::Sha256);
    let mut r = delivery().with_header("Content-Digest", &digest);
    r = with_header(
        r,
        "Signature-Input",
        &format!("sig1=({components});created={NOW};keyid=\"k\""),
    );
    r = with_header(r, "Signature", "sig1=:AAAA:");
    r
}

#[test]
fn required_components_must_be_covered() {
    let ed = ed25519_key().public_key();
    for (components, missing) in [
        (r#""@target-uri" "@authority" "content-digest""#, "@method"),
        (
            r#""@method" "@authority" "content-digest""#,
            "@target-uri|@path|@request-target",
        ),
        (
            r#""@method" "@path" "content-digest""#,
            "@authority|host|@target-uri",
        ),
        (
            r#""@method" "@target-uri" "@authority""#,
            "content-digest|digest",
        ),
    ] {
        assert_eq!(
            verify(&resign_9421(components), &ed),
            Err(HttpSigError::RequiredComponentNotCovered {
                component: missing.into()
            }),
            "{components}"
        );
    }
    let r = with_header(
        signed_9421(),
        "Signature-Input",
        r#"sig1=("@method" "@target-uri" "content-digest");keyid="k""#,
    );
    assert_eq!(
        verify(&r, &ed),
        Err(HttpSigError::RequiredComponentNotCovered {
            component: "created|date".into()
        })
    );

    let rsa = rsa_key().public_key();
    for (headers, missing) in [
        ("host date digest", "(request-target)"),
        ("(request-target) date digest", "host"),
        ("(request-target) host digest", "date|(created)"),
        ("(request-target) host date", "digest"),
    ] {
        let r = with_header(
            signed_cavage(),
            "Signature",
            &format!(r#"keyId="k",algorithm="rsa-sha256",headers="{headers}",signature="AAAA""#),
        );
        assert_eq!(
            verify(&r, &rsa),
            Err(HttpSigError::RequiredComponentNotCovered {
                component: missing.into()
            }),
            "{headers}"
        );
    }
}

#[test]
fn timestamps_outside_the_window_are_refused() {
    let ed = ed25519_key().public_key();
    let params = httpsig::parse(&signed_9421()).unwrap();
    for now in [NOW - 3601, NOW + 3601] {
        assert!(matches!(
            httpsig::verify(&params, &signed_9421(), &ed, at(now), DEFAULT_MAX_SKEW),
            Err(HttpSigError::OutsideWindow {
                what: "created",
                ..
            })
        ));
    }
    httpsig::verify(
        &params,
        &signed_9421(),
        &ed,
        at(NOW + 3600),
        DEFAULT_MAX_SKEW,
    )
    .unwrap();
    assert!(
        httpsig::verify(
            &params,
            &signed_9421(),
            &ed,
            at(NOW + 61),
            Duration::minutes(1)
        )
        .is_err()
    );

    let rsa = rsa_key().public_key();
    let r = signed_cavage();
    let params = httpsig::parse(&r).unwrap();
    assert!(matches!(
        httpsig::verify(&params, &r, &rsa, at(NOW + 7200), DEFAULT_MAX_SKEW),
        Err(HttpSigError::OutsideWindow { what: "date", .. })
    ));
    let r = with_header(signed_cavage(), "Date", "yesterday");
    assert!(
        matches!(verify(&r, &rsa), Err(HttpSigError::MalformedHeader { header, .. }) if header == "date")
    );
}

#[test]
fn tampering_is_detected() {
    let ed = ed25519_key().public_key();
    let rsa = rsa_key().public_key();
    for (request, key) in [(signed_9421(), &ed), (signed_cavage(), &rsa)] {
        let mut body = request.clone();
        body.body = br#"{"type":"Delete"}"#.to_vec();
        assert!(matches!(
            verify(&body, key),
            Err(HttpSigError::DigestMismatch { .. })
        ));

        let mut target = request.clone();
        target.target_uri = "https://remote.example/users/bob/inbox".into();
        assert!(matches!(
            verify(&target, key),
            Err(HttpSigError::BadSignature { .. })
        ));

        let mut method = request.clone();
        method.method = "PUT".into();
        assert!(matches!(
            verify(&method, key),
            Err(HttpSigError::BadSignature { .. })
        ));

        let mut sig = request.clone();
        let params = httpsig::parse(&sig).unwrap();
        let mut forged = params.clone();
        if let Some(b) = forged.signature.first_mut() {
            *b ^= 1;
        }
        assert!(matches!(
            httpsig::verify(&forged, &sig, key, at(NOW), DEFAULT_MAX_SKEW),
            Err(HttpSigError::BadSignature { .. })
        ));
        sig.headers.retain(|(n, _)| {
            !n.eq_ignore_ascii_case("content-digest") && !n.eq_ignore_ascii_case("digest")
        });
        assert!(matches!(
            verify(&sig, key),
            Err(HttpSigError::ComponentMissing { .. })
        ));
    }
    let host = with_header(signed_cavage(), "Host", "evil.example");
    assert!(matches!(
        verify(&host, &rsa),
        Err(HttpSigError::BadSignature { .. })
    ));
}

#[test]
fn algorithms_must_fit_the_key() {
    let ed = ed25519_key().public_key();
    let rsa = rsa_key().public_key();
    let mut r = delivery();
    rfc9421::sign(&mut r, &rsa_key(), &SignOptions::new("k", NOW)).unwrap();
    assert_eq!(
        verify(&r, &ed),
        Err(HttpSigError::UnsupportedAlgorithm {
            algorithm: "rsa-v1_5-sha256".into(),
            key: "n Ed25519"
        })
    );
    let r = with_header(
        signed_9421(),
        "Signature-Input",
        &signed_9421()
            .header("signature-input")
            .unwrap()
            .replace("ed25519", "hmac-sha256"),
    );
    assert!(matches!(
        verify(&r, &ed),
        Err(HttpSigError::UnsupportedAlgorithm { .. })
    ));
    let r = signed_cavage();
    assert!(matches!(
        verify(&r, &ed),
        Err(HttpSigError::UnsupportedAlgorithm { .. })
    ));
    let mut hs = delivery();
    cavage::sign(&mut hs, &ed25519_key(), "k", at(NOW)).unwrap();
    assert!(matches!(
        verify(&hs, &rsa),
        Err(HttpSigError::BadSignature { .. })
    ));
}

#[test]
fn unsupported_components_and_bad_targets() {
    let ed = ed25519_key().public_key();
    for components in [
        r#""@method" "@target-uri" "@authority" "content-digest" "@status""#,
        r#""@method" "@target-uri" "@authority" "content-digest" "x";sf"#,
        r#""@method" "@target-uri" "@authority" "content-digest" "X-Upper""#,
    ] {
        assert!(
            matches!(
                verify(&resign_9421(components), &ed),
                Err(HttpSigError::UnsupportedComponent { .. })
            ),
            "{components}"
        );
    }
    let r = resign_9421(r#""@method" "@target-uri" "@authority" "content-digest" "x-absent""#);
    let params = httpsig::parse(&r).unwrap();
    assert_eq!(
        params.signature_base(&r),
        Err(HttpSigError::ComponentMissing {
            component: "x-absent".into()
        })
    );
    let mut r = signed_9421();
    r.target_uri = "/inbox".into();
    assert!(matches!(
        verify(&r, &ed),
        Err(HttpSigError::InvalidTargetUri { .. })
    ));
}
