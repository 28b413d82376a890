//! Fedify as an independent ActivityPub implementation (`js/fedify-peer.mjs`): Fedify 1.5 on
//! Node 20 signs draft-cavage `rsa-sha256`, Fedify 2.3 on Node 22 signs RFC 9421
//! `rsa-v1_5-sha256`. Each peer checks every incoming HTTP signature itself with Fedify's
//! `verifyRequest`, because Fedify accepts an activity when ANY of its LD signature, object
//! proof or HTTP signature verifies. Two peers of one version follow each other; a 2.3 peer
//! and a 1.5 peer talk across versions; both read a Mochila node's actor. The tests against
//! a Mochila node's inbox and deliveries are in [`mochila`].

use std::time::Duration;

use mochila_federation_tests::fedify::{
    FedifyPeer, FedifyVersion, Received, SPEC_CAVAGE, SPEC_RFC9421,
};
use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::network::TestNode;

mod mochila;

const WAIT: Duration = Duration::from_secs(60);

fn is(value: &Option<String>, expected: &str) -> bool {
    value.as_deref() == Some(expected)
}

/// Fedify's own check verified the request's HTTP signature, made with `key_id` under `spec`.
fn assert_signed(r: &Received, spec: &str, key_id: &str) {
    let sig = &r.http_signature;
    assert!(sig.present, "{:?} has no HTTP signature", r.kind);
    assert_eq!(sig.spec.as_deref(), Some(spec), "{sig:?}");
    assert_eq!(sig.key_id.as_deref(), Some(key_id), "{sig:?}");
    assert!(
        sig.verified,
        "Fedify did not verify the HTTP signature: {sig:?}"
    );
    assert_eq!(sig.verified_key_id.as_deref(), Some(key_id), "{sig:?}");
    let (algorithm, required): (&str, &[&str]) = if spec == SPEC_RFC9421 {
        let required = &["@method", "@target-uri", "content-digest"];
        assert!(r.headers.contains_key("signature-input"), "{:?}", r.headers);
        assert!(r.headers.contains_key("content-digest"), "{:?}", r.headers);
        ("rsa-v1_5-sha256", required)
    } else {
        assert!(
            !r.headers.contains_key("signature-input"),
            "{:?}",
            r.headers
        );
        (
            "rsa-sha256",
            &["(request-target)", "host", "date", "digest"],
        )
    };
    assert_eq!(sig.algorithm.as_deref(), Some(algorithm), "{sig:?}");
    for component in required {
        assert!(
            sig.covered.iter().any(|c| c == component),
            "{component}: {sig:?}"
        );
    }
}

/// `a` follows `b`: `b` accepts the Follow, `a` accepts `b`'s Accept; returns the Follow's id.
async fn follow(a: &FedifyPeer, b: &FedifyPeer) -> String {
    let id = a.follow(b.actor()).await.unwrap();
    let follow = b.wait_for(|r| is(&r.id, &id), WAIT).await.unwrap();
    assert_eq!(follow.kind.as_deref(), Some("Follow"));
    assert_eq!(follow.actor.as_deref(), Some(a.actor()));
    assert_eq!(follow.object.as_deref(), Some(b.actor()));
    assert_eq!(
        follow.parsed_type.as_deref(),
        Some("https://www.w3.org/ns/activitystreams#Follow")
    );
    assert_signed(&follow, a.version().first_spec(), a.key_id());
    assert!(follow.proof, "Fedify attaches an eddsa-jcs-2022 proof");
    assert!(follow.ld_signature, "Fedify attaches an RsaSignature2017");

    let accept = a
        .wait_for(|r| is(&r.kind, "Accept") && is(&r.object, &id), WAIT)
        .await
        .unwrap();
    assert_eq!(accept.actor.as_deref(), Some(b.actor()));
    assert_eq!(accept.object_type.as_deref(), Some("Follow"));
    assert_signed(&accept, b.version().first_spec(), b.key_id());
    id
}

async fn peers_follow_each_other(version: FedifyVersion) {
    let (a, b) = tokio::try_join!(FedifyPeer::start(version), FedifyPeer::start(version)).unwrap();
    assert_eq!(
        a.ready()
            .fedify
            .as_deref()
            .map(|v| v.starts_with(version.label())),
        Some(true),
        "{:?}",
        a.ready()
    );
    let a_follows_b = follow(&a, &b).await;
    follow(&b, &a).await;

    let create = a
        .create(b.actor(), "<p>Hola desde Fedify</p>")
        .await
        .unwrap();
    let note = b.wait_for(|r| is(&r.id, &create), WAIT).await.unwrap();
    assert_eq!(note.kind.as_deref(), Some("Create"));
    assert_eq!(note.object_type.as_deref(), Some("Note"));
    assert_eq!(
        note.activity["object"]["content"],
        "<p>Hola desde Fedify</p>"
    );
    assert_signed(&note, version.first_spec(), a.key_id());

    let undo = a.undo_follow(b.actor()).await.unwrap();
    let undone = b.wait_for(|r| is(&r.id, &undo), WAIT).await.unwrap();
    assert_eq!(undone.kind.as_deref(), Some("Undo"));
    assert_eq!(undone.object.as_deref(), Some(a_follows_b.as_str()));
    assert_signed(&undone, version.first_spec(), a.key_id());

    for peer in [&a, &b] {
        assert!(peer.rejected().is_empty(), "{:?}", peer.rejected());
        assert!(peer.errors().is_empty(), "{:?}", peer.errors());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_1_5_peers_follow_each_other_with_cavage_signatures() {
    if !require_interop(
        "fedify_1_5_peers_follow_each_other_with_cavage_signatures",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V1_5)],
    ) {
        return;
    }
    peers_follow_each_other(FedifyVersion::V1_5).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_2_3_peers_follow_each_other_with_rfc9421_signatures() {
    if !require_interop(
        "fedify_2_3_peers_follow_each_other_with_rfc9421_signatures",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V2_3)],
    ) {
        return;
    }
    peers_follow_each_other(FedifyVersion::V2_3).await;
}

/// Fedify 1.5 cannot verify Fedify 2.3's RFC 9421 signature, yet accepts its activities on
/// their LD signature alone (no object proof here): an inbox test that only looks at "was it
/// accepted" proves nothing about HTTP signatures. 2.3 verifies 1.5's cavage signatures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_1_5_accepts_fedify_2_3_without_verifying_its_http_signature() {
    if !require_interop(
        "fedify_1_5_accepts_fedify_2_3_without_verifying_its_http_signature",
        &[
            Tool::NodePackages,
            Tool::Fedify(FedifyVersion::V1_5),
            Tool::Fedify(FedifyVersion::V2_3),
        ],
    ) {
        return;
    }
    let options = mochila_federation_tests::fedify::PeerOptions {
        proofs: false,
        ..Default::default()
    };
    let (new, old) = tokio::try_join!(
        FedifyPeer::start_with(FedifyVersion::V2_3, &options),
        FedifyPeer::start(FedifyVersion::V1_5)
    )
    .unwrap();
    let id = new.follow(old.actor()).await.unwrap();
    let follow = old.wait_for(|r| is(&r.id, &id), WAIT).await.unwrap();
    let sig = &follow.http_signature;
    assert_eq!(sig.spec.as_deref(), Some(SPEC_RFC9421), "{sig:?}");
    assert!(
        !sig.verified,
        "Fedify 1.5 has no RFC 9421 verifier: {sig:?}"
    );
    assert!(!follow.proof && follow.ld_signature, "{follow:?}");

    let accept = new
        .wait_for(|r| is(&r.kind, "Accept") && is(&r.object, &id), WAIT)
        .await
        .unwrap();
    assert_signed(&accept, SPEC_CAVAGE, old.key_id());
}

async fn looks_up_the_node_actor(version: FedifyVersion) {
    let node = TestNode::start("Fedify lookup").await.unwrap();
    let peer = FedifyPeer::start(version).await.unwrap();
    let actor_url = node.url("/actor");
    let actor = peer.lookup(&actor_url).await.unwrap();
    assert_eq!(actor.id.as_deref(), Some(actor_url.as_str()));
    assert_eq!(
        actor.kind.as_deref(),
        Some("https://www.w3.org/ns/activitystreams#Organization")
    );
    assert_eq!(actor.inbox, Some(format!("{actor_url}/inbox")));
    let key = actor.public_key.expect("Fedify reads the publicKey");
    assert_eq!(key.id, Some(format!("{actor_url}#main-key")));
    assert_eq!(key.owner.as_deref(), Some(actor_url.as_str()));
    let bare = |pem: &str| pem.split_whitespace().collect::<String>();
    assert_eq!(
        bare(key.pem.as_deref().unwrap_or_default()),
        bare(&node.node.state.keys.rsa_public_pem().unwrap())
    );
    assert!(
        !actor.assertion_methods.is_empty()
            && actor
                .assertion_methods
                .iter()
                .all(|m| m.controller.as_deref() == Some(actor_url.as_str())),
        "{:?}",
        actor.assertion_methods
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_2_3_looks_up_the_mochila_actor() {
    if !require_interop(
        "fedify_2_3_looks_up_the_mochila_actor",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V2_3)],
    ) {
        return;
    }
    looks_up_the_node_actor(FedifyVersion::V2_3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_1_5_looks_up_the_mochila_actor() {
    if !require_interop(
        "fedify_1_5_looks_up_the_mochila_actor",
        &[Tool::NodePackages, Tool::Fedify(FedifyVersion::V1_5)],
    ) {
        return;
    }
    looks_up_the_node_actor(FedifyVersion::V1_5).await;
}
