//! Decisions under the charter: every admin decision is a proposal, enacted at once when
//! the charter needs no member to endorse it, otherwise when enough members have (each
//! endorsement a signed request from the member's node carrying a JWS by its own key).
//! What is enacted is checked with the same rule every node applies to the list
//! ([`mochila_protocol::network::check_change`]), so that it is taken everywhere.

use mochila_protocol::network::{
    Action, Decision as Enacted, Endorsement, ListState, Rules, Terms, verify_endorsement,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::Network;
use super::members::{Decision, MemberError};
use crate::store::entity::states::ProposalState;
use crate::store::entity::{network, network_proposal};
use crate::store::{self, rfc3339};

/// A proposal as the coordinator shows it (publicly: members read what they endorse).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProposalView {
    /// Its IRI.
    pub id: String,
    /// What an endorser signs.
    #[schema(value_type = Object)]
    pub terms: Terms,
    /// Why it is proposed.
    pub reason: String,
    /// The new charter's rules (a charter proposal).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub rules: Option<Value>,
    /// Where it stands.
    pub state: ProposalState,
    /// The members who endorsed it.
    pub endorsed_by: Vec<String>,
    /// Endorsements the charter needs now.
    pub needed: usize,
    /// Members who may endorse it now.
    pub eligible: usize,
    /// When it was proposed.
    pub created_at: String,
    /// When it was enacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

/// What became of a decision.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Enacted.
    Now(T),
    /// Waiting for members' endorsements.
    Proposed(Box<ProposalView>),
}

/// The charter's rules a network row holds (the default for a network older than them).
pub fn rules_of(net: &network::Model) -> Rules {
    net.rules
        .as_ref()
        .and_then(|r| Rules::read(r).ok())
        .unwrap_or_default()
}

/// The action a proposal row decides, when the charter governs it (a rejection it does
/// not: an applicant is not listed).
pub(super) fn action_of(row: &network_proposal::Model) -> Option<Action> {
    serde_json::from_value(json!(row.action)).ok()
}

impl Network {
    /// The URL of proposal `id`.
    pub(super) fn proposal_url(&self, id: &str) -> String {
        format!("{}/federation/proposals/{id}", self.entity_id())
    }

    /// What endorsers of `row` sign.
    pub(super) fn terms_of(&self, row: &network_proposal::Model) -> Terms {
        let rules = row.rules.as_ref().and_then(|r| Rules::read(r).ok());
        Terms {
            network: self.entity_id(),
            proposal: self.proposal_url(&row.id),
            action: action_of(row).unwrap_or(Action::Approve),
            subject: match (&row.member, rules) {
                (Some(member), _) => member.clone(),
                (None, Some(rules)) => rules.digest(),
                (None, None) => String::new(),
            },
            charter_version: row.charter_version,
        }
    }

    /// Records a new open proposal.
    pub(super) async fn propose(
        &self,
        db: &impl ConnectionTrait,
        net: &network::Model,
        decision: &str,
        subject: (Option<String>, Option<Value>),
        reason: &str,
        by: &str,
    ) -> Result<network_proposal::Model, MemberError> {
        let row = network_proposal::Model {
            id: uuid::Uuid::new_v4().to_string(),
            action: decision.to_owned(),
            member: subject.0,
            rules: subject.1,
            reason: reason.to_owned(),
            proposed_by: by.to_owned(),
            charter_version: net.charter_version,
            endorsements: json!([]),
            state: ProposalState::Open,
            created_at: store::now(),
            decided_at: None,
        };
        Ok(network_proposal::ActiveModel::from(row).insert(db).await?)
    }

    /// The endorsements of `row` that count now, the endorsements needed, and the number
    /// of members who may endorse, by the list as held on `db`.
    pub(super) async fn tally(
        &self,
        db: &impl ConnectionTrait,
        net: &network::Model,
        row: &network_proposal::Model,
    ) -> Result<(Vec<Endorsement>, usize, usize), MemberError> {
        let Some(action) = action_of(row) else {
            return Ok((Vec::new(), 0, 0));
        };
        let docs = self.own_list(db).await?;
        let held = ListState::of(&docs);
        let now = time::OffsetDateTime::now_utc();
        let subject = row.member.as_deref().unwrap_or_default();
        let eligible = held.eligible(subject, now);
        let prev = held.entry(subject);
        let needed = ListState::share(&rules_of(net), action, prev).needed(eligible.len());
        let terms = self.terms_of(row);
        let given: Vec<Endorsement> =
            serde_json::from_value(row.endorsements.clone()).unwrap_or_default();
        let counted = given
            .into_iter()
            .filter(|e| verify_endorsement(&terms, e, &eligible).is_ok())
            .collect();
        Ok((counted, needed, eligible.len()))
    }

    /// The decision a change enacting `row` carries.
    pub(super) fn enacted(
        &self,
        row: &network_proposal::Model,
        endorsements: Vec<Endorsement>,
    ) -> Enacted {
        Enacted {
            id: self.proposal_url(&row.id),
            action: action_of(row).unwrap_or(Action::Approve),
            charter_version: row.charter_version,
            endorsements,
        }
    }

    /// Marks `row` decided.
    pub(super) async fn close(
        &self,
        db: &impl ConnectionTrait,
        row: network_proposal::Model,
        endorsements: &[Endorsement],
        state: ProposalState,
    ) -> Result<network_proposal::Model, MemberError> {
        let mut active: network_proposal::ActiveModel = row.into();
        active.state = Set(state);
        active.endorsements = Set(json!(endorsements));
        active.decided_at = Set(Some(store::now()));
        Ok(active.update(db).await?)
    }

    /// `row` as shown.
    pub(super) async fn view(
        &self,
        db: &impl ConnectionTrait,
        net: &network::Model,
        row: network_proposal::Model,
    ) -> Result<ProposalView, MemberError> {
        let (_, needed, eligible) = self.tally(db, net, &row).await?;
        let given: Vec<Endorsement> =
            serde_json::from_value(row.endorsements.clone()).unwrap_or_default();
        Ok(ProposalView {
            id: self.proposal_url(&row.id),
            terms: self.terms_of(&row),
            reason: row.reason,
            rules: row.rules,
            state: row.state,
            endorsed_by: given.into_iter().map(|e| e.signer).collect(),
            needed,
            eligible,
            created_at: rfc3339(row.created_at),
            decided_at: row.decided_at.map(rfc3339),
        })
    }

    /// Proposal `id` of the network this node coordinates.
    pub async fn proposal(&self, id: &str) -> Result<ProposalView, MemberError> {
        let net = self
            .coordinated()
            .await?
            .ok_or(MemberError::NotCoordinating)?;
        let db = &self.federation.db;
        let row = network_proposal::Entity::find_by_id(id.to_owned())
            .one(db)
            .await?
            .ok_or_else(|| MemberError::NotFound(format!("proposal {id}")))?;
        self.view(db, &net, row).await
    }

    /// The proposals of the network this node coordinates, newest first; only the open ones
    /// when `open`.
    pub async fn proposals(&self, open: bool) -> Result<Vec<ProposalView>, MemberError> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let net = self
            .coordinated()
            .await?
            .ok_or(MemberError::NotCoordinating)?;
        let db = &self.federation.db;
        let mut query = network_proposal::Entity::find();
        if open {
            query = query.filter(network_proposal::Column::State.eq(ProposalState::Open));
        }
        let rows = query
            .order_by_desc(network_proposal::Column::CreatedAt)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.view(db, &net, row).await?);
        }
        Ok(out)
    }

    /// Whether `decision` is one the charter governs.
    pub(super) fn governed(decision: Decision) -> bool {
        decision != Decision::Reject
    }
}
