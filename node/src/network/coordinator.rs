//! This node as the coordinator (trust anchor) of a network: creating the network, and
//! answering OpenID Federation fetch and list requests about its members (subordinate
//! statements: `iss` the coordinator, `sub` the member, the member's `jwks` and
//! `metadata.federation_entity`, short-lived). Only active members are answered for;
//! anyone else, suspended and removed members included, gets nothing (404 at the edge).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use super::{EntityError, Network};
use crate::store::entity::states::MemberState;
use crate::store::entity::{network, network_member};

/// The default lifetime of a subordinate statement: an hour, so that a suspension reaches
/// verifiers that pull within the hour at the latest.
pub const DEFAULT_STATEMENT_LIFETIME_SECS: i32 = 60 * 60;

/// Why a network cannot be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// This node coordinates a network already.
    #[error("this node already coordinates the network {0:?}")]
    Exists(String),
    /// The name is empty or too long.
    #[error("give the network a name of 1 to 200 characters")]
    BadName,
    /// The lifetime is out of range.
    #[error("the statement lifetime must be 60 to 604800 seconds (a minute to a week)")]
    BadLifetime,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a new network is.
#[derive(Debug, Clone)]
pub struct NewNetwork {
    /// Its name.
    pub name: String,
    /// How long subordinate statements are valid, in seconds.
    pub statement_lifetime_secs: i32,
    /// Whether members may invite institutions.
    pub members_may_invite: bool,
    /// Its charter's rules (published as charter version 1 before its first decision).
    pub rules: mochila_protocol::network::Rules,
}

/// Makes this node (the one whose database is `db`) the coordinator of a new network.
pub async fn create_network(
    db: &DatabaseConnection,
    new: NewNetwork,
) -> Result<network::Model, InitError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(InitError::BadName);
    }
    if !(60..=604_800).contains(&new.statement_lifetime_secs) {
        return Err(InitError::BadLifetime);
    }
    let txn = crate::store::begin_write(db).await?;
    if let Some(existing) = network::Entity::find_by_id(1).one(&txn).await? {
        return Err(InitError::Exists(existing.name));
    }
    let row = network::ActiveModel::from(network::Model {
        id: 1,
        name: name.to_owned(),
        statement_lifetime_secs: new.statement_lifetime_secs,
        members_may_invite: new.members_may_invite,
        rules: Some(serde_json::json!(new.rules)),
        charter_version: 0,
        created_at: crate::store::now(),
    })
    .insert(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!(network = %row.name, "this node now coordinates a network");
    Ok(row)
}

impl Network {
    /// The network this node coordinates, if any.
    pub async fn coordinated(&self) -> Result<Option<network::Model>, DbErr> {
        network::Entity::find_by_id(1)
            .one(&self.federation.db)
            .await
    }

    /// The fetch and list endpoints this node serves as a coordinator.
    pub fn endpoints(&self) -> (String, String) {
        let entity = self.entity_id();
        (
            format!("{entity}/federation/fetch"),
            format!("{entity}/federation/list"),
        )
    }

    /// The subordinate statement about `sub` (a member's entity id or its did:web), when
    /// this node coordinates a network and `sub` is an active member of it.
    pub async fn subordinate_statement(&self, sub: &str) -> Result<Option<String>, EntityError> {
        let Some(net) = self.coordinated().await? else {
            return Ok(None);
        };
        let Some(member) = self.active_member(sub).await? else {
            return Ok(None);
        };
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = json!({
            "iss": self.entity_id(),
            "sub": member.entity_id,
            "iat": now,
            "exp": now + i64::from(net.statement_lifetime_secs),
            "jwks": member.jwks,
            "metadata": {"federation_entity": member.organization},
        });
        self.sign_statement(&claims).map(Some)
    }

    /// The entity ids of the active members, when this node coordinates a network.
    pub async fn member_list(&self) -> Result<Option<Vec<String>>, DbErr> {
        if self.coordinated().await?.is_none() {
            return Ok(None);
        }
        let rows = network_member::Entity::find()
            .filter(vouched_for())
            .order_by_asc(network_member::Column::EntityId)
            .all(&self.federation.db)
            .await?;
        Ok(Some(rows.into_iter().map(|m| m.entity_id).collect()))
    }

    /// The active member whose entity id or DID is `sub`. A DID is compared
    /// percent-decoded: verifiers put `did:web:host%3A8443` in a query unescaped, which
    /// arrives as `did:web:host:8443`.
    async fn active_member(&self, sub: &str) -> Result<Option<network_member::Model>, DbErr> {
        let sub = sub.trim_end_matches('/');
        let rows = network_member::Entity::find()
            .filter(vouched_for())
            .all(&self.federation.db)
            .await?;
        let decoded = |s: &str| percent_decode(s);
        Ok(rows
            .into_iter()
            .find(|m| m.entity_id == sub || m.did == sub || decoded(&m.did) == decoded(sub)))
    }
}

/// The members the coordinator vouches for now: the active ones, and those whose
/// unconfirmed suspension has lapsed.
fn vouched_for() -> sea_orm::Condition {
    use network_member::Column;
    sea_orm::Condition::any()
        .add(Column::State.eq(MemberState::Active))
        .add(
            sea_orm::Condition::all()
                .add(Column::State.eq(MemberState::Suspended))
                .add(Column::LapsesAt.lte(crate::store::now())),
        )
}

/// `s` with `%XX` escapes decoded (invalid escapes left as they are).
fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn dids_compare_percent_decoded() {
        assert_eq!(
            percent_decode("did:web:localhost%3A8443"),
            "did:web:localhost:8443"
        );
        assert_eq!(percent_decode("did:web:a.example"), "did:web:a.example");
        assert_eq!(percent_decode("a+b"), "a+b");
    }
}
