//! The one escaper for markup: HTML text and quoted attributes, SVG and XML content and
//! attributes, and the HTML the node puts in its ActivityPub actor's `summary`.

/// `text` escaped for HTML or XML text and quoted attribute values: `& < > " '` become
/// character references (`'` as `&#39;`, which both HTML and XML read), and the characters
/// XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage return;
/// U+FFFE, U+FFFF) are dropped. `/` is left as it is so URLs stay readable in the source.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_five_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a<b & \"c\" 'd' /e\u{0}\u{1f}\t\n"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39; /e\t\n"
        );
        assert_eq!(escape("Análisis — ñ"), "Análisis — ñ");
    }
}
