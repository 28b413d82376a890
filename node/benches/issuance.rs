//! End-to-end issuance benchmark: a real node (release build) on SQLite, and on
//! PostgreSQL when `MOCHILA_BENCH_DATABASE_URL` is set, issues a cohort of
//! `MOCHILA_BENCH_COHORT` (10,000 by default) learners from one CSV request; the time runs
//! from the request until the batch reports every credential signed and stored.
//!
//! `cargo bench -p mochila-node --bench issuance` (see docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark")]

use std::time::{Duration, Instant};

use mochila_node::app;
use mochila_node::config::Config;
use serde_json::{Value, json};

struct Bench {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Bench {
    async fn post(&self, path: &str, body: &Value) -> Value {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    }
}

fn definition() -> Value {
    mochila_node::fixtures::definition_with_skills("Análisis de datos con Python", 8)
}

async fn run(label: &str, database_url: Option<String>, cohort: usize) {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = Config::for_test(
        dir.path(),
        format!("http://localhost:{port}").parse().unwrap(),
        database_url,
    );
    config.verification.rate_limit_per_minute = 10_000_000;
    config.verification.rate_limit_burst = 1_000_000;
    let node = app::start(config, listener).await.unwrap();
    let bench = Bench {
        client: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
        token: node.initial_admin_token.clone().unwrap(),
    };
    let achievement = bench.post("/api/v1/achievements", &definition()).await;
    let id = achievement["id"].as_str().unwrap();
    // Warm up: one credential (contexts processed, connections open).
    bench
        .post(
            "/api/v1/credentials",
            &json!({"achievementId": id, "learner": {"name": "Warm Up", "emails": ["w@uni.cl"]}}),
        )
        .await;

    let mut csv = String::from("name,email,result\n");
    for i in 0..cohort {
        csv.push_str(&format!(
            "Estudiante Número {i},estudiante{i}@universidad.example,6.{}\n",
            i % 10
        ));
    }
    let start = Instant::now();
    let r = bench
        .client
        .post(format!(
            "{}/api/v1/issuance-batches?achievementId={id}",
            bench.base
        ))
        .bearer_auth(&bench.token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let accepted: Value = r.json().await.unwrap();
    let accepted_after = start.elapsed();
    let path = format!(
        "/api/v1/issuance-batches/{}",
        accepted["id"].as_str().unwrap()
    );
    loop {
        let s: Value = bench
            .client
            .get(format!("{}{path}", bench.base))
            .bearer_auth(&bench.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if s["state"] == "completed" {
            assert_eq!(s["done"], cohort);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = start.elapsed();
    println!(
        "issuance/{label}: {cohort} credentials in {:.2} s = {:.0} credentials/s (request accepted after {} ms)",
        elapsed.as_secs_f64(),
        cohort as f64 / elapsed.as_secs_f64(),
        accepted_after.as_millis()
    );
    verify_rate(&bench, label).await;
    node.shutdown().await.unwrap();
}

/// Verification requests per second at `POST /api/v1/verify`, 8 clients at once, for one of
/// the node's own credentials (proof, DID document, both status lists fetched and checked).
async fn verify_rate(bench: &Bench, label: &str) {
    let list: Value = bench
        .client
        .get(format!("{}/api/v1/credentials?perPage=1", bench.base))
        .bearer_auth(&bench.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let credential: Value = bench
        .client
        .get(format!("{}/credentials/{id}", bench.base))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = json!({ "credential": credential });
    let requests: usize = std::env::var("MOCHILA_BENCH_VERIFY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let clients = 8;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let client = bench.client.clone();
        let url = format!("{}/api/v1/verify", bench.base);
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..requests / clients {
                let report: Value = client
                    .post(&url)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                assert_eq!(report["status"], "valid", "{report}");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = start.elapsed();
    let done = requests / clients * clients;
    println!(
        "verify/{label}: {done} requests in {:.2} s = {:.0} verifications/s ({clients} concurrent clients)",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let cohort: usize = std::env::var("MOCHILA_BENCH_COHORT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        run("sqlite", None, cohort).await;
        if let Ok(url) = std::env::var("MOCHILA_BENCH_DATABASE_URL") {
            run("postgres", Some(url), cohort).await;
        } else {
            println!("issuance/postgres: skipped (set MOCHILA_BENCH_DATABASE_URL)");
        }
    });
}
