//! Endorsements of a coordinator's proposals. A member's admin endorses a proposal on its
//! own node, which reads the proposal's terms from the coordinator, signs them with the
//! institution's active key (a compact JWS, [`mochila_protocol::network::endorse`]) and
//! sends the endorsement as a signed request; the coordinator checks the request's
//! signer, the JWS against the member's listed keys, and enacts the decision once the
//! charter's threshold is met.

use mochila_protocol::network::{
    Action, Endorsement, ListState, Terms, endorse, verify_endorsement,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

use super::Network;
use super::join::JoinError;
use super::members::MemberError;
use super::proposals::{ProposalView, action_of};
use crate::auth::Caller;
use crate::federation::inbox::Incoming;
use crate::store;
use crate::store::entity::network_proposal;
use crate::store::entity::states::ProposalState;

impl Network {
    /// Receives an endorsement of proposal `id`, sent by a member's node (signed request
    /// by an actor under the endorsing member's entity id), and enacts the proposal when
    /// the charter's threshold is met.
    pub async fn receive_endorsement(
        &self,
        id: &str,
        incoming: Incoming,
    ) -> Result<ProposalView, MemberError> {
        let net = self
            .coordinated()
            .await?
            .ok_or(MemberError::NotCoordinating)?;
        let (request, auth) = self.authenticated(incoming).await?;
        let endorsement: Endorsement =
            serde_json::from_slice(&request.body).map_err(|e| MemberError::Invalid {
                field: "/jws",
                message: format!(
                    "the body must be {{\"signer\": <entity id>, \"jws\": <compact JWS>}}: {e}"
                ),
            })?;
        if !auth
            .signer
            .actor
            .id
            .starts_with(&format!("{}/", endorsement.signer))
        {
            return Err(MemberError::Invalid {
                field: "/signer",
                message: format!(
                    "signed by {}, an actor outside {}: a member endorses from its own node",
                    auth.signer.actor.id, endorsement.signer
                ),
            });
        }
        let _lists = self.issuer.status_lists.lock().await;
        let txn = store::begin_write(&self.federation.db).await?;
        let row = network_proposal::Entity::find_by_id(id.to_owned())
            .one(&txn)
            .await?
            .ok_or_else(|| MemberError::NotFound(format!("proposal {id}")))?;
        if row.state != ProposalState::Open {
            return Err(MemberError::Conflict(format!(
                "the proposal is {:?} already",
                row.state
            )));
        }
        let mut given: Vec<Endorsement> =
            serde_json::from_value(row.endorsements.clone()).unwrap_or_default();
        if given.iter().any(|e| e.signer == endorsement.signer) {
            return Err(MemberError::Conflict(format!(
                "{} has endorsed this proposal already",
                endorsement.signer
            )));
        }
        let docs = self.own_list(&txn).await?;
        let held = ListState::of(&docs);
        let subject = row.member.as_deref().unwrap_or_default();
        let eligible = held.eligible(subject, time::OffsetDateTime::now_utc());
        let terms = self.terms_of(&row);
        if !eligible
            .iter()
            .any(|m| m["member"] == endorsement.signer.as_str())
        {
            return Err(MemberError::NotEligible(format!(
                "{} may not endorse this proposal: it is not another active member",
                endorsement.signer
            )));
        }
        verify_endorsement(&terms, &endorsement, &eligible).map_err(|message| {
            MemberError::Invalid {
                field: "/jws",
                message,
            }
        })?;
        given.push(endorsement.clone());
        let mut active: network_proposal::ActiveModel = row.into();
        active.endorsements = Set(json!(given));
        let row = active.update(&txn).await?;
        crate::audit::record_many(
            &txn,
            &endorsement.signer,
            "member",
            vec![(
                "network.endorse".to_owned(),
                self.proposal_url(id),
                json!({"action": terms.action}),
            )],
        )
        .await?;
        let published = if action_of(&row) == Some(Action::Charter) {
            self.try_enact_charter(&txn, net.clone(), row).await?.1
        } else {
            self.try_enact_member(&txn, &net, row).await?.1
        };
        txn.commit().await?;
        if let Some(p) = &published {
            self.federation.published(p).await;
        }
        tracing::info!(proposal = %id, signer = %endorsement.signer, "endorsement received");
        self.proposal(id).await
    }

    /// Endorses the proposal at `url` of one of this node's coordinators, as this
    /// institution; returns the coordinator's answer (the proposal after it).
    pub async fn endorse(&self, caller: &Caller, url: &str) -> Result<Value, JoinError> {
        let url = url.trim();
        let coordinators = self.coordinators().await?;
        let me = self.entity_id();
        let coordinator = coordinators
            .iter()
            .filter(|c| **c != me)
            .find(|c| url.starts_with(&format!("{c}/federation/proposals/")))
            .ok_or_else(|| {
                JoinError::BadProposal(format!(
                    "{url} is not a proposal of a network this node applied to"
                ))
            })?;
        let fetched = self
            .federation
            .fetcher
            .get_json(url, "application/json")
            .await?;
        let view = fetched.json()?;
        let terms: Terms = serde_json::from_value(view["terms"].clone())
            .map_err(|e| JoinError::BadProposal(format!("{url}: its terms: {e}")))?;
        if terms.network != *coordinator || terms.proposal != url {
            return Err(JoinError::BadProposal(format!(
                "{url}: its terms name another network or proposal"
            )));
        }
        let active = self
            .federation
            .keys
            .active()
            .ok_or_else(|| JoinError::BadProposal("this node has no active key".into()))?;
        let endorsement = endorse(&terms, &me, &active.signing);
        let body = serde_json::to_string(&endorsement).unwrap_or_default();
        let target = format!("{url}/endorsements");
        let parsed = self.post_to_coordinator(&target, &body, 200).await?;
        crate::audit::record(
            &self.federation.db,
            caller,
            crate::audit::Change {
                action: "network.endorse",
                subject: url,
                reason: None,
                details: json!({"terms": terms}),
            },
        )
        .await?;
        tracing::info!(proposal = %url, by = %caller.name, "endorsed a network proposal");
        Ok(parsed)
    }
}
