//! The expanded form of a JSON-LD document, as typed values rather than JSON maps.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Number, Value};

/// One item of an expanded array. `'v` is the input document's lifetime: string values
/// are borrowed from it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item<'v> {
    /// A node object.
    Node(Box<Node<'v>>),
    /// A value object (inline: most values are value objects, one allocation less each).
    Value(ValueObject<'v>),
    /// A list object, with its `@index` if any.
    List(Vec<Item<'v>>, Option<String>),
}

/// A node object.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Node<'v> {
    /// `@id`.
    pub id: Option<String>,
    /// `@type`.
    /// (IRIs shared with the term definitions where they come from one.)
    pub types: Vec<Arc<str>>,
    /// `@index`.
    pub index: Option<String>,
    /// Properties in document order.
    pub props: Vec<(Arc<str>, Vec<Item<'v>>)>,
    /// `@reverse` properties.
    pub reverse: Vec<(Arc<str>, Vec<Item<'v>>)>,
    /// `@graph`.
    pub graph: Option<Vec<Item<'v>>>,
    /// `@included`.
    pub included: Option<Vec<Item<'v>>>,
}

impl<'v> Node<'v> {
    /// Whether this node is a graph object (`@graph` with at most `@id` and `@index`).
    pub fn is_graph_object(&self) -> bool {
        self.graph.is_some()
            && self.types.is_empty()
            && self.props.is_empty()
            && self.reverse.is_empty()
            && self.included.is_none()
    }

    /// Whether this node has only an `@id`.
    pub fn is_reference_only(&self) -> bool {
        self.id.is_some()
            && self.types.is_empty()
            && self.index.is_none()
            && self.props.is_empty()
            && self.reverse.is_empty()
            && self.graph.is_none()
            && self.included.is_none()
    }

    /// Appends `items` to property `key`.
    pub fn push_values(&mut self, key: &Arc<str>, items: Vec<Item<'v>>) {
        push_to(&mut self.props, key, items);
    }

    /// The values of property `key`.
    pub fn take_prop(&mut self, key: &str) -> Vec<Item<'v>> {
        match self.props.iter().position(|(k, _)| &**k == key) {
            Some(i) => self.props.remove(i).1,
            None => Vec::new(),
        }
    }
}

/// Appends `items` to the entry `key` of an ordered multimap.
pub(crate) fn push_to<'v>(
    map: &mut Vec<(Arc<str>, Vec<Item<'v>>)>,
    key: &Arc<str>,
    items: Vec<Item<'v>>,
) {
    match map.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => v.extend(items),
        None => map.push((key.clone(), items)),
    }
}

/// The `@value` of a value object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal<'v> {
    /// A string (borrowed from the document where it can be).
    Str(Cow<'v, str>),
    /// A number.
    Num(Number),
    /// A boolean.
    Bool(bool),
    /// A JSON literal (`@type: @json`), boxed: rare, and large.
    Json(Box<Value>),
}

/// A value object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueObject<'v> {
    /// `@value`.
    pub value: Literal<'v>,
    /// `@type` (an IRI, or `@json`).
    pub datatype: Option<Arc<str>>,
    /// `@language`.
    pub language: Option<String>,
    /// `@direction`.
    pub direction: Option<String>,
    /// `@index`.
    pub index: Option<String>,
}

impl ValueObject<'_> {
    /// The value object with its string value owned.
    pub fn into_owned<'o>(self) -> ValueObject<'o> {
        ValueObject {
            value: match self.value {
                Literal::Str(s) => Literal::Str(Cow::Owned(s.into_owned())),
                Literal::Num(n) => Literal::Num(n),
                Literal::Bool(b) => Literal::Bool(b),
                Literal::Json(j) => Literal::Json(j),
            },
            datatype: self.datatype,
            language: self.language,
            direction: self.direction,
            index: self.index,
        }
    }
}

impl Item<'_> {
    /// The item with nothing borrowed (for an item expanded from a temporary value).
    pub fn into_owned<'o>(self) -> Item<'o> {
        match self {
            Item::Node(n) => Item::Node(Box::new(n.into_owned())),
            Item::Value(v) => Item::Value(v.into_owned()),
            Item::List(items, index) => Item::List(owned(items), index),
        }
    }
}

impl Node<'_> {
    /// The node with nothing borrowed.
    fn into_owned<'o>(self) -> Node<'o> {
        let props = |p: Vec<(Arc<str>, Vec<Item<'_>>)>| -> Vec<(Arc<str>, Vec<Item<'o>>)> {
            p.into_iter().map(|(k, v)| (k, owned(v))).collect()
        };
        Node {
            id: self.id,
            types: self.types,
            index: self.index,
            props: props(self.props),
            reverse: props(self.reverse),
            graph: self.graph.map(owned),
            included: self.included.map(owned),
        }
    }
}

fn owned<'o>(items: Vec<Item<'_>>) -> Vec<Item<'o>> {
    items.into_iter().map(Item::into_owned).collect()
}
