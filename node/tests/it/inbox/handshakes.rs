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

/// Waits (at most 10 s) until `a`'s delivery `id` satisfies `done`.
async fn delivery_when(
    a: &TestNode,
    id: i64,
    done: impl Fn(&delivery::Model) -> bool,
) -> delivery::Model {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let row = delivery::Entity::find_by_id(id)
            .one(&state(a).db)
            .await
            .unwrap()
            .unwrap();
        if done(&row) {
            return row;
        }
        assert!(std::time::Instant::now() < deadline, "{row:#?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A peer that speaks has its deliveries waiting out a backoff sent at once: when it only
/// failed a few times (circuit closed), when its circuit is open and it is marked
/// unreachable, and when what it sends is a duplicate. The scene is set only once A's Accept is delivered, so that no attempt is
/// in flight while the test rewrites the rows.
#[tokio::test]
async fn a_peer_heard_from_is_reachable_again() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        accepted(&signed(&b, &a, &follow(&b, &a), Scheme::Rfc9421)).await;
        let peer_id = peer_of(&a, &b).await.id;
        let db = &state(&a).db;
        let accept = delivery::Entity::find()
            .filter(delivery::Column::PeerId.eq(peer_id.clone()))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut attempts = delivery_when(&a, accept.id, |d| d.state == "delivered")
            .await
            .attempts;
        let now = mochila_node::store::now();
        let backoff_only = (1, None, None, false);
        let given_up = (
            9,
            Some(now + time::Duration::hours(1)),
            Some(now - time::Duration::days(5)),
            false,
        );
        // An activity A has already received counts as the peer speaking too.
        let a_duplicate = (1, None, None, true);
        let note = create_note(&b, None);
        accepted(&signed(&b, &a, &note, Scheme::Rfc9421)).await;
        for (failures, circuit, unreachable, again) in [backoff_only, given_up, a_duplicate] {
            peer::ActiveModel {
                id: Set(peer_id.clone()),
                consecutive_failures: Set(failures),
                failing_since: Set(Some(now - time::Duration::days(5))),
                circuit_open_until: Set(circuit),
                unreachable_since: Set(unreachable),
                ..Default::default()
            }
            .update(db)
            .await
            .unwrap();
            delivery::ActiveModel {
                id: Set(accept.id),
                state: Set("queued".to_owned()),
                next_attempt_at: Set(now + time::Duration::days(1)),
                last_status: Set(None),
                last_error: Set(Some("connection refused".to_owned())),
                delivered_at: Set(None),
                ..Default::default()
            }
            .update(db)
            .await
            .unwrap();

            // The duplicate signed cavage: signed RFC 9421 within the same second as the
            // first copy, its signature would be the same bytes, refused as a replay.
            let (body, scheme) = if again {
                (note.clone(), Scheme::Cavage)
            } else {
                (create_note(&b, None), Scheme::Rfc9421)
            };
            accepted(&signed(&b, &a, &body, scheme)).await;
            let row = peer_of(&a, &b).await;
            assert_eq!(
                (row.unreachable_since, row.circuit_open_until),
                (None, None)
            );
            // Attempted again at once, not in a day. (B may refuse the copy as a replay
            // when it is signed within the same second as the last one: any outcome will do.)
            let sent = delivery_when(&a, accept.id, |d| {
                d.attempts > attempts && d.locked_until.is_none()
            })
            .await;
            assert!(
                sent.next_attempt_at <= mochila_node::store::now(),
                "{sent:?}"
            );
            attempts = sent.attempts;
        }
    })
    .await;
}

/// A peer that asked to be left alone (429 with `Retry-After`) keeps its wait when it speaks.
#[tokio::test]
async fn a_peer_heard_from_keeps_the_wait_it_asked_for() {
    let (a, b) = two_nodes(&Backend::Sqlite).await;
    accepted(&signed(&b, &a, &follow(&b, &a), Scheme::Rfc9421)).await;
    let peer_id = peer_of(&a, &b).await.id;
    let db = &state(&a).db;
    let accept = delivery::Entity::find()
        .filter(delivery::Column::PeerId.eq(peer_id.clone()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    delivery_when(&a, accept.id, |d| d.state == "delivered").await;
    let later = mochila_node::store::now() + time::Duration::hours(1);
    delivery::ActiveModel {
        id: Set(accept.id),
        state: Set("queued".to_owned()),
        next_attempt_at: Set(later),
        last_status: Set(Some(429)),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    accepted(&signed(&b, &a, &create_note(&b, None), Scheme::Rfc9421)).await;
    let row = delivery_when(&a, accept.id, |_| true).await;
    assert_eq!((row.state.as_str(), row.next_attempt_at), ("queued", later));
}
