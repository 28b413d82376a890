//! What a credential says about itself, for people: who it was awarded to, by whom (name and
//! country of the issuer Profile), and the achievement's EU Annex I elements as the standard
//! credential profile carries them (docs/protocol/credential-profile.md). Unverified unless
//! the report around it says so; labels are as the credential writes them (its language),
//! with codes so that a page can name them in its own language.

use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A value aligned to a controlled vocabulary: its code there and its name in the credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AlignedTerm {
    /// The alignment's `targetCode` (e.g. `blended`, `ExternalAccreditation`).
    pub code: Option<String>,
    /// The alignment's `targetName`, in the credential's language (for quality assurance,
    /// the body).
    pub name: String,
}

/// The achievement, as the credential describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementFacts {
    /// Its name.
    pub name: Option<String>,
    /// Its Open Badges `achievementType` (e.g. `MicroCredential`).
    pub achievement_type: Option<String>,
    /// Notional workload, e.g. `5 SCT-Chile` (the `ext:Workload` alignment), else
    /// `creditsAvailable` as a number.
    pub workload: Option<String>,
    /// Levels, e.g. `EQF nivel 6` (`ext:EQFLevel` and `ext:QualificationLevel` alignments).
    pub levels: Vec<String>,
    /// Form of participation (`ext:ParticipationForm`).
    pub participation_form: Option<AlignedTerm>,
    /// Quality assurance: type (code) and body (name) (`ext:QualityAssurance`).
    pub quality_assurance: Vec<AlignedTerm>,
}

/// What the credential says about itself (unverified unless the report says so).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialSummary {
    /// The credential's `id`.
    pub id: Option<String>,
    /// Its `name`, or its achievement's name.
    pub name: Option<String>,
    /// The issuer's id (a DID or URL).
    pub issuer: Option<String>,
    /// The issuer Profile's `name`.
    pub issuer_name: Option<String>,
    /// The issuer's country (`address.addressCountryCode`, else `addressCountry`).
    pub issuer_country: Option<String>,
    /// The learner's name: `credentialSubject.name`, else its plain-text `name` identifier.
    pub learner: Option<String>,
    /// `validFrom` (or VC 1.1 `issuanceDate`).
    pub valid_from: Option<String>,
    /// `validUntil` (or VC 1.1 `expirationDate`).
    pub valid_until: Option<String>,
    /// `credentialSubject.activityStartDate`.
    pub activity_start_date: Option<String>,
    /// `credentialSubject.activityEndDate`.
    pub activity_end_date: Option<String>,
    /// The results (grades) awarded: `credentialSubject.result[].value`.
    pub result: Vec<String>,
    /// The achievement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievement: Option<AchievementFacts>,
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The members of `v` when it is an array, or `v` itself.
fn each(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    let items: &[Value] = match v {
        Some(Value::Array(a)) => a,
        Some(one) => std::slice::from_ref(one),
        None => &[],
    };
    items.iter()
}

/// The first subject (a credential may have several; Open Badges has one).
fn subject(doc: &Map<String, Value>) -> Option<&Value> {
    each(doc.get("credentialSubject")).next()
}

fn learner(subject: &Value) -> Option<String> {
    text(subject.get("name")).or_else(|| {
        each(subject.get("identifier")).find_map(|i| {
            let plain = i.get("hashed").and_then(Value::as_bool) == Some(false);
            let is_name = i.get("identityType").and_then(Value::as_str) == Some("name");
            (plain && is_name)
                .then(|| text(i.get("identityHash")))
                .flatten()
        })
    })
}

/// The achievement's alignments of one of `types`, with a name.
fn aligned<'a>(
    achievement: &'a Value,
    types: &'static [&'static str],
) -> impl Iterator<Item = AlignedTerm> + 'a {
    each(achievement.get("alignment"))
        .filter(move |a| {
            a.get("targetType")
                .and_then(Value::as_str)
                .is_some_and(|t| types.contains(&t))
        })
        .filter_map(|a| {
            Some(AlignedTerm {
                code: text(a.get("targetCode")),
                name: text(a.get("targetName"))?,
            })
        })
}

impl AchievementFacts {
    /// Reads an Open Badges `Achievement` object.
    pub fn of(achievement: &Value) -> Self {
        let aligned = |types| aligned(achievement, types);
        let credits = achievement
            .get("creditsAvailable")
            .and_then(Value::as_f64)
            .map(|c| c.to_string());
        Self {
            name: text(achievement.get("name")),
            achievement_type: text(achievement.get("achievementType")),
            workload: aligned(&["ext:Workload"])
                .next()
                .map(|t| t.name)
                .or(credits),
            levels: aligned(&["ext:EQFLevel", "ext:QualificationLevel"])
                .map(|t| t.name)
                .collect(),
            participation_form: aligned(&["ext:ParticipationForm"]).next(),
            quality_assurance: aligned(&["ext:QualityAssurance"]).collect(),
        }
    }
}

impl CredentialSummary {
    /// Reads the summary from a credential object.
    pub fn of(doc: &Map<String, Value>) -> Self {
        let subject = subject(doc);
        let at = |key: &str| text(subject.and_then(|s| s.get(key)));
        let achievement = subject
            .and_then(|s| s.get("achievement"))
            .filter(|a| a.is_object())
            .map(AchievementFacts::of);
        let issuer = doc.get("issuer").filter(|i| i.is_object());
        let address = issuer.and_then(|i| i.get("address"));
        Self {
            id: text(doc.get("id")),
            name: text(doc.get("name"))
                .or_else(|| achievement.as_ref().and_then(|a| a.name.clone())),
            issuer: id_of(doc.get("issuer")),
            issuer_name: text(issuer.and_then(|i| i.get("name"))),
            issuer_country: text(address.and_then(|a| a.get("addressCountryCode")))
                .or_else(|| text(address.and_then(|a| a.get("addressCountry")))),
            learner: subject.and_then(learner),
            valid_from: text(doc.get("validFrom")).or_else(|| text(doc.get("issuanceDate"))),
            valid_until: text(doc.get("validUntil")).or_else(|| text(doc.get("expirationDate"))),
            activity_start_date: at("activityStartDate"),
            activity_end_date: at("activityEndDate"),
            result: each(subject.and_then(|s| s.get("result")))
                .filter_map(|r| match r.get("value") {
                    Some(Value::Number(n)) => Some(n.to_string()),
                    other => text(other),
                })
                .collect(),
            achievement,
        }
    }
}

/// The id of a member that is a string or an object with an `id`.
pub fn id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_who_by_whom_and_the_annex_elements() {
        let doc = json!({
            "id": "urn:uuid:1",
            "issuer": {"id": "did:web:u.example", "name": "Universidad Demo",
                "address": {"type": ["Address"], "addressCountry": "México",
                    "addressCountryCode": "MX"}},
            "validFrom": "2026-07-01T00:00:00Z",
            "credentialSubject": {
                "identifier": [
                    {"identityType": "emailAddress", "hashed": true, "identityHash": "sha256$x"},
                    {"identityType": "name", "hashed": false, "identityHash": "Ana Pérez"}],
                "result": [{"type": ["Result"], "value": "6.4"}, {"value": 7}],
                "activityStartDate": "2026-03-02T00:00:00Z",
                "achievement": {"name": "Datos", "achievementType": "MicroCredential",
                    "creditsAvailable": 5.0,
                    "alignment": [
                        {"targetType": "ext:EQFLevel", "targetName": "EQF nivel 6", "targetCode": "6"},
                        {"targetType": "ext:Workload", "targetName": "5 SCT-Chile", "targetCode": "5"},
                        {"targetType": "ext:ParticipationForm", "targetName": "Mixta", "targetCode": "blended"},
                        {"targetType": "ext:QualityAssurance", "targetName": "CNA-Chile",
                            "targetCode": "ExternalAccreditation"},
                        {"targetType": "ext:QualityAssurance", "targetCode": "nameless"}]}}
        });
        let s = CredentialSummary::of(doc.as_object().unwrap());
        assert_eq!(s.learner.as_deref(), Some("Ana Pérez"));
        assert_eq!(s.issuer_name.as_deref(), Some("Universidad Demo"));
        assert_eq!(s.issuer_country.as_deref(), Some("MX"));
        assert_eq!(s.result, ["6.4", "7"]);
        assert_eq!(
            s.activity_start_date.as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(s.activity_end_date, None);
        let a = s.achievement.unwrap();
        assert_eq!(a.workload.as_deref(), Some("5 SCT-Chile"));
        assert_eq!(a.levels, ["EQF nivel 6"]);
        assert_eq!(
            a.participation_form.unwrap().code.as_deref(),
            Some("blended")
        );
        assert_eq!(
            a.quality_assurance,
            [AlignedTerm {
                code: Some("ExternalAccreditation".into()),
                name: "CNA-Chile".into()
            }]
        );
    }

    #[test]
    fn a_subject_name_wins_and_odd_shapes_give_nothing() {
        let doc = json!({"issuer": "did:key:z6Mk", "credentialSubject": [
            {"name": "Ana", "identifier": {"identityType": "name", "hashed": false,
                "identityHash": "Other"}, "achievement": "not an object"}]});
        let s = CredentialSummary::of(doc.as_object().unwrap());
        assert_eq!(s.learner.as_deref(), Some("Ana"));
        assert_eq!(s.issuer.as_deref(), Some("did:key:z6Mk"));
        assert_eq!(s.issuer_name, None);
        assert_eq!(s.achievement, None);
        let hashed = json!({"credentialSubject": {"identifier": {"identityType": "name",
            "hashed": true, "identityHash": "sha256$ab"}}});
        assert_eq!(
            CredentialSummary::of(hashed.as_object().unwrap()).learner,
            None
        );
    }
}
