//! HTTP signatures: the RFC 9421 appendix B vectors, the draft-cavage-12 appendix C vectors,
//! round trips with both schemes and both key types, and every rejection path.

mod cavage;
mod rejections;
mod rfc9421;

use mochila_protocol::httpsig::{PublicKey, Request, SigningKey};
use time::OffsetDateTime;

/// RFC 9421 appendix B.1.4, `test-key-ed25519` (PKCS#8 and SPKI PEM).
pub const ED25519_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
-----END PRIVATE KEY-----";
pub const ED25519_PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----";

/// RFC 9421 appendix B.1.1, `test-key-rsa` public key (PKCS#1 PEM).
pub const RSA_2048_PKCS1_PUBLIC_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsPBRrw
WEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsdJKFq
MGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75jfZg
kne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKIlE0P
uKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZSFlQ
PSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQAB
-----END RSA PUBLIC KEY-----";

/// draft-cavage-http-signatures-12 appendix C, the `Test` RSA key (PKCS#1 private, SPKI
/// public).
pub const CAVAGE_PRIVATE_PEM: &str = "-----BEGIN RSA PRIVATE KEY-----
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
pub const CAVAGE_PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3
6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6
Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw
oYi+1hqp1fIekaxsyQIDAQAB
-----END PUBLIC KEY-----";

/// The body of both specifications' test requests.
pub const BODY: &str = r#"{"hello": "world"}"#;

pub fn ed25519_key() -> SigningKey {
    SigningKey::from_pem(ED25519_PRIVATE_PEM).unwrap()
}

pub fn rsa_key() -> SigningKey {
    SigningKey::from_pem(CAVAGE_PRIVATE_PEM).unwrap()
}

pub fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

/// An ActivityPub delivery: a POST with a JSON body to a remote inbox.
pub fn delivery() -> Request {
    Request::new("POST", "https://remote.example/users/ana/inbox")
        .with_header("Content-Type", "application/activity+json")
        .with_body(r#"{"type":"Follow","actor":"https://uni.example/actor"}"#)
}

#[test]
fn keys_parse_from_pem_and_multikey() {
    let ed = PublicKey::from_pem(ED25519_PUBLIC_PEM).unwrap();
    assert_eq!(ed, ed25519_key().public_key());
    let PublicKey::Ed25519(vk) = &ed else {
        panic!("Ed25519 expected")
    };
    let mb = mochila_protocol::multikey::encode_public(vk);
    assert_eq!(PublicKey::from_multikey(&mb).unwrap(), ed);
    assert_eq!(PublicKey::from_pem(&ed.to_pem().unwrap()).unwrap(), ed);

    let rsa = PublicKey::from_pem(CAVAGE_PUBLIC_PEM).unwrap();
    assert_eq!(rsa, rsa_key().public_key());
    assert_eq!(PublicKey::from_pem(&rsa.to_pem().unwrap()).unwrap(), rsa);
    // Mastodon's publicKeyPem ends with a newline.
    assert_eq!(
        PublicKey::from_pem(&format!("{CAVAGE_PUBLIC_PEM}\n")).unwrap(),
        rsa
    );
    assert!(matches!(
        PublicKey::from_pem(RSA_2048_PKCS1_PUBLIC_PEM).unwrap(),
        PublicKey::Rsa(_)
    ));

    assert!(PublicKey::from_pem("not a key").is_err());
    assert!(
        PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err()
    );
    assert!(PublicKey::from_multikey("z6Mkinvalid").is_err());
    assert!(SigningKey::from_pem(CAVAGE_PUBLIC_PEM).is_err());
}
