//! The node's OpenID Federation entity configuration.

use mochila_protocol::jose::{self, OkpJwk};
use serde_json::Value;

use crate::support::{Backend, TestNode};

#[tokio::test]
async fn the_entity_configuration_is_a_self_signed_statement_of_the_institution() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let r = node
        .client
        .get(node.url("/.well-known/openid-federation"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/entity-statement+jwt"
    );
    let jwt = r.text().await.unwrap();
    let read = jose::read_compact(&jwt).unwrap();
    assert_eq!(read.typ(), Some("entity-statement+jwt"));
    let kid = read.kid().unwrap().to_owned();
    // The key comes from the statement itself (it is self-signed); it must be the node's.
    let claims: Value = serde_json::from_slice(&read.payload).unwrap();
    let keys: Vec<OkpJwk> = serde_json::from_value(claims["jwks"]["keys"].clone()).unwrap();
    let signer = keys
        .iter()
        .find(|k| k.kid.as_deref() == Some(kid.as_str()))
        .unwrap();
    let payload = jose::read_compact(&jwt)
        .unwrap()
        .verify(&signer.verifying_key().unwrap())
        .unwrap();
    assert_eq!(payload, read.payload);
    let state = &node.node.as_ref().unwrap().state;
    let active = state.keys.active().unwrap().signing.verifying_key();
    assert_eq!(
        signer.verifying_key().unwrap(),
        active,
        "signed by the active key"
    );
    assert_eq!(signer.thumbprint(), kid);

    let entity = node.config.base_url.as_str().trim_end_matches('/');
    assert_eq!(claims["iss"], entity);
    assert_eq!(claims["sub"], entity);
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((iat - now).abs() < 60, "iat {iat}, now {now}");
    assert_eq!(exp - iat, 24 * 60 * 60);
    let org = &claims["metadata"]["federation_entity"];
    let profile: Value = node
        .get_as("/api/v1/institution", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(org["organization_name"], profile["legal_name"]);
    if profile["url"] != "" {
        assert_eq!(org["homepage_uri"], profile["url"]);
    }
    assert!(claims.get("authority_hints").is_none(), "in no network yet");
}
