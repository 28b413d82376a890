//! Baking credentials into PNG and SVG badge images, extracting them, and inspecting uploaded
//! images. Every image here is built in the test itself.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use mochila_protocol::baking::{
    BakeError, ImageKind, bake_png, bake_svg, extract_png, extract_svg, inspect_image,
};

mod png_tests;
mod svg_tests;

pub(super) const CREDENTIAL: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","name":"Programación ñandú ✓"}"#;

/// A bitwise CRC-32 (ISO-HDLC), independent of the one the library uses.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
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

pub(super) fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    out
}

pub(super) fn zlib(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A valid greyscale PNG of `w` x `h` pixels.
pub(super) fn png(w: u32, h: u32, extra: &[Vec<u8>]) -> Vec<u8> {
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

pub(super) const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- a badge -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100px" viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>circle { fill: url(#g); }</style>
  <circle cx="50" cy="50" r="40" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <text x="10" y="90">Programación &amp; más</text>
</svg>
"##;

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
