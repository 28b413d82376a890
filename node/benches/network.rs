//! Network benchmarks with real nodes (release build, SQLite each, HTTP on 127.0.0.1):
//!
//! - suspension to refusal: a coordinator and `MOCHILA_BENCH_MEMBERS` members (10 by
//!   default) plus the member that is suspended; the time from the coordinator's `suspend`
//!   request until each member's inbox gate refuses the suspended member (the signed list
//!   change pushed, verified and applied), over `MOCHILA_BENCH_ROUNDS` rounds (10), p50/p99;
//! - the membership check per verification at a member (`networkMembership`: the lists held,
//!   now and at issuance), as wall-clock time per call (its database reads run on the
//!   driver's threads) and as a ratio to one bare Ed25519
//!   `verify_strict` measured in the same run.
//!
//! `cargo bench -p mochila-node --bench network` (see docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

mod common;

use std::time::{Duration, Instant};

use common::{Node, bare_ed25519_verify, env_usize, ms, percentile, start};
use mochila_node::network::{NewNetwork, create_network};
use serde_json::json;

async fn decide(coordinator: &Node, client: &reqwest::Client, member: &Node, action: &str) {
    let id = member.base.replace(':', "%3A").replace('/', "%2F");
    let path = format!("/api/v1/network/members/{id}/{action}");
    coordinator
        .post(client, &path, &json!({"reason": "benchmark"}))
        .await;
}

async fn admits(node: &Node, actor: &str) -> bool {
    node.running.state.network.admits(actor).await.unwrap()
}

/// Waits until every one of `members` answers `want` for `actor`; returns each one's time.
async fn until_all(members: &[Node], actor: &str, want: bool, from: Instant) -> Vec<Duration> {
    let mut times = vec![None; members.len()];
    while times.iter().any(Option::is_none) {
        for (i, m) in members.iter().enumerate() {
            if times[i].is_none() && admits(m, actor).await == want {
                times[i] = Some(from.elapsed());
            }
        }
        assert!(from.elapsed() < Duration::from_secs(30), "never propagated");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    times.into_iter().flatten().collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n = env_usize("MOCHILA_BENCH_MEMBERS", 10);
    let rounds = env_usize("MOCHILA_BENCH_ROUNDS", 10);
    let client = reqwest::Client::new();
    let coordinator = start("Coordinadora").await;
    create_network(
        &coordinator.running.state.db,
        NewNetwork {
            name: "Red de prueba".into(),
            statement_lifetime_secs: 3600,
            members_may_invite: false,
            rules: mochila_protocol::network::Rules::coordinator_alone(),
        },
    )
    .await
    .unwrap();
    let subject = start("Suspendida").await;
    let mut members = Vec::new();
    for i in 0..n {
        members.push(start(&format!("Miembro {i}")).await);
    }
    for m in members.iter().chain([&subject]) {
        m.post(
            &client,
            "/api/v1/networks/join",
            &json!({"coordinator": coordinator.base}),
        )
        .await;
        decide(&coordinator, &client, m, "approve").await;
    }
    let actor = format!("{}/actor", subject.base);
    until_all(&members, &actor, true, Instant::now()).await;

    let mut refusal = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        decide(&coordinator, &client, &subject, "suspend").await;
        refusal.extend(until_all(&members, &actor, false, start).await);
        decide(&coordinator, &client, &subject, "reinstate").await;
        until_all(&members, &actor, true, Instant::now()).await;
    }
    refusal.sort();
    println!(
        "suspension to refusal at {n} members, {rounds} rounds: p50 {}, p99 {}, max {}",
        ms(percentile(&refusal, 0.5)),
        ms(percentile(&refusal, 0.99)),
        ms(*refusal.last().unwrap())
    );

    // The membership check at a member, against bare Ed25519.
    let network = &members[0].running.state.network;
    let did = mochila_protocol::did::did_web_from_base_url(&subject.base).unwrap();
    let calls = env_usize("MOCHILA_BENCH_CHECKS", 2000);
    let issued = "2026-01-01T00:00:00Z";
    let t = Instant::now();
    for _ in 0..calls {
        let check = network
            .membership_check(Some(&did), Some(issued))
            .await
            .unwrap();
        assert_eq!(format!("{:?}", check.outcome), "Member");
    }
    let check = t.elapsed() / calls as u32;
    let bare = bare_ed25519_verify();
    println!(
        "membership check per verification (list of {} members, {} changes): {:.1} µs (wall clock, the database reads included) = {:.1} × one bare Ed25519 verify_strict ({:.1} µs)",
        n + 1,
        n + 1 + 2 * rounds,
        check.as_secs_f64() * 1e6,
        check.as_secs_f64() / bare.as_secs_f64(),
        bare.as_secs_f64() * 1e6
    );
    for m in members.into_iter().chain([subject, coordinator]) {
        m.running.shutdown().await.unwrap();
    }
}
