//! The credential subject, the achievement and what hangs off it: criteria, alignments,
//! results and result descriptions, identity objects.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::common::{Image, OneOrMany};
use super::profile::{EndorsementCredential, ProfileRef};

/// OB 3.0 `AchievementSubject`: the learner and what they achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementSubject {
    /// The learner's id (e.g. a DID), if not identified by `identifier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `["AchievementSubject"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Hashed identifiers of the learner (e.g. e-mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Vec<IdentityObject>>,
    /// The achievement.
    pub achievement: Achievement,
    /// Credits earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_earned: Option<Number>,
    /// Results (grades, levels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Vec<Result>>,
    /// Start of the learning activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_start_date: Option<String>,
    /// End of the learning activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_end_date: Option<String>,
    /// Image of the learner's achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Any other member (`narrative`, `role`, `term`, `licenseNumber`, ...), kept as is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `IdentityObject`: a (hashed) identifier of the learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityObject {
    /// `IdentityObject`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Whether `identityHash` is hashed.
    pub hashed: bool,
    /// The identifier, or `sha256$<hex>` of identifier + salt.
    pub identity_hash: String,
    /// The kind of identifier, e.g. `emailAddress`.
    pub identity_type: String,
    /// The salt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Achievement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Achievement {
    /// Its id (URL).
    pub id: String,
    /// `["Achievement"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// How it is earned.
    pub criteria: Criteria,
    /// `MicroCredential`, `Course`, ... or `ext:...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_type: Option<String>,
    /// Alignments to frameworks (EQF levels, ESCO skills, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<Vec<Alignment>>,
    /// Credits the achievement is worth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_available: Option<Number>,
    /// Who created the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<ProfileRef>,
    /// Field of study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    /// Human-readable code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    /// How results are described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_description: Option<Vec<ResultDescription>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Vec<String>>,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Related achievements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<Value>>,
    /// Endorsements of the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<Vec<EndorsementCredential>>,
    /// Any other member (extension terms, `specialization`, ...), kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Criteria`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Criteria {
    /// URL of the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Narrative (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Alignment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alignment {
    /// `["Alignment"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Name of the target.
    pub target_name: String,
    /// URL of the target.
    pub target_url: String,
    /// Description of the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_description: Option<String>,
    /// Code of the target in its framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_code: Option<String>,
    /// Name of the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_framework: Option<String>,
    /// `CFItem`, `ceterms:Competency`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Result`: a learner's result (grade, level, status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Result {
    /// `["Result"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// The `ResultDescription` this result follows (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_description: Option<String>,
    /// Level achieved (a rubric criterion level id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved_level: Option<String>,
    /// `Completed`, `Enrolled`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The value (grade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Any other member (`alignment`, ...), kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `ResultDescription`: how a result is expressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultDescription {
    /// Its id.
    pub id: String,
    /// `["ResultDescription"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Name.
    pub name: String,
    /// `GradePointAverage`, `LetterGrade`, `Percent`, `Status`, `ext:...`, ...
    pub result_type: String,
    /// Allowed values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_value: Option<Vec<String>>,
    /// Required value to pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_value: Option<String>,
    /// Minimum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_min: Option<String>,
    /// Maximum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<String>,
    /// Any other member (`rubricCriterionLevel`, `alignment`, ...), kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
