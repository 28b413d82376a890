//! Reference frameworks: versioned documents of items (competencies, levels, credit
//! systems, assessment types, ...) with their hierarchy and associations, which
//! microcredentials are designed against and credentials align to. A member publishes each
//! version as a signed shared object of its `frameworks` collection; a published version's
//! content never changes (only its status: published, then deprecated), and a new version
//! keeps every item of the one before (deprecating instead of removing) and says what
//! changed. Credit systems carry their hours per credit as an interval with its source,
//! so that conversions are intervals ([`convert`]).
//!
//! docs/protocol/frameworks.md has the shapes, the CASE mapping and the versioning rules.

mod case;
pub mod convert;
mod diff;
mod document;
mod validate;

pub use case::case_package;
pub use diff::{Changes, changes};
pub use document::{
    FRAMEWORK_TYPE, FrameworkDocument, FrameworkError, FrameworkStatus, content_digest,
    framework_content, read_framework,
};
pub use validate::{FieldProblem, validate, validate_successor};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Texts by language (`es`, `en`, `pt`).
pub type Texts = BTreeMap<String, String>;

/// The languages a framework's texts may be written in.
pub const LANGUAGES: [&str; 3] = ["es", "en", "pt"];

/// The built-in Mochila reference framework, version 1 (its definition, as shipped).
pub const MOCHILA_REFERENCE_V1: &str = include_str!("../../frameworks/mochila-reference-v1.json");

/// The namespace of the reference framework's item IRIs (stable across its versions).
pub const REFERENCE_NAMESPACE: &str = "https://w3id.org/mochila/framework/v1/";

/// A framework version as its designer writes it (the API's body; the built-in one's file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrameworkDefinition {
    /// Names the framework among its publisher's (`[a-z0-9-]`, 2 to 64).
    pub slug: String,
    /// Its version (from 1).
    pub framework_version: u32,
    /// Its title by language.
    pub title: Texts,
    /// Its description by language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub description: Texts,
    /// Its items.
    pub items: Vec<Item>,
    /// Associations from its items to its own or other frameworks' items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<Association>,
}

/// One item of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    /// Its IRI: given by the built-in framework; otherwise assigned by the publisher
    /// (`{base}/frameworks/{slug}/items/{code}`), the same in every version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its human code, unique in the framework (`[A-Za-z0-9._-]`).
    pub code: String,
    /// What kind of item it is.
    pub item_type: ItemType,
    /// Its name by language.
    pub name: Texts,
    /// Its description by language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub description: Texts,
    /// The same concept in other vocabularies (European Learning Model, ESCO, ISCED-F).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exact_match: Vec<String>,
    /// For a credit system: the hours one credit stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_hours: Option<CreditHours>,
    /// For a level: its place in its framework (1 is the lowest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_order: Option<u32>,
    /// Deprecated in this version: kept so that what aligned to it still resolves, but
    /// no new design may use it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// The kinds of framework items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ItemType {
    /// An element of Annex I of the EU Council Recommendation on micro-credentials.
    AnnexIElement,
    /// A credit system (workload unit).
    CreditSystem,
    /// A qualifications framework (its levels are its children).
    QualificationsFramework,
    /// A level of a qualifications framework.
    Level,
    /// A field of study (ISCED-F).
    FieldOfStudy,
    /// A competency or skill.
    Competency,
    /// A type of assessment.
    AssessmentType,
    /// A form of participation.
    ParticipationForm,
    /// A type of quality assurance.
    QualityAssurance,
    /// Supervision during assessment.
    Supervision,
    /// Identity verification during assessment.
    IdentityVerification,
    /// Stand-alone or stackable.
    Stackability,
}

/// The hours one credit of a credit system stands for, as an interval, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreditHours {
    /// The fewest hours per credit.
    pub min: f64,
    /// The most hours per credit.
    pub max: f64,
    /// Where the figures come from.
    pub source: Source,
    /// Where the system weighs kinds of activity differently (SATCA): the hours per
    /// credit of each (the interval above spans them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

/// A document a figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// Its title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The hours per credit of one kind of activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Component {
    /// The activity's code (`teacherLed`, `independent`, ...).
    pub activity: String,
    /// Its name by language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub name: Texts,
    /// The fewest hours per credit.
    pub min: f64,
    /// The most hours per credit.
    pub max: f64,
}

/// An association from an item to another item (of this or another framework).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Association {
    /// How they relate.
    pub association_type: AssociationType,
    /// The item of this framework it starts from (IRI or code).
    pub origin: String,
    /// The item it points at (IRI, or the code of an item of this framework).
    pub destination: String,
}

/// How two items relate (CASE association types, plus `broaderThan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AssociationType {
    /// The origin is a child of the destination (the hierarchy).
    IsChildOf,
    /// The origin is part of the destination.
    IsPartOf,
    /// The origin is the same concept as the destination.
    ExactMatchOf,
    /// The origin is broader than the destination.
    BroaderThan,
    /// The origin comes before the destination (a pathway).
    Precedes,
    /// The origin relates to the destination.
    IsRelatedTo,
}

impl FrameworkDefinition {
    /// The built-in Mochila reference framework, version 1 (a unit test proves it parses
    /// and is valid).
    pub fn mochila_reference() -> Result<Self, serde_json::Error> {
        serde_json::from_str(MOCHILA_REFERENCE_V1)
    }

    /// The item with IRI or code `key`.
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.id.as_deref() == Some(key) || i.code == key)
    }

    /// The definition with every item's IRI set (those it does not give, under `base`,
    /// the framework's own URL) and every association naming items by IRI.
    pub fn with_ids(mut self, base: &str) -> Self {
        for item in &mut self.items {
            if item.id.is_none() {
                item.id = Some(format!("{base}/items/{}", item.code));
            }
        }
        let iri_of = |key: &str, items: &[Item]| {
            items
                .iter()
                .find(|i| i.code == key)
                .and_then(|i| i.id.clone())
                .unwrap_or_else(|| key.to_owned())
        };
        let items = self.items.clone();
        for a in &mut self.associations {
            a.origin = iri_of(&a.origin, &items);
            a.destination = iri_of(&a.destination, &items);
        }
        self
    }
}

/// The text of `texts` in `lang`, else Spanish, English, Portuguese, else empty.
pub fn text_in<'a>(texts: &'a Texts, lang: &str) -> &'a str {
    [lang, "es", "en", "pt"]
        .iter()
        .find_map(|l| texts.get(*l))
        .map_or("", String::as_str)
}
