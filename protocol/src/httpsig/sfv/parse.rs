//! The RFC 8941 §4.2 parsing algorithms for dictionaries, inner lists, items and
//! parameters.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{BareItem, Dictionary, InnerList, Item, Member, Parameters};

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

type PResult<T> = Result<T, String>;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }
    fn eof(&self) -> bool {
        self.pos >= self.input.len()
    }
    fn skip_sp(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }
    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }
    fn err<T>(&self, what: &str) -> PResult<T> {
        Err(format!("{what} at offset {}", self.pos))
    }

    fn dictionary(&mut self) -> PResult<Dictionary> {
        let mut dict: Dictionary = Vec::new();
        self.skip_sp();
        while !self.eof() {
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.member()?
            } else {
                Member::Item(Item {
                    bare: BareItem::Boolean(true),
                    params: self.parameters()?,
                })
            };
            match dict.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => dict.push((key, value)),
            }
            self.skip_ows();
            if self.eof() {
                return Ok(dict);
            }
            if self.next() != Some(b',') {
                return self.err("expected ',' between dictionary members");
            }
            self.skip_ows();
            if self.eof() {
                return self.err("trailing ',' in dictionary");
            }
        }
        Ok(dict)
    }

    fn member(&mut self) -> PResult<Member> {
        if self.peek() == Some(b'(') {
            self.inner_list().map(Member::InnerList)
        } else {
            self.item().map(Member::Item)
        }
    }

    fn inner_list(&mut self) -> PResult<InnerList> {
        if self.next() != Some(b'(') {
            return self.err("expected '('");
        }
        let mut items = Vec::new();
        loop {
            self.skip_sp();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    let params = self.parameters()?;
                    return Ok(InnerList { items, params });
                }
                None => return self.err("unterminated inner list"),
                _ => {}
            }
            items.push(self.item()?);
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return self.err("expected ' ' or ')' in inner list");
            }
        }
    }

    fn item(&mut self) -> PResult<Item> {
        let bare = self.bare_item()?;
        let params = self.parameters()?;
        Ok(Item { bare, params })
    }

    fn parameters(&mut self) -> PResult<Parameters> {
        let mut params: Parameters = Vec::new();
        while self.peek() == Some(b';') {
            self.pos += 1;
            self.skip_sp();
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            match params.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => params.push((key, value)),
            }
        }
        Ok(params)
    }

    fn key(&mut self) -> PResult<String> {
        match self.peek() {
            Some(c) if c.is_ascii_lowercase() || c == b'*' => {}
            _ => return self.err("expected a key (lowercase letter or '*')"),
        }
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-.*".contains(&c) {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(self.slice(start))
    }

    fn slice(&self, start: usize) -> String {
        String::from_utf8_lossy(self.input.get(start..self.pos).unwrap_or_default()).into_owned()
    }

    fn bare_item(&mut self) -> PResult<BareItem> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string().map(BareItem::String),
            Some(b':') => self.byte_seq().map(BareItem::ByteSeq),
            Some(b'?') => self.boolean().map(BareItem::Boolean),
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => self.token().map(BareItem::Token),
            _ => self.err("expected a bare item"),
        }
    }

    fn number(&mut self) -> PResult<BareItem> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        let mut dot: Option<usize> = None;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                self.pos += 1;
            } else if c == b'.' && dot.is_none() {
                dot = Some(self.pos);
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.slice(start);
        let sign = if negative { -1 } else { 1 };
        match dot {
            None => {
                if text.is_empty() || text.len() > 15 {
                    return self.err("integer must have 1 to 15 digits");
                }
                text.parse::<i64>()
                    .map(|n| BareItem::Integer(sign * n))
                    .map_err(|e| e.to_string())
            }
            Some(_) => {
                let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
                if int.is_empty() || int.len() > 12 || frac.is_empty() || frac.len() > 3 {
                    return self.err("malformed decimal");
                }
                let int: i64 = int
                    .parse()
                    .map_err(|e: std::num::ParseIntError| e.to_string())?;
                let frac_n: i64 = format!("{frac:0<3}")
                    .parse()
                    .map_err(|e: std::num::ParseIntError| e.to_string())?;
                Ok(BareItem::Decimal(sign * (int * 1000 + frac_n)))
            }
        }
    }

    fn string(&mut self) -> PResult<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.next() {
                None => return self.err("unterminated string"),
                Some(b'"') => return Ok(out),
                Some(b'\\') => match self.next() {
                    Some(c @ (b'"' | b'\\')) => out.push(char::from(c)),
                    _ => return self.err("invalid escape in string"),
                },
                Some(c @ 0x20..=0x7e) => out.push(char::from(c)),
                Some(_) => return self.err("non-printable character in string"),
            }
        }
    }

    fn token(&mut self) -> PResult<String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&c) {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(self.slice(start))
    }

    fn byte_seq(&mut self) -> PResult<Vec<u8>> {
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || b"+/=".contains(&c) {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.slice(start);
        if self.next() != Some(b':') {
            return self.err("unterminated byte sequence");
        }
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| format!("invalid base64 in byte sequence: {e}"))
    }

    fn boolean(&mut self) -> PResult<bool> {
        self.pos += 1;
        match self.next() {
            Some(b'1') => Ok(true),
            Some(b'0') => Ok(false),
            _ => self.err("boolean must be ?0 or ?1"),
        }
    }
}

/// Parses a dictionary field value (RFC 8941 §4.2.2).
pub fn parse_dictionary(value: &str) -> Result<Dictionary, String> {
    let mut p = Parser {
        input: value.as_bytes(),
        pos: 0,
    };
    p.dictionary()
}

/// Parses a single item with parameters, e.g. a component identifier `"@query-param";name="a"`.
pub fn parse_item(value: &str) -> Result<Item, String> {
    let mut p = Parser {
        input: value.as_bytes(),
        pos: 0,
    };
    p.skip_sp();
    let item = p.item()?;
    p.skip_sp();
    if !p.eof() {
        return p.err("unexpected characters after item");
    }
    Ok(item)
}
