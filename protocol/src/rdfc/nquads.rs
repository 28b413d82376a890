//! An N-Quads 1.1 parser (escapes, language tags, datatypes, blank nodes, named graphs),
//! for conformance suites and offline tools; errors name the line and column.

use crate::rdf::{Dataset, Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};

/// Why an N-Quads document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("N-Quads line {line}, column {column}: {message}")]
pub struct ParseError {
    /// The 1-based line number.
    pub line: usize,
    /// The 1-based column (in characters) where the problem was found.
    pub column: usize,
    /// What was wrong.
    pub message: String,
}

/// Parses an N-Quads document into a dataset, keeping the quads in document order
/// (duplicates included). Lines may end in `\n` or `\r\n`; `#` starts a comment.
pub fn parse_nquads(input: &str) -> Result<Dataset, ParseError> {
    let mut dataset = Vec::new();
    for (index, line) in input.split('\n').enumerate() {
        let mut cursor = Cursor {
            text: line,
            pos: 0,
            line: index + 1,
        };
        if let Some(quad) = cursor.statement()? {
            dataset.push(quad);
        }
    }
    Ok(dataset)
}

/// A position in one line of the document.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Cursor<'a> {
    /// Advances over bytes up to the first one for which `stop` holds (or the end of the
    /// line) and returns them. Callers stop only on ASCII bytes, so the run ends on a
    /// character boundary.
    fn take_run(&mut self, stop: impl Fn(u8) -> bool) -> &'a str {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let len = rest.bytes().position(stop).unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or_default()
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        let column = self.text.get(..self.pos).map_or(0, |s| s.chars().count()) + 1;
        ParseError {
            line: self.line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, prefix: &str) -> bool {
        let found = self
            .text
            .get(self.pos..)
            .is_some_and(|s| s.starts_with(prefix));
        if found {
            self.pos += prefix.len();
        }
        found
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\r')) {
            self.pos += 1;
        }
    }

    fn at_end_or_comment(&self) -> bool {
        matches!(self.peek(), None | Some('#'))
    }

    /// Parses one line: a statement, or nothing for blank and comment lines.
    fn statement(&mut self) -> Result<Option<Quad>, ParseError> {
        self.skip_ws();
        if self.at_end_or_comment() {
            return Ok(None);
        }
        let subject = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            Some('_') => Term::Blank(self.blank()?),
            _ => return Err(self.error("expected a subject (IRI or blank node)")),
        };
        self.skip_ws();
        let predicate = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            _ => return Err(self.error("expected a predicate IRI")),
        };
        self.skip_ws();
        let object = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            Some('_') => Term::Blank(self.blank()?),
            Some('"') => Term::Literal(self.literal()?),
            _ => return Err(self.error("expected an object (IRI, blank node or literal)")),
        };
        self.skip_ws();
        let graph = match self.peek() {
            Some('<') => Some(Term::Iri(self.iri()?)),
            Some('_') => Some(Term::Blank(self.blank()?)),
            _ => None,
        };
        self.skip_ws();
        if !self.eat(".") {
            return Err(self.error("expected '.' at the end of the statement"));
        }
        self.skip_ws();
        if !self.at_end_or_comment() {
            return Err(self.error("unexpected text after the end of the statement"));
        }
        Ok(Some(Quad {
            subject,
            predicate,
            object,
            graph,
        }))
    }

    /// Parses `<...>` and returns the IRI with its escapes decoded; it must be absolute.
    fn iri(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.eat("<");
        let mut iri = String::new();
        loop {
            iri.push_str(self.take_run(|b| {
                b <= 0x20
                    || matches!(
                        b,
                        b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\'
                    )
            }));
            match self.bump() {
                None => return Err(self.error("unterminated IRI (missing '>')")),
                Some('>') => break,
                Some('\\') => iri.push(self.uchar()?),
                Some(c @ ('\u{0}'..='\u{20}' | '<' | '"' | '{' | '}' | '|' | '^' | '`')) => {
                    self.pos -= c.len_utf8();
                    return Err(self.error(format!("character {c:?} is not allowed in an IRI")));
                }
                Some(c) => iri.push(c),
            }
        }
        if !has_scheme(&iri) {
            self.pos = start;
            return Err(self.error(format!("IRI <{iri}> is not absolute")));
        }
        Ok(iri)
    }

    /// Parses the hex digits of `\uXXXX` or `\UXXXXXXXX`, after the backslash.
    fn uchar(&mut self) -> Result<char, ParseError> {
        let digits = match self.bump() {
            Some('u') => 4,
            Some('U') => 8,
            _ => return Err(self.error("only \\u and \\U escapes are allowed here")),
        };
        let hex = self
            .text
            .get(self.pos..self.pos + digits)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error(format!("expected {digits} hex digits after \\u/\\U")))?;
        let code = u32::from_str_radix(hex, 16)
            .map_err(|_| self.error("invalid hex digits in an escape"))?;
        let c = char::from_u32(code)
            .ok_or_else(|| self.error(format!("U+{code:04X} is not a Unicode scalar value")))?;
        self.pos += digits;
        Ok(c)
    }

    /// Parses `_:label` and returns the label.
    fn blank(&mut self) -> Result<String, ParseError> {
        if !self.eat("_:") {
            return Err(self.error("expected '_:' to start a blank node"));
        }
        let start = self.pos;
        match self.peek() {
            Some(c) if is_pn_chars_u(c) || c.is_ascii_digit() => self.pos += c.len_utf8(),
            _ => return Err(self.error("invalid first character of a blank node label")),
        }
        while let Some(c) = self.peek() {
            if is_pn_chars(c) || c == '.' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        let mut label = self.text.get(start..self.pos).unwrap_or_default();
        while let Some(trimmed) = label.strip_suffix('.') {
            label = trimmed;
            self.pos -= 1;
        }
        Ok(label.to_owned())
    }

    /// Parses a string literal with its optional language tag or datatype.
    fn literal(&mut self) -> Result<Literal, ParseError> {
        self.eat("\"");
        let mut value = String::new();
        loop {
            value.push_str(self.take_run(|b| matches!(b, b'"' | b'\\' | b'\r')));
            match self.bump() {
                None => return Err(self.error("unterminated string literal")),
                Some('"') => break,
                Some('\\') => value.push(self.echar_or_uchar()?),
                Some('\r') => {
                    self.pos -= 1;
                    return Err(self.error("raw carriage return in a string literal"));
                }
                Some(c) => value.push(c),
            }
        }
        if self.eat("@") {
            let start = self.pos;
            let mut part_len = 0usize;
            let mut first = true;
            while let Some(c) = self.peek() {
                if c.is_ascii_alphabetic() || (!first && c.is_ascii_digit()) {
                    part_len += 1;
                } else if c == '-' && part_len > 0 {
                    first = false;
                    part_len = 0;
                } else {
                    break;
                }
                self.pos += 1;
            }
            if part_len == 0 {
                return Err(self.error("invalid language tag"));
            }
            let language = self
                .text
                .get(start..self.pos)
                .unwrap_or_default()
                .to_owned();
            return Ok(Literal {
                value,
                datatype: RDF_LANG_STRING.to_owned(),
                language: Some(language),
            });
        }
        if self.eat("^^") {
            if self.peek() != Some('<') {
                return Err(self.error("expected a datatype IRI after '^^'"));
            }
            let datatype = self.iri()?;
            return Ok(Literal {
                value,
                datatype,
                language: None,
            });
        }
        Ok(Literal {
            value,
            datatype: XSD_STRING.to_owned(),
            language: None,
        })
    }

    /// Decodes an escape in a string literal, after the backslash.
    fn echar_or_uchar(&mut self) -> Result<char, ParseError> {
        let c = match self.peek() {
            Some('t') => '\t',
            Some('b') => '\u{8}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('f') => '\u{c}',
            Some('"') => '"',
            Some('\'') => '\'',
            Some('\\') => '\\',
            Some('u' | 'U') => return self.uchar(),
            _ => return Err(self.error("invalid escape in a string literal")),
        };
        self.pos += 1;
        Ok(c)
    }
}

/// Whether `iri` starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
fn has_scheme(iri: &str) -> bool {
    let Some((scheme, _)) = iri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_' || c == ':'
}

fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || c == '-'
        || c.is_ascii_digit()
        || matches!(c, '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_escapes_and_graphs() {
        let doc = "# comment\n\
            _:b0 <http://ex/p> \"a\\n\\u00e9\\U0001F303\"@en-GB <http://ex/g> .\r\n\
            \n\
            <http://ex/s> <http://ex/p> \"1\"^^<http://ex/int> _:g1.\n\
            <http://ex/s> <http://ex/p> _:b.1. # trailing comment";
        let ds = parse_nquads(doc).unwrap();
        assert_eq!(ds.len(), 3);
        assert_eq!(ds[0].subject, Term::Blank("b0".into()));
        let Term::Literal(lit) = &ds[0].object else {
            panic!("not a literal")
        };
        assert_eq!(lit.value, "a\n\u{e9}\u{1F303}");
        assert_eq!(lit.language.as_deref(), Some("en-GB"));
        assert_eq!(lit.datatype, RDF_LANG_STRING);
        assert_eq!(ds[0].graph, Some(Term::Iri("http://ex/g".into())));
        assert_eq!(ds[1].graph, Some(Term::Blank("g1".into())));
        assert_eq!(ds[2].object, Term::Blank("b.1".into()));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = parse_nquads("<http://ex/s> <http://ex/p> <o> .\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 29));
        assert!(err.message.contains("not absolute"), "{err}");
        let err = parse_nquads("\n<http://ex/s> <http://ex/p> \"x\\q\" .").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse_nquads("<http://ex/s> <http://ex/p> \"x\" <http://ex/g>").unwrap_err();
        assert!(err.message.contains("'.'"), "{err}");
        assert!(parse_nquads("<http://ex/s> \"p\" <http://ex/o> .").is_err());
        assert!(parse_nquads("<http://ex/s> <http://ex/p> \"\\uD800\" .").is_err());
        assert!(parse_nquads("<http://ex/s> <http://ex/p> \"x\"@ .").is_err());
        assert!(parse_nquads("<http://ex/s> <http://e x/p> <http://ex/o> .").is_err());
    }
}
