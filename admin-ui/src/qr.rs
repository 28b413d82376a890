//! QR codes as inline SVG (one `<path>` of dark modules, crisp at any size), from the
//! `qrcode` crate's module matrix.

use qrcode::{Color, EcLevel, QrCode};

use crate::RenderError;

/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// An inline `<svg>` QR code of `data` (error correction level M), scalable through CSS; it
/// has `role="img"`, the data as its text alternative (`aria-label`) and no XML
/// declaration, ready to put inside HTML.
pub fn qr_svg(data: &str) -> Result<String, RenderError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| RenderError::Qr(e.to_string()))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(colors.len() * 4);
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row.get(x) == Some(&Color::Dark) {
                let run = row
                    .iter()
                    .skip(x)
                    .take_while(|c| **c == Color::Dark)
                    .count();
                path.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                ));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    // The text alternative is what the code holds (a screen reader reads the link).
    let label = crate::escape::escape(&format!("QR: {data}"));
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_well_formed_svg_with_finder_patterns() {
        let svg = qr_svg("https://uni.example/credentials/0b3c6f0e-1d2a-4b5c-8d9e").unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(
            "aria-label=\"QR: https://uni.example/credentials/0b3c6f0e-1d2a-4b5c-8d9e\""
        ));
        assert!(svg.ends_with("</path></svg>") || svg.ends_with("\"/></svg>"));
        // a well-formed, safe SVG by the protocol crate's own checks
        let info = mochila_protocol::baking::inspect_image(svg.as_bytes()).unwrap();
        assert_eq!(info.width, info.height);
        let side = info.width.unwrap();
        assert!(
            side >= 21 + 8,
            "version 1 or larger plus quiet zone, got {side}"
        );
        // the top-left finder pattern: a 7-module dark run at the quiet-zone corner
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        let runs = svg.matches('M').count();
        assert!(runs > 50, "non-trivial code: {runs} runs");
        // different data, different code
        assert_ne!(
            svg,
            qr_svg("https://uni.example/credentials/other").unwrap()
        );
    }

    #[test]
    fn oversized_data_is_an_error() {
        assert!(matches!(qr_svg(&"x".repeat(5000)), Err(RenderError::Qr(_))));
    }
}
