//! The expanded form of a JSON-LD document, as typed values rather than JSON maps.

use serde_json::{Number, Value};

/// One item of an expanded array.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A node object.
    Node(Box<Node>),
    /// A value object.
    Value(Box<ValueObject>),
    /// A list object, with its `@index` if any.
    List(Vec<Item>, Option<String>),
}

/// A node object.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Node {
    /// `@id`.
    pub id: Option<String>,
    /// `@type`.
    pub types: Vec<String>,
    /// `@index`.
    pub index: Option<String>,
    /// Properties in document order.
    pub props: Vec<(String, Vec<Item>)>,
    /// `@reverse` properties.
    pub reverse: Vec<(String, Vec<Item>)>,
    /// `@graph`.
    pub graph: Option<Vec<Item>>,
    /// `@included`.
    pub included: Option<Vec<Item>>,
}

impl Node {
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
    pub fn push_values(&mut self, key: &str, items: Vec<Item>) {
        push_to(&mut self.props, key, items);
    }

    /// The values of property `key`.
    pub fn take_prop(&mut self, key: &str) -> Vec<Item> {
        match self.props.iter().position(|(k, _)| k == key) {
            Some(i) => self.props.remove(i).1,
            None => Vec::new(),
        }
    }
}

/// Appends `items` to the entry `key` of an ordered multimap.
pub(crate) fn push_to(map: &mut Vec<(String, Vec<Item>)>, key: &str, items: Vec<Item>) {
    match map.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => v.extend(items),
        None => map.push((key.to_owned(), items)),
    }
}

/// The `@value` of a value object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    /// A string.
    Str(String),
    /// A number.
    Num(Number),
    /// A boolean.
    Bool(bool),
    /// A JSON literal (`@type: @json`).
    Json(Value),
}

/// A value object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueObject {
    /// `@value`.
    pub value: Literal,
    /// `@type` (an IRI, or `@json`).
    pub datatype: Option<String>,
    /// `@language`.
    pub language: Option<String>,
    /// `@direction`.
    pub direction: Option<String>,
    /// `@index`.
    pub index: Option<String>,
}
