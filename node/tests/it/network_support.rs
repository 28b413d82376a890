//! Helpers for the network tests: starting a network, deciding, and reading what each node
//! holds (its list, its copy of the changes, its verification reports, its pages).

use std::time::{Duration, Instant};

use mochila_node::store::entity::shared_change;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::network::{admin_post, entity_of};
use crate::support::TestNode;

pub(crate) fn db(node: &TestNode) -> &sea_orm::DatabaseConnection {
    &node.node.as_ref().unwrap().state.db
}

/// `(sequence, document)` of every change of `publisher`'s (an entity id) collection `name`
/// held by `node`, in order.
pub(crate) async fn held(node: &TestNode, publisher: &str, name: &str) -> Vec<(i64, String)> {
    shared_change::Entity::find()
        .filter(shared_change::Column::Collection.eq(format!("{publisher}/shared/{name}")))
        .order_by_asc(shared_change::Column::Seq)
        .all(db(node))
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.seq, c.document))
        .collect()
}

/// `(sequence, document)` of every change of `coordinator`'s member list held by `node`.
pub(crate) async fn changes(node: &TestNode, coordinator: &TestNode) -> Vec<(i64, String)> {
    held(node, &entity_of(coordinator), "members").await
}

/// Makes `coordinator` the coordinator of "Red Mochila" and admits each of `members` (each
/// applies from its own node, the coordinator approves).
pub(crate) async fn network_of(coordinator: &TestNode, members: &[&TestNode]) {
    mochila_node::network::create_network(
        db(coordinator),
        mochila_node::network::NewNetwork {
            name: "Red Mochila".into(),
            statement_lifetime_secs: 3600,
            members_may_invite: false,
            rules: mochila_protocol::network::Rules::coordinator_alone(),
        },
    )
    .await
    .unwrap();
    let c = entity_of(coordinator);
    for member in members {
        let (status, body) =
            admin_post(member, "/api/v1/networks/join", json!({"coordinator": c})).await;
        assert_eq!(status, 202, "{body}");
        decide(coordinator, member, "approve").await;
    }
}

/// `node`'s view of its network: the list version and each member's state by entity.
pub(crate) async fn view(node: &TestNode) -> (i64, Vec<(String, String)>) {
    let networks: Value = node
        .get_as("/api/v1/networks", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    let Some(n) = networks.as_array().and_then(|a| a.first()) else {
        return (0, Vec::new());
    };
    let mut members: Vec<(String, String)> = n["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["entity"].as_str().unwrap().to_owned(),
                m["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    members.sort();
    (n["listVersion"].as_i64().unwrap(), members)
}

/// The verification report of `credential` at `node`.
pub(crate) async fn verified(node: &TestNode, credential: &Value) -> Value {
    let r = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(&json!({"credential": credential}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// `member`'s membership credential, by the URL in `holder`'s copy of the list.
pub(crate) async fn membership_credential(holder: &TestNode, member: &TestNode) -> Value {
    let networks: Value = holder
        .get_as("/api/v1/networks", &holder.admin_token)
        .await
        .json()
        .await
        .unwrap();
    let entry = networks[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entity"] == entity_of(member).as_str())
        .cloned()
        .unwrap();
    let url = entry["membershipCredential"].as_str().unwrap();
    let r = holder.client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    assert_eq!(r.headers()["content-type"], "application/vc");
    r.json().await.unwrap()
}

/// Waits (up to 10 s) until `node` holds list version `version`; returns how long it took.
pub(crate) async fn until_version(node: &TestNode, version: i64) -> Duration {
    let start = Instant::now();
    while view(node).await.0 < version {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{} never reached version {version}: {:?}",
            entity_of(node),
            view(node).await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

pub(crate) async fn decide(coordinator: &TestNode, member: &TestNode, action: &str) {
    let id = entity_of(member).replace(':', "%3A").replace('/', "%2F");
    let (status, body) = admin_post(
        coordinator,
        &format!("/api/v1/network/members/{id}/{action}"),
        json!({"reason": "acuerdo de la red"}),
    )
    .await;
    assert_eq!(status, 200, "{action}: {body}");
}

/// `from` follows `to`; returns `from`'s peer id for `to`.
pub(crate) async fn follow(from: &TestNode, to: &TestNode) -> String {
    let (status, peer) = admin_post(
        from,
        "/api/v1/peers/follow",
        json!({"target": format!("{}/actor", entity_of(to))}),
    )
    .await;
    assert_eq!(status, 200, "{peer}");
    peer["id"].as_str().unwrap().to_owned()
}

/// Waits until `from`'s deliveries to its peer `peer_id` show `delivered` deliveries, or a
/// refusal with `refused` in its error (`""` for none).
pub(crate) async fn until_deliveries(
    from: &TestNode,
    peer_id: &str,
    delivered: i64,
    refused: &str,
) {
    let start = Instant::now();
    loop {
        let body: Value = from
            .get_as(
                &format!("/api/v1/peers/{peer_id}/deliveries"),
                &from.admin_token,
            )
            .await
            .json()
            .await
            .unwrap();
        let error = body["lastError"].as_str().unwrap_or_default();
        if body["delivered"].as_i64() >= Some(delivered)
            && (refused.is_empty() || error.contains(refused))
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not {delivered} delivered / refused {refused:?}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The `networkMembership` part of `node`'s verification report on `credential`.
pub(crate) async fn membership(node: &TestNode, credential: &Value) -> Value {
    let r = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(&json!({"credential": credential}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["verified"], true, "{report}");
    report["networkMembership"].clone()
}

/// The HTML of `path` on `node`.
pub(crate) async fn page(node: &TestNode, path: &str) -> String {
    let r = node
        .client
        .get(node.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}
