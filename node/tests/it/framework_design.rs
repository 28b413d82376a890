//! Designing against a framework: an achievement aligns to items of the reference framework
//! and of the node's own; unknown and deprecated items are refused naming the field; the
//! credential carries `CFItem` alignments naming the version, the achievement document the
//! version's digest; a later version that deprecates an item flags the achievement.

use mochila_node::network::{NewNetwork, create_network};
use serde_json::{Value, json};

use crate::issuance::{definition, issue, post};
use crate::network::{admin_post, entity_of};
use crate::network_frameworks::{digital, until};
use crate::network_support::db;
use crate::support::{Backend, TestNode};

const FIELD: &str = "https://w3id.org/mochila/framework/v1/field-of-study/isced-f-061";

fn aligned(items: Value) -> Value {
    let mut def = definition("Ciencia de datos aplicada");
    def["frameworkItems"] = items;
    def
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn achievements_align_to_framework_items_that_exist_and_are_not_deprecated() {
    let node = TestNode::start_with(&Backend::Sqlite, |c| c.network.sync_interval_secs = 1).await;
    create_network(
        db(&node),
        NewNetwork {
            name: "Red Mochila".into(),
            statement_lifetime_secs: 3600,
            members_may_invite: false,
            rules: mochila_protocol::network::Rules::coordinator_alone(),
        },
    )
    .await
    .unwrap();
    let me = entity_of(&node);
    let reference = format!("{me}/shared/frameworks/mochila-reference/1");
    until(
        &node,
        "",
        &(me.clone(), reference.clone(), "published".to_owned()),
    )
    .await;
    let path = "/api/v1/frameworks/competencias-digitales/versions";
    assert_eq!(
        admin_post(&node, "/api/v1/frameworks", digital(1)).await.0,
        201
    );
    assert_eq!(
        admin_post(&node, &format!("{path}/1/publish"), json!({}))
            .await
            .0,
        200
    );
    let own = format!("{me}/shared/frameworks/competencias-digitales/1");
    let item = format!("{me}/frameworks/competencias-digitales/items/CD.2");

    // Unknown framework, unknown item: refused, each named.
    let bad = aligned(json!([
        {"framework": format!("{me}/shared/frameworks/nope/1"), "item": FIELD},
        {"framework": reference, "item": format!("{FIELD}-x")},
    ]));
    let (status, body) = admin_post(&node, "/api/v1/achievements", bad).await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["/frameworkItems/0/framework", "/frameworkItems/1/item"]
    );

    // Aligned: the credential names each item and its version; the document the digest.
    let good = aligned(json!([
        {"framework": reference, "item": FIELD},
        {"framework": own, "item": item},
    ]));
    let (status, created) = admin_post(&node, "/api/v1/achievements", good).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let resolved = &created["definition"]["frameworkItems"][1]["resolved"];
    assert_eq!(
        (
            resolved["code"].as_str(),
            resolved["frameworkVersion"].as_u64()
        ),
        (Some("CD.2"), Some(1))
    );
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let alignments = issued["credential"]["credentialSubject"]["achievement"]["alignment"]
        .as_array()
        .unwrap()
        .clone();
    let cf: Vec<&Value> = alignments
        .iter()
        .filter(|a| a["targetType"] == "CFItem")
        .collect();
    assert_eq!(cf.len(), 2);
    assert_eq!(cf[1]["targetUrl"], item.as_str());
    assert_eq!(cf[1]["targetFramework"], "Competencias digitales v1");
    assert_eq!(cf[1]["targetCode"], "CD.2");
    let doc: Value = node
        .get(&format!("/achievements/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let against = doc["designedAgainst"].as_array().unwrap();
    let frameworks: Value = node.get("/network/frameworks").await.json().await.unwrap();
    let digest_of = |id: &str| {
        frameworks
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()["contentDigest"]
            .clone()
    };
    assert_eq!(against.len(), 2);
    assert!(
        against
            .iter()
            .any(|a| a["id"] == own.as_str() && a["contentDigest"] == digest_of(&own))
    );

    // Version 2 deprecates CD.2: the achievement is flagged; new designs on v2 are refused.
    let mut v2 = digital(2);
    v2["items"][2]["deprecated"] = json!(true);
    assert_eq!(admin_post(&node, "/api/v1/frameworks", v2).await.0, 201);
    assert_eq!(
        admin_post(&node, &format!("{path}/2/publish"), json!({}))
            .await
            .0,
        200
    );
    let staff: Value = node
        .get_as(&format!("/api/v1/achievements/{id}"), &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(staff["deprecatedAlignments"], json!([item]));
    let v2_id = format!("{me}/shared/frameworks/competencias-digitales/2");
    let on_v2 = aligned(json!([{"framework": v2_id, "item": item}]));
    let r = post(&node, "/api/v1/achievements", &node.admin_token, &on_v2).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["field"], "/frameworkItems/0/item",
        "{body}"
    );
}
