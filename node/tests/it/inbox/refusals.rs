//! Requests the inbox refuses: unsigned, tampered, wrongly keyed, expired, replayed, of an
//! unknown key, ill-formed, from a blocked peer; none leaves a row behind.

use super::*;
use crate::support::{each_backend, problem};

/// Requests that must each be refused with 401 naming `reason`.
async fn refuse_all(a: &TestNode, b: &TestNode) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (key, key_id) = ed25519(b);
    let create = create_note(b, None);

    refused(&inbox_request(a, &create), 401, "not signed").await;

    let mut tampered = signed(b, a, &create, Scheme::Rfc9421);
    tampered.body = create.to_string().replace("Hola", "Chau").into_bytes();
    refused(&tampered, 401, "digest").await;
    let mut tampered = signed(b, a, &create, Scheme::Cavage);
    tampered.body = create.to_string().replace("Hola", "Chau").into_bytes();
    refused(&tampered, 401, "digest").await;

    let third = crate::verify::helpers::fresh_key();
    let wrong = signed_with(inbox_request(a, &create), &third, &key_id, now);
    refused(&wrong, 401, "does not verify").await;

    let expired = signed_with(inbox_request(a, &create), &key, &key_id, now - 7200);
    refused(&expired, 401, "outside the allowed window").await;

    let nobody = public(b, "/nobody#key");
    let unknown = signed_with(inbox_request(a, &create), &key, &nobody, now);
    refused(&unknown, 401, "404").await;
}

#[tokio::test]
async fn refused_requests_leave_no_row_behind() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        // B unknown to A: keys fetched, nothing stored.
        let before = counts(&a).await;
        refuse_all(&a, &b).await;
        assert_eq!(counts(&a).await, before);
        assert_eq!(before[0], 0, "no peer");

        // B known (keys cached): a bad signature refetches the key once, still refused.
        accepted(&signed(&b, &a, &follow(&b, &a), Scheme::Rfc9421)).await;
        let before = counts(&a).await;
        refuse_all(&a, &b).await;
        assert_eq!(counts(&a).await, before);
        assert!(
            peer_of(&a, &b).await.key_refetched_at.is_some(),
            "refetched once"
        );

        // The same signed request twice (a sender retrying after losing the answer): the
        // activity is stored once and the retry is acknowledged, changing nothing.
        let request = signed(&b, &a, &create_note(&b, None), Scheme::Rfc9421);
        accepted(&request).await;
        let before = counts(&a).await;
        accepted(&request).await;
        assert_eq!(counts(&a).await, before);

        // Not an activity: 400 naming the member.
        let mut no_actor = create_note(&b, None);
        no_actor.as_object_mut().unwrap().remove("actor");
        let body = problem(send(&signed(&b, &a, &no_actor, Scheme::Rfc9421)).await, 400).await;
        assert_eq!(body["field"], "/actor");
        assert_eq!(counts(&a).await[2], before[2]);

        // Larger than federation.inbox_max_bytes: 413.
        let mut huge = create_note(&b, None);
        huge["object"]["content"] = "x".repeat(a.config.federation.inbox_max_bytes).into();
        refused(
            &signed(&b, &a, &huge, Scheme::Rfc9421),
            413,
            "inbox_max_bytes",
        )
        .await;
        assert_eq!(counts(&a).await[2], before[2]);
    })
    .await;
}

#[tokio::test]
async fn a_blocked_peer_is_refused() {
    each_backend(|backend| async move {
        let (a, b) = two_nodes(&backend).await;
        accepted(&signed(&b, &a, &follow(&b, &a), Scheme::Rfc9421)).await;
        let row = peer_of(&a, &b).await;
        peer::ActiveModel {
            id: Set(row.id.clone()),
            blocked_at: Set(Some(time::OffsetDateTime::now_utc())),
            ..Default::default()
        }
        .update(&state(&a).db)
        .await
        .unwrap();
        let before = counts(&a).await;
        let request = signed(&b, &a, &create_note(&b, None), Scheme::Rfc9421);
        refused(&request, 403, "blocked").await;
        assert_eq!(counts(&a).await, before);
    })
    .await;
}
