//! Rules for the names people read on permanent credentials (a learner's name, an
//! achievement's title): no control characters, no bidirectional overrides or isolates
//! (which can make a name display as something else), at least one visible character,
//! and Unicode NFC so that the same name is always the same bytes.

use unicode_normalization::UnicodeNormalization;

/// `value` in Unicode Normalization Form C.
pub fn nfc(value: &str) -> String {
    value.nfc().collect()
}

/// Why `value` cannot be a name, if it cannot.
pub fn name_problem(value: &str) -> Option<String> {
    if let Some(c) = value.chars().find(|c| is_control(*c)) {
        return Some(format!(
            "must not contain control characters (found U+{:04X})",
            u32::from(c)
        ));
    }
    if let Some(c) = value.chars().find(|c| is_bidi_control(*c)) {
        return Some(format!(
            "must not contain bidirectional override or isolate characters (found U+{:04X})",
            u32::from(c)
        ));
    }
    if !value.chars().any(is_visible) {
        return Some("must contain at least one visible character".to_owned());
    }
    None
}

/// C0 and C1 controls and DEL (a name is one line: no tab, CR or LF either).
fn is_control(c: char) -> bool {
    c.is_control()
}

/// Embeddings and overrides (U+202A..U+202E) and isolates (U+2066..U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Not white space and not one of the characters that render as nothing (zero-width
/// spaces and joiners, word joiner, BOM, soft hyphen, variation selectors, marks).
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// Whether `s` looks like an e-mail address (one `@`, a dotted domain, no spaces).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
}

/// Whether `code` has the shape of an ISO 3166-1 alpha-2 code (two capital letters).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A staff reason for a change (revocation, a network decision): trimmed, 1 to 500
/// characters; `None` when it is empty or longer.
pub fn reason(value: &str) -> Option<&str> {
    let reason = value.trim();
    (!reason.is_empty() && reason.chars().count() <= 500).then_some(reason)
}

/// `value` folded for search: lowercase, without diacritics (NFD, combining marks
/// dropped), so that "Análisis" finds "analisis".
pub fn folded(value: &str) -> String {
    value
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{folded, name_problem, nfc};

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(folded("Análisis DE Diseño"), "analisis de diseno");
    }

    #[test]
    fn ordinary_names_pass() {
        for name in [
            "Ana Pérez",
            "José-María Ñúñez",
            "O'Brien",
            "李小龍",
            "محمد",
            "Zoë",
        ] {
            assert_eq!(name_problem(name), None, "{name}");
        }
    }

    #[test]
    fn controls_bidi_and_invisible_names_are_refused() {
        for (name, says) in [
            ("Ana\0", "U+0000"),
            ("Ana\r\nPérez", "U+000D"),
            ("Ana\u{85}", "U+0085"),
            ("\u{202E}zereP anA", "U+202E"),
            ("Ana \u{2067}x\u{2069}", "U+2067"),
            ("\u{200B}", "visible"),
            (" \u{3000}\u{FEFF}", "visible"),
        ] {
            let problem = name_problem(name).unwrap_or_default();
            assert!(problem.contains(says), "{name:?}: {problem}");
        }
    }

    #[test]
    fn names_are_normalised_to_nfc() {
        assert_eq!(nfc("Jose\u{301}"), "Jos\u{e9}");
        assert_eq!(nfc("Jos\u{e9}"), "Jos\u{e9}");
    }
}
