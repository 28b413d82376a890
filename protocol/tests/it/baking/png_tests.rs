//! PNG baking, extraction and inspection.

use super::*;

#[test]
fn iend_crc_is_the_known_constant() {
    assert_eq!(
        chunk(b"IEND", &[]),
        [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]
    );
    // the library writes the same CRCs: a baked PNG's last 4 bytes are IEND's CRC
    let baked = bake_png(&png(1, 1, &[]), CREDENTIAL).unwrap();
    assert_eq!(baked[baked.len() - 4..], [0xAE, 0x42, 0x60, 0x82]);
}

#[test]
fn png_round_trip_puts_an_uncompressed_itxt_right_after_ihdr() {
    let original = png(2, 3, &[]);
    assert_eq!(extract_png(&original).unwrap(), None);
    let baked = bake_png(&original, CREDENTIAL).unwrap();
    assert_eq!(extract_png(&baked).unwrap().as_deref(), Some(CREDENTIAL));
    // signature (8) + IHDR (25), then our chunk, byte for byte as the spec describes
    let mut data = b"openbadgecredential\0\0\0\0\0".to_vec();
    data.extend_from_slice(CREDENTIAL.as_bytes());
    let expected = chunk(b"iTXt", &data);
    assert_eq!(&baked[33..33 + expected.len()], &expected[..]);
    // everything else unchanged
    assert_eq!(baked.len(), original.len() + expected.len());
    assert_eq!(&baked[33 + expected.len()..], &original[33..]);
    assert_eq!(inspect_image(&baked).unwrap().width, Some(2));
}

#[test]
fn rebaking_a_png_replaces_the_credential() {
    let other = chunk(b"tEXt", b"Comment\0hello");
    let once = bake_png(&png(1, 1, &[other]), CREDENTIAL).unwrap();
    let twice = bake_png(&once, r#"{"id":"urn:uuid:2"}"#).unwrap();
    assert_eq!(
        extract_png(&twice).unwrap().as_deref(),
        Some(r#"{"id":"urn:uuid:2"}"#)
    );
    let needle = b"openbadgecredential";
    let count = twice.windows(needle.len()).filter(|w| w == needle).count();
    assert_eq!(count, 1);
    assert!(
        twice.windows(5).any(|w| w == b"hello"),
        "other chunks are kept"
    );
}

#[test]
fn compressed_itxt_is_read_and_capped() {
    let mut data = b"openbadgecredential\0\x01\x00\0\0".to_vec();
    data.extend(zlib(CREDENTIAL.as_bytes()));
    let image = png(1, 1, &[chunk(b"iTXt", &data)]);
    assert_eq!(extract_png(&image).unwrap().as_deref(), Some(CREDENTIAL));

    let mut bomb = b"openbadgecredential\0\x01\x00\0\0".to_vec();
    bomb.extend(zlib(&vec![b' '; 3 * 1024 * 1024]));
    let image = png(1, 1, &[chunk(b"iTXt", &bomb)]);
    assert!(matches!(
        extract_png(&image),
        Err(BakeError::InflatedTooLarge { .. })
    ));

    let mut bad = b"openbadgecredential\0\x02\x00\0\0".to_vec();
    bad.extend_from_slice(b"{}");
    let err = extract_png(&png(1, 1, &[chunk(b"iTXt", &bad)])).unwrap_err();
    assert!(err.to_string().contains("compression flag 2"), "{err}");
}

#[test]
fn corrupted_and_truncated_pngs_are_rejected_precisely() {
    let good = png(1, 1, &[]);
    let mut corrupt = good.clone();
    corrupt[20] ^= 0x01; // inside IHDR's data
    let err = bake_png(&corrupt, CREDENTIAL).unwrap_err();
    assert!(
        matches!(&err, BakeError::CrcMismatch { chunk, offset: 8, .. } if chunk == "IHDR"),
        "{err}"
    );
    assert!(err.to_string().contains("IHDR"));

    for cut in [7, 8, 20, 33, good.len() - 1] {
        let err = extract_png(&good[..cut]).unwrap_err();
        assert!(
            matches!(
                err,
                BakeError::NotPng | BakeError::Truncated { .. } | BakeError::Structure(_)
            ),
            "cut at {cut}: {err}"
        );
    }
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"junk");
    assert!(matches!(
        inspect_image(&trailing),
        Err(BakeError::Structure(_))
    ));

    let mut huge_len = good.clone();
    huge_len[8..12].copy_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
    assert!(matches!(
        extract_png(&huge_len),
        Err(BakeError::ChunkTooLong { .. })
    ));

    // no IDAT
    let mut no_idat = good[..33].to_vec();
    no_idat.extend(chunk(b"IEND", &[]));
    assert!(matches!(
        bake_png(&no_idat, "{}"),
        Err(BakeError::Structure(_))
    ));

    assert!(matches!(
        bake_png(b"\xFF\xD8\xFF\xE0JFIF", "{}"),
        Err(BakeError::NotPng)
    ));
}

#[test]
fn inspect_accepts_png_and_checks_dimensions() {
    let info = inspect_image(&png(16, 8, &[])).unwrap();
    assert_eq!(
        (info.kind, info.width, info.height),
        (ImageKind::Png, Some(16), Some(8))
    );
    let mut big = png(1, 1, &[]);
    big[16..20].copy_from_slice(&5000u32.to_be_bytes());
    let crc = crc32(&big[12..29]);
    big[29..33].copy_from_slice(&crc.to_be_bytes());
    assert!(matches!(
        inspect_image(&big),
        Err(BakeError::Dimensions { width: 5000, .. })
    ));
}
