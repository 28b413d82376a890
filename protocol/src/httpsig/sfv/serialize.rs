//! The RFC 8941 §4.1 serialisation of bare items, parameters, items and inner lists.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{BareItem, InnerList, Item, Parameters};

/// Serialises a string as an sf-string (`"..."` with `\"` and `\\` escaped).
pub fn serialize_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// Serialises a bare item.
pub fn serialize_bare(item: &BareItem, out: &mut String) {
    match item {
        BareItem::Integer(n) => out.push_str(&n.to_string()),
        BareItem::Decimal(t) => {
            let sign = if *t < 0 { "-" } else { "" };
            let abs = t.unsigned_abs();
            let frac = format!("{:03}", abs % 1000);
            let frac = frac.trim_end_matches('0');
            let frac = if frac.is_empty() { "0" } else { frac };
            out.push_str(&format!("{sign}{}.{frac}", abs / 1000));
        }
        BareItem::String(s) => serialize_string(s, out),
        BareItem::Token(t) => out.push_str(t),
        BareItem::ByteSeq(b) => {
            out.push(':');
            out.push_str(&STANDARD.encode(b));
            out.push(':');
        }
        BareItem::Boolean(b) => out.push_str(if *b { "?1" } else { "?0" }),
    }
}

/// Serialises parameters (`;key=value`, booleans true as `;key`).
pub fn serialize_params(params: &Parameters, out: &mut String) {
    for (k, v) in params {
        out.push(';');
        out.push_str(k);
        if *v != BareItem::Boolean(true) {
            out.push('=');
            serialize_bare(v, out);
        }
    }
}

/// Serialises an item with its parameters.
pub fn serialize_item(item: &Item, out: &mut String) {
    serialize_bare(&item.bare, out);
    serialize_params(&item.params, out);
}

/// Serialises an inner list with its parameters.
pub fn serialize_inner_list(list: &InnerList) -> String {
    let mut out = String::from("(");
    for (i, item) in list.items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        serialize_item(item, &mut out);
    }
    out.push(')');
    serialize_params(&list.params, &mut out);
    out
}
