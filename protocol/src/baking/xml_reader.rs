//! The tag-level part of the XML reader: names, start tags with their attributes, and
//! document type declarations, each with byte spans.

use std::ops::Range;

use super::BakeError;
use super::xml::{Attr, Element, Item, err};

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.') || !c.is_ascii())
}

/// A cursor over the source text.
pub(super) struct Reader<'a> {
    pub src: &'a str,
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a str) -> Self {
        Reader { src, pos: 0 }
    }

    pub fn find(&self, pat: &str, from: usize) -> Option<usize> {
        self.src.get(from..)?.find(pat).map(|i| i + from)
    }

    pub fn slice(&self, range: Range<usize>) -> Result<&'a str, BakeError> {
        let at = range.start;
        self.src.get(range).ok_or_else(|| err(at, "bad offset"))
    }

    pub fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    pub fn skip_ws(&self, mut at: usize) -> usize {
        while self.byte(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        at
    }

    /// Reads up to a delimiter; returns the end offset.
    pub fn name_end(&self, mut at: usize) -> usize {
        while self
            .byte(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'=' | b'<'))
        {
            at += 1;
        }
        at
    }

    pub fn doctype(&mut self, start: usize) -> Result<Item<'a>, BakeError> {
        if !self
            .src
            .get(start..)
            .is_some_and(|s| s.starts_with("<!DOCTYPE"))
        {
            return Err(err(
                start,
                "unknown markup declaration (only <!DOCTYPE is allowed)",
            ));
        }
        let (mut quote, mut depth, mut internal_subset) = (None, 0usize, false);
        let mut at = start + 9;
        loop {
            let b = self
                .byte(at)
                .ok_or_else(|| err(start, "unterminated <!DOCTYPE"))?;
            match (quote, b) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'[') => {
                    depth += 1;
                    internal_subset = true;
                }
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => break,
                _ => {}
            }
            at += 1;
        }
        self.pos = at + 1;
        Ok(Item::Doctype {
            internal_subset,
            at: start,
        })
    }

    pub fn start_tag(&mut self, start: usize) -> Result<(Element<'a>, bool), BakeError> {
        let name_end = self.name_end(start + 1);
        let qname = self.slice(start + 1..name_end)?;
        if !is_name(qname) {
            return Err(err(start, format!("invalid element name `{qname}`")));
        }
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        let mut at = name_end;
        let (close_at, self_closing) = loop {
            at = self.skip_ws(at);
            match self.byte(at) {
                None => return Err(err(start, format!("unterminated start tag <{qname}"))),
                Some(b'>') => break (at, false),
                Some(b'/') if self.byte(at + 1) == Some(b'>') => break (at, true),
                Some(_) => {}
            }
            let name_start = at;
            let end = self.name_end(at);
            let name = self.slice(at..end)?;
            if !is_name(name) {
                return Err(err(at, format!("invalid attribute name in <{qname}>")));
            }
            at = self.skip_ws(end);
            if self.byte(at) != Some(b'=') {
                return Err(err(at, format!("attribute `{name}` has no value")));
            }
            at = self.skip_ws(at + 1);
            let quote = self
                .byte(at)
                .filter(|b| matches!(b, b'"' | b'\''))
                .ok_or_else(|| err(at, format!("value of `{name}` is not quoted")))?;
            let close = self
                .find(if quote == b'"' { "\"" } else { "'" }, at + 1)
                .ok_or_else(|| err(at, format!("unterminated value of `{name}`")))?;
            let raw = self.slice(at + 1..close)?;
            if raw.contains('<') {
                return Err(err(at, format!("`<` in the value of `{name}`")));
            }
            if attrs.iter().any(|a| a.name == name) {
                return Err(err(name_start, format!("duplicate attribute `{name}`")));
            }
            at = close + 1;
            attrs.push(Attr {
                name,
                raw,
                span: name_start..at,
            });
        };
        let tag_end = close_at + if self_closing { 2 } else { 1 };
        self.pos = tag_end;
        let local = qname.rsplit(':').next().unwrap_or(qname);
        let element = Element {
            qname,
            local,
            ns: None,
            attrs,
            span: start..tag_end,
            close_at,
            self_closing,
            end: tag_end,
            depth: 0,
        };
        Ok((element, self_closing))
    }
}
