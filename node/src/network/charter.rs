//! The coordinator's charter: published in its member list (the object
//! `{base}/shared/members/charter`, version 1 before any other decision of the network),
//! replaced only by a proposal that meets the charter in force's `charter` threshold.

use mochila_protocol::network::{
    Action, CHARTER_TYPE, Decision as Enacted, ListState, Rules, check_change,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::Network;
use super::members::MemberError;
use super::proposals::{Outcome, rules_of};
use super::trust::MEMBERS;
use crate::audit::{self, Change as Audited};
use crate::auth::Caller;
use crate::federation::Published;
use crate::federation::shared::{Change, collection_url, live_documents};
use crate::store;
use crate::store::entity::network;
use crate::store::entity::states::ProposalState;

/// The charter as the coordinator's admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CharterView {
    /// Its IRI (a shared object of the member list).
    pub id: String,
    /// The network's name.
    pub network_name: String,
    /// Its version (0 until published).
    pub version: i64,
    /// What each decision needs.
    #[schema(value_type = Object)]
    pub rules: Rules,
}

impl Network {
    /// The IRI of this coordinator's charter.
    fn charter_id(&self) -> String {
        format!("{}/charter", collection_url(&self.entity_id(), MEMBERS))
    }

    /// The live documents of this node's own member list.
    pub(super) async fn own_list(&self, db: &impl ConnectionTrait) -> Result<Vec<Value>, DbErr> {
        live_documents(db, &collection_url(&self.entity_id(), MEMBERS)).await
    }

    /// The charter of the network this node coordinates.
    pub async fn charter(&self) -> Result<CharterView, MemberError> {
        let net = self
            .coordinated()
            .await?
            .ok_or(MemberError::NotCoordinating)?;
        Ok(self.charter_view(net))
    }

    /// `net`'s charter as shown.
    fn charter_view(&self, net: network::Model) -> CharterView {
        CharterView {
            id: self.charter_id(),
            version: net.charter_version,
            rules: rules_of(&net),
            network_name: net.name,
        }
    }

    /// Publishes charter version 1 if the network has none yet (in `db`, the caller's
    /// transaction); returns the network as it is then.
    pub(super) async fn ensure_charter(
        &self,
        db: &impl ConnectionTrait,
        net: network::Model,
    ) -> Result<(network::Model, Option<Published>), MemberError> {
        if net.charter_version > 0 {
            return Ok((net, None));
        }
        let rules = rules_of(&net);
        self.enact_charter(db, net, rules, None).await
    }

    /// Publishes the charter `rules` as the next version, enacting `decision`.
    async fn enact_charter(
        &self,
        db: &impl ConnectionTrait,
        net: network::Model,
        rules: Rules,
        decision: Option<Enacted>,
    ) -> Result<(network::Model, Option<Published>), MemberError> {
        let version = net.charter_version + 1;
        let mut content = Map::new();
        content.insert("network".into(), json!(self.entity_id()));
        content.insert("networkName".into(), json!(net.name));
        content.insert("charterVersion".into(), json!(version));
        content.insert("rules".into(), json!(rules));
        if let Some(d) = &decision {
            content.insert("decision".into(), json!(d));
        }
        let mut doc = Value::Object(content.clone());
        doc["type"] = json!(CHARTER_TYPE);
        let docs = self.own_list(db).await?;
        let now = time::OffsetDateTime::now_utc();
        check_change(
            &self.entity_id(),
            &ListState::of(&docs),
            None,
            &doc,
            false,
            now,
        )
        .map_err(MemberError::Conflict)?;
        let change = Change {
            collection: MEMBERS,
            object_id: self.charter_id(),
            object_type: CHARTER_TYPE,
            content: Some(content),
        };
        let audience = self.list_audience(db, None).await?;
        let published = self.federation.publish_shared(db, change, audience).await?;
        let mut row: network::ActiveModel = net.into();
        row.rules = Set(Some(json!(rules)));
        row.charter_version = Set(version);
        Ok((row.update(db).await?, published))
    }

    /// When this node coordinates a network: publishes its charter if it has not yet, and
    /// records every unconfirmed suspension whose time has come as lapsed (the member is
    /// vouched for again, its membership credential's suspension bit cleared; every
    /// node's copy of the list already reads it as active).
    pub async fn keep_charter(&self) -> Result<(), MemberError> {
        use crate::store::entity::network_member;
        use crate::store::entity::states::MemberState;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let Some(net) = self.coordinated().await? else {
            return Ok(());
        };
        let _lists = self.issuer.status_lists.lock().await;
        let txn = store::begin_write(&self.federation.db).await?;
        let (_, first) = self.ensure_charter(&txn, net).await?;
        let lapsed = network_member::Entity::find()
            .filter(network_member::Column::State.eq(MemberState::Suspended))
            .filter(network_member::Column::LapsesAt.lte(store::now()))
            .all(&txn)
            .await?;
        for member in lapsed {
            let entity = member.entity_id.clone();
            let mut row: network_member::ActiveModel = member.into();
            row.state = Set(MemberState::Active);
            row.lapses_at = Set(None);
            row.updated_at = Set(store::now());
            row.update(&txn).await?;
            super::history::log_decision(&txn, &entity, "lapse", None, "charter").await?;
            self.mark_credential(&txn, &entity, MemberState::Active)
                .await?;
            tracing::info!(%entity, "an unconfirmed suspension lapsed");
        }
        txn.commit().await?;
        if let Some(p) = &first {
            self.federation.published(p).await;
        }
        Ok(())
    }

    /// Proposes a new charter with `rules` (JSON, checked), adopted at once when the
    /// charter in force needs no member to endorse it.
    pub async fn propose_charter(
        &self,
        caller: &Caller,
        rules: &Value,
        reason: &str,
    ) -> Result<Outcome<CharterView>, MemberError> {
        let reason = crate::text::reason(reason).ok_or_else(|| MemberError::Invalid {
            field: "/reason",
            message: "give a reason of 1 to 500 characters".into(),
        })?;
        let rules = Rules::read(rules)
            .map_err(|(field, message)| MemberError::Invalid { field, message })?;
        let net = self
            .coordinated()
            .await?
            .ok_or(MemberError::NotCoordinating)?;
        let txn = store::begin_write(&self.federation.db).await?;
        let (net, first) = self.ensure_charter(&txn, net).await?;
        let row = self
            .propose(
                &txn,
                &net,
                "charter",
                (None, Some(json!(rules))),
                reason,
                &caller.name,
            )
            .await?;
        audit::record(
            &txn,
            caller,
            Audited {
                action: "network.charter.propose",
                subject: &self.proposal_url(&row.id),
                reason: Some(reason),
                details: json!({"rules": rules}),
            },
        )
        .await?;
        let (outcome, published) = self.try_enact_charter(&txn, net, row).await?;
        txn.commit().await?;
        for p in first.iter().chain(published.iter()) {
            self.federation.published(p).await;
        }
        Ok(outcome)
    }

    /// Adopts charter proposal `row` if its endorsements meet the charter in force.
    pub(super) async fn try_enact_charter(
        &self,
        db: &impl ConnectionTrait,
        net: network::Model,
        row: crate::store::entity::network_proposal::Model,
    ) -> Result<(Outcome<CharterView>, Option<Published>), MemberError> {
        let (counted, needed, _) = self.tally(db, &net, &row).await?;
        if counted.len() < needed {
            return Ok((
                Outcome::Proposed(Box::new(self.view(db, &net, row).await?)),
                None,
            ));
        }
        let rules = row
            .rules
            .as_ref()
            .and_then(|r| Rules::read(r).ok())
            .ok_or_else(|| MemberError::Conflict("the proposal holds no valid rules".into()))?;
        debug_assert_eq!(super::proposals::action_of(&row), Some(Action::Charter));
        let decision = self.enacted(&row, counted.clone());
        let (net, published) = self.enact_charter(db, net, rules, Some(decision)).await?;
        self.close(db, row, &counted, ProposalState::Decided)
            .await?;
        Ok((Outcome::Now(self.charter_view(net)), published))
    }
}
