//! Fedify peers against a Mochila node: its inbox takes their follows and notes, and every
//! HTTP signature the node sends them verifies at Fedify itself (decision 0015), not merely
//! gets carried past it by the object proof: draft-cavage `rsa-sha256` to a peer never heard
//! from or that signs cavage (Fedify 1.5), RFC 9421 `rsa-v1_5-sha256` to one that signs
//! RFC 9421 (Fedify 2.3), both with the node's RSA `{actor}#main-key`.

use mochila_federation_tests::client::wait_for;
use mochila_federation_tests::fedify::{FedifyPeer, FedifyVersion, Received, SPEC_CAVAGE};
use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::network::TestNode;
use serde_json::{Value, json};

use super::{WAIT, assert_signed, is};

/// The item of the node's `GET /api/v1/inbox` with activity `id`.
async fn inbox_item(node: &TestNode, id: &str) -> Value {
    let inbox = node.get("/api/v1/inbox").await.unwrap();
    let items = inbox["items"].as_array().cloned().unwrap_or_default();
    items
        .into_iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the node's inbox: {inbox}"))
}

/// Fedify accepted `r` from the node, and Fedify's own check verified its HTTP signature:
/// made under `spec` (draft-cavage `rsa-sha256` or RFC 9421 `rsa-v1_5-sha256`) with the
/// node's RSA `{actor}#main-key`. Fedify accepts on an object proof before it looks at the
/// HTTP signature, so only this check says that the signature itself verifies.
fn assert_accepted_from_node(r: &Received, node: &TestNode, version: FedifyVersion, spec: &str) {
    assert_eq!(
        r.actor.as_deref(),
        Some(node.url("/actor").as_str()),
        "{r:?}"
    );
    let sig = &r.http_signature;
    eprintln!(
        "Fedify {} accepted {:?} from Mochila: HTTP signature {:?} {:?} key {:?} verified={} \
         (verified key {:?}, reason {:?}); proof={} ldSignature={}",
        version.label(),
        r.kind,
        sig.spec,
        sig.algorithm,
        sig.key_id,
        sig.verified,
        sig.verified_key_id,
        sig.reason,
        r.proof,
        r.ld_signature
    );
    assert_signed(r, spec, &node.url("/actor#main-key"));
}

/// The peer refused nothing the node sent (no second knock was needed).
fn assert_nothing_rejected(peer: &FedifyPeer) {
    assert!(peer.rejected().is_empty(), "{:?}", peer.rejected());
}

/// The node's view of `peer` (its item of `GET /api/v1/peers`: `id`, `signatureScheme`,
/// ...).
async fn peer_item(node: &TestNode, peer: &FedifyPeer) -> Value {
    let peers = node.get("/api/v1/peers").await.unwrap();
    peers["items"]
        .as_array()
        .and_then(|items| items.iter().find(|p| p["actor"] == peer.actor()))
        .cloned()
        .unwrap_or_else(|| panic!("{} is not a peer: {peers}", peer.actor()))
}

/// The scheme Fedify `version` signs with, hence the one the node answers it with.
fn spoken_by(version: FedifyVersion) -> &'static str {
    version.first_spec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mochila_accepts_fedify_follow() {
    if !require_interop(
        "mochila_accepts_fedify_follow",
        &[
            Tool::NodePackages,
            Tool::Fedify(FedifyVersion::V1_5),
            Tool::Fedify(FedifyVersion::V2_3),
        ],
    ) {
        return;
    }
    let node = TestNode::start("Inbox").await.unwrap();
    let actor = node.url("/actor");
    for version in FedifyVersion::ALL {
        let peer = FedifyPeer::start(version).await.unwrap();
        let id = peer.follow(&actor).await.unwrap();
        let item = inbox_item(&node, &id).await;
        assert_eq!(item["type"], "Follow", "{item}");
        assert_eq!(item["actor"], peer.actor(), "{item}");
        // Fedify attaches a proof: it outranks the HTTP signature, which is verified too.
        assert_eq!(item["verifiedBy"], "proof", "{item}");
        let scheme = if version == FedifyVersion::V1_5 {
            "cavage"
        } else {
            "rfc9421"
        };
        assert_eq!(
            item["httpSignature"],
            scheme,
            "Fedify {}: {item}",
            version.label()
        );

        let accept = peer
            .wait_for(|r| is(&r.kind, "Accept") && is(&r.object, &id), WAIT)
            .await
            .unwrap();
        // The node answers in the scheme the peer signed its Follow with.
        assert_accepted_from_node(&accept, &node, version, spoken_by(version));
        assert_nothing_rejected(&peer);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mochila_accepts_fedify_create() {
    if !require_interop(
        "mochila_accepts_fedify_create",
        &[
            Tool::NodePackages,
            Tool::Fedify(FedifyVersion::V1_5),
            Tool::Fedify(FedifyVersion::V2_3),
        ],
    ) {
        return;
    }
    let node = TestNode::start("Inbox").await.unwrap();
    for version in FedifyVersion::ALL {
        let peer = FedifyPeer::start(version).await.unwrap();
        let id = peer
            .create(&node.url("/actor"), "Hola, Mochila")
            .await
            .unwrap();
        let item = inbox_item(&node, &id).await;
        assert_eq!(item["type"], "Create", "{item}");
        assert_eq!(item["actor"], peer.actor(), "{item}");
        assert!(!item["verifiedBy"].is_null(), "{item}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mochila_follows_fedify_peer() {
    if !require_interop(
        "mochila_follows_fedify_peer",
        &[
            Tool::NodePackages,
            Tool::Fedify(FedifyVersion::V1_5),
            Tool::Fedify(FedifyVersion::V2_3),
        ],
    ) {
        return;
    }
    let node = TestNode::start("Follower").await.unwrap();
    for version in FedifyVersion::ALL {
        let peer = FedifyPeer::start(version).await.unwrap();
        let (status, body) = node
            .post("/api/v1/peers/follow", &json!({"target": peer.actor()}))
            .await
            .unwrap();
        assert!((200..300).contains(&status), "{status}: {body}");
        let follow = peer
            .wait_for(|r| is(&r.kind, "Follow"), WAIT)
            .await
            .unwrap();
        assert_eq!(follow.object.as_deref(), Some(peer.actor()));
        // Never heard from: draft-cavage, which both versions verify (1.5 would accept an
        // RFC 9421 request on its proof without verifying the signature).
        assert_accepted_from_node(&follow, &node, version, SPEC_CAVAGE);
        assert_nothing_rejected(&peer);
        // the peer's Accept reached the node's inbox
        let accept = wait_for(WAIT, "the peer's Accept", || async {
            peer.sent().into_iter().find(|s| s.cmd == "accept")
        })
        .await
        .unwrap_or_else(|e| panic!("{e}: {:?}", peer.errors()));
        let item = wait_for(WAIT, "the Accept in the node's inbox", || async {
            let inbox = node.get("/api/v1/inbox").await.ok()?;
            inbox["items"]
                .as_array()?
                .iter()
                .find(|i| i["id"] == accept.id.as_str())
                .cloned()
        })
        .await
        .unwrap();
        assert_eq!(item["type"], "Accept", "{item}");
        wait_for(WAIT, "the node's follow accepted", || async {
            let peers = node.get("/api/v1/peers").await.ok()?;
            let found = peers["items"]
                .as_array()?
                .iter()
                .any(|p| p["actor"] == peer.actor() && p["following"] == "accepted");
            found.then_some(())
        })
        .await
        .unwrap();
        // The peer's Accept taught the node the scheme to send it next: the Undo of the
        // follow goes out in the scheme the peer signs with.
        let item = peer_item(&node, &peer).await;
        let learnt = if version == FedifyVersion::V1_5 {
            "cavage"
        } else {
            "rfc9421"
        };
        assert_eq!(
            item["signatureScheme"],
            learnt,
            "{}: {item}",
            version.label()
        );
        let id = item["id"].as_str().unwrap_or_default();
        let (status, body) = node
            .post(&format!("/api/v1/peers/{id}/unfollow"), &json!({}))
            .await
            .unwrap();
        assert!((200..300).contains(&status), "{status}: {body}");
        let undo = peer.wait_for(|r| is(&r.kind, "Undo"), WAIT).await.unwrap();
        assert_eq!(undo.object_type.as_deref(), Some("Follow"), "{undo:?}");
        assert_accepted_from_node(&undo, &node, version, spoken_by(version));
        assert_nothing_rejected(&peer);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mochila_delivers_achievement_create_to_fedify_follower() {
    if !require_interop(
        "mochila_delivers_achievement_create_to_fedify_follower",
        &[
            Tool::NodePackages,
            Tool::Fedify(FedifyVersion::V1_5),
            Tool::Fedify(FedifyVersion::V2_3),
        ],
    ) {
        return;
    }
    let node = TestNode::start("Publisher").await.unwrap();
    let actor = node.url("/actor");
    let mut peers = Vec::new();
    for version in FedifyVersion::ALL {
        let peer = FedifyPeer::start(version).await.unwrap();
        let id = peer.follow(&actor).await.unwrap();
        peer.wait_for(|r| is(&r.kind, "Accept") && is(&r.object, &id), WAIT)
            .await
            .unwrap();
        peers.push((version, peer));
    }
    let definition = crate::support::definition("Análisis de datos con Python");
    let (status, created) = node
        .post("/api/v1/achievements", &definition)
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    for (version, peer) in &peers {
        let create = peer
            .wait_for(|r| is(&r.kind, "Create") && is(&r.actor, &actor), WAIT)
            .await
            .unwrap();
        assert_accepted_from_node(&create, &node, *version, spoken_by(*version));
        assert_nothing_rejected(peer);
        assert!(create.proof, "FEP-8b32 proof on the activity: {create:?}");
        let object = create.object.as_deref().unwrap_or_default();
        assert!(object.starts_with(&node.url("/")), "{create:?}");
        assert!(
            create
                .object_type
                .as_deref()
                .is_some_and(|t| t.contains("Achievement")),
            "{create:?}"
        );
    }
}
