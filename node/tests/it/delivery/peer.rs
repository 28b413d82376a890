//! Test helpers for deliveries: a programmable inbox (answers a scripted sequence of
//! statuses and delays, records every request), nodes with adjusted federation settings on
//! SQLite or PostgreSQL, peer rows and published activities.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use mochila_node::config::Config;
use mochila_node::federation::{Audience, Published};
use mochila_node::state::AppState;
use mochila_node::store::entity::{delivery, peer};
use mochila_protocol::activity::{Activity, ActivityType, ObjectRef};
use mochila_protocol::httpsig::{self, PublicKey, Request, Scheme};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::support::{Backend, TestNode};

/// One scripted answer.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Answer with this status.
    Status(u16),
    /// Answer 429 with `Retry-After: secs`.
    TooMany(u64),
    /// Sleep, then answer with the status.
    Slow(Duration, u16),
    /// 401 to RFC 9421 signatures, this status to cavage ones.
    CavageOnly(u16),
    /// 401 to cavage signatures, this status to RFC 9421 ones.
    Rfc9421Only(u16),
}

/// A request the inbox received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub wall: time::OffsetDateTime,
    pub request: Request,
    pub status: u16,
}

impl Seen {
    pub fn scheme(&self) -> Scheme {
        if self.request.header("signature-input").is_some() {
            Scheme::Rfc9421
        } else {
            Scheme::Cavage
        }
    }

    pub fn activity_id(&self) -> String {
        let json: serde_json::Value = serde_json::from_slice(&self.request.body).unwrap();
        json["id"].as_str().unwrap().to_owned()
    }

    /// Checks the request's signature with `key` (the node's RSA public key) and returns
    /// its parameters.
    pub fn verify(&self, key: &PublicKey) -> httpsig::SignatureParams {
        let params = httpsig::parse(&self.request).unwrap();
        httpsig::verify(
            &params,
            &self.request,
            key,
            time::OffsetDateTime::now_utc(),
            httpsig::DEFAULT_MAX_SKEW,
        )
        .unwrap();
        params
    }
}

/// A scripted inbox on 127.0.0.1.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub url: String,
    script: Arc<Mutex<VecDeque<Step>>>,
    default: Arc<Mutex<Step>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    arrived: Arc<Notify>,
}

impl Inbox {
    /// Starts an inbox answering `script` in order, then `then` forever.
    pub async fn start(script: &[Step], then: Step) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let inbox = Self {
            url: format!("http://{}/inbox", listener.local_addr().unwrap()),
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            default: Arc::new(Mutex::new(then)),
            seen: Arc::default(),
            arrived: Arc::default(),
        };
        let state = inbox.clone();
        let router = Router::new().fallback(move |uri, headers, body| {
            let state = state.clone();
            async move { state.answer(uri, headers, body).await }
        });
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        inbox
    }

    async fn answer(&self, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        let at = Instant::now();
        let host = headers[header::HOST].to_str().unwrap().to_owned();
        let mut request = Request::new("POST", &format!("http://{host}{uri}")).with_body(body);
        for (name, value) in &headers {
            request = request.with_header(name.as_str(), value.to_str().unwrap());
        }
        let step = {
            let next = self.script.lock().unwrap().pop_front();
            next.unwrap_or(*self.default.lock().unwrap())
        };
        let rfc9421 = request.header("signature-input").is_some();
        let (delay, status, retry_after) = match step {
            Step::Status(s) => (None, s, None),
            Step::TooMany(secs) => (None, 429, Some(secs)),
            Step::Slow(d, s) => (Some(d), s, None),
            Step::CavageOnly(s) => (None, if rfc9421 { 401 } else { s }, None),
            Step::Rfc9421Only(s) => (None, if rfc9421 { s } else { 401 }, None),
        };
        self.seen.lock().unwrap().push(Seen {
            at,
            wall: time::OffsetDateTime::now_utc(),
            request,
            status,
        });
        self.arrived.notify_waiters();
        if let Some(d) = delay {
            tokio::time::sleep(d).await;
        }
        let status = StatusCode::from_u16(status).unwrap();
        match retry_after {
            Some(secs) => (status, [(header::RETRY_AFTER, secs.to_string())]).into_response(),
            None => (status, "scripted answer").into_response(),
        }
    }

    /// Changes the answer given once the script is used up.
    pub fn then(&self, step: Step) {
        *self.default.lock().unwrap() = step;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived (at most `within`).
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Seen> {
        let deadline = Instant::now() + within;
        loop {
            let arrived = self.arrived.notified();
            let seen = self.seen();
            if seen.len() >= n {
                return seen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "{} requests, wanted {n}", seen.len());
            let _ = tokio::time::timeout(left.min(Duration::from_millis(100)), arrived).await;
        }
    }
}

/// Starts a node on `backend` with test settings adjusted by `configure`.
pub async fn node(backend: &Backend, configure: impl FnOnce(&mut Config)) -> TestNode {
    TestNode::start_with(backend, configure).await
}

pub fn state(node: &TestNode) -> &AppState {
    &node.node.as_ref().unwrap().state
}

/// Inserts a peer that follows the node (accepted) with `inbox`; returns its id.
pub async fn add_follower(node: &TestNode, inbox: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let now = mochila_node::store::now();
    peer::Entity::insert(peer::ActiveModel {
        id: Set(id.clone()),
        actor_id: Set(format!("{inbox}/actor/{id}")),
        handle: Set(None),
        name: Set(None),
        inbox: Set(inbox.to_owned()),
        shared_inbox: Set(None),
        actor_document: Set(None),
        fetched_at: Set(None),
        following: Set("none".into()),
        following_activity: Set(None),
        follower: Set("accepted".into()),
        follower_activity: Set(None),
        blocked_at: Set(None),
        signature_scheme: Set("unknown".into()),
        consecutive_failures: Set(0),
        failing_since: Set(None),
        circuit_open_until: Set(None),
        unreachable_since: Set(None),
        last_error: Set(None),
        last_delivered_at: Set(None),
        last_heard_at: Set(None),
        key_refetched_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&state(node).db)
    .await
    .unwrap();
    id
}

/// Publishes a `Create` to the followers and calls `published`, as a handler does.
pub async fn publish(node: &TestNode) -> Published {
    let state = state(node);
    let federation = &state.federation;
    let publisher = &federation.publisher;
    let id = publisher.new_activity_id();
    let object = ObjectRef::Id(format!("{id}/object"));
    let mut activity = Activity::new(&id, ActivityType::Create, &publisher.urls().actor, object);
    publisher.address_publicly(&mut activity);
    let published = publisher
        .publish(&state.db, activity, Audience::Followers)
        .await
        .unwrap();
    federation.published(&published).await;
    published
}

/// Sets what the node knows of peer `id`'s signature scheme (as its inbox does when the
/// peer signs a request).
pub async fn set_scheme(node: &TestNode, id: &str, scheme: &str) {
    peer::Entity::update(peer::ActiveModel {
        id: Set(id.to_owned()),
        signature_scheme: Set(scheme.to_owned()),
        ..Default::default()
    })
    .exec(&state(node).db)
    .await
    .unwrap();
}

pub async fn peer_row(node: &TestNode, id: &str) -> peer::Model {
    peer::Entity::find_by_id(id.to_owned())
        .one(&state(node).db)
        .await
        .unwrap()
        .unwrap()
}

/// The deliveries to peer `id`, oldest first.
pub async fn deliveries(node: &TestNode, id: &str) -> Vec<delivery::Model> {
    delivery::Entity::find()
        .filter(delivery::Column::PeerId.eq(id))
        .order_by_asc(delivery::Column::Id)
        .all(&state(node).db)
        .await
        .unwrap()
}

/// Waits until every delivery to peer `id` is in `state` (at most `within`).
pub async fn settle(
    node: &TestNode,
    id: &str,
    state: &str,
    within: Duration,
) -> Vec<delivery::Model> {
    let deadline = Instant::now() + within;
    loop {
        let rows = deliveries(node, id).await;
        if !rows.is_empty() && rows.iter().all(|d| d.state == state) {
            return rows;
        }
        assert!(Instant::now() < deadline, "not all {state}: {rows:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The node's RSA public key (`#main-key`), which signs both schemes.
pub fn rsa_key(node: &TestNode) -> PublicKey {
    PublicKey::from_pem(&state(node).keys.rsa_public_pem().unwrap()).unwrap()
}
