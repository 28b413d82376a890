//! Follow handshakes at the inbox: Undo of a follow, Accept and Reject of the node's own
//! pending follow, a follow signed with the peer's Ed25519 Multikey, the manual follow
//! policy, and a silent peer heard from again.

use mochila_node::config::FollowPolicy;

use super::*;

async fn set_following(a: &TestNode, b: &TestNode, follow_id: &str) {
    let row = peer_of(a, b).await;
    peer::ActiveModel {
        id: Set(row.id),
        following: Set("pending".to_owned()),
        following_activity: Set(Some(follow_id.to_owned())),
        ..Default::default()
    }
    .update(&state(a).db)
    .await
    .unwrap();
}

fn answer(from: &TestNode, kind: &str, object: Value) -> Value {
    json!({
        "id": new_id(from, "activities"),
        "type": kind,
        "actor": actor(from),
        "object": object,
    })
}

#[tokio::test]
async fn follows_are_undone_accepted_and_rejected() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        let follow = follow(&b, &a);
        accepted(&signed(&b, &a, &follow, Scheme::Rfc9421)).await;
        assert_eq!(peer_of(&a, &b).await.follower, "accepted");
        let undo = answer(&b, "Undo", follow.clone());
        accepted(&signed(&b, &a, &undo, Scheme::Rfc9421)).await;
        let row = peer_of(&a, &b).await;
        assert_eq!(row.follower, "none");
        assert_eq!(row.follower_activity, None);

        // A's own follow of B, answered by id, then (again pending) rejected embedded.
        let mine = new_id(&a, "activities");
        set_following(&a, &b, &mine).await;
        let unrelated = answer(&b, "Accept", new_id(&a, "activities").into());
        accepted(&signed(&b, &a, &unrelated, Scheme::Rfc9421)).await;
        assert_eq!(peer_of(&a, &b).await.following, "pending");
        let accept = answer(&b, "Accept", mine.clone().into());
        accepted(&signed(&b, &a, &accept, Scheme::Cavage)).await;
        assert_eq!(peer_of(&a, &b).await.following, "accepted");
        let again = new_id(&a, "activities");
        set_following(&a, &b, &again).await;
        let embedded =
            json!({"id": again, "type": "Follow", "actor": actor(&a), "object": actor(&b)});
        accepted(&signed(
            &b,
            &a,
            &answer(&b, "Reject", embedded),
            Scheme::Rfc9421,
        ))
        .await;
        assert_eq!(peer_of(&a, &b).await.following, "rejected");
    })
    .await;
}

/// The node signs with its RSA `#main-key`, but accepts RFC 9421 `ed25519` signatures by a
/// peer's `assertionMethod` Multikey (FEP-521a) as before.
#[tokio::test]
async fn a_follow_signed_with_an_ed25519_multikey_is_accepted() {
    let (a, b) = two_nodes(&Backend::Sqlite).await;
    let (key, key_id) = ed25519(&b);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let follow = follow(&b, &a);
    let request = signed_with(inbox_request(&a, &follow), &key, &key_id, now);
    let input = request.header("signature-input").unwrap();
    assert!(input.contains(r#"alg="ed25519""#), "{input}");
    accepted(&request).await;
    let row = peer_of(&a, &b).await;
    assert_eq!(
        (row.follower.as_str(), row.signature_scheme.as_str()),
        ("accepted", "rfc9421")
    );
    let stored = inbox_activity::Entity::find_by_id(follow["id"].as_str().unwrap().to_owned())
        .one(&state(&a).db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.verified_by.as_str(), stored.http_signature.as_str()),
        ("http-signature", "rfc9421")
    );
}

#[tokio::test]
async fn a_manual_policy_holds_follows() {
    let a =
        crate::verify::helpers::start_with(|c| c.federation.follow_policy = FollowPolicy::Manual)
            .await;
    let b = crate::verify::helpers::start_with(|_| {}).await;
    let follow = follow(&b, &a);
    accepted(&signed(&b, &a, &follow, Scheme::Rfc9421)).await;
    let row = peer_of(&a, &b).await;
    assert_eq!(row.follower, "pending");
    assert_eq!(row.follower_activity.as_deref(), follow["id"].as_str());
    assert_eq!(
        counts(&a).await[5],
        0,
        "nothing delivered before an admin decides"
    );
}

#[tokio::test]
async fn a_peer_heard_from_is_reachable_again() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        accepted(&signed(&b, &a, &follow(&b, &a), Scheme::Rfc9421)).await;
        let row = peer_of(&a, &b).await;
        let now = time::OffsetDateTime::now_utc();
        let db = &state(&a).db;
        peer::ActiveModel {
            id: Set(row.id.clone()),
            unreachable_since: Set(Some(now - time::Duration::days(5))),
            circuit_open_until: Set(Some(now + time::Duration::hours(1))),
            ..Default::default()
        }
        .update(db)
        .await
        .unwrap();
        let queued = delivery::Entity::find()
            .filter(delivery::Column::PeerId.eq(row.id.clone()))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut later: delivery::ActiveModel = queued.into();
        later.next_attempt_at = Set(now + time::Duration::days(1));
        later.state = Set("queued".to_owned());
        let later = later.update(db).await.unwrap();

        accepted(&signed(&b, &a, &create_note(&b, None), Scheme::Rfc9421)).await;
        let row = peer_of(&a, &b).await;
        assert_eq!(row.unreachable_since, None);
        assert_eq!(row.circuit_open_until, None);
        let due = delivery::Entity::find_by_id(later.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            due.next_attempt_at <= time::OffsetDateTime::now_utc(),
            "{due:?}"
        );
    })
    .await;
}
