//! The RFC 9421 §2.5 signature base: one `"component": value` line per covered component
//! (derived components and header fields), then the `"@signature-params"` line.

use super::HttpSigError;
use super::request::{Request, Target};
use super::sfv::{self, BareItem, InnerList, Item};

/// The component identifier as it appears in the base, e.g. `"@query-param";name="Pet"`.
pub(crate) fn identifier(item: &Item) -> String {
    let mut out = String::new();
    sfv::serialize_item(item, &mut out);
    out
}

/// The identifier without the quotes around its name: `@query-param;name="Pet"`.
pub(crate) fn display_name(item: &Item) -> String {
    let mut out = match &item.bare {
        BareItem::String(s) => s.clone(),
        other => {
            let mut s = String::new();
            sfv::serialize_bare(other, &mut s);
            s
        }
    };
    sfv::serialize_params(&item.params, &mut out);
    out
}

/// Builds the signature base for the covered components and parameters in `list`.
pub(crate) fn signature_base(list: &InnerList, request: &Request) -> Result<String, HttpSigError> {
    let target = request.target()?;
    let mut base = String::new();
    let mut seen: Vec<String> = Vec::new();
    for item in &list.items {
        let id = identifier(item);
        if seen.contains(&id) {
            return Err(HttpSigError::param(
                "covered components",
                format!("{id} is listed twice"),
            ));
        }
        let value = component_value(item, request, &target)?;
        if value.contains(['\n', '\r']) {
            return Err(HttpSigError::UnsupportedComponent {
                component: id,
                reason: "its value contains a line break".to_owned(),
            });
        }
        base.push_str(&id);
        base.push_str(": ");
        base.push_str(&value);
        base.push('\n');
        seen.push(id);
    }
    base.push_str("\"@signature-params\": ");
    base.push_str(&sfv::serialize_inner_list(list));
    Ok(base)
}

fn component_value(
    item: &Item,
    request: &Request,
    target: &Target,
) -> Result<String, HttpSigError> {
    let id = display_name(item);
    let unsupported = |reason: &str| HttpSigError::UnsupportedComponent {
        component: id.clone(),
        reason: reason.to_owned(),
    };
    let BareItem::String(name) = &item.bare else {
        return Err(unsupported("a component identifier must be a string"));
    };
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(unsupported("component names must be lowercase"));
    }
    let allowed: &[&str] = if name == "@query-param" {
        &["name"]
    } else {
        &[]
    };
    if let Some((k, _)) = item
        .params
        .iter()
        .find(|(k, _)| !allowed.contains(&k.as_str()))
    {
        return Err(unsupported(&format!("parameter {k:?} is not supported")));
    }
    let missing = || HttpSigError::ComponentMissing {
        component: id.clone(),
    };
    Ok(match name.as_str() {
        "@method" => request.method.clone(),
        "@target-uri" => request.target_uri.clone(),
        "@authority" => target.authority.clone(),
        "@scheme" => target.scheme.clone(),
        "@request-target" => target.request_target(),
        "@path" => target.path.clone(),
        "@query" => format!("?{}", target.query.as_deref().unwrap_or("")),
        "@query-param" => {
            let Some(BareItem::String(wanted)) = sfv::param(&item.params, "name") else {
                return Err(unsupported("@query-param needs a string name parameter"));
            };
            query_param(target.query.as_deref().unwrap_or(""), wanted)
                .map_err(|reason| unsupported(&reason))?
                .ok_or_else(missing)?
        }
        derived if derived.starts_with('@') => {
            return Err(unsupported("not a derived component of a request"));
        }
        field => request.header(field).ok_or_else(missing)?,
    })
}

/// The re-encoded value of query parameter `wanted`, `None` if absent; an error if it
/// occurs more than once (RFC 9421 §2.2.8).
fn query_param(query: &str, wanted: &str) -> Result<Option<String>, String> {
    let mut found = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if form_decode(name) == wanted.as_bytes() {
            if found.is_some() {
                return Err(format!("query parameter {wanted:?} occurs more than once"));
            }
            found = Some(percent_encode(&form_decode(value)));
        }
    }
    Ok(found)
}

fn form_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(v) = hex {
                    out.push(v);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"*-._".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_params_are_decoded_and_reencoded() {
        // RFC 9421 §2.2.8.
        let q = "param=value&foo=bar&baz=batman&qux=&bad=a%20b+c";
        assert_eq!(query_param(q, "baz").unwrap().as_deref(), Some("batman"));
        assert_eq!(query_param(q, "qux").unwrap().as_deref(), Some(""));
        assert_eq!(query_param(q, "bad").unwrap().as_deref(), Some("a%20b%20c"));
        assert_eq!(query_param(q, "nope").unwrap(), None);
        assert!(query_param("a=1&a=2", "a").is_err());
    }
}
