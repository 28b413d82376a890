//! PNG chunk parsing (signature, lengths, CRC-32, chunk order) and the `openbadgecredential`
//! iTXt chunk: baking it right after IHDR, and reading it back.

use std::io::Read;

use flate2::read::ZlibDecoder;

use super::BakeError;

/// The 8 bytes every PNG starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// The iTXt keyword of an Open Badges 3.0 baked credential.
pub const PNG_KEYWORD: &str = "openbadgecredential";

/// The most a compressed iTXt credential may inflate to (2 MiB).
pub const MAX_INFLATED_TEXT: usize = 2 * 1024 * 1024;

/// The largest chunk length PNG allows.
const MAX_CHUNK_LEN: u32 = 0x7FFF_FFFF;

/// One chunk of a parsed PNG.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk<'a> {
    /// The chunk type (`IHDR`, `iTXt`, ...).
    pub kind: [u8; 4],
    /// The chunk data.
    pub data: &'a [u8],
    /// The whole chunk as stored: length, type, data and CRC.
    pub raw: &'a [u8],
}

/// The fields of IHDR that matter here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ihdr {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let four: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(four))
}

fn crc32(kind: &[u8], data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    crc.sum()
}

fn name(kind: [u8; 4]) -> String {
    String::from_utf8_lossy(&kind).into_owned()
}

/// Splits a PNG into its chunks, checking the signature, every length and CRC, that IHDR
/// comes first (once, valid), that there is an IDAT, and that IEND ends the data.
pub(crate) fn parse_png(png: &[u8]) -> Result<(Ihdr, Vec<Chunk<'_>>), BakeError> {
    if !png.starts_with(&PNG_SIGNATURE) {
        return Err(BakeError::NotPng);
    }
    let mut pos = PNG_SIGNATURE.len();
    let mut chunks = Vec::new();
    loop {
        if pos >= png.len() {
            return Err(BakeError::Structure(format!(
                "no IEND chunk (data ends at byte {pos})"
            )));
        }
        let truncated = |what: String| BakeError::Truncated { what, offset: pos };
        let length = be_u32(png, pos).ok_or_else(|| truncated("chunk header".into()))?;
        let kind: [u8; 4] = png
            .get(pos + 4..pos + 8)
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| truncated("chunk header".into()))?;
        if length > MAX_CHUNK_LEN {
            return Err(BakeError::ChunkTooLong {
                offset: pos,
                length,
            });
        }
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(BakeError::BadChunkType {
                offset: pos,
                found: kind,
            });
        }
        let data_start = pos + 8;
        let data_end = data_start + length as usize;
        let data = png
            .get(data_start..data_end)
            .ok_or_else(|| truncated(format!("data of chunk {}", name(kind))))?;
        let stored = be_u32(png, data_end)
            .ok_or_else(|| truncated(format!("CRC of chunk {}", name(kind))))?;
        let computed = crc32(&kind, data);
        if stored != computed {
            return Err(BakeError::CrcMismatch {
                chunk: name(kind),
                offset: pos,
                stored,
                computed,
            });
        }
        let end = data_end + 4;
        let raw = png.get(pos..end).ok_or_else(|| truncated(name(kind)))?;
        chunks.push(Chunk { kind, data, raw });
        pos = end;
        if &kind == b"IEND" {
            break;
        }
    }
    if pos != png.len() {
        return Err(BakeError::Structure(format!(
            "{} bytes after the IEND chunk (at byte {pos})",
            png.len() - pos
        )));
    }
    check_order(&chunks)
        .and_then(|()| {
            chunks
                .first()
                .map_or(Err(missing("IHDR")), |c| ihdr(c.data))
        })
        .map(|ihdr| (ihdr, chunks))
}

fn missing(kind: &str) -> BakeError {
    BakeError::Structure(format!("no {kind} chunk"))
}

fn check_order(chunks: &[Chunk<'_>]) -> Result<(), BakeError> {
    match chunks.first() {
        Some(c) if &c.kind == b"IHDR" => {}
        Some(c) => {
            return Err(BakeError::Structure(format!(
                "the first chunk is {}, not IHDR",
                name(c.kind)
            )));
        }
        None => return Err(missing("IHDR")),
    }
    if chunks.iter().filter(|c| &c.kind == b"IHDR").count() > 1 {
        return Err(BakeError::Structure("more than one IHDR chunk".into()));
    }
    if !chunks.iter().any(|c| &c.kind == b"IDAT") {
        return Err(missing("IDAT"));
    }
    Ok(())
}

fn ihdr(data: &[u8]) -> Result<Ihdr, BakeError> {
    if data.len() != 13 {
        return Err(BakeError::Ihdr {
            field: "length",
            value: data.len() as u32,
        });
    }
    let field = |field, value: u32, ok: bool| {
        if ok {
            Ok(value)
        } else {
            Err(BakeError::Ihdr { field, value })
        }
    };
    let byte = |i: usize| u32::from(data.get(i).copied().unwrap_or(0));
    let width = be_u32(data, 0).unwrap_or(0);
    let height = be_u32(data, 4).unwrap_or(0);
    field("width", width, (1..=MAX_CHUNK_LEN).contains(&width))?;
    field("height", height, (1..=MAX_CHUNK_LEN).contains(&height))?;
    let (depth, colour) = (byte(8), byte(9));
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => {
            return Err(BakeError::Ihdr {
                field: "colour type",
                value: colour,
            });
        }
    };
    field("bit depth", depth, depth_ok)?;
    field("compression method", byte(10), byte(10) == 0)?;
    field("filter method", byte(11), byte(11) == 0)?;
    field("interlace method", byte(12), byte(12) <= 1)?;
    Ok(Ihdr { width, height })
}

fn is_credential_chunk(chunk: &Chunk<'_>) -> bool {
    &chunk.kind == b"iTXt"
        && chunk.data.starts_with(PNG_KEYWORD.as_bytes())
        && chunk.data.get(PNG_KEYWORD.len()) == Some(&0)
}

fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    // Callers check the length against MAX_CHUNK_LEN first.
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(kind, data).to_be_bytes());
}

/// Bakes `credential_json` into a PNG: an uncompressed iTXt chunk with keyword
/// `openbadgecredential`, empty language tag and translated keyword, right after IHDR.
/// Any `openbadgecredential` iTXt chunk already there is dropped (a PNG may carry only one).
/// The input must be a well-formed PNG (lengths, CRCs, chunk order).
pub fn bake_png(png: &[u8], credential_json: &str) -> Result<Vec<u8>, BakeError> {
    let (_, chunks) = parse_png(png)?;
    let mut itxt = Vec::with_capacity(PNG_KEYWORD.len() + 5 + credential_json.len());
    itxt.extend_from_slice(PNG_KEYWORD.as_bytes());
    // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty
    // translated keyword NUL
    itxt.extend_from_slice(&[0, 0, 0, 0, 0]);
    itxt.extend_from_slice(credential_json.as_bytes());
    if itxt.len() > MAX_CHUNK_LEN as usize {
        return Err(BakeError::CredentialTooLarge {
            length: credential_json.len(),
        });
    }
    let mut out = Vec::with_capacity(png.len() + itxt.len() + 12);
    out.extend_from_slice(&PNG_SIGNATURE);
    for chunk in &chunks {
        if is_credential_chunk(chunk) {
            continue;
        }
        out.extend_from_slice(chunk.raw);
        if &chunk.kind == b"IHDR" {
            push_chunk(&mut out, b"iTXt", &itxt);
        }
    }
    Ok(out)
}

/// Reads the credential baked into a PNG: the text of the first iTXt chunk with keyword
/// `openbadgecredential` (uncompressed, or zlib-compressed up to [`MAX_INFLATED_TEXT`]),
/// or `None` when there is none. The whole PNG is checked as in [`bake_png`].
pub fn extract_png(png: &[u8]) -> Result<Option<String>, BakeError> {
    let (_, chunks) = parse_png(png)?;
    chunks
        .iter()
        .find(|c| is_credential_chunk(c))
        .map(|c| itxt_text(c.data))
        .transpose()
}

fn split_nul(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == 0)?;
    Some((bytes.get(..at)?, bytes.get(at + 1..)?))
}

fn itxt_text(data: &[u8]) -> Result<String, BakeError> {
    let bad = |what: &str| BakeError::Itxt(what.to_owned());
    let rest = data.get(PNG_KEYWORD.len() + 1..).unwrap_or_default();
    let (&flag, rest) = rest
        .split_first()
        .ok_or_else(|| bad("no compression flag"))?;
    let (&method, rest) = rest
        .split_first()
        .ok_or_else(|| bad("no compression method"))?;
    let (_language, rest) = split_nul(rest).ok_or_else(|| bad("language tag not terminated"))?;
    let (_translated, text) =
        split_nul(rest).ok_or_else(|| bad("translated keyword not terminated"))?;
    let bytes = match (flag, method) {
        (0, _) => text.to_vec(),
        (1, 0) => inflate(text)?,
        (1, m) => return Err(BakeError::Itxt(format!("unknown compression method {m}"))),
        (f, _) => {
            return Err(BakeError::Itxt(format!(
                "compression flag {f} (0 or 1 expected)"
            )));
        }
    };
    String::from_utf8(bytes).map_err(|_| BakeError::NotUtf8 { what: "iTXt text" })
}

fn inflate(compressed: &[u8]) -> Result<Vec<u8>, BakeError> {
    let mut out = Vec::new();
    ZlibDecoder::new(compressed)
        .take(MAX_INFLATED_TEXT as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| BakeError::Itxt(format!("zlib data: {e}")))?;
    if out.len() > MAX_INFLATED_TEXT {
        return Err(BakeError::InflatedTooLarge {
            limit: MAX_INFLATED_TEXT,
        });
    }
    Ok(out)
}
