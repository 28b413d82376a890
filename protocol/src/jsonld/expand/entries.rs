//! Expansion of one JSON object's entries (steps 13 and 14): keywords, properties,
//! containers (`@language`, `@index`, `@id`, `@type`, `@graph`, `@list`) and `@nest`.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::value::expand_value;
use super::{Building, Exp};
use crate::jsonld::context::{ActiveContext, TermDef, container};
use crate::jsonld::expanded::{Item, Node, push_to};
use crate::jsonld::iri::is_keyword;
use crate::jsonld::{JsonLdError, Processor, err};

/// The fixed inputs of expanding one object's entries.
pub(crate) struct Cx<'a> {
    pub active: &'a Arc<ActiveContext>,
    pub type_scoped: &'a Arc<ActiveContext>,
    pub prop: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub input_json: bool,
    /// A top-level entry to leave out (the `proof` of a secured document).
    pub exclude: Option<&'a str>,
}

pub(super) fn graph_wrap(item: Item<'_>) -> Item<'_> {
    Item::Node(Box::new(Node {
        graph: Some(vec![item]),
        ..Node::default()
    }))
}

pub(super) fn is_graph_object(item: &Item<'_>) -> bool {
    matches!(item, Item::Node(n) if n.is_graph_object())
}

impl Processor {
    /// Step 13 over every entry of `map`, then step 14 over its `@nest` entries.
    pub(crate) fn expand_entries<'v>(
        &self,
        cx: &Cx<'_>,
        map: &'v Map<String, Value>,
        b: &mut Building<'v>,
    ) -> Result<(), JsonLdError> {
        let mut nests: Vec<&String> = Vec::new();
        for (key, value) in map {
            if key == "@context" || Some(key.as_str()) == cx.exclude {
                continue;
            }
            let def = if key.starts_with('@') {
                None
            } else {
                cx.active.term(key)
            };
            // Property IRIs are shared with the term definitions (no copy per property).
            let expanded: Option<Arc<str>> = match def {
                Some(d) => d.iri.clone(),
                None => cx.active.expand_vocab(key).map(|c| Arc::from(&*c)),
            };
            let Some(expanded) = expanded else {
                continue;
            };
            let keyword = expanded.starts_with('@') && is_keyword(&expanded);
            if !keyword && !expanded.contains(':') {
                continue;
            }
            if keyword {
                if &*expanded == "@nest" {
                    nests.push(key);
                    continue;
                }
                self.expand_keyword(cx, &expanded, key, value, b)?;
                continue;
            }
            self.expand_property(cx, key, &expanded, def, value, b)?;
        }
        nests.sort();
        for key in nests {
            let values: &[Value] = match map.get(key.as_str()) {
                Some(Value::Array(a)) => a,
                Some(v) => std::slice::from_ref(v),
                None => &[],
            };
            let mut active = cx.active.clone();
            if let Some(scoped) = cx.active.term(key).and_then(|d| d.context.as_ref()) {
                active = self.apply_property_scoped(&active, scoped)?;
            }
            let nested_cx = Cx {
                active: &active,
                exclude: None,
                ..*cx
            };
            for nested in values {
                let Value::Object(nested) = nested else {
                    return Err(err("invalid @nest value", format!("{key} must hold maps")));
                };
                if nested
                    .keys()
                    .any(|k| active.keyword_of(k) == Some("@value"))
                {
                    return Err(err(
                        "invalid @nest value",
                        format!("{key} holds a value object"),
                    ));
                }
                self.expand_entries(&nested_cx, nested, b)?;
            }
        }
        Ok(())
    }

    /// Step 13.4: an entry whose key expands to a keyword.
    fn expand_keyword<'v>(
        &self,
        cx: &Cx<'_>,
        kw: &str,
        key: &str,
        value: &'v Value,
        b: &mut Building<'v>,
    ) -> Result<(), JsonLdError> {
        if cx.prop == Some("@reverse") {
            return Err(err(
                "invalid reverse property map",
                format!("keyword {key} inside @reverse"),
            ));
        }
        let seen = match kw {
            "@id" => b.has_id,
            "@graph" => b.node.graph.is_some(),
            "@value" => b.value.is_some(),
            "@language" => b.language.is_some(),
            "@direction" => b.direction.is_some(),
            "@index" => b.node.index.is_some(),
            "@list" => b.list.is_some(),
            "@set" => b.set.is_some(),
            "@reverse" => !b.node.reverse.is_empty(),
            _ => false,
        };
        if seen {
            return Err(err(
                "colliding keywords",
                format!("{key} expands to {kw}, which is already set"),
            ));
        }
        match kw {
            "@id" => {
                let id = value
                    .as_str()
                    .ok_or_else(|| err("invalid @id value", format!("{key} must be a string")))?;
                // An @id of keyword form expands to null: keep it verbatim so that the
                // node, not being well-formed, produces no triples.
                b.node.id = Some(
                    cx.active
                        .expand_iri(id, true, false)
                        .unwrap_or_else(|| id.to_owned()),
                );
                b.has_id = true;
            }
            "@type" => {
                let (items, is_array): (&[Value], bool) = match value {
                    Value::String(_) => (std::slice::from_ref(value), false),
                    Value::Array(a) if a.iter().all(Value::is_string) => (a, true),
                    Value::Array(_) => {
                        return Err(err(
                            "invalid type value",
                            format!("{key} must hold strings"),
                        ));
                    }
                    _ => {
                        return Err(err(
                            "invalid type value",
                            format!("{key} must be a string or an array of strings"),
                        ));
                    }
                };
                b.node.types.reserve(items.len());
                for t in items.iter().filter_map(Value::as_str) {
                    if let Some(iri) = cx.type_scoped.expand_type(t) {
                        b.node.types.push(iri);
                    }
                }
                b.type_is_array |= is_array || b.has_type;
                b.has_type = true;
            }
            "@graph" => {
                b.node.graph = Some(
                    self.expand_element(cx.active, Some("@graph"), value, cx.base_url, false)?
                        .into_vec(),
                );
            }
            "@included" => {
                let raw_ok = match value {
                    Value::Object(_) => true,
                    Value::Array(a) => a.iter().all(Value::is_object),
                    _ => false,
                };
                let items = self
                    .expand_element(cx.active, Some("@included"), value, cx.base_url, false)?
                    .into_vec();
                if !raw_ok || items.iter().any(|i| !matches!(i, Item::Node(_))) {
                    return Err(err(
                        "invalid @included value",
                        format!("{key} must hold node objects"),
                    ));
                }
                b.node.included.get_or_insert_with(Vec::new).extend(items);
            }
            "@value" => {
                if !cx.input_json && (value.is_object() || value.is_array()) {
                    return Err(err(
                        "invalid value object value",
                        format!("{key} must be a scalar"),
                    ));
                }
                b.value = Some(value);
            }
            "@language" => {
                let l = value.as_str().ok_or_else(|| {
                    err(
                        "invalid language-tagged string",
                        format!("{key} must be a string"),
                    )
                })?;
                b.language = Some(l.to_ascii_lowercase());
            }
            "@direction" => match value.as_str() {
                Some(d @ ("ltr" | "rtl")) => b.direction = Some(d.to_owned()),
                _ => {
                    return Err(err(
                        "invalid base direction",
                        format!("{key} must be \"ltr\" or \"rtl\""),
                    ));
                }
            },
            "@index" => {
                let i = value.as_str().ok_or_else(|| {
                    err("invalid @index value", format!("{key} must be a string"))
                })?;
                b.node.index = Some(i.to_owned());
            }
            "@list" => {
                if matches!(cx.prop, None | Some("@graph")) {
                    return Ok(());
                }
                b.list = Some(
                    self.expand_element(cx.active, cx.prop, value, cx.base_url, false)?
                        .into_vec(),
                );
            }
            "@set" => {
                b.set = Some(
                    self.expand_element(cx.active, cx.prop, value, cx.base_url, false)?
                        .into_vec(),
                );
            }
            "@reverse" => {
                if !value.is_object() {
                    return Err(err(
                        "invalid @reverse value",
                        format!("{key} must be a map"),
                    ));
                }
                let Exp::One(Item::Node(inner)) =
                    self.expand_element(cx.active, Some("@reverse"), value, cx.base_url, false)?
                else {
                    return Ok(());
                };
                let inner = *inner;
                for (p, items) in inner.reverse {
                    b.node.push_values(&p, items);
                }
                for (p, items) in inner.props {
                    if items.iter().any(|i| !matches!(i, Item::Node(_))) {
                        return Err(err(
                            "invalid reverse property value",
                            format!("reverse property {p} holds a value or list"),
                        ));
                    }
                    push_to(&mut b.node.reverse, &p, items);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Steps 13.5 to 13.14: an entry whose key expands to an IRI.
    fn expand_property<'v>(
        &self,
        cx: &Cx<'_>,
        key: &str,
        iri: &Arc<str>,
        def: Option<&Arc<TermDef>>,
        value: &'v Value,
        b: &mut Building<'v>,
    ) -> Result<(), JsonLdError> {
        let flags = def.map_or(0, |d| d.container);
        let mut items: Vec<Item<'v>>;
        let mut was_list = false;
        if def.and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
            items = vec![expand_value(cx.active, key, value)?];
        } else if flags & container::LANGUAGE != 0 && value.is_object() {
            items = super::maps::language_map(cx.active, def.map(|d| &**d), value)?;
        } else if flags & (container::INDEX | container::TYPE | container::ID) != 0
            && value.is_object()
        {
            items = self.index_map(cx, key, flags, def.map(|d| &**d), value)?;
        } else {
            match self.expand_element_with(cx.active, Some(key), def, value, cx.base_url, false)? {
                Exp::Null => return Ok(()),
                Exp::One(i) => {
                    was_list = matches!(i, Item::List(..));
                    items = vec![i];
                }
                Exp::Many(v) => items = v,
            }
            if flags & container::LIST != 0 && !was_list {
                items = vec![Item::List(items, None)];
            }
            if flags & container::GRAPH != 0 && flags & (container::ID | container::INDEX) == 0 {
                items = items.into_iter().map(graph_wrap).collect();
            }
        }
        if def.is_some_and(|d| d.reverse) {
            if items.iter().any(|i| !matches!(i, Item::Node(_))) {
                return Err(err(
                    "invalid reverse property value",
                    format!("reverse property {key} holds a value or list"),
                ));
            }
            push_to(&mut b.node.reverse, iri, items);
        } else {
            b.node.push_values(iri, items);
        }
        Ok(())
    }
}
