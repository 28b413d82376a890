//! Activities and the small shared shapes: `OneOrMany`, object references, activity and
//! actor types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A member that is one value or an array of them; kept as it was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// An array.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(one) => std::slice::from_ref(one),
            Self::Many(many) => many,
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self::Many(Vec::new())
    }
}

/// A reference to an object: its IRI or the object embedded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ObjectRef {
    /// The object's IRI.
    Id(String),
    /// The object itself.
    Embedded(Map<String, Value>),
}

impl ObjectRef {
    /// The object's id: the IRI, or the embedded object's `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Id(id) => Some(id),
            Self::Embedded(obj) => obj.get("id").and_then(Value::as_str),
        }
    }
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// Any other type, kept as written.
            Other(String),
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $(stringify!($variant) => Self::$variant,)*
                    _ => Self::Other(s),
                }
            }
        }

        impl From<$name> for String {
            fn from(t: $name) -> String {
                match t {
                    $($name::$variant => stringify!($variant).to_owned(),)*
                    $name::Other(s) => s,
                }
            }
        }
    };
}

string_enum! {
    /// An activity `type`.
    ActivityType {
        /// `Follow`.
        Follow,
        /// `Accept`.
        Accept,
        /// `Reject`.
        Reject,
        /// `Undo`.
        Undo,
        /// `Create`.
        Create,
        /// `Update`.
        Update,
        /// `Delete`.
        Delete,
        /// `Announce`.
        Announce,
        /// `Block`.
        Block,
    }
}

string_enum! {
    /// An actor `type`.
    ActorType {
        /// `Organization` (a university).
        Organization,
        /// `Service` (a node's instance actor).
        Service,
        /// `Application`.
        Application,
        /// `Group`.
        Group,
        /// `Person`.
        Person,
    }
}

/// An activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The activity's IRI.
    pub id: String,
    /// The activity type.
    #[serde(rename = "type")]
    pub type_: ActivityType,
    /// The actor performing it (usually its IRI).
    pub actor: ObjectRef,
    /// The object acted on: an IRI or an embedded object (another activity for Undo,
    /// Accept and Reject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// `target`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ObjectRef>,
    /// Primary audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<OneOrMany<String>>,
    /// Secondary audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<OneOrMany<String>>,
    /// `published`, an xsd:dateTime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// FEP-8b32 integrity proof(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Activity {
    /// A new activity with no audience, date or proof.
    pub fn new(id: &str, type_: ActivityType, actor: &str, object: ObjectRef) -> Self {
        Self {
            context: Some(super::default_context()),
            id: id.to_owned(),
            type_,
            actor: ObjectRef::Id(actor.to_owned()),
            object: Some(object),
            target: None,
            to: None,
            cc: None,
            published: None,
            proof: None,
            extra: Map::new(),
        }
    }
}
