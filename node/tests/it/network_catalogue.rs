//! The network catalogue: each member's catalogue changes (new versions, archive, restore)
//! reach the others as signed shared changes, and a member that joins late catches up with
//! what the others published before.

use std::time::{Duration, Instant};

use mochila_node::config::Config;
use mochila_node::network::{NewNetwork, create_network};
use mochila_node::store::entity::shared_change;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::issuance::{achievement, post};
use crate::network::{admin_post, entity_of};
use crate::network_support::{db, decide, held};
use crate::support::{Backend, TestNode};

async fn start() -> TestNode {
    TestNode::start_with(&Backend::Sqlite, |c: &mut Config| {
        c.network.sync_interval_secs = 1;
    })
    .await
}

/// The names in `node`'s network catalogue (with `query`), by institution.
async fn names(node: &TestNode, query: &str) -> Vec<(String, String)> {
    let items: Value = node
        .get(&format!("/network/catalogue{query}"))
        .await
        .json()
        .await
        .unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["institution"].as_str().unwrap().to_owned(),
                a["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Waits (10 s at most) until `node`'s catalogue lists `entry`.
async fn until_listed(node: &TestNode, entry: &(String, String)) {
    let start = Instant::now();
    while !names(node, "").await.contains(entry) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{entry:?} never reached {}: {:?}",
            entity_of(node),
            names(node, "").await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `(sequence, document)` of `publisher`'s catalogue changes held by `node`.
async fn catalogue_changes(node: &TestNode, publisher: &TestNode) -> Vec<(i64, String)> {
    held(node, &entity_of(publisher), "catalogue").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogues_reach_every_member_and_a_late_member_catches_up() {
    let coordinator = start().await;
    let a = start().await;
    let late = start().await;
    create_network(
        db(&coordinator),
        NewNetwork {
            name: "Red Andina".into(),
            statement_lifetime_secs: 3600,
            members_may_invite: false,
            rules: mochila_protocol::network::Rules::coordinator_alone(),
        },
    )
    .await
    .unwrap();
    let c = entity_of(&coordinator);
    // Published before the network existed for it: shared, to be caught up later.
    achievement(&late, "Historia de Chile").await;
    for member in [&a, &late] {
        let (status, body) =
            admin_post(member, "/api/v1/networks/join", json!({"coordinator": c})).await;
        assert_eq!(status, 202, "{body}");
    }
    decide(&coordinator, &a, "approve").await;

    // A new achievement at A reaches the coordinator.
    let datos = achievement(&a, "Análisis de datos").await;
    let a_datos = (entity_of(&a), "Análisis de datos".to_owned());
    until_listed(&coordinator, &a_datos).await;
    assert!(names(&coordinator, "?q=DATOS").await.contains(&a_datos));
    assert!(names(&coordinator, "?q=historia").await.is_empty());

    // The late member is admitted: each side catches up with what the other published.
    decide(&coordinator, &late, "approve").await;
    let late_historia = (entity_of(&late), "Historia de Chile".to_owned());
    until_listed(&a, &late_historia).await;
    until_listed(&late, &a_datos).await;

    // Archived at A: gone from the catalogues (unless asked for), exactly as A published.
    let r = post(
        &a,
        &format!("/api/v1/achievements/{datos}/archive"),
        &a.admin_token,
        &json!({"reason": "fin del programa"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let start = Instant::now();
    while names(&late, "").await.contains(&a_datos) {
        assert!(start.elapsed() < Duration::from_secs(10), "never archived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(names(&late, "?archived=true").await.contains(&a_datos));
    let published = catalogue_changes(&a, &a).await;
    assert_eq!(published.len(), 2, "created, archived");
    assert_eq!(catalogue_changes(&late, &a).await, published);
    assert_eq!(catalogue_changes(&coordinator, &a).await, published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn achievements_made_before_the_catalogue_collection_are_shared_at_start() {
    use mochila_node::store::entity::{shared_object, shared_source};
    let node = start().await;
    achievement(&node, "Historia de Chile").await;
    // As a node from before the collection existed: nothing shared.
    let (node, ()) = node
        .restart_with(async |db| {
            shared_change::Entity::delete_many().exec(db).await.unwrap();
            shared_object::Entity::delete_many().exec(db).await.unwrap();
            shared_source::Entity::delete_many().exec(db).await.unwrap();
        })
        .await;
    let page: Value = node
        .get("/shared/catalogue?after=0")
        .await
        .json()
        .await
        .unwrap();
    let items = page["orderedItems"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["name"], "Historia de Chile");
    let node = node.restart().await;
    assert_eq!(
        catalogue_changes(&node, &node).await.len(),
        1,
        "shared once"
    );
}
