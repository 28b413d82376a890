//! Frameworks in the network: the coordinator publishes the reference framework, a member
//! designs, publishes, versions and deprecates its own, and every member holds exactly
//! what each publisher published; bad definitions are refused naming the field, and a
//! signed change that alters a published version's content is refused by the receivers.

use std::time::{Duration, Instant};

use mochila_node::auth::Role;
use mochila_node::federation::shared::Change;
use serde_json::{Value, json};

use crate::network::{admin_post, entity_of};
use crate::network_support::{held, network_of};
use crate::support::{Backend, TestNode, problem};

async fn start() -> TestNode {
    TestNode::start_with(&Backend::Sqlite, |c| c.network.sync_interval_secs = 1).await
}

pub(crate) fn digital(version: u32) -> Value {
    json!({
        "slug": "competencias-digitales",
        "frameworkVersion": version,
        "title": {"es": "Competencias digitales", "en": "Digital competences"},
        "items": [
            {"code": "CD", "itemType": "Competency", "name": {"es": "Competencia digital"}},
            {"code": "CD.1", "itemType": "Competency", "name": {"es": "Búsqueda de información"},
             "exactMatch": ["http://data.europa.eu/esco/skill/0f8b8c1b-5a14-4e2e-8e39-2a0c9e8e7c11"]},
            {"code": "CD.2", "itemType": "Competency", "name": {"es": "Comunicación en línea"}}
        ],
        "associations": [
            {"associationType": "isChildOf", "origin": "CD.1", "destination": "CD"},
            {"associationType": "isChildOf", "origin": "CD.2", "destination": "CD"}
        ]
    })
}

/// `(institution, version IRI, status)` of every framework version `node` lists.
async fn listed(node: &TestNode, query: &str) -> Vec<(String, String, String)> {
    let body: Value = node
        .get(&format!("/network/frameworks{query}"))
        .await
        .json()
        .await
        .unwrap();
    body.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["institution"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub(crate) async fn until(node: &TestNode, query: &str, entry: &(String, String, String)) {
    let start = Instant::now();
    while !listed(node, query).await.contains(entry) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{entry:?} never reached {}: {:?}",
            entity_of(node),
            listed(node, query).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `(sequence, document)` of `publisher`'s framework changes held by `node`.
async fn changes(node: &TestNode, publisher: &TestNode) -> Vec<(i64, String)> {
    held(node, &entity_of(publisher), "frameworks").await
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frameworks_reach_every_member_exactly_and_published_versions_never_change() {
    let coordinator = start().await;
    let a = start().await;
    let b = start().await;
    network_of(&coordinator, &[&a, &b]).await;
    let c = entity_of(&coordinator);

    // The coordinator publishes the reference framework; every member holds it.
    let reference = (
        c.clone(),
        format!("{c}/shared/frameworks/mochila-reference/1"),
        "published".to_owned(),
    );
    until(&a, "", &reference).await;
    until(&b, "", &reference).await;

    // A designs a framework: refused naming each field, then a draft nobody else sees.
    let mut bad = digital(1);
    bad["slug"] = json!("Competencias Digitales");
    bad["items"][1]["code"] = json!("CD");
    bad["items"][2]["creditHours"] = json!({"min": 1, "max": 2, "source": {"title": "x"}});
    let r = a
        .client
        .post(a.url("/api/v1/frameworks"))
        .bearer_auth(&a.admin_token)
        .json(&bad)
        .send()
        .await
        .unwrap();
    let p = problem(r, 400).await;
    let origin = "/associations/0/origin"; // CD.1 is no longer a code
    assert_eq!(
        fields(&p),
        ["/slug", "/items/1/code", "/items/2/creditHours", origin]
    );
    let (status, body) = admin_post(&a, "/api/v1/frameworks", digital(2)).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (400, Some("/frameworkVersion"))
    );
    let viewer = a.token(Role::Viewer).await;
    let r = a
        .client
        .post(a.url("/api/v1/frameworks"))
        .bearer_auth(&viewer)
        .json(&digital(1))
        .send()
        .await
        .unwrap();
    problem(r, 403).await;
    let (status, draft) = admin_post(&a, "/api/v1/frameworks", digital(1)).await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!(draft["state"], "draft");
    let item = format!(
        "{}/frameworks/competencias-digitales/items/CD.1",
        entity_of(&a)
    );
    assert_eq!(draft["definition"]["items"][1]["id"], item);
    let v1 = draft["id"].as_str().unwrap().to_owned();
    assert!(listed(&b, "").await.iter().all(|(_, id, _)| id != &v1));

    // Published: B and the coordinator hold it; it can no longer be replaced.
    let path = "/api/v1/frameworks/competencias-digitales/versions";
    let (status, body) = admin_post(&a, &format!("{path}/1/publish"), json!({})).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("published")),
        "{body}"
    );
    let a1 = (entity_of(&a), v1.clone(), "published".to_owned());
    until(&b, "", &a1).await;
    until(&coordinator, "", &a1).await;
    let r = a
        .put_json(
            &format!("{path}/1"),
            Some(&a.admin_token),
            &digital(1).to_string(),
        )
        .await;
    problem(r, 409).await;
    let (status, _) = admin_post(&a, &format!("{path}/1/publish"), json!({})).await;
    assert_eq!(status, 409);
    let (status, _) = admin_post(&a, &format!("{path}/9/publish"), json!({})).await;
    assert_eq!(status, 404);

    // Version 2 must keep every item: one removed is refused, one deprecated is fine.
    let mut v2 = digital(2);
    v2["items"].as_array_mut().unwrap().remove(2);
    v2["associations"].as_array_mut().unwrap().remove(1);
    let (status, body) = admin_post(&a, "/api/v1/frameworks", v2.clone()).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (400, Some("/items")),
        "{body}"
    );
    let mut v2 = digital(2);
    v2["items"][2]["deprecated"] = json!(true);
    v2["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "CD.3", "itemType": "Competency", "name": {"es": "Seguridad"}}));
    let (status, body) = admin_post(&a, "/api/v1/frameworks", v2).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = admin_post(&a, &format!("{path}/2/publish"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let base = format!("{}/frameworks/competencias-digitales/items", entity_of(&a));
    assert_eq!(body["changes"]["added"], json!([format!("{base}/CD.3")]));
    assert_eq!(
        body["changes"]["deprecated"],
        json!([format!("{base}/CD.2")])
    );
    let a2 = (
        entity_of(&a),
        body["id"].as_str().unwrap().to_owned(),
        "published".to_owned(),
    );
    let served: Value = a
        .client
        .get(&a2.1)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            served["id"].as_str(),
            served["proof"]["cryptosuite"].as_str()
        ),
        (Some(a2.1.as_str()), Some("eddsa-jcs-2022"))
    );
    until(&b, "", &a2).await;

    // Version 1 deprecated: listed only when asked for, as deprecated.
    let (status, _) = admin_post(&a, &format!("{path}/1/deprecate"), json!({})).await;
    assert_eq!(status, 400, "a reason is required");
    let (status, body) = admin_post(
        &a,
        &format!("{path}/1/deprecate"),
        json!({"reason": "versión 2"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let a1_deprecated = (entity_of(&a), v1.clone(), "deprecated".to_owned());
    until(&b, "?deprecated=true", &a1_deprecated).await;
    assert!(!listed(&b, "").await.contains(&a1));

    // A signed update that changes a published version's content is refused by the others.
    let held_before = changes(&b, &a).await;
    let state = &a.node.as_ref().unwrap().state;
    let mut doc: Value = serde_json::from_str(&held_before.last().unwrap().1).unwrap();
    doc["definition"]["items"][0]["name"] = json!({"es": "Otra cosa"});
    let mut content = serde_json::Map::new();
    for key in ["framework", "frameworkStatus", "definition"] {
        content.insert(key.into(), doc[key].clone());
    }
    // Digest recomputed: the content is a valid framework, only it is not the one published.
    let changed: mochila_protocol::framework::FrameworkDefinition =
        serde_json::from_value(doc["definition"].clone()).unwrap();
    content.insert(
        "contentDigest".into(),
        json!(mochila_protocol::framework::content_digest(&changed)),
    );
    let recipients = state.network.member_actors().await.unwrap();
    state
        .federation
        .publish_shared(
            &state.db,
            Change {
                collection: "frameworks",
                object_id: v1.clone(),
                object_type: "Framework",
                content: Some(content),
            },
            recipients,
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(changes(&b, &a).await, held_before, "nothing stored");

    // Every member's copy of A's honest changes is A's, byte for byte; CASE export works.
    let published = changes(&a, &a).await;
    assert_eq!(
        published.len(),
        4,
        "v1, v2, v1 deprecated, the tampered one"
    );
    assert_eq!(changes(&coordinator, &a).await, published[..3]);
    let r = b
        .get(&format!(
            "/network/frameworks/case?id={}&lang=es",
            a2.1.replace(':', "%3A")
        ))
        .await;
    assert_eq!(r.status(), 200);
    let case: Value = r.json().await.unwrap();
    assert_eq!(case["CFDocument"]["version"], "2");
    assert_eq!(case["CFItems"].as_array().unwrap().len(), 4);
    let r = b
        .get("/network/frameworks/case?id=https%3A%2F%2Fnope.example%2Fx")
        .await;
    problem(r, 404).await;
}
