//! ActivityPub wire types and FEP-8b32 object proofs.
//!
//! Fixtures (in `fixtures/`): `mastodon-actor.json` is written after the actor documents
//! Mastodon 4.x serves (its `@context` extension block and members as its ActivityPub
//! serializer emits them, docs.joinmastodon.org/spec/activitypub); `fedify-actor.json`
//! after the actors Fedify 1.x serves (FEP-521a `assertionMethod` Multikeys beside the RSA
//! `publicKey`, fedify.dev/manual/actor); `webfinger.json` after Mastodon's WebFinger
//! response; `nodeinfo.json` is a NodeInfo 2.1 document (nodeinfo.diaspora.software);
//! `activities.json` holds Follow, Accept, Create (with a legacy LD signature) and Like.
//! The RSA key in the actors is draft-cavage-12's `Test` key; the Multikey is the W3C
//! vc-di-eddsa test key. The tests check that parsing and writing back loses nothing.

use ed25519_dalek::SigningKey;
use mochila_protocol::activity::{
    self, Activity, ActivityError, ActivityType, Actor, ActorType, Jrd, Multikey, NodeInfo,
    OneOrMany, OrderedCollection, OrderedCollectionPage, check_key_belongs_to_actor, sign_object,
    verify_object,
};
use mochila_protocol::{httpsig, multikey};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/it/activity/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Parses `value` as `T` and checks that writing it back gives the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let parsed: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&parsed).unwrap(), value);
    parsed
}

#[test]
fn mastodon_actor_keeps_every_field() {
    let actor: Actor = round_trip(&fixture("mastodon-actor.json"));
    assert_eq!(actor.type_, ActorType::Person);
    assert_eq!(actor.preferred_username.as_deref(), Some("alice"));
    assert_eq!(actor.shared_inbox(), Some("https://mastodon.example/inbox"));
    assert!(actor.extra.contains_key("featured"));
    assert!(actor.extra.contains_key("attachment"));
    let key = &actor.public_keys()[0];
    assert_eq!(key.id, "https://mastodon.example/users/alice#main-key");
    assert!(matches!(
        httpsig::PublicKey::from_pem(&key.public_key_pem).unwrap(),
        httpsig::PublicKey::Rsa(_)
    ));
    assert!(actor.assertion_methods().is_empty());
    check_key_belongs_to_actor(&key.id, &actor).unwrap();
}

#[test]
fn fedify_actor_keeps_every_field() {
    let actor: Actor = round_trip(&fixture("fedify-actor.json"));
    assert_eq!(actor.type_, ActorType::Service);
    let mk = &actor.assertion_methods()[0];
    assert_eq!(mk.type_, "Multikey");
    assert!(httpsig::PublicKey::from_multikey(&mk.public_key_multibase).is_ok());
    assert_eq!(
        actor.endpoints.as_ref().unwrap().extra["type"],
        "as:Endpoints"
    );
    check_key_belongs_to_actor(&mk.id, &actor).unwrap();
    assert!(matches!(
        check_key_belongs_to_actor("https://fedify.example/users/bot#other", &actor),
        Err(ActivityError::KeyNotOwned { .. })
    ));
    assert!(matches!(
        check_key_belongs_to_actor("https://evil.example/users/bot#multikey-1", &actor),
        Err(ActivityError::OriginMismatch { .. })
    ));
}

#[test]
fn activities_collections_and_discovery_keep_every_field() {
    let Value::Array(items) = fixture("activities.json") else {
        panic!("array expected")
    };
    let parsed: Vec<Activity> = items.iter().map(round_trip).collect();
    assert_eq!(parsed[0].type_, ActivityType::Follow);
    assert_eq!(parsed[1].type_, ActivityType::Accept);
    assert_eq!(
        parsed[1].object.as_ref().and_then(|o| o.id()),
        Some("https://mastodon.example/users/alice#follows/1")
    );
    assert!(matches!(parsed[1].to, Some(OneOrMany::One(_))));
    assert_eq!(
        parsed[2].to.as_ref().unwrap().as_slice(),
        [activity::PUBLIC]
    );
    assert!(parsed[2].extra.contains_key("signature"));
    assert_eq!(parsed[3].type_, ActivityType::Other("Like".into()));
    assert_eq!(
        parsed[3].actor.id(),
        Some("https://mastodon.example/users/alice")
    );

    let collection = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://uni.example/actor/outbox",
        "type": "OrderedCollection",
        "totalItems": 2,
        "first": "https://uni.example/actor/outbox?page=1",
        "last": "https://uni.example/actor/outbox?page=1"
    });
    let c: OrderedCollection = round_trip(&collection);
    assert_eq!(c.total_items, Some(2));
    let page = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://uni.example/actor/outbox?page=1",
        "type": "OrderedCollectionPage",
        "partOf": "https://uni.example/actor/outbox",
        "orderedItems": [items[0].clone(), "https://uni.example/activities/2"],
        "startIndex": 0
    });
    let p: OrderedCollectionPage = round_trip(&page);
    assert_eq!(p.ordered_items.len(), 2);

    let jrd: Jrd = round_trip(&fixture("webfinger.json"));
    assert_eq!(
        jrd.link("self", Some(activity::ACTIVITY_JSON))
            .and_then(|l| l.href.as_deref()),
        Some("https://mastodon.example/users/alice")
    );
    let ni: NodeInfo = round_trip(&fixture("nodeinfo.json"));
    assert_eq!(ni.usage.local_posts, Some(42));
    assert_eq!(ni.usage.users.active_month, Some(1));
}

const SEED: [u8; 32] = [7; 32];
const ACTOR: &str = "https://uni.example/actor";
const VM: &str = "https://uni.example/actor#ed25519-key";

fn mochila_actor(key: &SigningKey) -> Actor {
    serde_json::from_value(json!({
        "@context": activity::default_context(),
        "id": ACTOR,
        "type": "Organization",
        "preferredUsername": "uni",
        "inbox": "https://uni.example/actor/inbox",
        "assertionMethod": [Multikey {
            id: VM.into(),
            type_: "Multikey".into(),
            controller: ACTOR.into(),
            public_key_multibase: multikey::encode_public(&key.verifying_key()),
            extra: Default::default(),
        }]
    }))
    .unwrap()
}

fn create() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": "https://uni.example/activities/1",
        "type": "Create",
        "actor": ACTOR,
        "to": [activity::PUBLIC],
        "object": {
            "id": "https://uni.example/credentials/1",
            "type": "Note",
            "attributedTo": ACTOR,
            "content": "Nueva microcredencial"
        }
    })
}

#[test]
fn fep_8b32_sign_and_verify() {
    let key = SigningKey::from_bytes(&SEED);
    let actor = mochila_actor(&key);
    let signed = sign_object(create(), &key, VM, "2026-03-01T12:00:00Z").unwrap();
    assert_eq!(
        signed["@context"],
        json!([
            "https://www.w3.org/ns/activitystreams",
            activity::DATA_INTEGRITY_V2_CONTEXT
        ])
    );
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(signed["proof"]["verificationMethod"], VM);
    verify_object(&signed, &actor).unwrap();
    // The signed activity still parses as an Activity, proof included.
    let parsed: Activity = round_trip(&signed);
    assert!(parsed.proof.is_some());

    let mut tampered = signed.clone();
    tampered["object"]["content"] = json!("Otra cosa");
    assert!(matches!(
        verify_object(&tampered, &actor),
        Err(ActivityError::ProofInvalid(_))
    ));

    let mut foreign = create();
    foreign["id"] = json!("https://evil.example/activities/1");
    let foreign = sign_object(foreign, &key, VM, "2026-03-01T12:00:00Z").unwrap();
    assert!(matches!(
        verify_object(&foreign, &actor),
        Err(ActivityError::OriginMismatch { what: "id", .. })
    ));

    let mut other_actor = create();
    other_actor["actor"] = json!("https://uni.example/other");
    let other_actor = sign_object(other_actor, &key, VM, "2026-03-01T12:00:00Z").unwrap();
    assert!(matches!(
        verify_object(&other_actor, &actor),
        Err(ActivityError::WrongActor {
            member: "actor",
            ..
        })
    ));

    let unlisted = sign_object(
        create(),
        &key,
        "https://uni.example/actor#other",
        "2026-03-01T12:00:00Z",
    )
    .unwrap();
    assert!(matches!(
        verify_object(&unlisted, &actor),
        Err(ActivityError::KeyNotOwned { .. })
    ));

    let other_key = SigningKey::from_bytes(&[9; 32]);
    let wrong_key = sign_object(create(), &other_key, VM, "2026-03-01T12:00:00Z").unwrap();
    assert!(matches!(
        verify_object(&wrong_key, &actor),
        Err(ActivityError::ProofInvalid(_))
    ));

    assert!(matches!(
        verify_object(&create(), &actor),
        Err(ActivityError::ProofInvalid(_))
    ));
    assert!(matches!(
        sign_object(json!([1]), &key, VM, "x"),
        Err(ActivityError::NotAnObject)
    ));
    assert!(activity::origin("ftp://uni.example/x").is_err());
    assert_eq!(
        activity::origin("HTTPS://Uni.Example:443/a").unwrap(),
        "https://uni.example"
    );
}
