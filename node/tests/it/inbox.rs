//! The inbox over HTTP between two (or three) in-process nodes: signed follows (RFC 9421
//! and draft-cavage) accepted and answered, idempotency by activity id, every kind of
//! refused request leaving no row behind, blocked peers, per-object order of
//! Create/Update/Delete, FEP-8b32 proofs on forwarded activities, and the admin listing.

use mochila_node::federation::ActorUrls;
use mochila_node::state::AppState;
use mochila_node::store::entity::{
    delivery, inbox_activity, peer, peer_key, remote_object, seen_signature,
};
use mochila_protocol::activity::{ACTIVITY_JSON, sign_object};
use mochila_protocol::httpsig::{self, Request, Scheme, SigningKey};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::{Value, json};

use crate::support::{Backend, TestNode, each_backend, problem};

mod handshakes;
mod objects;
mod refusals;

fn state(node: &TestNode) -> &AppState {
    &node.node.as_ref().unwrap().state
}

/// The node's public URL for `path` (its base URL uses `localhost`).
fn public(node: &TestNode, path: &str) -> String {
    format!("http://localhost:{}{path}", node.addr().port())
}

fn actor(node: &TestNode) -> String {
    public(node, "/actor")
}

/// A new activity id on `node`'s origin.
fn new_id(node: &TestNode, what: &str) -> String {
    public(node, &format!("/{what}/{}", uuid::Uuid::new_v4()))
}

fn follow(from: &TestNode, to: &TestNode) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": new_id(from, "activities"),
        "type": "Follow",
        "actor": actor(from),
        "object": actor(to),
    })
}

/// An unsigned POST of `body` to `to`'s inbox.
fn inbox_request(to: &TestNode, body: &Value) -> Request {
    Request::new("POST", &public(to, "/actor/inbox"))
        .with_header("Content-Type", ACTIVITY_JSON)
        .with_body(body.to_string().into_bytes())
}

/// `body` signed by `from`'s actor under `scheme`.
fn signed(from: &TestNode, to: &TestNode, body: &Value, scheme: Scheme) -> Request {
    let mut request = inbox_request(to, body);
    state(from)
        .federation
        .signer
        .sign(&mut request, scheme)
        .unwrap();
    request
}

/// `from`'s Ed25519 key and its Multikey id.
fn ed25519(from: &TestNode) -> (ed25519_dalek::SigningKey, String) {
    let active = state(from).keys.active().unwrap();
    let urls = ActorUrls::new(&state(from).identity);
    (active.signing.clone(), urls.multikey(&active.entry.id))
}

/// `request` signed with RFC 9421 by `key` under `key_id`, created `created`.
fn signed_with(
    mut request: Request,
    key: &ed25519_dalek::SigningKey,
    key_id: &str,
    created: i64,
) -> Request {
    let options = httpsig::rfc9421::SignOptions::new(key_id, created);
    httpsig::rfc9421::sign(&mut request, &SigningKey::Ed25519(key.clone()), &options).unwrap();
    request
}

async fn send(request: &Request) -> reqwest::Response {
    let mut builder = reqwest::Client::new().post(&request.target_uri);
    for (name, value) in &request.headers {
        if !name.eq_ignore_ascii_case("host") {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    builder.body(request.body.clone()).send().await.unwrap()
}

async fn accepted(request: &Request) {
    let response = send(request).await;
    let status = response.status();
    assert_eq!(status, 202, "{}", response.text().await.unwrap());
}

async fn refused(request: &Request, status: u16, reason: &str) -> Value {
    let body = problem(send(request).await, status).await;
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains(reason), "{reason:?} not in {detail:?}");
    body
}

/// Rows in every table the inbox writes to.
async fn counts(node: &TestNode) -> [u64; 6] {
    let db = &state(node).db;
    [
        peer::Entity::find().count(db).await.unwrap(),
        peer_key::Entity::find().count(db).await.unwrap(),
        inbox_activity::Entity::find().count(db).await.unwrap(),
        seen_signature::Entity::find().count(db).await.unwrap(),
        remote_object::Entity::find().count(db).await.unwrap(),
        delivery::Entity::find().count(db).await.unwrap(),
    ]
}

async fn peer_of(node: &TestNode, other: &TestNode) -> peer::Model {
    peer::Entity::find()
        .filter(peer::Column::ActorId.eq(actor(other)))
        .one(&state(node).db)
        .await
        .unwrap()
        .expect("a peer row")
}

async fn two_nodes(backend: &Backend) -> (TestNode, TestNode) {
    (
        TestNode::start(backend).await,
        TestNode::start(backend).await,
    )
}

#[tokio::test]
async fn a_signed_follow_is_accepted_once_and_answered() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        let first = follow(&b, &a);
        accepted(&signed(&b, &a, &first, Scheme::Rfc9421)).await;
        let row = peer_of(&a, &b).await;
        assert_eq!(row.follower, "accepted");
        assert_eq!(row.follower_activity.as_deref(), first["id"].as_str());
        assert_eq!(row.following, "none");
        assert_eq!(row.signature_scheme, "rfc9421", "B is answered as it signs");
        assert_eq!(row.inbox, public(&b, "/actor/inbox"));
        assert_eq!(
            row.handle,
            Some(format!("localhost@localhost:{}", b.addr().port()))
        );
        assert!(row.last_heard_at.is_some());
        let keys = peer_key::Entity::find().all(&state(&a).db).await.unwrap();
        assert!(keys.iter().any(|k| k.kind == "rsa"), "{keys:?}");
        assert!(keys.iter().any(|k| k.kind == "ed25519"), "{keys:?}");
        let deliveries = delivery::Entity::find()
            .filter(delivery::Column::PeerId.eq(row.id.clone()))
            .all(&state(&a).db)
            .await
            .unwrap();
        assert_eq!(deliveries.len(), 1, "one Accept queued for B");
        assert_eq!(deliveries[0].inbox, public(&b, "/actor/inbox"));

        // The same activity again, freshly signed (cavage this time): stored once.
        let before = counts(&a).await;
        accepted(&signed(&b, &a, &first, Scheme::Cavage)).await;
        let after = counts(&a).await;
        assert_eq!(after[2], before[2], "inbox_activity unchanged");
        assert_eq!(after[5], before[5], "no second Accept");

        // A new Follow over cavage (the RSA key from the cache).
        let second = follow(&b, &a);
        accepted(&signed(&b, &a, &second, Scheme::Cavage)).await;
        assert_eq!(counts(&a).await[2], before[2] + 1);
        assert_eq!(
            peer_of(&a, &b).await.follower_activity.as_deref(),
            second["id"].as_str()
        );
        assert_eq!(
            peer_of(&a, &b).await.signature_scheme,
            "rfc9421",
            "a peer signing RFC 9421 keeps it when it signs cavage"
        );

        // The admin listing, newest first, filtered.
        let page: Value = a
            .get_as(
                &format!("/api/v1/inbox?type=Follow&actor={}&per_page=1", actor(&b)),
                &a.admin_token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 2, "{page}");
        let item = &page["items"][0];
        assert_eq!(item["id"], second["id"]);
        assert_eq!(item["object"], actor(&a).as_str());
        assert_eq!(item["verifiedBy"], "http-signature");
        assert!(item["receivedAt"].as_str().unwrap().contains('T'));
        let none: Value = a
            .get_as("/api/v1/inbox?type=Create", &a.admin_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(none["total"], 0);
        assert_eq!(a.get("/api/v1/inbox").await.status(), 401);
    })
    .await;
}

fn create_note(from: &TestNode, updated: Option<&str>) -> Value {
    note_activity(from, "Create", &new_id(from, "notes"), updated)
}

fn note_activity(from: &TestNode, kind: &str, object: &str, updated: Option<&str>) -> Value {
    let mut note = json!({
        "id": object,
        "type": "Note",
        "attributedTo": actor(from),
        "content": "Hola",
    });
    if let Some(updated) = updated {
        note["updated"] = updated.into();
    }
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": new_id(from, "activities"),
        "type": kind,
        "actor": actor(from),
        "object": note,
    })
}

#[tokio::test]
async fn remote_actors_resolve_handles_and_urls() {
    let backend = Backend::Sqlite;
    let (a, b) = two_nodes(&backend).await;
    let remote = &state(&a).federation.remote;
    let host = format!("localhost:{}", b.addr().port());
    for target in [
        actor(&b),
        format!("acct:localhost@{host}"),
        format!("localhost@{host}"),
        format!("@localhost@{host}"),
    ] {
        let found = remote.resolve(&target).await.unwrap();
        assert_eq!(found.actor.id, actor(&b), "{target}");
        assert_eq!(found.raw["inbox"], public(&b, "/actor/inbox"));
    }
    let err = remote.resolve(&format!("nobody@{host}")).await.unwrap_err();
    assert!(err.to_string().contains("404"), "{err}");
    assert!(remote.resolve("not a handle").await.is_err());
    // Nothing is stored by resolving.
    assert_eq!(counts(&a).await[0], 0);
}
