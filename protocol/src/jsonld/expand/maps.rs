//! Expansion of map-shaped property values: `@index`, `@id`, `@type` and `@language` maps.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::entries::{Cx, graph_wrap, is_graph_object};
use super::value::expand_value;
use crate::jsonld::context::{ActiveContext, CtxKey, Flags, TermDef, container};
use crate::jsonld::expanded::Item;
use crate::jsonld::{JsonLdError, Processor, err};

impl Processor {
    /// Step 13.8: `@index`, `@id` and `@type` maps (optionally with `@graph`).
    pub(super) fn index_map<'v>(
        &self,
        cx: &Cx<'_>,
        key: &str,
        flags: u8,
        def: Option<&TermDef>,
        value: &'v Value,
    ) -> Result<Vec<Item<'v>>, JsonLdError> {
        let Value::Object(map) = value else {
            return Ok(Vec::new());
        };
        let index_key = def.and_then(|d| d.index.as_deref()).unwrap_or("@index");
        let mut out = Vec::new();
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (index, index_value) in entries {
            let mut map_ctx = cx.active.clone();
            if flags & (container::ID | container::TYPE) != 0
                && let Some(prev) = &cx.active.previous
            {
                map_ctx = prev.clone();
            }
            if flags & container::TYPE != 0 {
                if let Some(scoped) = map_ctx.term(index).and_then(|d| d.context.as_ref()) {
                    map_ctx = self.apply_context(
                        &map_ctx,
                        &scoped.value,
                        Some(CtxKey::Scoped(scoped.id)),
                        scoped.base.as_deref(),
                        Flags::DEFAULT,
                    )?;
                }
            } else {
                map_ctx = cx.active.clone();
            }
            let expanded_index = cx.active.expand_vocab(index).map(|c| c.into_owned());
            let is_none = expanded_index.as_deref() == Some("@none");
            let values = self
                .expand_element(&map_ctx, Some(key), index_value, cx.base_url, true)?
                .into_vec();
            for mut item in values {
                if flags & container::GRAPH != 0 && !is_graph_object(&item) {
                    item = graph_wrap(item);
                }
                if flags & container::INDEX != 0 && index_key != "@index" && !is_none {
                    let re = expand_value(cx.active, index_key, &Value::String(index.clone()))?
                        .into_owned();
                    let prop = cx
                        .active
                        .expand_vocab(index_key)
                        .map(|c| c.into_owned())
                        .unwrap_or_default();
                    match &mut item {
                        Item::Node(n) => {
                            let mut vals = vec![re];
                            vals.extend(n.take_prop(&prop));
                            n.props.insert(0, (prop.into(), vals));
                        }
                        _ => {
                            return Err(err(
                                "invalid value object",
                                format!("{key}: property-valued index on a value"),
                            ));
                        }
                    }
                } else if flags & container::INDEX != 0 && !is_none {
                    match &mut item {
                        Item::Node(n) if n.index.is_none() => n.index = Some(index.clone()),
                        Item::Value(v) if v.index.is_none() => v.index = Some(index.clone()),
                        Item::List(_, i) if i.is_none() => *i = Some(index.clone()),
                        _ => {}
                    }
                } else if flags & container::ID != 0 && !is_none {
                    if let Item::Node(n) = &mut item
                        && n.id.is_none()
                    {
                        n.id = cx.active.expand_iri(index, true, false);
                    }
                } else if flags & container::TYPE != 0
                    && !is_none
                    && let (Item::Node(n), Some(t)) = (&mut item, &expanded_index)
                {
                    n.types.insert(0, Arc::from(t.as_str()));
                }
                out.push(item);
            }
        }
        Ok(out)
    }
}

/// Step 13.7: a language map.
pub(super) fn language_map<'v>(
    active: &ActiveContext,
    def: Option<&TermDef>,
    value: &'v Value,
) -> Result<Vec<Item<'v>>, JsonLdError> {
    use crate::jsonld::expanded::{Literal, ValueObject};
    let Value::Object(map) = value else {
        return Ok(Vec::new());
    };
    let direction = match def.and_then(|d| d.direction.clone()) {
        Some(d) => d,
        None => active.direction.clone(),
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (lang, lv) in entries {
        let items: &[Value] = match lv {
            Value::Array(a) => a,
            v => std::slice::from_ref(v),
        };
        let none = lang == "@none" || active.expand_vocab(lang).as_deref() == Some("@none");
        for item in items {
            match item {
                Value::Null => {}
                Value::String(s) => out.push(Item::Value(ValueObject {
                    value: Literal::Str(Cow::Borrowed(s)),
                    datatype: None,
                    language: (!none).then(|| lang.to_ascii_lowercase()),
                    direction: direction.clone(),
                    index: None,
                })),
                _ => {
                    return Err(err(
                        "invalid language map value",
                        format!("language map entry {lang} must hold strings"),
                    ));
                }
            }
        }
    }
    Ok(out)
}
