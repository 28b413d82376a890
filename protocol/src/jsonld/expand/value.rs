//! The Value Expansion algorithm (JSON-LD 1.1 API 5.3.2).

use serde_json::Value;

use std::borrow::Cow;
use std::sync::Arc;

use crate::jsonld::context::{ActiveContext, TermDef};
use crate::jsonld::expanded::{Item, Literal, Node, ValueObject};
use crate::jsonld::{JsonLdError, err};

/// Expands the scalar (or, for `@json` terms, any) `value` of property `prop`.
pub(crate) fn expand_value<'v>(
    active: &ActiveContext,
    prop: &str,
    value: &'v Value,
) -> Result<Item<'v>, JsonLdError> {
    expand_value_with(active, prop, active.term(prop), value)
}

/// [`expand_value`] with the definition of `prop` in `active` already looked up.
pub(crate) fn expand_value_with<'v>(
    active: &ActiveContext,
    prop: &str,
    def: Option<&Arc<TermDef>>,
    value: &'v Value,
) -> Result<Item<'v>, JsonLdError> {
    let type_mapping = def.and_then(|d| d.type_mapping.as_deref());
    if let Value::String(s) = value {
        match type_mapping {
            Some("@id") => {
                let id = active.expand_iri(s, true, false);
                return Ok(Item::Node(Box::new(Node {
                    id,
                    ..Node::default()
                })));
            }
            Some("@vocab") => {
                let id = active.expand_iri(s, true, true);
                return Ok(Item::Node(Box::new(Node {
                    id,
                    ..Node::default()
                })));
            }
            _ => {}
        }
    }
    let literal = match (type_mapping, value) {
        (Some("@json"), v) => Literal::Json(Box::new(v.clone())),
        (_, Value::String(s)) => Literal::Str(Cow::Borrowed(s)),
        (_, Value::Number(n)) => Literal::Num(n.clone()),
        (_, Value::Bool(b)) => Literal::Bool(*b),
        _ => {
            return Err(err(
                "invalid value object value",
                format!("property {prop} has a non-scalar value"),
            ));
        }
    };
    let mut v = ValueObject {
        value: literal,
        datatype: None,
        language: None,
        direction: None,
        index: None,
    };
    match type_mapping {
        Some(t) if !matches!(t, "@id" | "@vocab" | "@none") => {
            v.datatype = def.and_then(|d| d.type_mapping.clone());
        }
        _ => {
            if matches!(v.value, Literal::Str(_)) {
                v.language = match def.and_then(|d| d.language.as_ref()) {
                    Some(l) => l.clone(),
                    None => active.language.clone(),
                };
                v.direction = match def.and_then(|d| d.direction.as_ref()) {
                    Some(d) => d.clone(),
                    None => active.direction.clone(),
                };
            }
        }
    }
    Ok(Item::Value(v))
}
