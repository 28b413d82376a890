//! What changed from one framework version to the next, by item IRI.

use serde::{Deserialize, Serialize};

use super::{FrameworkDefinition, Item};

/// The items a version added, changed (texts, matches, figures or associations) and
/// deprecated, compared with the version before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Changes {
    /// New items.
    pub added: Vec<String>,
    /// Items whose content changed.
    pub changed: Vec<String>,
    /// Items deprecated in this version.
    pub deprecated: Vec<String>,
}

fn id(item: &Item) -> String {
    item.id.clone().unwrap_or_else(|| item.code.clone())
}

/// What `next` changed from `prev` (both with their IRIs set).
pub fn changes(prev: &FrameworkDefinition, next: &FrameworkDefinition) -> Changes {
    let mut out = Changes::default();
    let links = |def: &FrameworkDefinition, item: &Item| {
        let mut v: Vec<_> = def
            .associations
            .iter()
            .filter(|a| a.origin == id(item))
            .map(|a| (format!("{:?}", a.association_type), a.destination.clone()))
            .collect();
        v.sort();
        v
    };
    for item in &next.items {
        let Some(old) = prev.items.iter().find(|o| o.id == item.id) else {
            out.added.push(id(item));
            continue;
        };
        if item.deprecated && !old.deprecated {
            out.deprecated.push(id(item));
        }
        let same = Item {
            deprecated: old.deprecated,
            ..item.clone()
        } == *old
            && links(prev, old) == links(next, item);
        if !same {
            out.changed.push(id(item));
        }
    }
    out
}
