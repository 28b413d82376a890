//! Designing against a framework: an achievement aligns to items of framework versions this
//! node holds (the reference framework, its own, a member's). On every new version the node
//! resolves each alignment (refusing, naming the field, an item that does not exist or is
//! deprecated in the version used) and keeps what it resolved in the definition, so that
//! what an issued credential meant never changes with a later version: the item's IRI,
//! code and names, and the version's digest.

use std::collections::{BTreeMap, HashMap};

use mochila_protocol::framework::{FrameworkDocument, FrameworkStatus, text_in};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::definition::{AchievementDefinition, LangMap};
use crate::error::FieldError;

/// An alignment to one item of a framework version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrameworkItemRef {
    /// The framework version's IRI (`id` in `GET /network/frameworks`).
    pub framework: String,
    /// The item's IRI.
    pub item: String,
    /// What the node resolved when the version was made (set by the node; ignored in
    /// requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<ResolvedItem>,
}

/// A framework item as resolved at design time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolvedItem {
    /// Its code.
    pub code: String,
    /// Its type (`Competency`, `Level`, ...).
    pub item_type: String,
    /// Its names.
    pub name: LangMap,
    /// The framework's titles.
    pub framework_title: LangMap,
    /// The framework version.
    pub framework_version: u32,
    /// The version's content digest.
    pub content_digest: String,
}

fn problem(field: String, message: String) -> FieldError {
    FieldError { field, message }
}

/// `def` with every framework alignment resolved against `held` (framework versions by
/// IRI), or every alignment at fault.
pub fn resolve(
    mut def: AchievementDefinition,
    held: &HashMap<String, FrameworkDocument>,
) -> Result<AchievementDefinition, Vec<FieldError>> {
    let mut errors = Vec::new();
    for (i, r) in def.framework_items.iter_mut().enumerate() {
        let at = format!("/frameworkItems/{i}");
        r.resolved = None;
        let Some(f) = held.get(&r.framework) else {
            errors.push(problem(
                format!("{at}/framework"),
                format!(
                    "{} is not a framework version this node holds (see /network/frameworks)",
                    r.framework
                ),
            ));
            continue;
        };
        let version = f.definition.framework_version;
        if f.status == FrameworkStatus::Deprecated {
            errors.push(problem(
                format!("{at}/framework"),
                format!(
                    "version {version} of {} is deprecated: use a later one",
                    f.framework
                ),
            ));
            continue;
        }
        let Some(item) = f
            .definition
            .items
            .iter()
            .find(|x| x.id.as_deref() == Some(&r.item))
        else {
            errors.push(problem(
                format!("{at}/item"),
                format!("is not an item of version {version} of {}", f.framework),
            ));
            continue;
        };
        if item.deprecated {
            errors.push(problem(
                format!("{at}/item"),
                format!(
                    "{} is deprecated in version {version} of {}",
                    item.code, f.framework
                ),
            ));
            continue;
        }
        r.resolved = Some(ResolvedItem {
            code: item.code.clone(),
            item_type: format!("{:?}", item.item_type),
            name: item.name.clone(),
            framework_title: f.definition.title.clone(),
            framework_version: version,
            content_digest: f.digest.clone(),
        });
    }
    if errors.is_empty() {
        Ok(def)
    } else {
        Err(errors)
    }
}

/// The framework alignments as OB 3.0 `Alignment` entries (`targetType` `CFItem`, the
/// version in `targetFramework`), texts in `lang`.
pub fn alignments(def: &AchievementDefinition, lang: &str) -> Vec<Value> {
    def.framework_items
        .iter()
        .filter_map(|r| {
            let res = r.resolved.as_ref()?;
            Some(json!({
                "type": ["Alignment"],
                "targetName": text_in(&res.name, lang),
                "targetUrl": r.item,
                "targetCode": res.code,
                "targetFramework": format!("{} v{}", text_in(&res.framework_title, lang), res.framework_version),
                "targetType": "CFItem",
            }))
        })
        .collect()
}

/// The framework versions the definition was designed against, with their digests (the
/// extended profile's `designedAgainst`).
pub fn designed_against(def: &AchievementDefinition) -> Vec<Value> {
    let mut seen = BTreeMap::new();
    for r in &def.framework_items {
        if let Some(res) = &r.resolved {
            seen.entry(r.framework.clone())
                .or_insert_with(|| res.content_digest.clone());
        }
    }
    seen.into_iter()
        .map(|(id, digest)| json!({"id": id, "type": "FrameworkVersion", "contentDigest": digest}))
        .collect()
}

/// The items of `def`'s framework alignments that are deprecated now: their version is
/// deprecated, or a later version of the same framework (among `held`) deprecates them.
pub fn deprecated(
    def: &AchievementDefinition,
    held: &HashMap<String, FrameworkDocument>,
) -> Vec<String> {
    def.framework_items
        .iter()
        .filter(|r| {
            let Some(f) = held.get(&r.framework) else {
                return false;
            };
            f.status == FrameworkStatus::Deprecated
                || held.values().any(|later| {
                    later.framework == f.framework
                        && later.definition.framework_version > f.definition.framework_version
                        && later
                            .definition
                            .items
                            .iter()
                            .any(|i| i.deprecated && i.id.as_deref() == Some(&r.item))
                })
        })
        .map(|r| r.item.clone())
        .collect()
}
