//! Remote objects from Create/Update/Delete in per-object order, and forwarded
//! activities authenticated by their proof or by their origin.

use super::*;
use crate::support::{TestNode, each_backend};

async fn object(node: &TestNode, id: &str) -> remote_object::Model {
    remote_object::Entity::find_by_id(id.to_owned())
        .one(&state(node).db)
        .await
        .unwrap()
        .expect("a remote object")
}

#[tokio::test]
async fn creates_updates_and_deletes_keep_per_object_order() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        let send_as_b = async |activity: &Value| {
            accepted(&signed(&b, &a, activity, Scheme::Rfc9421)).await;
        };
        let note = new_id(&b, "notes");
        let mut create = note_activity(&b, "Create", &note, Some("2026-03-01T00:00:00Z"));
        create["object"]["content"] = "v2".into();
        send_as_b(&create).await;
        let mut older = note_activity(&b, "Update", &note, Some("2026-02-01T00:00:00Z"));
        older["object"]["content"] = "v1".into();
        send_as_b(&older).await;
        assert_eq!(object(&a, &note).await.document.unwrap()["content"], "v2");
        let mut newer = note_activity(&b, "Update", &note, Some("2026-04-01T00:00:00Z"));
        newer["object"]["content"] = "v3".into();
        send_as_b(&newer).await;
        let stored = object(&a, &note).await;
        assert_eq!(stored.document.unwrap()["content"], "v3");
        assert_eq!(stored.object_type, "Note");

        // A Delete before its Create is remembered; the late Create is ignored.
        let early = new_id(&b, "notes");
        let delete = json!({
            "id": new_id(&b, "activities"), "type": "Delete", "actor": actor(&b),
            "object": {"id": early, "type": "Tombstone"},
        });
        send_as_b(&delete).await;
        send_as_b(&note_activity(&b, "Create", &early, None)).await;
        let tomb = object(&a, &early).await;
        assert!(tomb.deleted_at.is_some());
        assert!(tomb.document.is_none());

        // Deleting the first note by id.
        let delete = json!({
            "id": new_id(&b, "activities"), "type": "Delete", "actor": actor(&b), "object": note,
        });
        send_as_b(&delete).await;
        assert!(object(&a, &note).await.deleted_at.is_some());

        // An object on another origin is not applied (the activity is still stored).
        let foreign = "https://elsewhere.example/notes/1";
        send_as_b(&note_activity(&b, "Create", foreign, None)).await;
        let found = remote_object::Entity::find_by_id(foreign.to_owned())
            .one(&state(&a).db)
            .await
            .unwrap();
        assert!(found.is_none());
    })
    .await;
}

#[tokio::test]
async fn a_forwarded_activity_counts_by_its_proof() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        let c = TestNode::start(&backend).await;
        let (key, method) = ed25519(&b);
        let proved =
            sign_object(create_note(&b, None), &key, &method, "2026-01-01T00:00:00Z").unwrap();
        // C forwards B's activity.
        accepted(&signed(&c, &a, &proved, Scheme::Rfc9421)).await;
        let stored = inbox_activity::Entity::find_by_id(proved["id"].as_str().unwrap().to_owned())
            .one(&state(&a).db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.verified_by, "proof");
        assert_eq!(stored.actor_id, actor(&b));
        peer_of(&a, &b).await;
        peer_of(&a, &c).await;

        // A tampered proof, and no proof at all from a forwarder (the id does not
        // dereference on B), are refused.
        let before = counts(&a).await;
        let mut tampered =
            sign_object(create_note(&b, None), &key, &method, "2026-01-01T00:00:00Z").unwrap();
        tampered["object"]["content"] = "Chau".into();
        refused(&signed(&c, &a, &tampered, Scheme::Rfc9421), 401, "proof").await;
        let unproved = create_note(&b, None);
        refused(
            &signed(&c, &a, &unproved, Scheme::Rfc9421),
            401,
            "dereferencing",
        )
        .await;
        assert_eq!(counts(&a).await, before);
    })
    .await;
}

/// A peer that is only a web server: an actor without keys and one activity at its id.
fn origin_peer(listener: tokio::net::TcpListener, note: &str) -> (String, Value) {
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://localhost:{port}");
    let actor = json!({
        "id": format!("{base}/actor"), "type": "Person", "inbox": format!("{base}/inbox"),
        "preferredUsername": "origin",
    });
    let activity = json!({
        "id": format!("{base}/activities/1"), "type": "Create", "actor": format!("{base}/actor"),
        "object": {"id": format!("{base}/notes/1"), "type": "Note", "content": note},
    });
    use crate::verify::helpers::{document, serve_on};
    let router = document("/actor", ACTIVITY_JSON, &actor).merge(document(
        "/activities/1",
        ACTIVITY_JSON,
        &activity,
    ));
    serve_on(listener, router);
    (base, activity)
}

#[tokio::test]
async fn a_forwarded_activity_without_proof_is_taken_from_its_origin() {
    each_backend(|backend| async move {
        let (a, c) = two_nodes(&backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (base, activity) = origin_peer(listener, "the origin's copy");
        let mut forwarded = activity.clone();
        forwarded["object"]["content"] = "altered on the way".into();
        accepted(&signed(&c, &a, &forwarded, Scheme::Rfc9421)).await;
        let stored = inbox_activity::Entity::find_by_id(format!("{base}/activities/1"))
            .one(&state(&a).db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.verified_by, "origin");
        assert_eq!(stored.actor_id, format!("{base}/actor"));
        let document: Value = serde_json::from_str(&stored.document).unwrap();
        assert_eq!(document, activity);
        let note = object(&a, &format!("{base}/notes/1")).await;
        assert_eq!(note.document.unwrap()["content"], "the origin's copy");
    })
    .await;
}
