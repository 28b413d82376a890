//! CSV that staff open in a spreadsheet (RFC 4180, CRLF line ends), safe from formula
//! injection: a cell whose first visible character could start a formula is prefixed with
//! `'`, which Excel, LibreOffice and Google Sheets show as text.

/// Characters that make a spreadsheet read a cell as a formula or a DDE command, with
/// their fullwidth forms (which some spreadsheets fold to ASCII).
const FORMULA_STARTS: [char; 12] = [
    '=', '+', '-', '@', '|', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FF5C}',
];

/// One CSV cell: defused when it could run as a formula (also after leading spaces, which
/// spreadsheets skip), quoted when it holds a separator, a quote or a line break.
pub fn cell(value: &str) -> String {
    let visible = value.trim_start_matches([' ', '\u{3000}', '\u{A0}']);
    let first = if visible.is_empty() { value } else { visible };
    let value = if first.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line of cells, ended by CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, line};

    #[test]
    fn cells_are_quoted_when_needed() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn every_formula_start_is_defused() {
        for start in ["=", "+", "-", "@", "|", "\t", "＝", "＋", "－", "＠", "｜"] {
            let value = format!("{start}cmd|' /C calc'!A0");
            assert!(
                cell(&value).trim_start_matches('"').starts_with('\''),
                "{value}"
            );
        }
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("|calc"), "'|calc");
        assert_eq!(cell("  =1+1"), "'  =1+1");
        assert_eq!(cell("\r=1"), "\"'\r=1\"");
        assert_eq!(cell("María-José"), "María-José");
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn lines_end_with_crlf() {
        assert_eq!(line(&["a", "b,c", "=x"]), "a,\"b,c\",'=x\r\n");
    }
}
