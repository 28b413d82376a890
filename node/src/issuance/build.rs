//! Building the unsigned Open Badges 3.0 credential for one learner: issuer profile,
//! achievement (the version in force), hashed identifiers, result, evidence and the two
//! status entries.

use mochila_protocol::status::BitstringStatusListEntry;
use serde_json::{Map, Value, json};
use sha2::Digest;

use super::learner::{LearnerRequest, date_time_stamp};
use crate::catalogue::AchievementDefinition;
use crate::identity::Identity;
use crate::status_lists::{Purpose, Slot};

/// What every credential of one issuance shares.
#[derive(Debug, Clone)]
pub struct Template {
    /// The credential's `@context` (the profile's: standard contexts by default).
    pub context: Value,
    /// The issuer's OB `Profile` (without `@context`).
    pub issuer: Value,
    /// The Achievement (without `@context`), in the issuance language.
    pub achievement: Value,
    /// Its definition (for credits and validity).
    pub definition: AchievementDefinition,
    /// `validFrom` (and `awardedDate`).
    pub valid_from: String,
    /// `validUntil`, if the achievement expires.
    pub valid_until: Option<String>,
}

/// The slots of one credential in the revocation and suspension lists.
#[derive(Debug, Clone, Copy)]
pub struct Slots {
    /// Revocation list slot.
    pub revocation: Slot,
    /// Suspension list slot.
    pub suspension: Slot,
}

/// `sha256$` + hex SHA-256 of `value` + `salt`, as Open Badges' `IdentityObject` wants.
pub fn identity_hash(value: &str, salt: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{value}{salt}").as_bytes());
    format!("sha256${}", hex::encode(digest))
}

fn salt() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// The `credentialStatus` entry of `slot` in `purpose`'s list of the node at `identity`.
pub fn status_entry(identity: &Identity, purpose: Purpose, slot: Slot) -> Value {
    let entry = BitstringStatusListEntry::new(
        purpose.as_str(),
        slot.index as usize,
        &identity.status_list_url(purpose.as_str(), slot.list),
    );
    serde_json::to_value(entry).unwrap_or(Value::Null)
}

/// The unsigned credential `id` for `learner`.
pub fn credential(
    identity: &Identity,
    template: &Template,
    id: &str,
    learner: &LearnerRequest,
    slots: Slots,
) -> Result<Value, getrandom::Error> {
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "hashed": false,
        "identityHash": learner.name,
        "identityType": "name",
    })];
    for email in &learner.emails {
        let salt = salt()?;
        identifiers.push(json!({
            "type": "IdentityObject",
            "hashed": true,
            "identityHash": identity_hash(email, &salt),
            "identityType": "emailAddress",
            "salt": salt,
        }));
    }
    let mut subject = Map::new();
    if let Some(did) = &learner.did {
        subject.insert("id".into(), did.clone().into());
    }
    subject.insert("type".into(), json!(["AchievementSubject"]));
    subject.insert("identifier".into(), Value::Array(identifiers));
    subject.insert("achievement".into(), template.achievement.clone());
    if let Some(w) = template
        .definition
        .workload
        .as_ref()
        .filter(|w| w.unit != "Hours")
    {
        subject.insert("creditsEarned".into(), w.value.into());
    }
    if let Some(result) = &learner.result {
        subject.insert(
            "result".into(),
            json!([{"type": ["Result"], "value": result}]),
        );
    }
    let dates = [
        ("activityStartDate", &learner.activity_start_date),
        ("activityEndDate", &learner.activity_end_date),
    ];
    for (key, value) in dates {
        if let Some(v) = value.as_deref().and_then(date_time_stamp) {
            subject.insert(key.into(), v.into());
        }
    }
    let mut vc = Map::new();
    vc.insert("@context".into(), template.context.clone());
    vc.insert("id".into(), identity.credential_url(id).into());
    vc.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    if let Some(name) = template.achievement.get("name") {
        vc.insert("name".into(), name.clone());
    }
    vc.insert("issuer".into(), template.issuer.clone());
    vc.insert("validFrom".into(), template.valid_from.clone().into());
    if let Some(until) = &template.valid_until {
        vc.insert("validUntil".into(), until.clone().into());
    }
    vc.insert("awardedDate".into(), template.valid_from.clone().into());
    vc.insert("credentialSubject".into(), Value::Object(subject));
    if let Some(url) = &learner.evidence_url {
        vc.insert(
            "evidence".into(),
            json!([{"id": url, "type": ["Evidence"]}]),
        );
    }
    vc.insert(
        "credentialStatus".into(),
        json!([
            status_entry(identity, Purpose::Revocation, slots.revocation),
            status_entry(identity, Purpose::Suspension, slots.suspension),
        ]),
    );
    Ok(Value::Object(vc))
}

#[cfg(test)]
mod tests {
    use super::identity_hash;

    #[test]
    fn identity_hash_is_sha256_of_value_and_salt() {
        // printf 'ana@example.clabc' | sha256sum
        assert_eq!(
            identity_hash("ana@example.cl", "abc"),
            "sha256$1bc58bceff6014678d24e651cb6413ebcb8d0dbc799aa8d87a992fa912c7524c"
        );
    }
}
