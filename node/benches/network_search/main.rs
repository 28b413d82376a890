//! The network catalogue at scale (release build, real node, HTTP on 127.0.0.1):
//!
//! - a node holding the signed catalogues of `MOCHILA_BENCH_PUBLISHERS` members (100) with
//!   `MOCHILA_BENCH_PER_PUBLISHER` achievements each (1,000), generated here: each entry a
//!   real shared object signed by its (synthetic) publisher and applied through the same
//!   receive path as a pushed change (proof checked, recorded, indexed);
//! - `GET /network/achievements` under `MOCHILA_BENCH_CLIENTS` concurrent clients (200),
//!   `MOCHILA_BENCH_REQUESTS` requests (20,000) over a mix of searches (text, level, credit
//!   system and credits, hours, country, framework item, combinations, deep pages):
//!   p50/p99 latency and throughput (a request the node times out counts as 408); one
//!   client at a time (`MOCHILA_BENCH_SINGLE` requests, 200), and each search alone;
//! - backfill: a real publisher node with `MOCHILA_BENCH_BACKFILL` (100,000) catalogue
//!   entries and a fresh node catching up with its collection over HTTP (pages of 100, each
//!   object's proof checked), objects per second.
//!
//! SQLite by default; PostgreSQL with `MOCHILA_BENCH_DATABASE_URL` (a fresh schema).
//! `cargo bench -p mochila-node --bench network_search` (see docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

#[path = "../common/mod.rs"]
mod common;
mod data;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{bare_ed25519_verify, env_usize, ms, percentile, start_with};
use data::{FIELD, entry, generate};
use mochila_node::federation::shared::{self, Change};
use sea_orm::TransactionTrait;
use serde_json::Value;

fn searches() -> Vec<String> {
    let field = FIELD.replace(':', "%3A").replace('/', "%2F");
    [
        "",
        "q=datos",
        "q=energia%20solar",
        "q=historia&participationForm=online&language=en",
        "eqfLevel=6",
        "creditSystem=ECTS&minCredits=3&maxCredits=6",
        "minHours=60&maxHours=100",
        "country=CL&eqfLevel=5",
        &format!("frameworkItem={field}&eqfLevel=4"),
        "q=gestion&country=MX&page=3",
        "page=200",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// One client: a kept-alive HTTP/1.1 connection to the node, as lean as a load generator
/// (`wrk`, `oha`) so that the node, not the client, has the shared cores.
struct Connection {
    send: hyper::client::conn::http1::SendRequest<http_body_util::Empty<hyper::body::Bytes>>,
    host: String,
}

impl Connection {
    async fn open(base: &str) -> Self {
        let host = base.trim_start_matches("http://").to_owned();
        let port = host.rsplit(':').next().unwrap();
        let stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
            .await
            .unwrap();
        stream.set_nodelay(true).unwrap();
        let (send, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(conn);
        Self { send, host }
    }

    /// GETs `path_and_query` as JSON: the status and the body.
    async fn get(&mut self, path_and_query: &str) -> (u16, hyper::body::Bytes) {
        use http_body_util::BodyExt;
        self.send.ready().await.unwrap();
        let request = hyper::Request::get(path_and_query)
            .header("host", &self.host)
            .header("accept", "application/json")
            .body(http_body_util::Empty::new())
            .unwrap();
        let response = self.send.send_request(request).await.unwrap();
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, body)
    }
}

async fn load(base: &str, clients: usize, requests: usize) -> (Vec<Duration>, Duration) {
    let paths: Arc<Vec<String>> = Arc::new(
        searches()
            .into_iter()
            .map(|q| format!("/network/achievements?{q}"))
            .collect(),
    );
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut connections = Vec::new();
    for _ in 0..clients {
        connections.push(Connection::open(base).await);
    }
    let t = Instant::now();
    let mut tasks = Vec::new();
    for mut connection in connections {
        let (paths, next) = (paths.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests {
                    return times;
                }
                let started = Instant::now();
                let (status, _) = connection.get(&paths[i % paths.len()]).await;
                let ok = status == 200;
                assert!(ok || [408, 503].contains(&status), "{status}");
                // A request the node timed out (408) or was too busy for (503) counts as the
                // longest possible.
                times.push(if ok { started.elapsed() } else { Duration::MAX });
            }
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let elapsed = t.elapsed();
    all.sort();
    (all, elapsed)
}

/// The process's resident memory (Linux), for the record.
fn resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

async fn database_url() -> Option<String> {
    match std::env::var("MOCHILA_BENCH_DATABASE_URL") {
        Ok(base) if !base.is_empty() => Some(
            mochila_node::fixtures::fresh_postgres_schema(&base)
                .await
                .unwrap(),
        ),
        _ => None,
    }
}

#[tokio::main]
async fn main() {
    let publishers = env_usize("MOCHILA_BENCH_PUBLISHERS", 100);
    let per = env_usize("MOCHILA_BENCH_PER_PUBLISHER", 1000);
    let clients = env_usize("MOCHILA_BENCH_CLIENTS", 200);
    let requests = env_usize("MOCHILA_BENCH_REQUESTS", 20_000);
    let backfill = env_usize("MOCHILA_BENCH_BACKFILL", 100_000);
    let url = database_url().await;
    let backend = if url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let node = start_with("Buscadora", url, |c| c.network.sync_interval_secs = 86_400).await;
    let db = node.running.state.db.clone();
    let generated = generate(&db, publishers, per).await;
    let total = publishers * per;
    println!(
        "{backend}: {total} catalogue entries from {publishers} publishers applied (proof checked, recorded, indexed) in {:.1} s = {:.0} objects/s",
        generated.as_secs_f64(),
        total as f64 / generated.as_secs_f64()
    );
    // What a node does at start: the whole catalogue read into a fresh in-memory index.
    let mut cold = node.running.state.network.clone();
    cold.search = Arc::default();
    let t = Instant::now();
    let indexed = cold.refresh_search().await.unwrap();
    println!(
        "{backend}: {indexed} entries read into a fresh search index (as at start) in {:.2} s; resident memory now {}",
        t.elapsed().as_secs_f64(),
        resident()
    );
    drop(cold);
    node.running.state.network.refresh_search().await.unwrap();
    let (_, _) = load(&node.base, 8, 500).await;
    let (one, one_elapsed) = load(&node.base, 1, env_usize("MOCHILA_BENCH_SINGLE", 200)).await;
    println!(
        "{backend}: search, 1 client: p50 {}, p99 {} ({:.0} requests/s)",
        ms(percentile(&one, 0.5)),
        ms(percentile(&one, 0.99)),
        one.len() as f64 / one_elapsed.as_secs_f64()
    );
    let mut connection = Connection::open(&node.base).await;
    for q in searches() {
        let path = format!("/network/achievements?{q}");
        let mut times = Vec::new();
        let mut body = hyper::body::Bytes::new();
        for _ in 0..10 {
            let t = Instant::now();
            body = connection.get(&path).await.1;
            times.push(t.elapsed());
        }
        times.sort();
        let size = body.len();
        let body: Value = serde_json::from_slice(&body).unwrap();
        let total = body["total"].as_u64().unwrap();
        println!(
            "{backend}:   ?{q:<55} {total:>7} found, p50 {}, {:.1} KB",
            ms(percentile(&times, 0.5)),
            size as f64 / 1024.0
        );
    }
    let (many, elapsed) = load(&node.base, clients, requests).await;
    let timed_out = many.iter().filter(|d| **d == Duration::MAX).count();
    let show = |d: Duration| {
        if d == Duration::MAX {
            "refused (408/503)".to_owned()
        } else {
            ms(d)
        }
    };
    println!(
        "{backend}: search, {clients} concurrent clients, {requests} requests: p50 {}, p99 {}, {:.0} requests/s, {timed_out} refused (408/503)",
        show(percentile(&many, 0.5)),
        show(percentile(&many, 0.99)),
        (many.len() - timed_out) as f64 / elapsed.as_secs_f64()
    );
    node.running.shutdown().await.unwrap();

    // Backfill over HTTP from a real publisher.
    let publisher_node = start_with("Publicadora", database_url().await, |c| {
        c.network.sync_interval_secs = 86_400
    })
    .await;
    let state = &publisher_node.running.state;
    for chunk in 0..backfill.div_ceil(1000) {
        let txn = state.db.begin().await.unwrap();
        for j in chunk * 1000..((chunk + 1) * 1000).min(backfill) {
            let change = Change {
                collection: "catalogue",
                object_id: format!("{}/shared/catalogue/{j}", publisher_node.base),
                object_type: "CatalogueEntry",
                content: Some(entry(0, j)),
            };
            state
                .federation
                .publish_shared(&txn, change, Vec::new())
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
    }
    let joiner = start_with("Nueva", database_url().await, |c| {
        c.network.sync_interval_secs = 86_400
    })
    .await;
    let collection = format!("{}/shared/catalogue", publisher_node.base);
    let jfed = &joiner.running.state.federation;
    shared::keep(
        &jfed.db,
        &collection,
        &format!("{}/actor", publisher_node.base),
    )
    .await
    .unwrap();
    let t = Instant::now();
    let fetched = jfed.catch_up(&collection).await.unwrap();
    let took = t.elapsed();
    assert_eq!(fetched as usize, backfill);
    println!(
        "{backend}: backfill of {backfill} objects over HTTP (pages of {}): {:.1} s = {:.0} objects/s",
        shared::PAGE_SIZE,
        took.as_secs_f64(),
        backfill as f64 / took.as_secs_f64()
    );
    println!(
        "bare Ed25519 verify_strict in this run: {:.1} µs",
        bare_ed25519_verify().as_secs_f64() * 1e6
    );
    joiner.running.shutdown().await.unwrap();
    publisher_node.running.shutdown().await.unwrap();
}
