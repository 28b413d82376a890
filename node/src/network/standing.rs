//! Whether a credential's issuer belongs to a network this node trusts (its own networks),
//! now and when the credential was issued, from the member lists held here (pushed and
//! caught up from the coordinators, each change signed by the coordinator): never a guess,
//! and never a request to anyone while a verifier waits.

use mochila_protocol::network::effective_state;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use super::Network;
use super::trust::{MEMBER_TYPE, MEMBERS, entry_id};
use crate::federation::shared::collection_url;
use crate::store::entity::{shared_change, shared_source};
use crate::store::rfc3339;

/// What the trusted networks say of an issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// An active member (or the coordinator) of at least one trusted network.
    Member,
    /// Not an active member of any trusted network whose list is held.
    NotMember,
    /// A trusted network's list is not held yet (its coordinator never answered), and no
    /// other network vouches for the issuer.
    Unknown,
    /// This node trusts no network.
    NoNetwork,
}

/// The `network_membership` part of a verification report. It does not change whether the
/// credential verifies: a signature is valid or not whoever the issuer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipCheck {
    /// Always `network_membership`.
    pub check: &'static str,
    /// The answer.
    pub outcome: Standing,
    /// What was found, for people.
    pub detail: String,
    /// The network that vouches for the issuer (its name), when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Whether the issuer was an active member when the credential says it was issued
    /// (`validFrom`), by the coordinator's signed list history; absent when unknowable.
    /// `validFrom` has second precision: a change within that second counts as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_at_issuance: Option<bool>,
}

/// One trusted network's answer.
struct Answer {
    network: String,
    active_now: Option<bool>,
    at_issuance: Option<bool>,
    version: i64,
    checked: Option<String>,
}

impl Network {
    /// The `network_membership` check for a credential of `issuer` (a DID) issued at
    /// `issued` (RFC 3339, its `validFrom`).
    pub async fn membership_check(
        &self,
        issuer: Option<&str>,
        issued: Option<&str>,
    ) -> Result<MembershipCheck, DbErr> {
        let check = |outcome, detail: String, network, at| MembershipCheck {
            check: "network_membership",
            outcome,
            detail,
            network,
            member_at_issuance: at,
        };
        let coordinators = self.trusted_anchors().await?;
        if coordinators.is_empty() {
            return Ok(check(
                Standing::NoNetwork,
                "this node belongs to no network, so it cannot say whether the issuer is a member of one".into(),
                None,
                None,
            ));
        }
        let Some(issuer) = issuer else {
            return Ok(check(
                Standing::NotMember,
                "the credential names no issuer".into(),
                None,
                None,
            ));
        };
        let issued = issued.and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
        let mut answers = Vec::new();
        for coordinator in &coordinators {
            answers.push(self.answer(coordinator, issuer, issued).await?);
        }
        let at_issuance = answers
            .iter()
            .filter_map(|a| a.at_issuance)
            .reduce(|a, b| a || b);
        if let Some(a) = answers.iter().find(|a| a.active_now == Some(true)) {
            let when = a.checked.as_deref().unwrap_or("now");
            return Ok(check(
                Standing::Member,
                format!(
                    "{issuer} is a member of {} (its coordinator's member list, version {}, as of {when})",
                    a.network, a.version
                ),
                Some(a.network.clone()),
                at_issuance,
            ));
        }
        if let Some(a) = answers.iter().find(|a| a.active_now.is_none()) {
            return Ok(check(
                Standing::Unknown,
                format!(
                    "the member list of {} has not been received yet, and no other network this node trusts lists {issuer}",
                    a.network
                ),
                None,
                at_issuance,
            ));
        }
        let was = if at_issuance == Some(true) {
            " (it was one when the credential was issued)"
        } else {
            ""
        };
        Ok(check(
            Standing::NotMember,
            format!("{issuer} is not an active member of any network this node trusts{was}"),
            None,
            at_issuance,
        ))
    }

    /// What `coordinator`'s list, as held, says of `did` now and at `issued`.
    async fn answer(
        &self,
        coordinator: &str,
        did: &str,
        issued: Option<OffsetDateTime>,
    ) -> Result<Answer, DbErr> {
        let db = &self.federation.db;
        let collection = collection_url(coordinator, MEMBERS);
        let source = shared_source::Entity::find_by_id(collection)
            .one(db)
            .await?;
        let own = coordinator == self.entity_id();
        let coordinated = if own { self.coordinated().await? } else { None };
        let held = own || source.as_ref().is_some_and(|s| s.last_seq > 0);
        let mut network = coordinated.map_or_else(|| coordinator.to_owned(), |n| n.name);
        let coordinator_did = mochila_protocol::did::did_web_from_base_url(coordinator).ok();
        if coordinator_did.as_deref() == Some(did) {
            // The coordinator vouches for itself: it is its network.
            return Ok(Answer {
                network,
                active_now: Some(true),
                at_issuance: Some(true),
                version: source.as_ref().map_or(0, |s| s.last_seq),
                checked: None,
            });
        }
        let changes = shared_change::Entity::find()
            .filter(shared_change::Column::ObjectId.eq(entry_id(coordinator, did)))
            .order_by_asc(shared_change::Column::Seq)
            .all(db)
            .await?;
        let docs: Vec<Value> = changes
            .iter()
            .filter_map(|c| serde_json::from_str(&c.document).ok())
            .collect();
        if let Some(name) = docs.iter().rev().find_map(|d| d["networkName"].as_str()) {
            network = name.to_owned();
        }
        let active_at =
            |doc: &Value, at| doc["type"] == MEMBER_TYPE && effective_state(doc, at) == "active";
        let (mut now, mut then) = (false, issued.map(|_| false));
        for doc in &docs {
            now = active_at(doc, OffsetDateTime::now_utc());
            let at = doc["updated"]
                .as_str()
                .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
            if let (Some(issued), Some(at)) = (issued, at)
                && at <= issued
            {
                then = Some(active_at(doc, issued));
            }
        }
        Ok(Answer {
            network,
            active_now: held.then_some(now),
            at_issuance: if held { then } else { None },
            version: source.as_ref().map_or(0, |s| s.last_seq),
            checked: source
                .and_then(|s| s.synced_at)
                .or(changes.last().map(|c| c.recorded_at))
                .map(rfc3339),
        })
    }
}
