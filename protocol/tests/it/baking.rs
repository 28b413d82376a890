//! Baking credentials into PNG and SVG badge images, extracting them, and inspecting uploaded
//! images. Every image here is built in the test itself.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use mochila_protocol::baking::{
    BakeError, ImageKind, bake_png, bake_svg, extract_png, extract_svg, inspect_image,
};

const CREDENTIAL: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","name":"Programación ñandú ✓"}"#;

/// A bitwise CRC-32 (ISO-HDLC), independent of the one the library uses.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A valid greyscale PNG of `w` x `h` pixels.
fn png(w: u32, h: u32, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let raw: Vec<u8> = (0..h)
        .flat_map(|_| std::iter::once(0).chain((0..w).map(|_| 0x80)))
        .collect();
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    out.extend(chunk(b"IHDR", &ihdr));
    for e in extra {
        out.extend_from_slice(e);
    }
    out.extend(chunk(b"IDAT", &zlib(&raw)));
    out.extend(chunk(b"IEND", &[]));
    out
}

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

const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- a badge -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100px" viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>circle { fill: url(#g); }</style>
  <circle cx="50" cy="50" r="40" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <text x="10" y="90">Programación &amp; más</text>
</svg>
"##;

#[test]
fn svg_round_trip_follows_the_spec_form() {
    assert_eq!(extract_svg(SVG).unwrap(), None);
    let baked = bake_svg(SVG, CREDENTIAL).unwrap();
    assert!(
        baked.contains(
            r#"viewBox="0 0 200 100" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">"#
        ),
        "{baked}"
    );
    let first_child = format!(
        "<openbadges:credential><![CDATA[{CREDENTIAL}]]></openbadges:credential>\n  <defs>"
    );
    assert!(baked.contains(&first_child), "{baked}");
    assert_eq!(extract_svg(&baked).unwrap().as_deref(), Some(CREDENTIAL));
    // the rest is untouched and the result still passes inspection
    assert!(
        baked.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a badge -->\n<svg ")
    );
    assert!(baked.ends_with("<text x=\"10\" y=\"90\">Programación &amp; más</text>\n</svg>\n"));
    let info = inspect_image(baked.as_bytes()).unwrap();
    assert_eq!(
        (info.kind, info.width, info.height),
        (ImageKind::Svg, Some(200), Some(100))
    );
}

#[test]
fn rebaking_an_svg_replaces_and_handles_cdata_ends() {
    let tricky = r#"{"name":"a]]>b"}"#;
    let once = bake_svg(SVG, CREDENTIAL).unwrap();
    let twice = bake_svg(&once, tricky).unwrap();
    assert_eq!(twice.matches("<openbadges:credential>").count(), 1);
    assert_eq!(twice.matches("xmlns:openbadges=").count(), 1);
    assert_eq!(extract_svg(&twice).unwrap().as_deref(), Some(tricky));
    // self-closing root
    let tiny = bake_svg(r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#, "{}").unwrap();
    assert_eq!(
        tiny,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>"#
    );
    // many stale credential elements are all removed, in linear time
    let stale = "<openbadges:credential><![CDATA[{}]]></openbadges:credential>".repeat(20_000);
    let crowded = once.replace("<defs>", &format!("{stale}<defs>"));
    let cleaned = bake_svg(&crowded, CREDENTIAL).unwrap();
    assert_eq!(cleaned.matches("<openbadges:credential>").count(), 1);
    assert!(matches!(
        bake_svg(SVG, "{\"a\":\"\u{1}\"}"),
        Err(BakeError::XmlChar { code: 1, .. })
    ));
}

#[test]
fn svg_extraction_accepts_verify_attribute_and_text_forms() {
    let jwt = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="eyJh.eyJz.c2ln"></openbadges:credential></svg>"#;
    assert_eq!(extract_svg(jwt).unwrap().as_deref(), Some("eyJh.eyJz.c2ln"));
    let text = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>
        {&quot;id&quot;:&quot;x&quot;}
    </ob:credential><circle r="1"/></svg>"#;
    assert_eq!(extract_svg(text).unwrap().as_deref(), Some(r#"{"id":"x"}"#));
    let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential/></svg>"#;
    assert!(matches!(
        extract_svg(empty),
        Err(BakeError::EmptyCredential { .. })
    ));
}

#[test]
fn malformed_and_foreign_documents_are_rejected() {
    for (bad, needle) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
            "does not match",
        ),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\">", "not closed"),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" a=1/>",
            "not quoted",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" a=\"1\" a=\"2\"/>",
            "duplicate",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/><svg/>",
            "more than one root",
        ),
        ("<svg/>", "not <svg> in http://www.w3.org/2000/svg"),
        (
            "<x:svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "`x` is not declared",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">&bogus;</svg>",
            "",
        ),
    ] {
        let err = bake_svg(bad, "{}")
            .and_then(|s| extract_svg(&s))
            .unwrap_err();
        assert!(err.to_string().contains(needle), "{bad}: {err}");
    }
}

#[test]
fn inspect_refuses_everything_that_is_not_a_png_or_svg() {
    for bytes in [
        &b"\xFF\xD8\xFF\xE0\x00\x10JFIF"[..],
        b"<!doctype html><html><body>hi</body></html>",
        b"<html><body>hi</body></html>",
        b"GIF89a",
        b"",
        b"hello",
        b"\x00\x01\x02",
    ] {
        let err = inspect_image(bytes).unwrap_err();
        assert!(
            err.to_string().starts_with("not a PNG or SVG image")
                || matches!(err, BakeError::Xml { .. }),
            "{:?}: {err}",
            String::from_utf8_lossy(bytes)
        );
    }
    let jpeg = inspect_image(b"\xFF\xD8\xFF\xE0").unwrap_err();
    assert_eq!(jpeg.to_string(), "not a PNG or SVG image (JPEG data)");
    let html = inspect_image(b"<html><body>hi</body></html>").unwrap_err();
    assert!(
        html.to_string()
            .starts_with("not a PNG or SVG image (the root element is <html>"),
        "{html}"
    );
}

#[test]
fn inspect_refuses_active_svg_content() {
    let wrap = |inner: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{inner}</svg>"#
        )
    };
    for (inner, needle) in [
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"),
        (
            "<circle r=\"1\" onload=\"alert(1)\"/>",
            "event attribute `onload`",
        ),
        ("<circle r=\"1\" ONCLICK=\"x()\"/>", "ONCLICK"),
        (
            "<a href=\"javascript:alert(1)\"><text>x</text></a>",
            "javascript:",
        ),
        (
            "<a xlink:href=\"&#106;ava&#x09;script:alert(1)\"/>",
            "javascript:",
        ),
        ("<foreignObject><div/></foreignObject>", "foreignObject"),
        (
            "<image href=\"https://evil.example/x.png\"/>",
            "external reference",
        ),
        (
            "<use xlink:href=\"//evil.example/s.svg#a\"/>",
            "external reference",
        ),
        (
            "<style>@import url(https://evil.example/a.css);</style>",
            "@import",
        ),
        (
            "<style><![CDATA[ rect { fill: url(https://evil.example/t) } ]]></style>",
            "external url",
        ),
        (
            "<rect style=\"fill: url('http://evil.example/t')\"/>",
            "external url",
        ),
        (
            "<rect fill=\"url(https://evil.example/p#x)\"/>",
            "external url",
        ),
        (
            "<set attributeName=\"href\" to=\"https://evil.example\"/>",
            "animating",
        ),
        ("<iframe/>", "<iframe>"),
    ] {
        let err = inspect_image(wrap(inner).as_bytes()).unwrap_err();
        assert!(
            matches!(err, BakeError::ActiveContent { .. }),
            "{inner}: {err}"
        );
        assert!(err.to_string().contains(needle), "{inner}: {err}");
    }
    let escaped =
        wrap(r"<style>rect { fill: \75 rl(https://evil.example/t) } @\69mport 'x';</style>");
    assert!(matches!(
        inspect_image(escaped.as_bytes()),
        Err(BakeError::ActiveContent { .. })
    ));
    let deep = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg">{}{}</svg>"#,
        "<g>".repeat(300),
        "</g>".repeat(300)
    );
    let err = inspect_image(deep.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("nested deeper than 256"), "{err}");
    let entity = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert!(
        inspect_image(entity.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("internal subset")
    );
    let pi = r#"<?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert!(inspect_image(pi.as_bytes()).is_err());
    // inline images and fragments are fine
    let ok = wrap(r##"<image href="data:image/png;base64,iVBORw0KGgo="/><use xlink:href="#a"/>"##);
    assert!(inspect_image(ok.as_bytes()).is_ok());
}

proptest::proptest! {
    #[test]
    fn no_panic_on_mutated_images(flips in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 1..8), cut in 0usize..4096) {
        let baked_png = bake_png(&png(3, 2, &[]), CREDENTIAL).unwrap();
        let baked_svg = bake_svg(SVG, CREDENTIAL).unwrap().into_bytes();
        for mut bytes in [baked_png, baked_svg] {
            for (at, value) in &flips {
                let len = bytes.len();
                bytes[at % len] = *value;
            }
            bytes.truncate(cut.max(1).min(bytes.len()));
            let _ = inspect_image(&bytes);
            let _ = extract_png(&bytes);
            let _ = bake_png(&bytes, "{}");
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = extract_svg(text);
                let _ = bake_svg(text, "{}");
            }
        }
    }
}

#[test]
fn extract_baked_dispatches_on_the_format() {
    use mochila_protocol::baking::extract_baked;
    let png_baked = bake_png(&png(1, 1, &[]), CREDENTIAL).unwrap();
    assert_eq!(
        extract_baked(&png_baked).unwrap().as_deref(),
        Some(CREDENTIAL)
    );
    let svg_baked = bake_svg(SVG, CREDENTIAL).unwrap();
    assert_eq!(
        extract_baked(svg_baked.as_bytes()).unwrap().as_deref(),
        Some(CREDENTIAL)
    );
    assert_eq!(extract_baked(SVG.as_bytes()).unwrap(), None);
    assert!(matches!(
        extract_baked(CREDENTIAL.as_bytes()),
        Err(BakeError::NotAnImage { .. })
    ));
}
