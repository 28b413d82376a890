//! Delivering the outbox over real HTTP to scripted inboxes: retries with growing waits,
//! permanent failures, `Retry-After`, the double knock (either scheme first, the other on
//! a refusal, remembered; both with the RSA `#main-key`),
//! the circuit breaker, unreachable peers, a hanging peer not delaying others, per-peer
//! order, synchronous mode, a restart with deliveries queued, an expired lease, and the
//! admin API.

mod admin;
mod peer;

use std::time::{Duration, Instant};

use mochila_protocol::activity::ACTIVITY_JSON;
use mochila_protocol::httpsig::Scheme;

use crate::support::each_backend;
use peer::{
    Inbox, Step, add_follower, deliveries, node, peer_row, publish, rsa_key, set_scheme, settle,
};

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn server_errors_are_retried_with_growing_waits_then_delivered() {
    each_backend(|backend| async move {
        let node = node(&backend, |c| {
            c.federation.retry_initial_ms = 200;
            c.federation.retry_max_ms = 5000;
        })
        .await;
        let inbox = Inbox::start(&[Step::Status(500), Step::Status(500)], Step::Status(202)).await;
        let peer = add_follower(&node, &inbox.url).await;
        let published = publish(&node).await;
        assert_eq!(published.deliveries, 1);
        let rows = settle(&node, &peer, "delivered", SOON).await;
        assert_eq!(rows[0].attempts, 3);
        assert_eq!(rows[0].last_status, Some(202));
        assert!(rows[0].delivered_at.is_some());
        let seen = inbox.seen();
        assert_eq!(seen.len(), 3);
        let (g1, g2) = (seen[1].at - seen[0].at, seen[2].at - seen[1].at);
        assert!(g1 >= Duration::from_millis(90), "first wait {g1:?}");
        // Each wait is at least half its step (equal jitter): 100 ms, then 200 ms. Load
        // only lengthens a wait, so this holds however slow the machine is.
        assert!(
            g2 >= Duration::from_millis(190),
            "waits grow: {g1:?} then {g2:?}"
        );
        let key = rsa_key(&node);
        for s in &seen {
            // A peer never heard from gets draft-cavage.
            assert_eq!(s.scheme(), Scheme::Cavage);
            assert_eq!(
                s.request.header("content-type").as_deref(),
                Some(ACTIVITY_JSON)
            );
            assert_eq!(s.activity_id(), published.id);
            let params = s.verify(&key);
            assert_eq!(params.algorithm.as_deref(), Some("rsa-sha256"));
            assert_eq!(params.key_id, main_key(&node));
        }
        let peer = peer_row(&node, &peer).await;
        assert_eq!(peer.signature_scheme, "cavage");
        assert_eq!(peer.consecutive_failures, 0);
        assert!(peer.failing_since.is_none() && peer.last_delivered_at.is_some());
    })
    .await;
}

#[tokio::test]
async fn gone_and_bad_request_fail_at_once() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let gone = Inbox::start(&[], Step::Status(410)).await;
    let bad = Inbox::start(&[], Step::Status(400)).await;
    let missing = Inbox::start(&[], Step::Status(404)).await;
    let mut peers = Vec::new();
    for inbox in [&gone, &bad, &missing] {
        peers.push(add_follower(&node, &inbox.url).await);
    }
    publish(&node).await;
    for (peer, status) in peers.iter().zip([410, 400, 404]) {
        let rows = settle(&node, peer, "failed", SOON).await;
        assert_eq!(rows[0].attempts, 1);
        assert_eq!(rows[0].last_status, Some(status));
        let error = rows[0].last_error.as_deref().unwrap();
        assert!(error.contains(&status.to_string()), "{error}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    for inbox in [&gone, &bad, &missing] {
        assert_eq!(inbox.seen().len(), 1, "not retried");
    }
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let inbox = Inbox::start(&[Step::TooMany(1)], Step::Status(202)).await;
    let peer = add_follower(&node, &inbox.url).await;
    publish(&node).await;
    let rows = settle(&node, &peer, "delivered", SOON).await;
    assert_eq!(rows[0].attempts, 2);
    let seen = inbox.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

fn main_key(node: &crate::support::TestNode) -> String {
    format!("http://localhost:{}/actor#main-key", node.addr().port())
}

#[tokio::test]
async fn a_peer_known_to_sign_rfc9421_gets_it_and_a_refusal_is_remembered() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let inbox = Inbox::start(&[Step::Status(202)], Step::CavageOnly(202)).await;
    let peer = add_follower(&node, &inbox.url).await;
    set_scheme(&node, &peer, "rfc9421").await;
    let rsa = rsa_key(&node);

    // RFC 9421 `rsa-v1_5-sha256` with the RSA `#main-key`, taken.
    publish(&node).await;
    settle(&node, &peer, "delivered", SOON).await;
    let seen = inbox.seen();
    assert_eq!((seen[0].scheme(), seen[0].status), (Scheme::Rfc9421, 202));
    let params = seen[0].verify(&rsa);
    assert_eq!(params.algorithm.as_deref(), Some("rsa-v1_5-sha256"));
    assert_eq!(params.key_id, main_key(&node));
    assert!(params.covers("@target-uri") && params.covers("content-digest"));
    assert_eq!(peer_row(&node, &peer).await.signature_scheme, "rfc9421");

    // Refused (401): the same activity once more with cavage, and that is remembered.
    let second = publish(&node).await;
    settle(&node, &peer, "delivered", SOON).await;
    let seen = inbox.seen();
    assert_eq!(seen.len(), 3, "two knocks");
    assert_eq!((seen[1].scheme(), seen[1].status), (Scheme::Rfc9421, 401));
    assert_eq!((seen[2].scheme(), seen[2].status), (Scheme::Cavage, 202));
    assert_eq!(seen[2].activity_id(), second.id);
    assert_eq!(seen[1].verify(&rsa).key_id, seen[2].verify(&rsa).key_id);
    assert!(seen[2].request.header("digest").is_some());
    assert_eq!(peer_row(&node, &peer).await.signature_scheme, "cavage");

    let third = publish(&node).await;
    settle(&node, &peer, "delivered", SOON).await;
    let seen = inbox.seen();
    assert_eq!(seen.len(), 4, "cavage first now: one knock");
    assert_eq!((seen[3].scheme(), seen[3].status), (Scheme::Cavage, 202));
    assert_eq!(seen[3].activity_id(), third.id);
}

#[tokio::test]
async fn a_peer_refusing_cavage_gets_rfc9421_and_it_is_remembered() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let inbox = Inbox::start(&[], Step::Rfc9421Only(202)).await;
    let peer = add_follower(&node, &inbox.url).await;
    let first = publish(&node).await;
    settle(&node, &peer, "delivered", SOON).await;
    let seen = inbox.seen();
    assert_eq!(seen.len(), 2, "two knocks");
    assert_eq!((seen[0].scheme(), seen[0].status), (Scheme::Cavage, 401));
    assert_eq!((seen[1].scheme(), seen[1].status), (Scheme::Rfc9421, 202));
    assert_eq!(seen[1].activity_id(), first.id);
    let params = seen[1].verify(&rsa_key(&node));
    assert_eq!(params.algorithm.as_deref(), Some("rsa-v1_5-sha256"));
    assert_eq!(params.key_id, main_key(&node));
    assert_eq!(peer_row(&node, &peer).await.signature_scheme, "rfc9421");

    let second = publish(&node).await;
    settle(&node, &peer, "delivered", SOON).await;
    let seen = inbox.seen();
    assert_eq!(seen.len(), 3, "RFC 9421 first now: one knock");
    assert_eq!((seen[2].scheme(), seen[2].status), (Scheme::Rfc9421, 202));
    assert_eq!(seen[2].activity_id(), second.id);
}

#[tokio::test]
async fn the_circuit_opens_after_repeated_failures_and_a_probe_closes_it() {
    let node = node(&crate::support::Backend::Sqlite, |c| {
        c.federation.circuit_breaker_failures = 3;
        c.federation.retry_initial_ms = 150;
        c.federation.retry_max_ms = 5000;
    })
    .await;
    let inbox = Inbox::start(&[], Step::Status(503)).await;
    let peer = add_follower(&node, &inbox.url).await;
    publish(&node).await;
    inbox.wait_for(3, SOON).await;
    let deadline = Instant::now() + SOON;
    let open_until = loop {
        let row = peer_row(&node, &peer).await;
        if let Some(t) = row.circuit_open_until {
            assert_eq!(row.consecutive_failures, 3);
            assert!(row.failing_since.is_some());
            assert!(row.last_error.unwrap().contains("503"));
            break t;
        }
        assert!(Instant::now() < deadline, "the circuit never opened");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    inbox.then(Step::Status(202));
    publish(&node).await;
    let seen = inbox.wait_for(4, SOON).await;
    assert!(
        seen[3].wall >= open_until,
        "probe at {} before {open_until}",
        seen[3].wall
    );
    let rows = settle(&node, &peer, "delivered", SOON).await;
    assert_eq!(rows.len(), 2);
    let row = peer_row(&node, &peer).await;
    assert!(row.circuit_open_until.is_none() && row.failing_since.is_none());
    assert_eq!(row.consecutive_failures, 0);
}

#[tokio::test]
async fn a_peer_failing_for_too_long_is_unreachable_until_it_speaks_again() {
    let node = node(&crate::support::Backend::Sqlite, |c| {
        c.federation.unreachable_after_secs = 1;
        c.federation.circuit_breaker_failures = 1000;
        c.federation.retry_initial_ms = 100;
        c.federation.retry_max_ms = 200;
    })
    .await;
    let inbox = Inbox::start(&[], Step::Status(500)).await;
    let peer = add_follower(&node, &inbox.url).await;
    publish(&node).await;
    let deadline = Instant::now() + SOON;
    while peer_row(&node, &peer).await.unreachable_since.is_none() {
        assert!(Instant::now() < deadline, "never marked unreachable");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let count = inbox.seen().len();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(inbox.seen().len(), count, "no attempts while unreachable");
    assert_eq!(deliveries(&node, &peer).await[0].state, "queued", "kept");
    inbox.then(Step::Status(202));
    let state = peer::state(&node);
    let resumed = mochila_node::federation::delivery::peer_heard_from(&state.db, &peer).await;
    assert!(resumed.unwrap());
    state.federation.wakeup.notify_one();
    settle(&node, &peer, "delivered", SOON).await;
    assert!(peer_row(&node, &peer).await.unreachable_since.is_none());
}

#[tokio::test]
async fn a_hanging_peer_does_not_delay_the_others() {
    let node = node(&crate::support::Backend::Sqlite, |c| {
        c.federation.delivery_timeout_secs = 1;
    })
    .await;
    let hanging = Inbox::start(&[], Step::Slow(Duration::from_secs(30), 202)).await;
    let fast = Inbox::start(&[], Step::Status(202)).await;
    let slow_peer = add_follower(&node, &hanging.url).await;
    let fast_peer = add_follower(&node, &fast.url).await;
    let started = Instant::now();
    publish(&node).await;
    let seen = fast.wait_for(1, SOON).await;
    let took = seen[0].at - started;
    assert!(
        took < Duration::from_millis(700),
        "the fast peer waited {took:?}"
    );
    settle(&node, &fast_peer, "delivered", SOON).await;
    let deadline = Instant::now() + SOON;
    loop {
        let row = &deliveries(&node, &slow_peer).await[0];
        if row.attempts >= 1 {
            assert_eq!(row.state, "queued");
            let error = row.last_error.as_deref().unwrap();
            assert!(
                error.contains("no complete answer within 1 seconds"),
                "{error}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the hanging delivery never timed out"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_peer_receives_activities_in_publish_order() {
    each_backend(|backend| async move {
        let node = node(&backend, |_| {}).await;
        let inbox = Inbox::start(&[Step::Status(500)], Step::Status(202)).await;
        let peer = add_follower(&node, &inbox.url).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(publish(&node).await.id);
        }
        settle(&node, &peer, "delivered", SOON).await;
        let got: Vec<String> = inbox.seen().iter().map(peer::Seen::activity_id).collect();
        let first = ids[0].clone();
        assert_eq!(got, [vec![first], ids].concat());
    })
    .await;
}

#[tokio::test]
async fn synchronous_mode_delivers_before_published_returns() {
    let node = node(&crate::support::Backend::Sqlite, |c| {
        c.federation.deliver_synchronously = true;
    })
    .await;
    let inbox = Inbox::start(&[], Step::Status(202)).await;
    let peer = add_follower(&node, &inbox.url).await;
    let published = publish(&node).await;
    let seen = inbox.seen();
    assert_eq!(seen.len(), 1, "delivered before returning");
    assert_eq!(seen[0].activity_id(), published.id);
    let rows = deliveries(&node, &peer).await;
    assert_eq!(rows[0].state, "delivered");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(inbox.seen().len(), 1, "the worker did not send it again");
}

#[tokio::test]
async fn one_activity_fans_out_to_fifty_peers_concurrently() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let mut peers = Vec::new();
    let mut inboxes = Vec::new();
    for _ in 0..50 {
        // Each peer takes 200 ms to answer: one after another would take 10 s.
        let inbox = Inbox::start(&[], Step::Slow(Duration::from_millis(200), 202)).await;
        peers.push(add_follower(&node, &inbox.url).await);
        inboxes.push(inbox);
    }
    let started = Instant::now();
    let published = publish(&node).await;
    assert_eq!(published.deliveries, 50);
    for peer in &peers {
        settle(&node, peer, "delivered", SOON).await;
    }
    let took = started.elapsed();
    eprintln!("fan-out of one activity to 50 peers answering in 200 ms: {took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    for inbox in &inboxes {
        assert_eq!(inbox.seen().len(), 1);
    }
}
