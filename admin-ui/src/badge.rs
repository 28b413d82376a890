//! Badge images Mochila generates itself: an SVG medal with the achievement's title and
//! issuer (when the achievement has no image of its own, and as the base of baked SVGs), and
//! a small embedded PNG (the base of baked PNGs when the achievement image is not a PNG).

use crate::escape::escape;
use serde::Serialize;

/// The embedded 256x256 PNG badge (a star medal in the Mochila green).
const BADGE_PNG: &[u8] = include_bytes!("../static/badge.png");

/// Longest line of the title, in characters.
const LINE_CHARS: usize = 18;
/// Most lines of title shown.
const MAX_LINES: usize = 4;

/// What the generated SVG badge shows.
#[derive(Debug, Clone, Serialize)]
pub struct BadgeSvg {
    /// The achievement's name (wrapped over up to four lines, then shortened with `…`).
    pub title: String,
    /// The issuing institution.
    pub issuer_name: String,
    /// Year of issue (or of the achievement), shown under the title; empty to omit.
    pub year: String,
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer word is cut),
/// keeping at most `max_lines`, the last one ending in `…` when text was left out.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let len = current.chars().count();
            let wlen = word.chars().count();
            if len > 0 && len + 1 + wlen <= width {
                current.push(' ');
                current.push_str(&word);
                break;
            }
            if len == 0 && wlen <= width {
                current = word;
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // a word longer than a line: cut it
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = format!(
                "{}…",
                shorten(last, width.saturating_sub(1)).trim_end_matches('…')
            );
        }
    }
    lines
}

/// A 512x512 SVG medal: a ring, the title in up to four centred lines, the year and the
/// issuer's name; all text XML-escaped, no scripts, fonts or external references.
pub fn badge_svg(view: &BadgeSvg) -> String {
    let lines = wrap(&view.title, LINE_CHARS, MAX_LINES);
    let line_height = 40;
    let first_y = 250 - (lines.len().saturating_sub(1) * line_height / 2);
    let mut title = String::new();
    for (i, line) in lines.iter().enumerate() {
        title.push_str(&format!(
            "<tspan x=\"256\" y=\"{}\">{}</tspan>",
            first_y + i * line_height,
            escape(line)
        ));
    }
    let year = if view.year.trim().is_empty() {
        String::new()
    } else {
        format!(
            "<text x=\"256\" y=\"118\" font-size=\"26\" fill=\"#fff\" text-anchor=\"middle\">{}</text>",
            escape(view.year.trim())
        )
    };
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512\" height=\"512\" viewBox=\"0 0 512 512\" role=\"img\">",
            "<title>{alt}</title>",
            "<circle cx=\"256\" cy=\"256\" r=\"248\" fill=\"#0b6e4f\"/>",
            "<circle cx=\"256\" cy=\"256\" r=\"222\" fill=\"none\" stroke=\"#fff\" stroke-width=\"8\"/>",
            "<circle cx=\"256\" cy=\"256\" r=\"206\" fill=\"#138a63\"/>",
            "{year}",
            "<text font-family=\"system-ui, sans-serif\" font-size=\"34\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">{title}</text>",
            "<path d=\"M120 372h272\" stroke=\"#fff\" stroke-width=\"3\" opacity=\".6\"/>",
            "<text x=\"256\" y=\"410\" font-family=\"system-ui, sans-serif\" font-size=\"22\" fill=\"#fff\" text-anchor=\"middle\">{issuer}</text>",
            "</svg>"
        ),
        alt = escape(&format!("{} — {}", view.title, view.issuer_name)),
        year = year,
        title = title,
        issuer = escape(&shorten(&view.issuer_name, 34)),
    )
}

/// The embedded 256x256 PNG badge.
pub fn badge_png() -> &'static [u8] {
    BADGE_PNG
}

#[cfg(test)]
mod tests {
    use mochila_protocol::baking::{
        ImageKind, bake_png, bake_svg, extract_png, extract_svg, inspect_image,
    };

    use super::*;

    #[test]
    fn titles_wrap_and_shorten() {
        assert_eq!(
            wrap("Programación en Rust avanzada", 18, 4),
            ["Programación en", "Rust avanzada"]
        );
        assert_eq!(
            wrap("Supercalifragilisticoespialidoso", 10, 4),
            ["Supercalif", "ragilistic", "oespialido", "so"]
        );
        let many = wrap(
            "uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
            8,
            2,
        );
        assert_eq!(many.len(), 2);
        assert!(many[1].ends_with('…'), "{many:?}");
        assert!(wrap("   ", 10, 3).is_empty());
    }

    #[test]
    fn generated_svg_is_escaped_safe_and_bakeable() {
        let svg = badge_svg(&BadgeSvg {
            title: "Datos <script>alert(1)</script> & \"más\" para la acción climática".into(),
            issuer_name: "Universidad <Demo> & Co".into(),
            year: "2026".into(),
        });
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("Universidad &lt;Demo&gt; &amp; Co"));
        let info = inspect_image(svg.as_bytes()).unwrap();
        assert_eq!(
            (info.kind, info.width, info.height),
            (ImageKind::Svg, Some(512), Some(512))
        );
        let baked = bake_svg(&svg, r#"{"id":"urn:uuid:1"}"#).unwrap();
        assert_eq!(
            extract_svg(&baked).unwrap().as_deref(),
            Some(r#"{"id":"urn:uuid:1"}"#)
        );
    }

    #[test]
    fn embedded_png_is_a_valid_256_square_and_bakeable() {
        let info = inspect_image(badge_png()).unwrap();
        assert_eq!(
            (info.kind, info.width, info.height),
            (ImageKind::Png, Some(256), Some(256))
        );
        let baked = bake_png(badge_png(), "{}").unwrap();
        assert_eq!(extract_png(&baked).unwrap().as_deref(), Some("{}"));
    }
}
