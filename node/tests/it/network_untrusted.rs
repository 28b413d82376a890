//! A node that applies to a coordinator it cannot trust: forged, expired or malformed
//! entity configurations, and subordinate statements signed by the wrong key, about
//! someone else, or not statements at all.

use mochila_protocol::jose::{self, OkpJwk};
use serde_json::Value;

use crate::network::{admin_post, entity_of};
use crate::support::{Backend, TestNode};

/// A fake coordinator on 127.0.0.1 serving `statement` as its entity configuration; its
/// entity id.
async fn fake_coordinator(make: impl FnOnce(&str) -> String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let entity = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let jwt = make(&entity);
    let app = axum::Router::new().route(
        "/.well-known/openid-federation",
        axum::routing::get(move || async move { jwt }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    entity
}

/// An entity configuration of `entity` signed by `signer`, listing `listed` in its jwks.
fn statement_of(
    entity: &str,
    signer: &ed25519_dalek::SigningKey,
    listed: &ed25519_dalek::SigningKey,
    exp_in: i64,
) -> String {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = serde_json::json!({"iss": entity, "sub": entity, "iat": now - 10, "exp": now + exp_in,
        "jwks": {"keys": [OkpJwk::of(&listed.verifying_key())]}, "metadata": {"federation_entity": {
            "organization_name": "Red falsa",
            "federation_fetch_endpoint": format!("{entity}/federation/fetch")}}});
    sign_claims(signer, listed, &claims)
}

/// `claims` as an entity statement signed by `signer`, its header naming `named`'s
/// thumbprint (a forgery names a key it does not hold).
fn sign_claims(
    signer: &ed25519_dalek::SigningKey,
    named: &ed25519_dalek::SigningKey,
    claims: &Value,
) -> String {
    let mut header = serde_json::Map::new();
    header.insert("typ".into(), "entity-statement+jwt".into());
    header.insert(
        "kid".into(),
        serde_json::json!(OkpJwk::of(&named.verifying_key()).kid),
    );
    jose::sign_compact(header, claims.to_string().as_bytes(), signer)
}

#[tokio::test]
async fn forged_or_expired_coordinator_statements_are_refused_and_nothing_is_sent() {
    let member = TestNode::start(&Backend::Sqlite).await;
    let key = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
    let other = ed25519_dalek::SigningKey::from_bytes(&[4u8; 32]);
    let forged = fake_coordinator(|e| statement_of(e, &other, &key, 3600)).await;
    let expired = fake_coordinator(|e| statement_of(e, &key, &key, -3600)).await;
    let garbage = fake_coordinator(|_| "not a jwt".to_owned()).await;
    for (coordinator, why) in [
        (&forged, "signature"),
        (&expired, "not valid now"),
        (&garbage, "malformed"),
    ] {
        let (status, body) = admin_post(
            &member,
            "/api/v1/networks/join",
            serde_json::json!({"coordinator": coordinator}),
        )
        .await;
        assert_eq!(status, 422, "{coordinator}: {body}");
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains(why), "{why:?} not in {detail:?}");
    }
    let networks: Value = member
        .get_as("/api/v1/networks", &member.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(networks, serde_json::json!([]), "nothing recorded");
}

/// A fake coordinator whose entity configuration is sound (signed by `key`, listing it) but
/// whose fetch endpoint answers `forged` (made from its entity id), and which accepts any
/// application; its entity id.
async fn coordinator_with_fetch(
    key: ed25519_dalek::SigningKey,
    forged: impl Fn(&str) -> String + Send + Sync + 'static,
) -> String {
    use axum::routing::{get, post};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let entity = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let ec = statement_of(&entity, &key, &key, 3600);
    let answer = forged(&entity);
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-federation",
            get(move || async move { ec }),
        )
        .route("/federation/fetch", get(move || async move { answer }))
        .route(
            "/api/v1/network/applications",
            post(|| async { (axum::http::StatusCode::ACCEPTED, "{}") }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    entity
}

#[tokio::test]
async fn a_member_never_takes_an_untrustworthy_statement_for_membership() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[8u8; 32]);
    let member = TestNode::start(&Backend::Sqlite).await;
    let me = entity_of(&member);
    let signed_about = move |signer: &ed25519_dalek::SigningKey, iss: &str, sub: &str| {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        sign_claims(
            signer,
            signer,
            &serde_json::json!({"iss": iss, "sub": sub, "iat": now, "exp": now + 600}),
        )
    };
    let (k1, k2, s1) = (key.clone(), key.clone(), stranger.clone());
    let me1 = me.clone();
    let cases = [
        // Signed by a key the coordinator does not have.
        coordinator_with_fetch(key.clone(), move |e| signed_about(&s1, e, &me1)).await,
        // About someone else.
        coordinator_with_fetch(k1, move |e| signed_about(&k2, e, "https://other.example")).await,
        // Not a statement at all.
        coordinator_with_fetch(key.clone(), |_| "garbage".to_owned()).await,
    ];
    for coordinator in &cases {
        let (status, body) = admin_post(
            &member,
            "/api/v1/networks/join",
            serde_json::json!({"coordinator": coordinator}),
        )
        .await;
        assert_eq!(status, 202, "{body}");
    }
    let networks: Value = member
        .get_as("/api/v1/networks", &member.admin_token)
        .await
        .json()
        .await
        .unwrap();
    let list = networks.as_array().unwrap();
    assert_eq!(list.len(), 3, "{networks}");
    for n in list {
        assert_eq!(n["status"], "unknown", "never a guess: {n}");
        assert!(n["problem"].is_string(), "{n}");
        assert!(n.get("until").is_none(), "{n}");
    }
}
