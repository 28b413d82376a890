//! A small, strict, non-validating XML reader for SVG: tokens with byte spans (so that baking
//! can splice the original text), well-formedness (nesting, one root) and namespace
//! resolution. No DTD processing: only the five predefined entities and character references.

use std::borrow::Cow;
use std::ops::Range;

use super::BakeError;
use super::xml_reader::Reader;

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The deepest element nesting accepted (real SVG stays far below; the bound keeps namespace
/// lookups, which walk the open elements, linear in the size of the document).
pub(crate) const MAX_DEPTH: usize = 256;

/// An attribute as written.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'a> {
    /// Qualified name (`xlink:href`).
    pub name: &'a str,
    /// The value between the quotes, entities not yet decoded.
    pub raw: &'a str,
    /// Span of `name="value"`.
    pub span: Range<usize>,
}

impl Attr<'_> {
    /// The local part of the name (after any prefix).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(self.name)
    }

    /// The value with entity and character references decoded.
    pub fn value(&self) -> Result<Cow<'_, str>, BakeError> {
        decode(self.raw, self.span.start)
    }
}

/// A start tag, with what namespace resolution and nesting found out.
#[derive(Debug, Clone)]
pub(crate) struct Element<'a> {
    /// Qualified name.
    pub qname: &'a str,
    /// Local name.
    pub local: &'a str,
    /// Namespace URI, if any.
    pub ns: Option<String>,
    /// Attributes in document order.
    pub attrs: Vec<Attr<'a>>,
    /// Span of the start tag.
    pub span: Range<usize>,
    /// Offset of the `>` or `/>` that closes the start tag.
    pub close_at: usize,
    /// `<x/>`.
    pub self_closing: bool,
    /// Offset just past the end tag (or the start tag when self-closing).
    pub end: usize,
    /// 0 for the root.
    pub depth: usize,
}

impl Element<'_> {
    /// The attribute with this qualified name.
    pub fn attr(&self, qname: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == qname)
    }
}

/// One piece of the document.
#[derive(Debug, Clone)]
pub(crate) enum Item<'a> {
    /// A start tag (or empty-element tag).
    Start(Element<'a>),
    /// An end tag.
    End,
    /// Character data, entities not decoded; `depth` is that of the enclosing element + 1.
    Text {
        raw: &'a str,
        at: usize,
        depth: usize,
    },
    /// A CDATA section's content.
    Cdata { content: &'a str, depth: usize },
    /// A comment.
    Comment,
    /// A processing instruction (`target` is `xml` for the XML declaration).
    Pi { target: &'a str, at: usize },
    /// A document type declaration.
    Doctype { internal_subset: bool, at: usize },
}

pub(super) fn err(offset: usize, detail: impl Into<String>) -> BakeError {
    BakeError::Xml {
        offset,
        detail: detail.into(),
    }
}

/// Decodes `&lt; &gt; &amp; &quot; &apos;` and `&#N;` / `&#xH;`; anything else is an error.
pub(crate) fn decode(raw: &str, at: usize) -> Result<Cow<'_, str>, BakeError> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let semi = after
            .find(';')
            .ok_or_else(|| err(at, "`&` without a closing `;`"))?;
        let name = after.get(..semi).unwrap_or_default();
        let ch = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    return Err(err(at, format!("undefined entity `&{name};`")));
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| err(at, format!("invalid character reference `&{name};`")))?
            }
        };
        out.push(ch);
        rest = after.get(semi + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// A parsed, well-formed document.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    /// Everything in document order.
    pub items: Vec<Item<'a>>,
    /// Index of the root element in `items`.
    pub root: usize,
}

impl<'a> Document<'a> {
    /// The root element.
    pub fn root(&self) -> Option<&Element<'a>> {
        match self.items.get(self.root) {
            Some(Item::Start(e)) => Some(e),
            _ => None,
        }
    }

    /// Elements in document order.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.items.iter().filter_map(|i| match i {
            Item::Start(e) => Some(e),
            _ => None,
        })
    }
}

struct Scope<'a> {
    qname: &'a str,
    item: usize,
    namespaces: Vec<(&'a str, String)>,
}

fn resolve(scopes: &[Scope<'_>], prefix: &str) -> Option<String> {
    if prefix == "xml" {
        return Some(XML_NAMESPACE.to_owned());
    }
    scopes
        .iter()
        .rev()
        .flat_map(|s| s.namespaces.iter().rev())
        .find(|(p, _)| *p == prefix)
        .map(|(_, uri)| uri.clone())
        .filter(|uri| !uri.is_empty())
}

/// Parses `src` into items, checking that tags nest, there is exactly one root element, no
/// text or CDATA lies outside it, and every element prefix is declared.
pub(crate) fn parse(src: &str) -> Result<Document<'_>, BakeError> {
    let mut reader = Reader::new(src);
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut scopes: Vec<Scope<'_>> = Vec::new();
    let mut root: Option<usize> = None;
    let body = src.strip_prefix('\u{feff}').map_or(0, |_| 3);
    reader.pos = body;
    while reader.pos < src.len() {
        let start = reader.pos;
        let depth = scopes.len();
        let rest = src.get(start..).unwrap_or_default();
        if !rest.starts_with('<') {
            let end = reader.find("<", start).unwrap_or(src.len());
            let raw = reader.slice(start..end)?;
            if depth == 0 && !raw.trim().is_empty() {
                return Err(err(start, "text outside the root element"));
            }
            decode(raw, start)?;
            reader.pos = end;
            items.push(Item::Text {
                raw,
                at: start,
                depth,
            });
        } else if rest.starts_with("<!--") {
            let close = reader
                .find("-->", start + 4)
                .ok_or_else(|| err(start, "unterminated comment"))?;
            reader.pos = close + 3;
            items.push(Item::Comment);
        } else if rest.starts_with("<![CDATA[") {
            let close = reader
                .find("]]>", start + 9)
                .ok_or_else(|| err(start, "unterminated CDATA section"))?;
            if depth == 0 {
                return Err(err(start, "CDATA section outside the root element"));
            }
            let content = reader.slice(start + 9..close)?;
            reader.pos = close + 3;
            items.push(Item::Cdata { content, depth });
        } else if rest.starts_with("<!") {
            if root.is_some() {
                return Err(err(start, "<!DOCTYPE after the root element"));
            }
            items.push(reader.doctype(start)?);
        } else if rest.starts_with("<?") {
            let close = reader
                .find("?>", start + 2)
                .ok_or_else(|| err(start, "unterminated processing instruction"))?;
            let target = reader.slice(start + 2..reader.name_end(start + 2).min(close))?;
            reader.pos = close + 2;
            items.push(Item::Pi { target, at: start });
        } else if rest.starts_with("</") {
            let close = reader
                .find(">", start + 2)
                .ok_or_else(|| err(start, "unterminated end tag"))?;
            let name = reader.slice(start + 2..close)?.trim_end();
            let scope = scopes
                .pop()
                .ok_or_else(|| err(start, format!("end tag </{name}> without a start tag")))?;
            if scope.qname != name {
                return Err(err(
                    start,
                    format!("end tag </{name}> does not match <{}>", scope.qname),
                ));
            }
            reader.pos = close + 1;
            if let Some(Item::Start(e)) = items.get_mut(scope.item) {
                e.end = reader.pos;
            }
            items.push(Item::End);
        } else {
            if depth == 0 && root.is_some() {
                return Err(err(start, "more than one root element"));
            }
            if depth >= MAX_DEPTH {
                return Err(err(
                    start,
                    format!("elements nested deeper than {MAX_DEPTH}"),
                ));
            }
            let (mut element, self_closing) = reader.start_tag(start)?;
            let mut namespaces = Vec::new();
            for a in &element.attrs {
                if a.name == "xmlns" {
                    namespaces.push(("", a.value()?.into_owned()));
                } else if let Some(prefix) = a.name.strip_prefix("xmlns:") {
                    namespaces.push((prefix, a.value()?.into_owned()));
                }
            }
            let prefix = element.qname.rsplit_once(':').map_or("", |(p, _)| p);
            scopes.push(Scope {
                qname: element.qname,
                item: items.len(),
                namespaces,
            });
            element.ns = resolve(&scopes, prefix);
            if !prefix.is_empty() && element.ns.is_none() {
                return Err(err(
                    start,
                    format!("namespace prefix `{prefix}` is not declared"),
                ));
            }
            element.depth = depth;
            if depth == 0 {
                root = Some(items.len());
            }
            if self_closing {
                scopes.pop();
            }
            items.push(Item::Start(element));
        }
    }
    if let Some(open) = scopes.last() {
        return Err(err(
            src.len(),
            format!("element <{}> is not closed", open.qname),
        ));
    }
    let root = root.ok_or_else(|| err(0, "no root element"))?;
    Ok(Document { items, root })
}
