//! Tokens and roles on the admin API.

use mochila_node::auth::{self, Role};

use crate::support::{TestNode, each_backend, problem};

#[tokio::test]
async fn missing_token_is_401_with_a_challenge() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node.get("/api/v1/institution").await;
        assert!(
            response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        let p = problem(response, 401).await;
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("Authorization: Bearer")
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_401() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        problem(
            node.get_as("/api/v1/institution", "mch_not-a-real-token")
                .await,
            401,
        )
        .await;
        let response = node
            .client
            .get(node.url("/api/v1/institution"))
            .header("authorization", "Basic dXNlcjpwYXNz")
            .send()
            .await
            .unwrap();
        problem(response, 401).await;
    })
    .await;
}

#[tokio::test]
async fn every_role_can_read_but_only_admin_can_write() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        for role in Role::ALL {
            let token = node.token(role).await;
            let response = node.get_as("/api/v1/institution", &token).await;
            assert_eq!(response.status(), 200, "{role} reads");
        }
        let before: serde_json::Value = node
            .get_as("/api/v1/institution", &node.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let mut changed = before.clone();
        changed["legal_name"] = "Changed".into();
        for role in [Role::Designer, Role::Issuer, Role::Viewer] {
            let token = node.token(role).await;
            let response = node
                .put_json("/api/v1/institution", Some(&token), &changed.to_string())
                .await;
            let p = problem(response, 403).await;
            assert!(p["detail"].as_str().unwrap().contains("admin"), "{p}");
        }
        let after: serde_json::Value = node
            .get_as("/api/v1/institution", &node.admin_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(after, before, "a refused write changes nothing");
    })
    .await;
}

#[tokio::test]
async fn revoked_tokens_are_refused() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let token = node.token(Role::Viewer).await;
        assert_eq!(
            node.get_as("/api/v1/institution", &token).await.status(),
            200
        );
        let db = &node.node.as_ref().unwrap().state.db;
        auth::revoke_token(db, "test-viewer").await.unwrap();
        problem(node.get_as("/api/v1/institution", &token).await, 401).await;
        let listed = auth::list_tokens(db).await.unwrap();
        assert!(
            listed
                .iter()
                .any(|t| t.name == "test-viewer" && t.revoked_at.is_some())
        );
        assert!(
            listed
                .iter()
                .any(|t| t.name == "initial-admin" && t.role == Role::Admin)
        );
    })
    .await;
}

#[tokio::test]
async fn tokens_are_stored_only_as_hashes() {
    use sea_orm::EntityTrait as _;
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let db = &node.node.as_ref().unwrap().state.db;
    let rows = mochila_node::store::entity::api_token::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, node.admin_token);
    assert_eq!(rows[0].token_hash, auth::hash_token(&node.admin_token));
    let needle = node.admin_token.as_bytes();
    let hash = auth::hash_token(&node.admin_token);
    let mut hash_seen = false;
    for name in ["mochila.db", "mochila.db-wal"] {
        let Ok(file) = std::fs::read(node.config.data_dir.join(name)) else {
            continue;
        };
        assert!(
            !file.windows(needle.len()).any(|w| w == needle),
            "secret in {name}"
        );
        hash_seen |= file.windows(hash.len()).any(|w| w == hash.as_bytes());
    }
    assert!(hash_seen, "the files searched do hold the token's hash");
}
