//! Bitstring Status List v1.0: encoding, the specification's example, gzip bombs, entries,
//! list credentials, and property tests.

use std::io::Write as _;

use base64::Engine as _;
use mochila_protocol::status::{
    Bitstring, BitstringStatusListEntry, MIN_BITS, StatusError, StatusListCredentialParams,
    build_list_credential, list_of, status_of,
};
use proptest::prelude::*;
use serde_json::json;

/// The Bitstring Status List v1.0 example `encodedList`: 131,072 zero bits.
const SPEC_EXAMPLE: &str = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

#[test]
fn spec_example_decodes_to_131072_zero_bits() {
    let list = Bitstring::decode(SPEC_EXAMPLE).unwrap();
    assert_eq!(list.len(), 131_072);
    assert_eq!(list.set_indexes().count(), 0);
    assert!(!list.get(94_567).unwrap());
    assert!(matches!(
        list.get(131_072),
        Err(StatusError::IndexOutOfRange { .. })
    ));
}

#[test]
fn index_zero_is_the_msb_of_byte_zero() {
    let mut list = Bitstring::default();
    list.set(0, true).unwrap();
    list.set(9, true).unwrap();
    assert_eq!(&list.as_bytes()[..2], &[0x80, 0x40]);
    let decoded = Bitstring::decode(&list.encode()).unwrap();
    assert_eq!(decoded.set_indexes().collect::<Vec<_>>(), [0, 9]);
    assert!(list.encode().starts_with("uH4sI"));
    list.set(0, false).unwrap();
    assert_eq!(list.as_bytes()[0], 0);
}

fn gzip_b64(bytes: &[u8]) -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
    )
}

#[test]
fn refuses_gzip_bombs_small_lists_and_garbage() {
    // 64 MiB of zeros compresses to ~64 KiB.
    let bomb = gzip_b64(&vec![0u8; 64 * 1024 * 1024]);
    assert!(matches!(
        Bitstring::decode(&bomb),
        Err(StatusError::TooLarge(_))
    ));
    assert!(matches!(
        Bitstring::decode_with_limit(&gzip_b64(&[0u8; 20_000]), 16_384),
        Err(StatusError::TooLarge(16_384))
    ));
    assert!(matches!(
        Bitstring::decode(&gzip_b64(&[0u8; 100])),
        Err(StatusError::TooSmall(800))
    ));
    assert!(matches!(
        Bitstring::decode("u!!!"),
        Err(StatusError::Base64(_))
    ));
    assert!(matches!(
        Bitstring::decode("uAAAA"),
        Err(StatusError::Gzip(_))
    ));
    // Legacy (no multibase header) is accepted.
    assert!(Bitstring::decode(&SPEC_EXAMPLE[1..]).is_ok());
}

#[test]
fn list_credential_and_entry() {
    let url = "https://u.example/status/1";
    let mut list = Bitstring::new(MIN_BITS);
    list.set(42, true).unwrap();
    let params = StatusListCredentialParams {
        id: url.to_owned(),
        issuer: "did:web:u.example".to_owned(),
        status_purpose: "revocation".to_owned(),
        valid_from: "2026-01-01T00:00:00Z".to_owned(),
        valid_until: Some("2026-02-01T00:00:00Z".to_owned()),
        ttl: Some(300_000),
    };
    let cred = build_list_credential(&params, &list);
    assert_eq!(
        cred["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(cred["credentialSubject"]["type"], "BitstringStatusList");
    assert_eq!(cred["credentialSubject"]["ttl"], 300_000);
    assert_eq!(cred["validUntil"], "2026-02-01T00:00:00Z");
    assert_eq!(list_of(&cred).unwrap().status_purpose, "revocation");

    let revoked = BitstringStatusListEntry::new("revocation", 42, url);
    let fine = BitstringStatusListEntry::new("revocation", 43, url);
    assert!(status_of(&revoked, &cred).unwrap());
    assert!(!status_of(&fine, &cred).unwrap());
    let v = serde_json::to_value(&revoked).unwrap();
    assert_eq!(
        v,
        json!({"id": format!("{url}#42"), "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "42", "statusListCredential": url})
    );
    // Wrong purpose, wrong list, bad index.
    let suspended = BitstringStatusListEntry::new("suspension", 42, url);
    assert!(matches!(
        status_of(&suspended, &cred),
        Err(StatusError::Invalid { .. })
    ));
    let other = BitstringStatusListEntry::new("revocation", 42, "https://x.example/1");
    assert!(status_of(&other, &cred).is_err());
    for bad in ["-1", "", "1e3", "0x10", " 1"] {
        let mut e = revoked.clone();
        e.status_list_index = bad.to_owned();
        assert!(
            matches!(e.index(), Err(StatusError::InvalidIndex(_))),
            "{bad}"
        );
    }
    let mut not_list = cred.clone();
    not_list["type"] = json!(["VerifiableCredential"]);
    assert!(list_of(&not_list).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn encode_decode_round_trip(indexes in proptest::collection::vec(0usize..MIN_BITS * 2, 0..64)) {
        let mut list = Bitstring::new(MIN_BITS * 2);
        for &i in &indexes {
            list.set(i, true).unwrap();
        }
        let decoded = Bitstring::decode(&list.encode()).unwrap();
        prop_assert_eq!(&decoded, &list);
        let mut expected: Vec<usize> = indexes.clone();
        expected.sort_unstable();
        expected.dedup();
        prop_assert_eq!(decoded.set_indexes().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn decode_never_panics(s in "u[A-Za-z0-9_-]{0,200}") {
        let _ = Bitstring::decode(&s);
    }
}
