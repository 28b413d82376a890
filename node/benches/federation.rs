//! Federation benchmarks with real nodes (release build, SQLite, HTTP on 127.0.0.1):
//!
//! - inbox: signed activities accepted per second at one node's inbox — each a `Create`
//!   with an FEP-8b32 `eddsa-jcs-2022` proof, sent by another node with an RFC 9421
//!   Ed25519 signature; the inbox verifies signature, digest, window and replay, verifies the
//!   proof, dedupes and stores (`MOCHILA_BENCH_INBOX` activities, 2,000 by default, 8
//!   clients);
//! - fan-out: the time from publishing one activity (a new achievement) until each of 50
//!   following nodes has verified and stored it (`MOCHILA_BENCH_PEERS`, 50 by default).
//!
//! `cargo bench -p mochila-node --bench federation` (see docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

mod common;

use std::time::{Duration, Instant};

use common::{Node, env_usize, start};
use mochila_node::store::entity::inbox_activity;
use mochila_protocol::activity::sign_object;
use mochila_protocol::httpsig::{Request, Scheme};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

/// How many activities of `type_` `node`'s inbox has stored.
async fn received(node: &Node, type_: &str) -> u64 {
    inbox_activity::Entity::find()
        .filter(inbox_activity::Column::ActivityType.eq(type_))
        .count(&node.running.state.db)
        .await
        .unwrap()
}

/// `sender`'s `Create` number `i`, addressed to `to`, with its FEP-8b32 proof, as an RFC 9421
/// signed POST to `inbox`.
fn signed_create(sender: &Node, to: &str, inbox: &str, i: usize) -> Request {
    let state = &sender.running.state;
    let actor = sender.actor();
    let activity = json!({
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": format!("{}/activities/bench-{i}", sender.base),
        "type": "Create",
        "actor": actor,
        "to": [to],
        "object": {
            "id": format!("{}/notes/bench-{i}", sender.base),
            "type": "Note",
            "attributedTo": actor,
            "content": format!("Convenio de reconocimiento {i}"),
            "published": "2026-11-29T12:00:00Z"
        }
    });
    let key = state.keys.active().unwrap();
    let method = format!("{actor}#{}", key.entry.id);
    let signed = sign_object(activity, &key.signing, &method, "2026-11-29T12:00:00Z").unwrap();
    let mut request = Request::new("POST", inbox)
        .with_header("Content-Type", "application/activity+json")
        .with_body(serde_json::to_vec(&signed).unwrap());
    state
        .federation
        .signer
        .sign(&mut request, Scheme::Rfc9421)
        .unwrap();
    request
}

async fn send(client: &reqwest::Client, request: &Request) -> u16 {
    let mut builder = client.post(&request.target_uri);
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(request.body.clone())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn inbox_rate(client: &reqwest::Client) {
    let receiver = start("Receptora").await;
    let sender = start("Emisora").await;
    let inbox = format!("{}/inbox", receiver.actor());
    // Warm up: the receiver fetches and caches the sender's actor and keys.
    let status = send(
        client,
        &signed_create(&sender, &receiver.actor(), &inbox, 0),
    )
    .await;
    assert_eq!(status, 202);
    let n = env_usize("MOCHILA_BENCH_INBOX", 2_000);
    let clients = 8;
    let requests: Vec<Request> = (1..=n)
        .map(|i| signed_create(&sender, &receiver.actor(), &inbox, i))
        .collect();
    let mut chunks: Vec<Vec<Request>> = (0..clients).map(|_| Vec::new()).collect();
    for (i, r) in requests.into_iter().enumerate() {
        chunks[i % clients].push(r);
    }
    let start = Instant::now();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let client = client.clone();
            tokio::spawn(async move {
                for r in &chunk {
                    assert_eq!(send(&client, r).await, 202);
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = start.elapsed();
    assert_eq!(received(&receiver, "Create").await, n as u64 + 1);
    println!(
        "inbox: {n} signed activities accepted in {:.2} s = {:.0} activities/s ({clients} concurrent clients; RFC 9421 Ed25519 + eddsa-jcs-2022 proof verified, deduplicated, stored)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64()
    );
}

fn definition(i: usize) -> Value {
    mochila_node::fixtures::definition(&format!("Microcredencial {i}"))
}

async fn fan_out(client: &reqwest::Client) {
    let peers = env_usize("MOCHILA_BENCH_PEERS", 50);
    let publisher = start("Publicadora").await;
    let mut followers = Vec::with_capacity(peers);
    for i in 0..peers {
        let f = start(&format!("Seguidora {i}")).await;
        f.post(
            client,
            "/api/v1/peers/follow",
            &json!({"target": publisher.actor()}),
        )
        .await;
        followers.push(f);
    }
    // Every follow accepted (the Accepts delivered).
    loop {
        let mut accepted = 0;
        for f in &followers {
            accepted += received(f, "Accept").await;
        }
        if accepted == peers as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let rounds = 5;
    let mut times = Vec::with_capacity(rounds);
    for round in 1..=rounds {
        let start = Instant::now();
        publisher
            .post(client, "/api/v1/achievements", &definition(round))
            .await;
        loop {
            let mut done = 0;
            for f in &followers {
                if received(f, "Create").await >= round as u64 {
                    done += 1;
                }
            }
            if done == peers {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "fan-out: one activity to {peers} following nodes, request to all stored: median {:.0} ms (min {:.0}, max {:.0}, {rounds} rounds; delivery_concurrency 16)",
        ms(times[rounds / 2]),
        ms(times[0]),
        ms(times[rounds - 1])
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        inbox_rate(&client).await;
        fan_out(&client).await;
    });
}
