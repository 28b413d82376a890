//! Turning a definition into the Open Badges 3.0 `Achievement` it publishes: standard OB
//! terms and alignments to controlled vocabularies (the standard profile, what credentials
//! carry by default), and, in the extended profile, the microcredential extension terms
//! (the standalone document at the version's URL, and credentials when configured).

use mochila_protocol::credential::{MICROCREDENTIAL_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT};
use serde_json::{Map, Value, json};

use super::alignment::{alignments, criteria_narrative, outcomes_in};
use super::definition::{AchievementDefinition, text_in};

/// Which terms an Achievement carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Only terms of the VC 2.0 and OB 3.0.3 contexts: what every verifier in the field
    /// can expand (the default for credentials).
    Standard,
    /// The standard terms plus the Mochila microcredential extension terms (needs the
    /// extension context).
    Extended,
}

impl Profile {
    /// The `@context` of a credential or standalone document in this profile.
    pub fn context(self) -> Value {
        match self {
            Self::Standard => json!([VC_V2_CONTEXT, OB_V3_CONTEXT]),
            Self::Extended => json!([VC_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT]),
        }
    }
}

/// Where a version of an achievement lives.
#[derive(Debug, Clone)]
pub struct AchievementLocation {
    /// The version's URL (the Achievement's `id`).
    pub id: String,
    /// The version number.
    pub version: i32,
    /// The image URL, if it has one.
    pub image: Option<String>,
}

fn put(map: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    map.insert(key.to_owned(), value.into());
}

fn put_some<T: Into<Value> + Clone>(map: &mut Map<String, Value>, key: &str, value: Option<&T>) {
    if let Some(v) = value {
        put(map, key, v.clone());
    }
}

/// The Achievement (without `@context`) in `lang` (texts missing in `lang` come from
/// `fallback`), with the terms of `profile`.
pub fn achievement_json(
    def: &AchievementDefinition,
    at: &AchievementLocation,
    lang: &str,
    fallback: &str,
    profile: Profile,
) -> Value {
    let mut a = Map::new();
    put(&mut a, "id", at.id.clone());
    put(&mut a, "type", json!(["Achievement"]));
    put(&mut a, "achievementType", def.achievement_type.clone());
    put(&mut a, "name", text_in(&def.name, lang, fallback));
    put(
        &mut a,
        "description",
        text_in(&def.description, lang, fallback),
    );
    let mut criteria = Map::new();
    put_some(&mut criteria, "id", def.criteria_url.as_ref());
    put(
        &mut criteria,
        "narrative",
        criteria_narrative(def, lang, fallback),
    );
    put(&mut a, "criteria", criteria);
    let in_language = if def.name.contains_key(lang) {
        lang
    } else {
        fallback
    };
    put(&mut a, "inLanguage", in_language);
    put(&mut a, "version", at.version.to_string());
    put_some(&mut a, "humanCode", def.human_code.as_ref());
    put_some(&mut a, "fieldOfStudy", def.field_of_study.as_ref());
    if !def.tags.is_empty() {
        put(&mut a, "tag", json!(def.tags));
    }
    if let Some(image) = &at.image {
        put(&mut a, "image", json!({"id": image, "type": "Image"}));
    }
    if let Some(w) = &def.workload
        && w.unit != "Hours"
    {
        put(&mut a, "creditsAvailable", w.value);
    }
    let alignment = alignments(def, in_language);
    if !alignment.is_empty() {
        put(&mut a, "alignment", alignment);
    }
    if profile == Profile::Extended {
        extension_terms(def, &mut a, lang, fallback);
    }
    Value::Object(a)
}

/// The Achievement as a standalone JSON-LD document: the full definition (extended
/// profile).
pub fn achievement_document(
    def: &AchievementDefinition,
    at: &AchievementLocation,
    lang: &str,
    fallback: &str,
) -> Value {
    let mut doc = Map::new();
    put(&mut doc, "@context", Profile::Extended.context());
    if let Value::Object(a) = achievement_json(def, at, lang, fallback, Profile::Extended) {
        doc.extend(a);
    }
    Value::Object(doc)
}

fn extension_terms(
    def: &AchievementDefinition,
    a: &mut Map<String, Value>,
    lang: &str,
    fallback: &str,
) {
    if let Some(outcomes) = outcomes_in(def, lang, fallback) {
        put(a, "learningOutcomes", json!(outcomes));
    }
    if let Some(w) = &def.workload {
        put(
            a,
            "workload",
            json!({"type": "Workload", "workloadValue": w.value, "workloadUnit": w.unit}),
        );
    }
    if !def.levels.is_empty() {
        let levels: Vec<Value> = def
            .levels
            .iter()
            .map(|l| {
                json!({
                    "type": "QualificationLevel",
                    "levelFramework": l.framework,
                    "levelFrameworkName": l.framework_name,
                    "levelValue": l.value,
                })
            })
            .collect();
        put(a, "qualificationLevel", levels);
    }
    if !def.assessment_types.is_empty() {
        put(a, "assessmentType", json!(def.assessment_types));
    }
    put_some(a, "participationForm", def.participation_form.as_ref());
    if !def.quality_assurance.is_empty() {
        let qa: Vec<Value> = def
            .quality_assurance
            .iter()
            .map(|q| {
                let mut m = Map::new();
                put(&mut m, "type", "QualityAssurance");
                put(&mut m, "qualityAssuranceType", q.kind.clone());
                put(&mut m, "qualityAssuranceBody", q.body.clone());
                put_some(&mut m, "qualityAssuranceUrl", q.url.as_ref());
                Value::Object(m)
            })
            .collect();
        put(a, "qualityAssurance", qa);
    }
    if !def.prerequisites.is_empty() {
        put(a, "prerequisites", json!(def.prerequisites));
    }
    put_some(a, "supervision", def.supervision.as_ref());
    put_some(
        a,
        "identityVerification",
        def.identity_verification.as_ref(),
    );
    if let Some(s) = &def.stackability {
        put(
            a,
            "stackability",
            json!({
                "type": "Stackability",
                "standAlone": s.stand_alone,
                "stackableTowards": s.stackable_towards,
            }),
        );
    }
    let against = super::framework_items::designed_against(def);
    if !against.is_empty() {
        put(a, "designedAgainst", against);
    }
}
