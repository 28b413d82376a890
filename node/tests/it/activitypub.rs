//! The institution as an ActivityPub actor over HTTP: the actor document and its keys and
//! proof, WebFinger both ways and its errors, the DID document and the actor pointing at
//! each other, the collections, and NodeInfo discovery.

use mochila_node::keys;
use mochila_protocol::activity::{ACTIVITY_JSON, Actor, ActorType, Jrd, NodeInfo, verify_object};
use mochila_protocol::multikey;
use serde_json::Value;

use crate::support::{TestNode, each_backend, problem};

const AS_LD: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

/// The node's public URL for `path` (the base URL uses `localhost`).
fn public(node: &TestNode, path: &str) -> String {
    format!("http://localhost:{}{path}", node.addr().port())
}

async fn get_accept(node: &TestNode, path: &str, accept: &str) -> reqwest::Response {
    node.client
        .get(node.url(path))
        .header("accept", accept)
        .send()
        .await
        .unwrap()
}

async fn fetch_actor(node: &TestNode) -> (Actor, Value) {
    let response = get_accept(node, "/actor", ACTIVITY_JSON).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], ACTIVITY_JSON);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let json: Value = response.json().await.unwrap();
    (serde_json::from_value(json.clone()).unwrap(), json)
}

#[tokio::test]
async fn actor_is_a_signed_organization_with_the_nodes_keys() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let (actor, json) = fetch_actor(&node).await;
        let id = public(&node, "/actor");
        assert_eq!(actor.id, id);
        assert_eq!(actor.type_, ActorType::Organization);
        assert_eq!(actor.preferred_username.as_deref(), Some("localhost"));
        assert_eq!(actor.name.as_deref(), Some("Universidad Demo Mochila"));
        assert!(actor.summary.as_deref().unwrap().starts_with("<p>"));
        assert_eq!(actor.url, Some(Value::String(public(&node, "/"))));
        assert_eq!(actor.inbox, format!("{id}/inbox"));
        assert_eq!(
            actor.outbox.as_deref(),
            Some(format!("{id}/outbox").as_str())
        );
        assert_eq!(actor.followers, Some(format!("{id}/followers")));
        assert_eq!(actor.following, Some(format!("{id}/following")));
        assert_eq!(actor.shared_inbox(), Some(format!("{id}/inbox").as_str()));

        let state = &node.node.as_ref().unwrap().state;
        let [key] = actor.public_keys() else {
            panic!("one publicKey: {json}")
        };
        assert_eq!(key.id, format!("{id}#main-key"));
        assert_eq!(key.owner, id);
        assert_eq!(key.public_key_pem, state.keys.rsa_public_pem().unwrap());

        let active = state.keys.active().unwrap();
        let method = &actor.assertion_methods()[0];
        assert_eq!(method.id, format!("{id}#{}", active.entry.id));
        assert_eq!(method.type_, "Multikey");
        assert_eq!(method.controller, id);
        assert_eq!(
            method.public_key_multibase,
            multikey::encode_public(&active.signing.verifying_key())
        );

        assert_eq!(json["proof"]["cryptosuite"], "eddsa-jcs-2022");
        assert_eq!(json["proof"]["verificationMethod"], method.id.as_str());
        verify_object(&json, &actor).unwrap();
        let mut tampered = json.clone();
        tampered["name"] = "Universidad Impostora".into();
        assert!(verify_object(&tampered, &actor).is_err());
    })
    .await;
}

#[tokio::test]
async fn actor_is_served_for_activitystreams_json_ld_and_browsers_go_home() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let response = get_accept(&node, "/actor", AS_LD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], ACTIVITY_JSON);
    let actor: Actor = response.json().await.unwrap();
    assert_eq!(actor.id, public(&node, "/actor"));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(node.url("/actor"))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
}

#[tokio::test]
async fn actor_and_did_document_point_at_each_other() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let (actor, _) = fetch_actor(&node).await;
        let did = node.did();
        assert_eq!(
            actor.also_known_as.as_ref().unwrap().as_slice(),
            std::slice::from_ref(&did)
        );
        let doc: Value = node
            .get("/.well-known/did.json")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            doc["alsoKnownAs"][0],
            public(&node, "/issuer"),
            "kept first"
        );
        assert!(
            doc["alsoKnownAs"]
                .as_array()
                .unwrap()
                .contains(&Value::String(actor.id.clone())),
            "{doc}"
        );
        let services = doc["service"].as_array().unwrap();
        let ap = services
            .iter()
            .find(|s| s["type"] == "ActivityPubActor")
            .expect("an ActivityPub service");
        assert_eq!(ap["serviceEndpoint"], actor.id.as_str());
        assert_eq!(ap["id"], format!("{did}#activitypub"));
        assert!(
            services
                .iter()
                .any(|s| s["type"] == "OpenBadgesIssuerProfile")
        );
    })
    .await;
}

#[tokio::test]
async fn actor_lists_retired_keys_and_is_signed_by_the_new_one() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    keys::rotate(&node.config.data_dir).unwrap();
    let node = node.restart().await;
    let (actor, json) = fetch_actor(&node).await;
    let ids: Vec<_> = actor
        .assertion_methods()
        .iter()
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(
        ids,
        [public(&node, "/actor#key-2"), public(&node, "/actor#key-1")]
    );
    assert_eq!(json["proof"]["verificationMethod"], ids[0].as_str());
    verify_object(&json, &actor).unwrap();
}

async fn webfinger(node: &TestNode, resource: &str) -> reqwest::Response {
    let encoded: String = url::form_urlencoded::byte_serialize(resource.as_bytes()).collect();
    node.get(&format!("/.well-known/webfinger?resource={encoded}"))
        .await
}

#[tokio::test]
async fn webfinger_finds_the_actor_by_acct_and_by_url() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let acct = format!("acct:localhost@localhost:{}", node.addr().port());
        let actor_url = public(&node, "/actor");
        for resource in [acct.clone(), actor_url.clone(), acct.to_uppercase()] {
            let response = webfinger(&node, &resource).await;
            assert_eq!(response.status(), 200, "{resource}");
            assert_eq!(response.headers()["content-type"], "application/jrd+json");
            assert_eq!(response.headers()["access-control-allow-origin"], "*");
            let jrd: Jrd = response.json().await.unwrap();
            assert_eq!(jrd.subject.as_deref(), Some(acct.as_str()));
            assert!(jrd.aliases.contains(&actor_url));
            let me = jrd.link("self", Some(ACTIVITY_JSON)).expect("self link");
            assert_eq!(me.href.as_deref(), Some(actor_url.as_str()));
        }
    })
    .await;
}

#[tokio::test]
async fn webfinger_errors_name_the_resource() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let port = node.addr().port();
    let missing = problem(node.get("/.well-known/webfinger").await, 400).await;
    assert_eq!(missing["field"], "?resource");
    for malformed in ["localhost", "acct:localhost", "mailto:a@b.c"] {
        let body = problem(webfinger(&node, malformed).await, 400).await;
        assert_eq!(body["field"], "?resource", "{malformed}");
        assert!(body["detail"].as_str().unwrap().contains(malformed));
    }
    for unknown in [
        format!("acct:someone@localhost:{port}"),
        "acct:localhost@example.edu".to_owned(),
        public(&node, "/issuer"),
    ] {
        let body = problem(webfinger(&node, &unknown).await, 404).await;
        assert!(body["detail"].as_str().unwrap().contains(&unknown));
    }
}

#[tokio::test]
async fn nodeinfo_is_discoverable_and_names_the_software() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node.get("/.well-known/nodeinfo").await;
        assert_eq!(response.status(), 200);
        let jrd: Jrd = response.json().await.unwrap();
        let link = jrd
            .link("http://nodeinfo.diaspora.software/ns/schema/2.1", None)
            .expect("a NodeInfo 2.1 link");
        let href = link.href.as_deref().unwrap();
        let prefix = public(&node, "");
        let path = href.strip_prefix(&prefix).expect("on the node");
        assert_eq!(path, "/nodeinfo/2.1");

        let response = node.get(path).await;
        assert_eq!(response.status(), 200);
        let ct = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with("application/json; profile="), "{ct}");
        let text = response.text().await.unwrap();
        let info: NodeInfo = serde_json::from_str(&text).unwrap();
        assert_eq!(info.version, "2.1");
        assert_eq!(info.software.name, "mochila");
        assert_eq!(info.software.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.protocols, ["activitypub"]);
        assert!(!info.open_registrations);
        assert_eq!(info.usage.users.total, Some(1));
        assert_eq!(info.usage.local_posts, Some(0));
        assert_eq!(info.metadata["nodeName"], "Universidad Demo Mochila");
        assert!(!text.contains('@'), "no e-mail addresses: {text}");
    })
    .await;
}

#[tokio::test]
async fn collections_are_ordered_and_paged() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let outbox_url = public(&node, "/actor/outbox");
    let response = get_accept(&node, "/actor/outbox", ACTIVITY_JSON).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], ACTIVITY_JSON);
    let outbox: Value = response.json().await.unwrap();
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["id"], outbox_url.as_str());
    assert_eq!(outbox["totalItems"], 0);
    assert_eq!(outbox["first"], format!("{outbox_url}?page=1"));

    let page: Value = node.get("/actor/outbox?page=1").await.json().await.unwrap();
    assert_eq!(page["type"], "OrderedCollectionPage");
    assert_eq!(page["partOf"], outbox_url.as_str());
    assert_eq!(page["orderedItems"], serde_json::json!([]));
    assert!(page.get("next").is_none());

    let zero = problem(node.get("/actor/outbox?page=0").await, 400).await;
    assert_eq!(zero["field"], "?page");
    let word = problem(node.get("/actor/outbox?page=two").await, 400).await;
    assert_eq!(word["field"], "?page");
    problem(node.get("/actor/outbox?page=2").await, 404).await;

    for name in ["followers", "following"] {
        let c: Value = node
            .get(&format!("/actor/{name}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(c["type"], "OrderedCollection");
        assert_eq!(c["id"], public(&node, &format!("/actor/{name}")));
        assert_eq!(c["totalItems"], 0);
        assert!(c.get("orderedItems").is_none(), "count only: {c}");
    }
}
