//! Baking a credential into an SVG (`<openbadges:credential>` as the first child of the root
//! `<svg>`, the JSON in CDATA) and reading it back (CDATA, text or `verify` attribute).

use super::BakeError;
use super::xml::{self, Document, Element, Item};

/// The SVG namespace.
pub const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// The namespace OB 3.0 binds to the `openbadges` prefix in baked SVGs.
pub const OB3_SVG_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

const ELEMENT: &str = "openbadges:credential";

/// Whether this element carries a baked credential: `openbadges:credential` as written by the
/// spec, or `credential` in the OB 3.0 namespace under another prefix.
fn is_credential(e: &Element<'_>) -> bool {
    e.qname == ELEMENT || (e.local == "credential" && e.ns.as_deref() == Some(OB3_SVG_NAMESPACE))
}

/// Parses `svg` and checks that its root is `svg` in the SVG namespace.
pub(crate) fn parse_svg(svg: &str) -> Result<Document<'_>, BakeError> {
    let doc = xml::parse(svg)?;
    let root = doc
        .root()
        .ok_or_else(|| BakeError::NotSvg("no root element".into()))?;
    if root.local != "svg" || root.ns.as_deref() != Some(SVG_NAMESPACE) {
        return Err(BakeError::NotSvg(format!(
            "the root element is <{}> in namespace {}, not <svg> in {SVG_NAMESPACE}",
            root.qname,
            root.ns.as_deref().unwrap_or("(none)")
        )));
    }
    Ok(doc)
}

/// Checks that XML 1.0 can carry every character of the credential.
fn check_xml_chars(text: &str) -> Result<(), BakeError> {
    match text.char_indices().find(|(_, c)| {
        matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    }) {
        Some((offset, c)) => Err(BakeError::XmlChar {
            code: u32::from(c),
            offset,
        }),
        None => Ok(()),
    }
}

/// Bakes `credential_json` into an SVG per OB 3.0: declares
/// `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root `<svg>` and inserts
/// `<openbadges:credential><![CDATA[...]]></openbadges:credential>` as its first child.
/// Existing credential elements are removed first; the rest of the text is kept byte for
/// byte. A `]]>` inside the JSON is split across two CDATA sections.
pub fn bake_svg(svg: &str, credential_json: &str) -> Result<String, BakeError> {
    check_xml_chars(credential_json)?;
    let doc = parse_svg(svg)?;
    let root = doc
        .root()
        .ok_or_else(|| BakeError::NotSvg("no root element".into()))?;
    let declaration = format!("xmlns:openbadges=\"{OB3_SVG_NAMESPACE}\"");
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    match root.attr("xmlns:openbadges") {
        Some(a) if a.value()? == OB3_SVG_NAMESPACE => {}
        Some(a) => edits.push((a.span.start, a.span.end, declaration)),
        None => edits.push((root.close_at, root.close_at, format!(" {declaration}"))),
    }
    let element = format!(
        "<{ELEMENT}><![CDATA[{}]]></{ELEMENT}>",
        credential_json.replace("]]>", "]]]]><![CDATA[>")
    );
    if root.self_closing {
        let close = format!(">{element}</{}>", root.qname);
        edits.push((root.close_at, root.span.end, close));
    } else {
        edits.push((root.span.end, root.span.end, element));
    }
    let mut removed_until = 0;
    for e in doc.elements().filter(|e| e.depth > 0 && is_credential(e)) {
        // A credential element nested in one already removed goes with it.
        if e.span.start >= removed_until {
            edits.push((e.span.start, e.end, String::new()));
            removed_until = e.end;
        }
    }
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(svg.len() + credential_json.len() + 128);
    let mut copied = 0;
    for (start, end, text) in edits {
        out.push_str(svg.get(copied..start).unwrap_or_default());
        out.push_str(&text);
        copied = end;
    }
    out.push_str(svg.get(copied..).unwrap_or_default());
    Ok(out)
}

/// Reads the credential baked into an SVG: the first `<openbadges:credential>` element's
/// `verify` attribute (a VC-JWT) if present, else its content (CDATA and/or text, trimmed).
/// `None` when the SVG has no such element.
pub fn extract_svg(svg: &str) -> Result<Option<String>, BakeError> {
    let doc = parse_svg(svg)?;
    let Some((index, element)) = doc
        .items
        .iter()
        .enumerate()
        .find_map(|(i, item)| match item {
            Item::Start(e) if is_credential(e) => Some((i, e)),
            _ => None,
        })
    else {
        return Ok(None);
    };
    if let Some(verify) = element.attr("verify") {
        let value = verify.value()?;
        if !value.trim().is_empty() {
            return Ok(Some(value.trim().to_owned()));
        }
    }
    let mut content = String::new();
    if !element.self_closing {
        for item in doc.items.iter().skip(index + 1) {
            match item {
                Item::Text { depth, .. } | Item::Cdata { depth, .. } if *depth <= element.depth => {
                    break;
                }
                Item::Text { raw, at, .. } => content.push_str(&xml::decode(raw, *at)?),
                Item::Cdata { content: c, .. } => content.push_str(c),
                Item::Start(e) if e.depth <= element.depth => break,
                _ => {}
            }
        }
    }
    let content = content.trim();
    if content.is_empty() {
        return Err(BakeError::EmptyCredential {
            offset: element.span.start,
        });
    }
    Ok(Some(content.to_owned()))
}
