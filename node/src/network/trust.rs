//! The trust list: the member lists of the networks this node belongs to, as their
//! coordinators published them (the shared collection `{coordinator}/shared/members`,
//! pushed and caught up exactly, see [`crate::federation::shared`]), and what the inbox
//! accepts from whom. A coordinator keeps its own list the same way (it publishes it).

use mochila_protocol::activity::origin;
use mochila_protocol::network::{Decision, effective_state};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::Network;
use crate::config::Accept;
use crate::federation::shared::{Change, collection_url};
use crate::store::entity::states::MemberState;
use crate::store::entity::{network_member, network_membership, shared_object};

/// The name of the member-list collection.
pub const MEMBERS: &str = "members";
pub use crate::catalogue::CATALOGUE;
pub use mochila_protocol::network::MEMBER_TYPE;

/// One entry of a coordinator's member list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListedMember {
    /// The member's entity id.
    pub entity: String,
    /// Its did:web.
    pub did: String,
    /// Its actor, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its country (ISO 3166-1 alpha-2), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `active` or `suspended` now (an unconfirmed suspension whose time has come is
    /// `active` again).
    pub state: String,
    /// The coordinator's entity id.
    pub network: String,
    /// The network's name.
    pub network_name: String,
    /// The entry's version.
    pub version: i32,
    /// The member's `NetworkMembershipCredential`, at the coordinator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership_credential: Option<String>,
}

impl ListedMember {
    fn read(doc: &Value, version: i32) -> Option<Self> {
        let s = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            entity: s("member")?,
            did: s("memberDid")?,
            actor: s("memberActor"),
            name: s("name"),
            country: s("country").filter(|c| !c.is_empty()),
            state: effective_state(doc, time::OffsetDateTime::now_utc()).to_owned(),
            network: s("network")?,
            network_name: s("networkName").unwrap_or_default(),
            version,
            membership_credential: s("membershipCredential"),
        })
    }

    /// Whether the coordinator vouches for it now.
    pub fn is_active(&self) -> bool {
        self.state == "active"
    }
}

/// The list entry of `member` as the coordinator `base` of network `name` publishes it,
/// enacting `decision`: `None` content (never published) while it is not listed.
pub fn member_change(
    base: &str,
    name: &str,
    member: &network_member::Model,
    decision: Option<&Decision>,
) -> Change {
    let state = match member.state {
        MemberState::Active => Some("active"),
        MemberState::Suspended => Some("suspended"),
        MemberState::Removed => Some("removed"),
        MemberState::Applied | MemberState::Rejected => None,
    };
    let content = state.map(|state| {
        let mut map = Map::new();
        map.insert("member".into(), json!(member.entity_id));
        map.insert("memberDid".into(), json!(member.did));
        if let Some(actor) = &member.actor {
            map.insert("memberActor".into(), json!(actor));
        }
        if let Some(n) = member.organization["organization_name"].as_str() {
            map.insert("name".into(), json!(n));
        }
        if let Some(c) = super::entity::country_code(&member.organization) {
            map.insert("country".into(), json!(c));
        }
        map.insert("memberState".into(), json!(state));
        map.insert("jwks".into(), member.jwks.clone());
        if let Some(lapses) = member.lapses_at {
            map.insert("lapsesAt".into(), json!(crate::store::rfc3339(lapses)));
        }
        if let Some(d) = decision {
            map.insert("decision".into(), json!(d));
        }
        map.insert(
            "membershipCredential".into(),
            json!(super::credential::credential_url(base, &member.did)),
        );
        map.insert("network".into(), json!(base));
        map.insert("networkName".into(), json!(name));
        map
    });
    Change {
        collection: MEMBERS,
        object_id: entry_id(base, &member.did),
        object_type: MEMBER_TYPE,
        content,
    }
}

/// The IRI of the list entry of the member with DID `did` in coordinator `base`'s list.
pub fn entry_id(base: &str, did: &str) -> String {
    let key = hex::encode(&Sha256::digest(did.as_bytes())[..16]);
    format!("{}/{key}", collection_url(base, MEMBERS))
}

impl Network {
    /// The coordinators of the networks this node is in or applied to (itself first when it
    /// coordinates one).
    pub async fn coordinators(&self) -> Result<Vec<String>, DbErr> {
        let mut out = Vec::new();
        if self.coordinated().await?.is_some() {
            out.push(self.entity_id());
        }
        let applied = network_membership::Entity::find()
            .all(&self.federation.db)
            .await?;
        out.extend(applied.into_iter().map(|m| m.coordinator));
        Ok(out)
    }

    /// The entries of `coordinator`'s member list held here, and the last change held.
    pub async fn list_of(&self, coordinator: &str) -> Result<(Vec<ListedMember>, i64), DbErr> {
        let members = listed(&self.federation.db, &[coordinator.to_owned()]).await?;
        let source = crate::store::entity::shared_source::Entity::find_by_id(collection_url(
            coordinator,
            MEMBERS,
        ))
        .one(&self.federation.db)
        .await?;
        Ok((members, source.map_or(0, |s| s.last_seq)))
    }

    /// The names of the networks this node belongs to now: the one it coordinates, and
    /// those whose list, as held, has it as an active member.
    pub async fn own_networks(&self) -> Result<Vec<String>, DbErr> {
        let me = self.entity_id();
        let mut names: Vec<String> = self
            .coordinated()
            .await?
            .map(|n| n.name)
            .into_iter()
            .collect();
        for m in self.listed_members().await? {
            if m.entity == me && m.is_active() && !names.contains(&m.network_name) {
                names.push(m.network_name);
            }
        }
        Ok(names)
    }

    /// `(network name, credential URL)` of this node's membership credentials: one per
    /// network whose list, as held, has it as an active member.
    pub async fn membership_links(&self) -> Result<Vec<(String, String)>, DbErr> {
        let me = self.entity_id();
        Ok(self
            .listed_members()
            .await?
            .into_iter()
            .filter(|m| m.entity == me && m.is_active())
            .filter_map(|m| Some((m.network_name, m.membership_credential?)))
            .collect())
    }

    /// The actors of the other active members of this node's networks (and of the
    /// coordinators it is a member of): whom the node's shared changes go to.
    pub async fn member_actors(&self) -> Result<Vec<String>, DbErr> {
        let me = self.entity_id();
        let mut actors: Vec<String> = self
            .listed_members()
            .await?
            .into_iter()
            .filter(|m| m.is_active() && m.entity != me)
            .filter_map(|m| m.actor)
            .collect();
        for c in self.coordinators().await? {
            if c != me {
                actors.push(format!("{c}/actor"));
            }
        }
        actors.sort();
        actors.dedup();
        Ok(actors)
    }

    /// [`Self::member_actors`] as the publishing services take it.
    pub fn recipients(&self) -> crate::federation::shared::Recipients {
        let network = self.clone();
        crate::federation::shared::Recipients::new(std::sync::Arc::new(move || {
            let network = network.clone();
            Box::pin(async move { network.member_actors().await })
        }))
    }

    /// The coordinators whose lists the verifier trusts: [`Self::coordinators`] and the
    /// configured `[network] trust_anchors`.
    pub async fn trusted_anchors(&self) -> Result<Vec<String>, DbErr> {
        let mut out = self.coordinators().await?;
        for anchor in &self.federation.node_config.network.trust_anchors {
            let anchor = anchor.trim_end_matches('/').to_owned();
            if !out.contains(&anchor) {
                out.push(anchor);
            }
        }
        Ok(out)
    }

    /// This node's entity id, its networks' coordinators and the active members of its
    /// networks: the institutions whose shared collections make the network's catalogue
    /// and frameworks.
    pub async fn institutions(&self) -> Result<Vec<String>, DbErr> {
        Ok(self.institutions_with_members().await?.0)
    }

    /// [`Self::institutions`] and the member-list entries they were read from (coordinators
    /// and lists read once).
    pub async fn institutions_with_members(
        &self,
    ) -> Result<(Vec<String>, Vec<ListedMember>), DbErr> {
        let coordinators = self.coordinators().await?;
        let members = listed(&self.federation.db, &coordinators).await?;
        let mut out = vec![self.entity_id()];
        let active = members.iter().filter(|m| m.is_active()).map(|m| &m.entity);
        for e in coordinators.iter().chain(active) {
            if !out.contains(e) {
                out.push(e.clone());
            }
        }
        Ok((out, members))
    }

    /// Every entry of the member lists of [`Self::coordinators`], as held here.
    pub async fn listed_members(&self) -> Result<Vec<ListedMember>, DbErr> {
        listed(&self.federation.db, &self.coordinators().await?).await
    }

    /// Whether the inbox takes activities from `actor`: see [`Accept`]. The node itself and
    /// its coordinators always; an active member of one of its networks; anyone while
    /// `auto` and the node is in no network yet.
    pub async fn admits(&self, actor: &str) -> Result<bool, DbErr> {
        let accept = self.federation.node_config.network.accept;
        if accept == Accept::Anyone {
            return Ok(true);
        }
        let Ok(from) = origin(actor) else {
            return Ok(false);
        };
        let me = self.entity_id();
        let coordinators = self.coordinators().await?;
        let same = |entity: &str| origin(entity).is_ok_and(|o| o == from);
        if same(&me) || coordinators.iter().any(|c| same(c)) {
            return Ok(true);
        }
        let members = listed(&self.federation.db, &coordinators).await?;
        if members.iter().any(|m| m.is_active() && same(&m.entity)) {
            return Ok(true);
        }
        let in_network = self.coordinated().await?.is_some()
            || members.iter().any(|m| m.is_active() && m.entity == me);
        Ok(accept == Accept::Auto && !in_network)
    }
}

/// The live entries of the member lists of `coordinators`.
async fn listed(
    db: &impl ConnectionTrait,
    coordinators: &[String],
) -> Result<Vec<ListedMember>, DbErr> {
    if coordinators.is_empty() {
        return Ok(Vec::new());
    }
    let collections: Vec<String> = coordinators
        .iter()
        .map(|c| collection_url(c, MEMBERS))
        .collect();
    let rows = shared_object::Entity::find()
        .filter(shared_object::Column::Collection.is_in(collections))
        .filter(shared_object::Column::ObjectType.eq(MEMBER_TYPE))
        .filter(shared_object::Column::Deleted.eq(false))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| ListedMember::read(&r.document, r.version))
        .filter(|m| m.state != "removed")
        .collect())
}
