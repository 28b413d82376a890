//! Reading another node's entity configuration and checking it: fetched through the node's
//! one outbound client (limits, SSRF policy), a compact JWS with `typ`
//! `entity-statement+jwt`, signed by a key of its own `jwks` (named by `kid`), `iss` = `sub`
//! = the entity id, and valid now (60 s of clock skew allowed). Anything else is refused
//! and logged, never trusted.

use mochila_protocol::jose::{self, OkpJwk};
use serde_json::Value;

use super::ENTITY_STATEMENT_TYPE;
use crate::fetch::{FetchError, Fetcher};

/// Clock skew allowed on `iat` and `exp`, in seconds.
const SKEW_SECS: i64 = 60;

/// A verified entity configuration.
#[derive(Debug, Clone)]
pub struct EntityConfiguration {
    /// The entity id.
    pub entity: String,
    /// Its keys, as read.
    pub keys: Vec<OkpJwk>,
    /// Its `jwks`.
    pub jwks: Value,
    /// Its `metadata.federation_entity`.
    pub organization: Value,
}

/// Why an entity configuration is not trusted.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    /// It could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// It is not a valid, current, self-signed statement of that entity.
    #[error("the entity configuration of {entity}: {reason}")]
    Invalid {
        /// The entity id.
        entity: String,
        /// What is wrong.
        reason: String,
    },
}

/// Fetches and checks the entity configuration of `entity` (a base URL).
pub async fn fetch_entity_configuration(
    fetcher: &Fetcher,
    entity: &str,
) -> Result<EntityConfiguration, StatementError> {
    let entity = entity.trim_end_matches('/');
    let url = format!("{entity}/.well-known/openid-federation");
    let fetched = fetcher
        .get(&url, &format!("application/{ENTITY_STATEMENT_TYPE}"))
        .await?;
    let checked = check(
        entity,
        &fetched.body,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    );
    if let Err(e) = &checked {
        tracing::warn!(entity, error = %e, "entity configuration refused");
    }
    checked
}

/// What a coordinator says of `subject` now: `Ok(Some(exp))` a member until `exp` (unix
/// time), `Ok(None)` not a member (404), an error when it cannot be told.
pub async fn membership_of(
    fetcher: &Fetcher,
    coordinator: &EntityConfiguration,
    subject: &str,
) -> Result<Option<i64>, StatementError> {
    let invalid = |reason: String| StatementError::Invalid {
        entity: coordinator.entity.clone(),
        reason,
    };
    let endpoint = coordinator.organization["federation_fetch_endpoint"]
        .as_str()
        .ok_or_else(|| invalid("no federation_fetch_endpoint".into()))?;
    let mut url = url::Url::parse(endpoint).map_err(|e| invalid(format!("fetch endpoint: {e}")))?;
    url.query_pairs_mut().append_pair("sub", subject);
    let fetched = match fetcher
        .get(
            url.as_str(),
            &format!("application/{ENTITY_STATEMENT_TYPE}"),
        )
        .await
    {
        Ok(f) => f,
        Err(FetchError::Status { status: 404, .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let text = std::str::from_utf8(&fetched.body).map_err(|_| invalid("not text".into()))?;
    let read = jose::read_compact(text).map_err(|e| invalid(e.to_string()))?;
    let key = coordinator
        .keys
        .iter()
        .find(|k| k.kid.as_deref() == read.kid())
        .ok_or_else(|| invalid("the statement's kid is not a key of the coordinator".into()))?
        .verifying_key()
        .map_err(|e| invalid(e.to_string()))?;
    let payload = read.verify(&key).map_err(|e| invalid(e.to_string()))?;
    let claims: Value =
        serde_json::from_slice(&payload).map_err(|e| invalid(format!("claims: {e}")))?;
    if claims["iss"] != coordinator.entity.as_str() || claims["sub"] != subject {
        return Err(invalid(format!(
            "a statement by {} about {}, not by the coordinator about {subject}",
            claims["iss"], claims["sub"]
        )));
    }
    match claims["exp"].as_i64() {
        Some(exp) if exp > now - SKEW_SECS => Ok(Some(exp)),
        _ => Err(invalid("the statement has expired".into())),
    }
}

/// Checks `body` as the entity configuration of `entity` at unix time `now`.
fn check(entity: &str, body: &[u8], now: i64) -> Result<EntityConfiguration, StatementError> {
    let invalid = |reason: String| StatementError::Invalid {
        entity: entity.to_owned(),
        reason,
    };
    let text = std::str::from_utf8(body).map_err(|_| invalid("not text".into()))?;
    let read = jose::read_compact(text).map_err(|e| invalid(e.to_string()))?;
    if read.typ() != Some(ENTITY_STATEMENT_TYPE) {
        return Err(invalid(format!(
            "typ {:?}, not {ENTITY_STATEMENT_TYPE}",
            read.typ()
        )));
    }
    let kid = read
        .kid()
        .map(str::to_owned)
        .ok_or_else(|| invalid("no kid".into()))?;
    let claims: Value = serde_json::from_slice(&read.payload)
        .map_err(|e| invalid(format!("claims are not JSON: {e}")))?;
    for claim in ["iss", "sub"] {
        if claims[claim] != entity {
            return Err(invalid(format!(
                "{claim} is {}, not {entity}",
                claims[claim]
            )));
        }
    }
    let keys: Vec<OkpJwk> = serde_json::from_value(claims["jwks"]["keys"].clone())
        .map_err(|e| invalid(format!("jwks: {e}")))?;
    let key = keys
        .iter()
        .find(|k| k.kid.as_deref() == Some(kid.as_str()))
        .ok_or_else(|| invalid(format!("no key {kid} in its jwks")))?
        .verifying_key()
        .map_err(|e| invalid(e.to_string()))?;
    read.verify(&key).map_err(|e| invalid(e.to_string()))?;
    let (iat, exp) = (claims["iat"].as_i64(), claims["exp"].as_i64());
    match (iat, exp) {
        (Some(iat), Some(exp)) if iat <= now + SKEW_SECS && exp > now - SKEW_SECS => {}
        _ => return Err(invalid(format!("not valid now (iat {iat:?}, exp {exp:?})"))),
    }
    Ok(EntityConfiguration {
        entity: entity.to_owned(),
        keys,
        jwks: claims["jwks"].clone(),
        organization: claims["metadata"]["federation_entity"].clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;
    use serde_json::{Map, json};

    fn statement(key: &SigningKey, claims: Value, typ: &str) -> String {
        let jwk = OkpJwk::of(&key.verifying_key());
        let mut header = Map::new();
        header.insert("typ".into(), json!(typ));
        header.insert("kid".into(), json!(jwk.kid));
        jose::sign_compact(header, claims.to_string().as_bytes(), key)
    }

    #[test]
    fn only_a_current_self_signed_statement_of_the_entity_is_trusted() {
        let key = SigningKey::from_bytes(&[5u8; 32]);
        let jwk = OkpJwk::of(&key.verifying_key());
        let e = "https://uni.example";
        let claims = |iss: &str, exp: i64| {
            json!({"iss": iss, "sub": e, "iat": 1000, "exp": exp,
                "jwks": {"keys": [jwk]}, "metadata": {"federation_entity": {"organization_name": "U"}}})
        };
        let ok = statement(&key, claims(e, 2000), ENTITY_STATEMENT_TYPE);
        let read = check(e, ok.as_bytes(), 1500).unwrap();
        assert_eq!(read.organization["organization_name"], "U");
        // Another entity, expired, wrong typ, signed by a key not in its jwks.
        assert!(check("https://other.example", ok.as_bytes(), 1500).is_err());
        assert!(check(e, ok.as_bytes(), 3000).is_err());
        let wrong_typ = statement(&key, claims(e, 2000), "JWT");
        assert!(check(e, wrong_typ.as_bytes(), 1500).is_err());
        let other = SigningKey::from_bytes(&[6u8; 32]);
        let forged = statement(&other, claims(e, 2000), ENTITY_STATEMENT_TYPE);
        assert!(check(e, forged.as_bytes(), 1500).is_err());
        let wrong_iss = statement(
            &key,
            claims("https://x.example", 2000),
            ENTITY_STATEMENT_TYPE,
        );
        assert!(check(e, wrong_iss.as_bytes(), 1500).is_err());
    }
}
