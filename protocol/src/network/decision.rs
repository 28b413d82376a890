//! Decisions about members and charters as they travel in the coordinator's member list:
//! each change carries the decision it enacts, with one endorsement (a compact JWS by the
//! member's own key over the decision's terms) per member who signed it; the coordinator's
//! proof on the change is its own signature. [`check_change`] is what every node applies
//! before taking a change of the list, and what the coordinator applies before making one.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::charter::{CHARTER_TYPE, Rules, Share};
use crate::jose::{self, OkpJwk};

/// The type of a member-list entry.
pub const MEMBER_TYPE: &str = "NetworkMember";

/// The `typ` of an endorsement JWS.
pub const ENDORSEMENT_TYPE: &str = "network-endorsement+jws";

/// The kinds of decision a charter governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Admit an applicant (or a removed member again).
    Approve,
    /// Suspend a member.
    Suspend,
    /// Confirm a suspension, so that it does not lapse.
    Confirm,
    /// Lift a suspension.
    Reinstate,
    /// Remove a member.
    Remove,
    /// Adopt a new charter.
    Charter,
}

/// What an endorser signs: the decision, not the document that enacts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Terms {
    /// The coordinator's entity id.
    pub network: String,
    /// The proposal's IRI at the coordinator.
    pub proposal: String,
    /// What is decided.
    pub action: Action,
    /// The member's entity id, or for a charter the digest of its rules.
    pub subject: String,
    /// The charter version the decision is taken under.
    pub charter_version: i64,
}

impl Terms {
    /// The bytes an endorser signs: the terms' JCS.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let value = serde_json::to_value(self).unwrap_or_default();
        crate::jcs::canonicalize(&value).into_bytes()
    }
}

/// One member's endorsement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endorsement {
    /// The endorsing member's entity id.
    pub signer: String,
    /// A compact JWS (`EdDSA`, `typ` [`ENDORSEMENT_TYPE`], `kid` a key of the member's
    /// `jwks` in the list) whose payload is the terms' JCS.
    pub jws: String,
}

/// The decision a change of the list enacts (its `decision` member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decision {
    /// The proposal's IRI.
    pub id: String,
    /// What is decided.
    pub action: Action,
    /// The charter version it was taken under.
    pub charter_version: i64,
    /// The members' endorsements.
    pub endorsements: Vec<Endorsement>,
}

/// Signs `terms` as `signer` with `key`: an endorsement.
pub fn endorse(terms: &Terms, signer: &str, key: &ed25519_dalek::SigningKey) -> Endorsement {
    let mut header = serde_json::Map::new();
    header.insert("typ".into(), json!(ENDORSEMENT_TYPE));
    header.insert("kid".into(), json!(OkpJwk::of(&key.verifying_key()).kid));
    Endorsement {
        signer: signer.to_owned(),
        jws: jose::sign_compact(header, &terms.signing_bytes(), key),
    }
}

/// When an entry's suspension lapses, if it is an unconfirmed one.
pub fn lapses_at(entry: &Value) -> Option<OffsetDateTime> {
    entry["lapsesAt"]
        .as_str()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
}

/// The state an entry gives its member at `at`: `active`, `suspended` or `removed`; an
/// unconfirmed suspension whose time has come is `active` again.
pub fn effective_state(entry: &Value, at: OffsetDateTime) -> &str {
    let state = entry["memberState"].as_str().unwrap_or("");
    if state == "suspended" && lapses_at(entry).is_some_and(|l| l <= at) {
        "active"
    } else {
        state
    }
}

/// The list as held before a change: its charter (version and rules) and member entries.
#[derive(Debug, Clone, Default)]
pub struct ListState<'a> {
    /// The charter in force, if one was published.
    pub charter: Option<(i64, Rules)>,
    /// The live member entries.
    pub members: Vec<&'a Value>,
}

impl<'a> ListState<'a> {
    /// The state held in `documents` (the list's live objects).
    pub fn of(documents: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut state = Self::default();
        for doc in documents {
            if doc["type"] == CHARTER_TYPE {
                let version = doc["charterVersion"].as_i64().unwrap_or(0);
                if let Ok(rules) = Rules::read(&doc["rules"]) {
                    state.charter = Some((version, rules));
                }
            } else if doc["type"] == MEMBER_TYPE {
                state.members.push(doc);
            }
        }
        state
    }

    /// The entry of member `entity`, if held.
    pub fn entry(&self, entity: &str) -> Option<&'a Value> {
        self.members.iter().copied().find(|m| m["member"] == entity)
    }

    /// The members who may endorse a decision about `subject` at `at`: the active ones
    /// other than the subject.
    pub fn eligible(&self, subject: &str, at: OffsetDateTime) -> Vec<&'a Value> {
        self.members
            .iter()
            .copied()
            .filter(|m| m["member"] != subject && effective_state(m, at) == "active")
            .collect()
    }

    /// The share a decision `action` about the member whose entry is `prev` needs under
    /// `rules`: a confirmed suspension is lifted as an admission is.
    pub fn share(rules: &Rules, action: Action, prev: Option<&Value>) -> Share {
        match action {
            Action::Approve => rules.admit,
            Action::Suspend => rules.suspend,
            Action::Confirm => rules.confirm,
            Action::Reinstate if prev.and_then(lapses_at).is_some() => rules.reinstate,
            Action::Reinstate => rules.admit,
            Action::Remove => rules.remove,
            Action::Charter => rules.charter,
        }
    }
}

/// Checks one endorsement of `terms` against the eligible members' keys.
pub fn verify_endorsement(
    terms: &Terms,
    endorsement: &Endorsement,
    eligible: &[&Value],
) -> Result<(), String> {
    let signer = &endorsement.signer;
    let entry = eligible
        .iter()
        .find(|m| m["member"] == signer.as_str())
        .ok_or_else(|| {
            format!("{signer} may not endorse this decision (not another active member)")
        })?;
    let jws = jose::read_compact(&endorsement.jws).map_err(|e| format!("{signer}: {e}"))?;
    if jws.typ() != Some(ENDORSEMENT_TYPE) {
        return Err(format!(
            "{signer}: the endorsement's typ is not {ENDORSEMENT_TYPE}"
        ));
    }
    let kid = jws.kid().unwrap_or_default().to_owned();
    let keys: Vec<OkpJwk> = serde_json::from_value(entry["jwks"]["keys"].clone())
        .map_err(|_| format!("{signer}: the list holds no keys for it"))?;
    let key = keys
        .iter()
        .find(|k| k.kid.as_deref() == Some(kid.as_str()))
        .ok_or_else(|| format!("{signer}: no key {kid:?} in its listed keys"))?
        .verifying_key()
        .map_err(|e| format!("{signer}: {e}"))?;
    let payload = jws.verify(&key).map_err(|e| format!("{signer}: {e}"))?;
    if payload != terms.signing_bytes() {
        return Err(format!("{signer}: the endorsement is of other terms"));
    }
    Ok(())
}

/// Counts `decision`'s endorsements of `terms`: each must be valid, by a distinct eligible
/// member.
pub fn count_endorsements(
    terms: &Terms,
    decision: &Decision,
    eligible: &[&Value],
) -> Result<usize, String> {
    let mut seen: Vec<&str> = Vec::new();
    for e in &decision.endorsements {
        if seen.contains(&e.signer.as_str()) {
            return Err(format!("{} endorses twice", e.signer));
        }
        verify_endorsement(terms, e, eligible)?;
        seen.push(&e.signer);
    }
    Ok(seen.len())
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
