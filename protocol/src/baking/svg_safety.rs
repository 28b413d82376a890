//! Refusing SVG that could run script or reach other origins when served from the
//! institution's own origin: script and embedding elements, event attributes, `javascript:`
//! URLs, external references (`href`, CSS `url()` and `@import`), DTD subsets and
//! stylesheet processing instructions.

use super::BakeError;
use super::xml::{Document, Element, Item};

/// Elements that run script, embed documents or define event handlers.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "audio",
    "video",
];

const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

fn refuse(offset: usize, detail: String) -> BakeError {
    BakeError::ActiveContent { offset, detail }
}

/// Lower-cased, with ASCII whitespace and control characters removed (as URL parsers do
/// before reading a scheme: `java\tscript:` is `javascript:`).
fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A reference that stays inside the document: a fragment, or an inline image.
fn is_local_reference(target: &str) -> bool {
    let t = squeeze(target);
    t.starts_with('#') || t.starts_with("data:image/")
}

/// CSS with its escapes decoded (`\75 rl(` is `url(`, `\@` is `@`), so that the checks
/// below see what a CSS parser sees.
fn unescape_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
        } else {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
        }
    }
    out
}

/// Checks CSS text (a `<style>` element or a `style` attribute).
fn check_css(css: &str, offset: usize, what: &str) -> Result<(), BakeError> {
    let css = squeeze(&unescape_css(css));
    for bad in ["@import", "expression(", "behavior:", "-moz-binding"] {
        if css.contains(bad) {
            return Err(refuse(offset, format!("`{bad}` in {what}")));
        }
    }
    let mut rest = css.as_str();
    while let Some(at) = rest.find("url(") {
        rest = rest.get(at + 4..).unwrap_or_default();
        let target = rest.split(')').next().unwrap_or_default();
        let target = target.trim_matches(|c| c == '"' || c == '\'');
        if !is_local_reference(target) {
            return Err(refuse(offset, format!("external url({target}) in {what}")));
        }
    }
    Ok(())
}

fn check_element(e: &Element<'_>) -> Result<(), BakeError> {
    let local = e.local.to_ascii_lowercase();
    if FORBIDDEN_ELEMENTS.contains(&local.as_str()) {
        return Err(refuse(e.span.start, format!("<{}> element", e.qname)));
    }
    if e.ns.as_deref() == Some(XHTML_NAMESPACE) {
        return Err(refuse(e.span.start, format!("XHTML element <{}>", e.qname)));
    }
    let animates_link = matches!(local.as_str(), "animate" | "set" | "animatemotion");
    for a in &e.attrs {
        let name = a.local().to_ascii_lowercase();
        let at = a.span.start;
        if name.starts_with("on") {
            return Err(refuse(
                at,
                format!("event attribute `{}` on <{}>", a.name, e.qname),
            ));
        }
        let value = a.value()?;
        let squeezed = squeeze(&value);
        for scheme in ["javascript:", "vbscript:"] {
            if squeezed.contains(scheme) {
                return Err(refuse(
                    at,
                    format!("`{scheme}` URL in `{}` on <{}>", a.name, e.qname),
                ));
            }
        }
        if name == "href" && !is_local_reference(&value) {
            return Err(refuse(
                at,
                format!(
                    "external reference `{}` in `{}` on <{}>",
                    value.trim(),
                    a.name,
                    e.qname
                ),
            ));
        }
        if animates_link && name == "attributename" {
            let target = squeezed.rsplit(':').next().unwrap_or_default();
            if target == "href" || target.starts_with("on") {
                return Err(refuse(at, format!("<{}> animating `{value}`", e.qname)));
            }
        }
        if name == "style" {
            check_css(&value, at, "a style attribute")?;
        } else if squeezed.contains("url(") || value.contains('\\') {
            check_css(&value, at, &format!("attribute `{}`", a.name))?;
        }
    }
    Ok(())
}

/// Refuses active or external content anywhere in a parsed SVG.
pub(crate) fn check(doc: &Document<'_>) -> Result<(), BakeError> {
    let mut in_style: Option<usize> = None;
    for item in &doc.items {
        match item {
            Item::Doctype {
                internal_subset: true,
                at,
            } => {
                return Err(refuse(
                    *at,
                    "a DOCTYPE with an internal subset (entity declarations)".into(),
                ));
            }
            Item::Pi { target, at } if *target != "xml" => {
                return Err(refuse(*at, format!("processing instruction <?{target}")));
            }
            Item::Start(e) => {
                check_element(e)?;
                in_style =
                    (e.local.eq_ignore_ascii_case("style") && !e.self_closing).then_some(e.depth);
            }
            Item::Text { raw, at, depth } if in_style.is_some_and(|d| *depth == d + 1) => {
                check_css(raw, *at, "a <style> element")?;
            }
            Item::Cdata { content, depth } if in_style.is_some_and(|d| *depth == d + 1) => {
                check_css(content, 0, "a <style> element")?;
            }
            _ => {}
        }
    }
    Ok(())
}
