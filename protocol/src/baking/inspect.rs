//! Recognising an uploaded achievement image (PNG or SVG), checking it is well-formed and
//! safe to serve, and reading its dimensions.

use super::svg::parse_svg;
use super::{BakeError, png, svg_safety};

/// The largest width or height accepted for a PNG.
pub const MAX_PNG_DIMENSION: u32 = 4096;

/// The two image formats a badge may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// `image/png`.
    Png,
    /// `image/svg+xml`.
    Svg,
}

impl ImageKind {
    /// The media type to serve it with.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Svg => "image/svg+xml",
        }
    }
}

/// What [`inspect_image`] found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// PNG or SVG.
    pub kind: ImageKind,
    /// Width in pixels (for SVG, from `width` or the `viewBox`, when given in user units).
    pub width: Option<u32>,
    /// Height in pixels, likewise.
    pub height: Option<u32>,
}

/// Accepts a PNG (valid signature, chunks and CRCs, IHDR with sides 1..=4096) or an SVG
/// (UTF-8, root `svg` in the SVG namespace, no script, event attributes, `javascript:` URLs,
/// `foreignObject`, external references other than `data:image/` and `#fragment`).
/// Anything else is [`BakeError::NotAnImage`].
pub fn inspect_image(bytes: &[u8]) -> Result<ImageInfo, BakeError> {
    if bytes.starts_with(&png::PNG_SIGNATURE) {
        let (ihdr, _) = png::parse_png(bytes)?;
        let (width, height) = (ihdr.width, ihdr.height);
        if width > MAX_PNG_DIMENSION || height > MAX_PNG_DIMENSION {
            return Err(BakeError::Dimensions {
                width,
                height,
                max: MAX_PNG_DIMENSION,
            });
        }
        return Ok(ImageInfo {
            kind: ImageKind::Png,
            width: Some(width),
            height: Some(height),
        });
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(BakeError::NotAnImage {
            detail: describe(bytes),
        });
    };
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        return Err(BakeError::NotAnImage {
            detail: describe(bytes),
        });
    }
    let doc = match parse_svg(text) {
        Ok(doc) => doc,
        Err(BakeError::NotSvg(detail)) => return Err(BakeError::NotAnImage { detail }),
        Err(e) => return Err(e),
    };
    svg_safety::check(&doc)?;
    let root = doc.root();
    let attr = |name: &str| root.and_then(|r| r.attr(name)).and_then(|a| a.value().ok());
    let view_box: Vec<f64> = attr("viewBox")
        .map(|v| {
            v.split(|c: char| c == ',' || c.is_ascii_whitespace())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let side = |name: &str, index: usize| {
        attr(name)
            .and_then(|v| pixels(&v))
            .or_else(|| view_box.get(index).copied().filter(|_| view_box.len() == 4))
            .and_then(to_u32)
    };
    Ok(ImageInfo {
        kind: ImageKind::Svg,
        width: side("width", 2),
        height: side("height", 3),
    })
}

/// A length in user units or `px`.
fn pixels(value: &str) -> Option<f64> {
    let v = value.trim();
    v.strip_suffix("px").unwrap_or(v).trim().parse().ok()
}

fn to_u32(v: f64) -> Option<u32> {
    (v.is_finite() && v > 0.0 && v < f64::from(u32::MAX)).then(|| v.round() as u32)
}

fn describe(bytes: &[u8]) -> String {
    let known: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "JPEG data"),
        (b"GIF8", "GIF data"),
        (b"%PDF", "a PDF document"),
        (b"RIFF", "RIFF (WebP?) data"),
        (b"PK\x03\x04", "a ZIP archive"),
    ];
    if let Some((_, what)) = known.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return (*what).to_owned();
    }
    if bytes.is_empty() {
        return "no data".into();
    }
    let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("starts with bytes {}", head.join(" "))
}

/// The credential baked into an uploaded file, whichever the format: a PNG's
/// `openbadgecredential` iTXt chunk, or an SVG's `<openbadges:credential>`. `None` for a PNG
/// or SVG without one; [`BakeError::NotAnImage`] for anything else (such as plain JSON,
/// which the caller reads as it is).
pub fn extract_baked(bytes: &[u8]) -> Result<Option<String>, BakeError> {
    if bytes.starts_with(&png::PNG_SIGNATURE) {
        return png::extract_png(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text)
            if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<') =>
        {
            super::svg::extract_svg(text)
        }
        _ => Err(BakeError::NotAnImage {
            detail: describe(bytes),
        }),
    }
}
