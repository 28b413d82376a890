//! What a designer submits to define a microcredential (an `AchievementDefinition`), and
//! its validation: every problem at once, each with the JSON pointer of its field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;

pub use super::vocabulary::*;

/// Text in several languages: keys `es`, `en`, `pt`.
pub type LangMap = BTreeMap<String, String>;

/// A microcredential definition as designed. Texts are given per language (`es`, `en`,
/// `pt`; at least one); the EU Annex I elements (learning outcomes, workload, level,
/// assessment, participation, quality assurance) are required when `achievementType` is
/// `MicroCredential`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AchievementDefinition {
    /// Title per language, e.g. `{"es": "Análisis de datos", "en": "Data analysis"}`.
    // Required, but defaulted so that validation lists every missing field at once.
    #[serde(default)]
    #[schema(required = true)]
    pub name: LangMap,
    /// Description per language.
    #[serde(default)]
    #[schema(required = true)]
    pub description: LangMap,
    /// How it is earned (criteria narrative), per language.
    #[serde(default)]
    #[schema(required = true)]
    pub criteria: LangMap,
    /// A page with further information on the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria_url: Option<String>,
    /// Open Badges `achievementType`; `MicroCredential` by default.
    #[serde(default = "default_type")]
    pub achievement_type: String,
    /// Field of study, e.g. "Ciencia de datos".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    /// The institution's own code, e.g. "UVC-MC-ADP-01".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Learning outcomes per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub learning_outcomes: BTreeMap<String, Vec<String>>,
    /// Notional workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<Workload>,
    /// Levels in qualification frameworks (EQF and national ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// Types of assessment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_types: Vec<String>,
    /// Form of participation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation_form: Option<String>,
    /// Quality assurance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quality_assurance: Vec<QualityAssurance>,
    /// Prerequisites, in the primary language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
    /// Supervision during assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<String>,
    /// Identity verification during assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_verification: Option<String>,
    /// Stand-alone or stackable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stackability: Option<Stackability>,
    /// Alignments to framework elements and skills (ESCO, the network's reference
    /// framework).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alignments: Vec<AlignmentInput>,
    /// Alignments to items of framework versions the node holds (resolved by the node on
    /// every new version; see `framework_items`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framework_items: Vec<super::framework_items::FrameworkItemRef>,
    /// Credentials expire this many months after issuance; never when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_months: Option<u32>,
}

fn default_type() -> String {
    "MicroCredential".to_owned()
}

/// Notional workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Workload {
    /// The amount, e.g. 5.
    pub value: f64,
    /// `ECTS`, `SCT-Chile`, `SATCA` or `Hours`.
    pub unit: String,
}

/// A level in a qualifications framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Level {
    /// The framework's IRI (`http://data.europa.eu/snb/eqf/25831c2` for the EQF).
    pub framework: String,
    /// Its name.
    pub framework_name: String,
    /// The level as the framework writes it, e.g. "6".
    pub value: String,
}

/// The IRI of the European Qualifications Framework.
pub const EQF_FRAMEWORK: &str = "http://data.europa.eu/snb/eqf/25831c2";

/// Quality assurance of the microcredential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QualityAssurance {
    /// `InternalQualityAssurance`, `ExternalAccreditation` or `NationalAuthorisation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The body, e.g. "Comisión Nacional de Acreditación (CNA-Chile)".
    pub body: String,
    /// Its web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Stand-alone or stackable towards other credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Stackability {
    /// Whether it stands alone.
    pub stand_alone: bool,
    /// URLs of the credentials or programmes it stacks towards.
    #[serde(default)]
    pub stackable_towards: Vec<String>,
}

/// An alignment to a framework element or skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlignmentInput {
    /// Name of the target, e.g. "analizar big data".
    pub target_name: String,
    /// Its URL, e.g. an ESCO skill URI.
    pub target_url: String,
    /// The framework, e.g. "ESCO".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_framework: Option<String>,
    /// Its code in the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_code: Option<String>,
    /// `ceasn:Competency`, `ext:ESCOSkill`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    fn one_of(&mut self, field: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.add(field, format!("must be one of {}", allowed.join(", ")));
        }
    }

    fn url(&mut self, field: &str, value: &str) {
        match url::Url::parse(value) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
            _ => self.add(field, "must be an absolute http(s) URL"),
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else if value.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
    }

    fn lang_map(&mut self, field: &str, map: &LangMap, max: usize) {
        if map.is_empty() {
            self.add(
                field,
                "is required: give the text in at least one of es, en, pt",
            );
        }
        for (lang, text) in map {
            if LANGUAGES.contains(&lang.as_str()) {
                self.text(&format!("{field}/{lang}"), text, max);
            } else {
                self.add(format!("{field}/{lang}"), "language must be es, en or pt");
            }
        }
    }
}

impl AchievementDefinition {
    /// The definition with its texts in Unicode NFC (the same title is always the same
    /// bytes in every credential).
    pub fn normalized(mut self) -> Self {
        let nfc = |map: &mut LangMap| {
            for text in map.values_mut() {
                *text = crate::text::nfc(text);
            }
        };
        nfc(&mut self.name);
        nfc(&mut self.description);
        nfc(&mut self.criteria);
        for outcomes in self.learning_outcomes.values_mut() {
            for o in outcomes.iter_mut() {
                *o = crate::text::nfc(o);
            }
        }
        self
    }

    /// Every problem with the definition (empty when it is valid).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors(Vec::new());
        e.lang_map("/name", &self.name, 200);
        for (lang, name) in &self.name {
            if let Some(why) = crate::text::name_problem(name).filter(|_| !name.trim().is_empty()) {
                e.add(format!("/name/{lang}"), why);
            }
        }
        e.lang_map("/description", &self.description, 4000);
        e.lang_map("/criteria", &self.criteria, 4000);
        if let Some(url) = &self.criteria_url {
            e.url("/criteriaUrl", url);
        }
        let t = self.achievement_type.as_str();
        if !ACHIEVEMENT_TYPES.contains(&t) && !t.starts_with("ext:") {
            e.add(
                "/achievementType",
                "must be an Open Badges 3.0 achievement type (e.g. MicroCredential, Course) or start with ext:",
            );
        }
        self.validate_elements(&mut e);
        if self.is_microcredential() {
            self.require_annex_i(&mut e);
        }
        e.0
    }

    fn validate_elements(&self, e: &mut Errors) {
        for (lang, outcomes) in &self.learning_outcomes {
            let field = format!("/learningOutcomes/{lang}");
            if !LANGUAGES.contains(&lang.as_str()) {
                e.add(&field, "language must be es, en or pt");
            }
            for (i, o) in outcomes.iter().enumerate() {
                e.text(&format!("{field}/{i}"), o, 1000);
            }
        }
        if let Some(w) = &self.workload {
            if !(w.value.is_finite() && w.value > 0.0 && w.value <= 10_000.0) {
                e.add(
                    "/workload/value",
                    "must be a positive number (at most 10000)",
                );
            }
            e.one_of("/workload/unit", &w.unit, &WORKLOAD_UNITS);
        }
        for (i, l) in self.levels.iter().enumerate() {
            e.url(&format!("/levels/{i}/framework"), &l.framework);
            e.text(
                &format!("/levels/{i}/frameworkName"),
                &l.framework_name,
                200,
            );
            e.text(&format!("/levels/{i}/value"), &l.value, 20);
            if l.framework == EQF_FRAMEWORK
                && !matches!(
                    l.value.as_str(),
                    "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8"
                )
            {
                e.add(format!("/levels/{i}/value"), "an EQF level is 1 to 8");
            }
        }
        for (i, a) in self.assessment_types.iter().enumerate() {
            e.one_of(&format!("/assessmentTypes/{i}"), a, &ASSESSMENT_TYPES);
        }
        if let Some(p) = &self.participation_form {
            e.one_of("/participationForm", p, &PARTICIPATION_FORMS);
        }
        for (i, q) in self.quality_assurance.iter().enumerate() {
            e.one_of(
                &format!("/qualityAssurance/{i}/type"),
                &q.kind,
                &QUALITY_ASSURANCE_TYPES,
            );
            e.text(&format!("/qualityAssurance/{i}/body"), &q.body, 300);
            if let Some(url) = &q.url {
                e.url(&format!("/qualityAssurance/{i}/url"), url);
            }
        }
        for (i, p) in self.prerequisites.iter().enumerate() {
            e.text(&format!("/prerequisites/{i}"), p, 1000);
        }
        if let Some(s) = &self.supervision {
            e.one_of("/supervision", s, &SUPERVISION);
        }
        if let Some(s) = &self.identity_verification {
            e.one_of("/identityVerification", s, &IDENTITY_VERIFICATION);
        }
        if let Some(s) = &self.stackability {
            for (i, url) in s.stackable_towards.iter().enumerate() {
                e.url(&format!("/stackability/stackableTowards/{i}"), url);
            }
        }
        for (i, a) in self.alignments.iter().enumerate() {
            e.text(&format!("/alignments/{i}/targetName"), &a.target_name, 300);
            e.url(&format!("/alignments/{i}/targetUrl"), &a.target_url);
        }
        for (i, t) in self.tags.iter().enumerate() {
            e.text(&format!("/tags/{i}"), t, 100);
        }
        for (i, r) in self.framework_items.iter().enumerate() {
            e.url(&format!("/frameworkItems/{i}/framework"), &r.framework);
            e.url(&format!("/frameworkItems/{i}/item"), &r.item);
        }
        if let Some(m) = self.validity_months
            && !(1..=1200).contains(&m)
        {
            e.add("/validityMonths", "must be between 1 and 1200");
        }
    }

    fn require_annex_i(&self, e: &mut Errors) {
        let missing = "is required for a MicroCredential (EU Council Recommendation, Annex I)";
        if self.learning_outcomes.values().all(Vec::is_empty) {
            e.add("/learningOutcomes", missing);
        }
        if self.workload.is_none() {
            e.add("/workload", missing);
        }
        if self.levels.is_empty() {
            e.add("/levels", missing);
        }
        if self.assessment_types.is_empty() {
            e.add("/assessmentTypes", missing);
        }
        if self.participation_form.is_none() {
            e.add("/participationForm", missing);
        }
        if self.quality_assurance.is_empty() {
            e.add("/qualityAssurance", missing);
        }
    }

    /// Whether it is a microcredential (the Annex I elements are then required).
    pub fn is_microcredential(&self) -> bool {
        self.achievement_type == "MicroCredential"
    }

    /// The workload for people, e.g. "5 ECTS".
    pub fn workload_label(&self) -> Option<String> {
        self.workload
            .as_ref()
            .map(|w| format!("{} {}", w.value, w.unit))
    }

    /// The levels for people, e.g. "EQF 6, MCTP 5".
    pub fn level_label(&self) -> Option<String> {
        let levels: Vec<String> = self
            .levels
            .iter()
            .map(|l| format!("{} {}", l.framework_name, l.value))
            .collect();
        (!levels.is_empty()).then(|| levels.join(", "))
    }

    /// The language its texts are primarily written in: the first of `preferred` that the
    /// name has, else the first language it has.
    pub fn primary_language(&self, preferred: &[String]) -> String {
        preferred
            .iter()
            .find(|l| self.name.contains_key(l.as_str()))
            .cloned()
            .or_else(|| self.name.keys().next().cloned())
            .unwrap_or_else(|| "es".to_owned())
    }
}

/// The text of `map` in `lang`, else in `fallback`, else any.
pub fn text_in<'a>(map: &'a LangMap, lang: &str, fallback: &str) -> &'a str {
    map.get(lang)
        .or_else(|| map.get(fallback))
        .or_else(|| map.values().next())
        .map(String::as_str)
        .unwrap_or("")
}
