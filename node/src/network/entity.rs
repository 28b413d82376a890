//! The entity configuration (OpenID Federation 1.0, section 3): a JWT signed by the node's
//! active Ed25519 key (`EdDSA`, an OKP JWK), `iss` = `sub` = the entity id, the node's
//! Ed25519 keys in `jwks`, the institution as `metadata.federation_entity`, and the
//! coordinators of the networks it applied to as `authority_hints`.

use mochila_protocol::jose::{self, OkpJwk};
use serde_json::{Map, Value, json};

use super::Network;
use crate::institution;
use crate::store::entity::network_membership;
use sea_orm::EntityTrait;

/// The media type (and JWS `typ`) of entity statements.
pub const ENTITY_STATEMENT_TYPE: &str = "entity-statement+jwt";

/// How long an entity configuration is valid: a day (verifiers fetch it again after).
pub const STATEMENT_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// Why the entity configuration cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    /// Every Ed25519 key is retired.
    #[error("the node has no active Ed25519 key: run `mochila keys rotate`")]
    NoActiveKey,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl Network {
    /// The node's entity configuration, signed now, as a compact JWS.
    pub async fn entity_configuration(&self) -> Result<String, EntityError> {
        let profile = institution::load(&self.federation.db, &self.federation.node_config).await?;
        let keys: Vec<OkpJwk> = self
            .federation
            .keys
            .ed25519
            .iter()
            .filter(|k| k.entry.retired.is_none())
            .map(|k| OkpJwk::of(&k.signing.verifying_key()))
            .collect();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let entity = self.entity_id();
        let mut organization = Map::new();
        organization.insert("organization_name".into(), json!(profile.legal_name));
        if !profile.url.is_empty() {
            organization.insert("homepage_uri".into(), json!(profile.url));
        }
        if !profile.logo.is_empty() {
            organization.insert("logo_uri".into(), json!(profile.logo));
        }
        if !profile.email.is_empty() {
            organization.insert("contacts".into(), json!([profile.email]));
        }
        if let Some(location) = location(&profile) {
            organization.insert("location".into(), json!(location));
        }
        if !profile.country.is_empty() {
            // OpenID Federation's `location` is free text; the network needs the code.
            organization.insert("country".into(), json!(profile.country));
        }
        if self.coordinated().await?.is_some() {
            let (fetch, list) = self.endpoints();
            organization.insert("federation_fetch_endpoint".into(), json!(fetch));
            organization.insert("federation_list_endpoint".into(), json!(list));
        }
        let hints: Vec<String> = network_membership::Entity::find()
            .all(&self.federation.db)
            .await?
            .into_iter()
            .map(|m| m.coordinator)
            .collect();
        let mut claims = json!({
            "iss": entity,
            "sub": entity,
            "iat": now,
            "exp": now + STATEMENT_LIFETIME_SECS,
            "jwks": {"keys": keys},
            "metadata": {"federation_entity": organization},
        });
        if !hints.is_empty() {
            claims["authority_hints"] = json!(hints);
        }
        self.sign_statement(&claims)
    }

    /// `claims` as an entity statement (`typ` `entity-statement+jwt`, `EdDSA`), signed by
    /// the active key and naming it by its thumbprint.
    pub(super) fn sign_statement(&self, claims: &Value) -> Result<String, EntityError> {
        let active = self
            .federation
            .keys
            .active()
            .ok_or(EntityError::NoActiveKey)?;
        let signing = OkpJwk::of(&active.signing.verifying_key());
        let mut header = Map::new();
        header.insert("typ".into(), Value::String(ENTITY_STATEMENT_TYPE.into()));
        header.insert("kid".into(), json!(signing.kid));
        Ok(jose::sign_compact(
            header,
            claims.to_string().as_bytes(),
            &active.signing,
        ))
    }
}

/// "Region, Country" in the institution's first language, when it says where it is.
/// The ISO 3166-1 alpha-2 country of a `federation_entity` metadata object (its `country`
/// member, a Mochila extension), if it gives a valid one.
pub fn country_code(organization: &serde_json::Value) -> Option<&str> {
    organization["country"]
        .as_str()
        .filter(|c| crate::text::is_country_code(c))
}

fn location(profile: &institution::InstitutionProfile) -> Option<String> {
    let lang = mochila_pages::Lang::negotiate(profile.languages.first().map(String::as_str), None);
    let country =
        (!profile.country.is_empty()).then(|| mochila_pages::country_name(lang, &profile.country));
    let parts: Vec<String> = [
        Some(profile.region.clone()).filter(|r| !r.is_empty()),
        country,
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
