//! Deliveries across a restart and an expired lease (what a `kill -9` leaves), an outcome
//! recorded only under the lease that sent it, and the delivery admin API: listing, a
//! peer's summary, retry now, roles and errors.

use std::time::{Duration, Instant};

use mochila_node::app;
use mochila_node::auth::Role;
use mochila_node::federation::delivery::{Verdict, claim, record};
use mochila_node::store::entity::{delivery, peer};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::SOON;
use super::peer::{Inbox, Step, add_follower, node, publish, settle, state};
use crate::support::each_backend;

#[tokio::test]
async fn queued_deliveries_survive_a_restart_and_go_out_once() {
    each_backend(|backend| async move {
        let mut node = node(&backend, |c| {
            c.federation.retry_initial_ms = 300;
        })
        .await;
        let inbox = Inbox::start(&[], Step::Status(503)).await;
        let peer = add_follower(&node, &inbox.url).await;
        let published = publish(&node).await;
        inbox.wait_for(1, SOON).await;
        let addr = node.addr();
        node.node.take().unwrap().shutdown().await.unwrap();
        inbox.then(Step::Status(202));
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        node.node = Some(app::start(node.config.clone(), listener).await.unwrap());
        settle(&node, &peer, "delivered", SOON).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let accepted: Vec<_> = inbox
            .seen()
            .into_iter()
            .filter(|s| s.status == 202)
            .collect();
        assert_eq!(accepted.len(), 1, "delivered once");
        assert_eq!(accepted[0].activity_id(), published.id);
    })
    .await;
}

#[tokio::test]
async fn a_lease_left_by_a_dead_worker_expires_and_the_delivery_goes_out() {
    let node = node(&crate::support::Backend::Sqlite, |_| {}).await;
    let state = state(&node);
    let inbox = Inbox::start(&[], Step::Status(202)).await;
    let peer_id = add_follower(&node, &inbox.url).await;
    // The circuit is open while the activity is published, so nothing is claimed yet.
    let far = mochila_node::store::now() + time::Duration::hours(1);
    peer::ActiveModel {
        id: Set(peer_id.clone()),
        circuit_open_until: Set(Some(far)),
        ..Default::default()
    }
    .update(&state.db)
    .await
    .unwrap();
    publish(&node).await;
    // As if a worker that died held the delivery for another second.
    let held_until = mochila_node::store::now() + time::Duration::milliseconds(1200);
    delivery::Entity::update_many()
        .col_expr(
            delivery::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(held_until),
        )
        .filter(delivery::Column::PeerId.eq(peer_id.as_str()))
        .exec(&state.db)
        .await
        .unwrap();
    peer::ActiveModel {
        id: Set(peer_id.clone()),
        circuit_open_until: Set(None),
        ..Default::default()
    }
    .update(&state.db)
    .await
    .unwrap();
    let started = Instant::now();
    state.federation.wakeup.notify_one();
    let seen = inbox.wait_for(1, SOON).await;
    let waited = seen[0].at - started;
    assert!(
        waited >= Duration::from_millis(900),
        "sent while leased: {waited:?}"
    );
    settle(&node, &peer_id, "delivered", SOON).await;
}

/// A worker too slow for its lease (another took the delivery after it expired) records
/// nothing: the row keeps the new holder's lease and its own outcome to come.
#[tokio::test]
async fn an_outcome_is_recorded_only_under_the_lease_that_sent_it() {
    each_backend(|backend| async move {
        let node = node(&backend, |_| {}).await;
        let state = state(&node);
        let inbox = Inbox::start(&[], Step::Status(202)).await;
        let peer_id = add_follower(&node, &inbox.url).await;
        let far = mochila_node::store::now() + time::Duration::hours(1);
        peer::ActiveModel {
            id: Set(peer_id.clone()),
            circuit_open_until: Set(Some(far)),
            ..Default::default()
        }
        .update(&state.db)
        .await
        .unwrap();
        publish(&node).await;
        let row = delivery::Entity::find()
            .filter(delivery::Column::PeerId.eq(peer_id.as_str()))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        let now = mochila_node::store::now();
        let leased = claim::lease(&state.db, row, now, now + time::Duration::seconds(30))
            .await
            .unwrap()
            .expect("the lease is free");
        // Its lease expired and another worker holds the delivery now.
        let theirs = now + time::Duration::minutes(5);
        delivery::Entity::update_many()
            .col_expr(
                delivery::Column::LockedUntil,
                sea_orm::sea_query::Expr::value(theirs),
            )
            .filter(delivery::Column::Id.eq(leased.delivery.id))
            .exec(&state.db)
            .await
            .unwrap();
        let verdict = record::deliver(&state.federation, &state.db, &leased)
            .await
            .unwrap();
        assert_eq!(verdict, Verdict::Delivered);
        assert_eq!(inbox.seen().len(), 1);
        let after = delivery::Entity::find_by_id(leased.delivery.id)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (after.state.as_str(), after.attempts, after.locked_until),
            ("queued", 0, Some(theirs))
        );
        claim::release(&state.db, &[(leased.delivery.id, leased.until)])
            .await
            .unwrap();
        let kept = delivery::Entity::find_by_id(leased.delivery.id)
            .one(&state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.locked_until, Some(theirs), "not our lease to give up");
    })
    .await;
}

async fn get_json(node: &crate::support::TestNode, path: &str) -> Value {
    let response = node.get_as(path, &node.admin_token).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

async fn post(node: &crate::support::TestNode, path: &str, token: &str) -> reqwest::Response {
    node.client
        .post(node.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_admin_api_shows_delivery_state_and_retries_a_peer() {
    each_backend(|backend| async move {
        let node = node(&backend, |_| {}).await;
        let inbox = Inbox::start(&[Step::Status(410)], Step::Status(202)).await;
        let peer = add_follower(&node, &inbox.url).await;
        let other = add_follower(&node, &Inbox::start(&[], Step::Status(202)).await.url).await;
        let published = publish(&node).await;
        settle(&node, &peer, "failed", SOON).await;
        settle(&node, &other, "delivered", SOON).await;

        let page = get_json(&node, &format!("/api/v1/deliveries?peer={peer}")).await;
        assert_eq!(page["total"], 1, "{page:#}");
        let item = &page["items"][0];
        assert_eq!(item["state"], "failed");
        assert_eq!(item["activityId"], published.id.as_str());
        assert_eq!(item["activityType"], "Create");
        assert_eq!(item["inbox"], inbox.url.as_str());
        assert_eq!(item["inFlight"], false);
        assert_eq!(item["attempts"], 1);
        assert_eq!(item["lastStatus"], 410);
        assert!(item["lastError"].as_str().unwrap().contains("410"));
        assert!(item["nextAttemptAt"].is_null() && item["deliveredAt"].is_null());
        let all = get_json(&node, "/api/v1/deliveries?state=delivered&perPage=10").await;
        assert_eq!(all["total"], 1);
        assert_eq!(all["items"][0]["peerId"], other.as_str());

        let summary = get_json(&node, &format!("/api/v1/peers/{peer}/deliveries")).await;
        assert_eq!(summary["failed"], 1, "{summary:#}");
        assert_eq!(
            (summary["queued"].as_u64(), summary["delivered"].as_u64()),
            (Some(0), Some(0))
        );
        assert_eq!(summary["signatureScheme"], "unknown");

        let retried = post(
            &node,
            &format!("/api/v1/peers/{peer}/retry"),
            &node.admin_token,
        )
        .await;
        assert_eq!(retried.status(), 200);
        let rows = settle(&node, &peer, "delivered", SOON).await;
        assert_eq!(rows[0].attempts, 1, "attempts were reset");
        let summary = get_json(&node, &format!("/api/v1/peers/{peer}/deliveries")).await;
        assert_eq!(
            (summary["delivered"].as_u64(), summary["failed"].as_u64()),
            (Some(1), Some(0))
        );
        assert_eq!(summary["signatureScheme"], "cavage");
        let summaries = mochila_node::federation::delivery::summaries(
            &state(&node).db,
            &[peer.clone(), other.clone(), "nobody".to_owned()],
        )
        .await
        .unwrap();
        assert_eq!(summaries.len(), 2);
        assert_eq!(summaries[&other].delivered, 1);

        let missing = post(&node, "/api/v1/peers/nobody/retry", &node.admin_token).await;
        assert_eq!(missing.status(), 404);
        let missing = node
            .get_as("/api/v1/peers/nobody/deliveries", &node.admin_token)
            .await;
        assert_eq!(missing.status(), 404);
        let issuer = node.token(Role::Issuer).await;
        assert_eq!(
            post(&node, &format!("/api/v1/peers/{peer}/retry"), &issuer)
                .await
                .status(),
            403
        );
        assert_eq!(
            node.get_as("/api/v1/deliveries", &issuer).await.status(),
            403
        );
        assert_eq!(node.get("/api/v1/deliveries").await.status(), 401);
        for bad in ["state=lost", "page=0", "perPage=501", "colour=red"] {
            let response = node
                .get_as(&format!("/api/v1/deliveries?{bad}"), &node.admin_token)
                .await;
            assert_eq!(response.status(), 400, "{bad}");
        }
    })
    .await;
}
