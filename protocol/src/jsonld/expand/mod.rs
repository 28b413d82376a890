//! The JSON-LD 1.1 Expansion algorithm, producing typed [`Item`]s.

mod entries;
mod maps;
mod value;

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::context::{ActiveContext, CtxKey, Flags, Scoped, TermDef, container};
use super::expanded::{Item, Literal, Node, ValueObject};
use super::iri::is_absolute_iri;
use super::{JsonLdError, Processor, err};

/// The result of expanding one element: JSON-LD distinguishes null, one item and an array.
#[derive(Debug)]
pub(crate) enum Exp<'v> {
    /// Nothing (dropped).
    Null,
    /// A single item.
    One(Item<'v>),
    /// An array of items.
    Many(Vec<Item<'v>>),
}

impl<'v> Exp<'v> {
    /// The items as an array.
    pub fn into_vec(self) -> Vec<Item<'v>> {
        match self {
            Exp::Null => Vec::new(),
            Exp::One(i) => vec![i],
            Exp::Many(v) => v,
        }
    }
}

/// The map being built while expanding a JSON object (steps 12 to 14).
#[derive(Debug, Default)]
pub(crate) struct Building<'v> {
    pub node: Node<'v>,
    /// Whether `@type` was given at all, and whether as an array.
    pub has_type: bool,
    pub type_is_array: bool,
    pub has_id: bool,
    /// `@value`: `Some(Value::Null)` when given as null.
    pub value: Option<&'v Value>,
    pub language: Option<String>,
    pub direction: Option<String>,
    pub list: Option<Vec<Item<'v>>>,
    pub set: Option<Vec<Item<'v>>>,
}

/// A lightweight view of what a local context is, for the cache key.
fn doc_key(ctx: &Value, base_url: Option<&str>) -> CtxKey {
    let text = match ctx {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let strings = || items.iter().filter_map(Value::as_str);
            let mut s = String::with_capacity(strings().map(|i| i.len() + 1).sum());
            for i in strings() {
                s.push_str(i);
                s.push('\n');
            }
            s
        }
        other => format!("json:{other}"),
    };
    CtxKey::Doc(text, base_url.map(str::to_owned))
}

impl Processor {
    /// Applies the document-level (or embedded) context `ctx`.
    pub(crate) fn apply_doc_context(
        &self,
        active: &Arc<ActiveContext>,
        ctx: &Value,
        base_url: Option<&str>,
    ) -> Result<Arc<ActiveContext>, JsonLdError> {
        self.apply_context(
            active,
            ctx,
            Some(doc_key(ctx, base_url)),
            base_url,
            Flags::DEFAULT,
        )
    }

    /// The Expansion algorithm.
    pub(crate) fn expand_element<'v>(
        &self,
        active: &Arc<ActiveContext>,
        prop: Option<&str>,
        element: &'v Value,
        base_url: Option<&str>,
        from_map: bool,
    ) -> Result<Exp<'v>, JsonLdError> {
        let prop_def = prop.and_then(|p| active.term(p));
        self.expand_element_with(active, prop, prop_def, element, base_url, from_map)
    }

    /// [`Processor::expand_element`] with the active property's definition in `active`
    /// already looked up.
    pub(crate) fn expand_element_with<'v>(
        &self,
        active: &Arc<ActiveContext>,
        prop: Option<&str>,
        prop_def: Option<&Arc<TermDef>>,
        element: &'v Value,
        base_url: Option<&str>,
        from_map: bool,
    ) -> Result<Exp<'v>, JsonLdError> {
        match element {
            Value::Null => Ok(Exp::Null),
            Value::Array(items) => {
                let is_list = prop_def.as_ref().is_some_and(|d| d.has(container::LIST));
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match self
                        .expand_element_with(active, prop, prop_def, item, base_url, from_map)?
                    {
                        Exp::Null => {}
                        Exp::One(i) => out.push(i),
                        Exp::Many(v) if is_list => out.push(Item::List(v, None)),
                        Exp::Many(v) => out.extend(v),
                    }
                }
                Ok(Exp::Many(out))
            }
            Value::Object(map) => {
                self.expand_map(active, prop, prop_def, map, base_url, from_map, None)
            }
            scalar => {
                if matches!(prop, None | Some("@graph")) {
                    return Ok(Exp::Null);
                }
                let Some(scoped) = prop_def.and_then(|d| d.context.as_ref()) else {
                    let prop = prop.unwrap_or_default();
                    return Ok(Exp::One(value::expand_value_with(
                        active, prop, prop_def, scalar,
                    )?));
                };
                let ctx = self.apply_property_scoped(active, scoped)?;
                Ok(Exp::One(value::expand_value(
                    &ctx,
                    prop.unwrap_or_default(),
                    scalar,
                )?))
            }
        }
    }

    /// Expands a top-level JSON object as if its entry `exclude` were absent (a secured
    /// document without its `proof`), without copying it.
    pub(crate) fn expand_top_map<'v>(
        &self,
        active: &Arc<ActiveContext>,
        map: &'v Map<String, Value>,
        base_url: Option<&str>,
        exclude: Option<&str>,
    ) -> Result<Exp<'v>, JsonLdError> {
        self.expand_map(active, None, None, map, base_url, false, exclude)
    }

    /// Steps 7 to 20 for a JSON object, leaving out the entry `exclude` (top level only).
    #[expect(
        clippy::too_many_arguments,
        reason = "the algorithm's inputs, passed as is"
    )]
    fn expand_map<'v>(
        &self,
        active: &Arc<ActiveContext>,
        prop: Option<&str>,
        prop_def: Option<&Arc<TermDef>>,
        map: &'v Map<String, Value>,
        base_url: Option<&str>,
        from_map: bool,
        exclude: Option<&str>,
    ) -> Result<Exp<'v>, JsonLdError> {
        let mut active = active.clone();
        if let Some(previous) = &active.previous
            && !from_map
        {
            let mut revert = true;
            for k in map.keys() {
                match active.keyword_of(k) {
                    Some("@value") => revert = false,
                    Some("@id") if map.len() == 1 => revert = false,
                    _ => {}
                }
            }
            if revert {
                active = previous.clone();
            }
        }
        if let Some(scoped) = prop_def.as_ref().and_then(|d| d.context.as_ref()) {
            active = self.apply_property_scoped(&active, scoped)?;
        }
        if let Some((_, ctx)) = map.iter().find(|(k, _)| *k == "@context") {
            active = self.apply_doc_context(&active, ctx, base_url)?;
        }
        let type_scoped = active.clone();
        // One pass over the entries (no hashing of keys: maps are small): the entries
        // that expand to `@type`, in key order, and whether there is an `@value`.
        let mut has_value = false;
        let mut first_type: Option<(&String, &Value)> = None;
        let mut type_entries: Vec<(&String, &Value)> = Vec::new();
        for (k, v) in map {
            has_value |= k == "@value";
            if type_scoped.keyword_of(k) == Some("@type") {
                match first_type {
                    None => first_type = Some((k, v)),
                    Some(first) => {
                        if type_entries.is_empty() {
                            type_entries.push(first);
                        }
                        type_entries.push((k, v));
                    }
                }
            }
        }
        // Nearly always one `@type` entry at most: no vector for it.
        let type_entries: &[(&String, &Value)] = if type_entries.is_empty() {
            first_type.as_slice()
        } else {
            type_entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            &type_entries
        };
        let mut input_json = false;
        for (i, (_, value)) in type_entries.iter().enumerate() {
            let raw: &[Value] = match value {
                Value::Array(a) => a,
                v => std::slice::from_ref(*v),
            };
            if i == 0
                && let Some(last) = raw.last().and_then(Value::as_str)
            {
                input_json = active.keyword_of(last) == Some("@json");
            }
            let mut scoped: Vec<(&str, &Scoped)> = raw
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|v| Some((v, type_scoped.term(v)?.context.as_ref()?)))
                .collect();
            scoped.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (_, scoped) in scoped {
                let flags = Flags {
                    propagate: false,
                    ..Flags::DEFAULT
                };
                active = self.apply_context(
                    &active,
                    &scoped.value,
                    Some(CtxKey::Scoped(scoped.id)),
                    scoped.base.as_deref(),
                    flags,
                )?;
            }
        }
        let mut b = Building::default();
        if !has_value {
            b.node.props.reserve(map.len());
        }
        let cx = entries::Cx {
            active: &active,
            type_scoped: &type_scoped,
            prop,
            base_url,
            input_json,
            exclude,
        };
        self.expand_entries(&cx, map, &mut b)?;
        finish(b, prop)
    }
}

/// Steps 15 to 19: turns the built map into a value, list, set or node object.
fn finish<'v>(b: Building<'v>, prop: Option<&str>) -> Result<Exp<'v>, JsonLdError> {
    let Building {
        node,
        has_type,
        type_is_array,
        has_id,
        value,
        language,
        direction,
        list,
        set,
    } = b;
    let free_floating = matches!(prop, None | Some("@graph"));
    if let Some(value) = value {
        if !node.props.is_empty()
            || !node.reverse.is_empty()
            || has_id
            || node.graph.is_some()
            || node.included.is_some()
            || list.is_some()
            || set.is_some()
        {
            return Err(err(
                "invalid value object",
                "a value object has entries other than @value, @type, @language, @direction and @index",
            ));
        }
        if has_type && (language.is_some() || direction.is_some()) {
            return Err(err(
                "invalid value object",
                "a value object cannot have both @type and @language or @direction",
            ));
        }
        let datatype = node.types.first().cloned();
        let literal = if datatype.as_deref() == Some("@json") {
            Literal::Json(Box::new(value.clone()))
        } else {
            match value {
                Value::Null => return Ok(Exp::Null),
                Value::String(s) => Literal::Str(Cow::Borrowed(s)),
                _ if language.is_some() => {
                    return Err(err(
                        "invalid language-tagged value",
                        "@language on a non-string @value",
                    ));
                }
                Value::Number(n) => Literal::Num(n.clone()),
                Value::Bool(b) => Literal::Bool(*b),
                _ => return Err(err("invalid value object value", "@value must be a scalar")),
            }
        };
        if has_type && datatype.as_deref() != Some("@json") {
            let ok = node.types.len() == 1
                && !type_is_array
                && datatype.as_deref().is_some_and(is_absolute_iri);
            if !ok {
                return Err(err(
                    "invalid typed value",
                    format!("@type {:?} of a value object is not an IRI", node.types),
                ));
            }
        }
        if free_floating {
            return Ok(Exp::Null);
        }
        return Ok(Exp::One(Item::Value(ValueObject {
            value: literal,
            datatype,
            language,
            direction,
            index: node.index,
        })));
    }
    if list.is_some() || set.is_some() {
        let others = usize::from(has_id)
            + usize::from(has_type)
            + node.props.len()
            + node.reverse.len()
            + usize::from(node.graph.is_some())
            + usize::from(node.included.is_some())
            + usize::from(language.is_some())
            + usize::from(direction.is_some())
            + usize::from(list.is_some() && set.is_some());
        if others > 0 {
            return Err(err(
                "invalid set or list object",
                "@list or @set with entries other than @index",
            ));
        }
        if let Some(list) = list {
            if free_floating {
                return Ok(Exp::Null);
            }
            return Ok(Exp::One(Item::List(list, node.index)));
        }
        return Ok(Exp::Many(set.unwrap_or_default()));
    }
    let empty = !has_id
        && !has_type
        && node.index.is_none()
        && node.props.is_empty()
        && node.reverse.is_empty()
        && node.graph.is_none()
        && node.included.is_none();
    if empty && language.is_some() {
        return Ok(Exp::Null);
    }
    if free_floating && (empty || node.is_reference_only()) {
        return Ok(Exp::Null);
    }
    Ok(Exp::One(Item::Node(Box::new(node))))
}
