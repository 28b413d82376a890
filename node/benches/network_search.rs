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

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{bare_ed25519_verify, env_usize, ms, percentile, start_with};
use ed25519_dalek::SigningKey;
use mochila_node::federation::shared::{self, Change};
use mochila_node::store::entity::network_membership;
use mochila_protocol::activity::{Actor, SharedMeta, shared_document, sign_object};
use sea_orm::{ActiveModelTrait, DatabaseConnection, TransactionTrait};
use serde_json::{Map, Value, json};

const COORDINATOR: &str = "https://coord.bench.example";
const STAMP: &str = "2026-12-07T10:00:00Z";
const TOPICS: [(&str, &str, &str); 8] = [
    ("Análisis de datos", "Data analysis", "Ciencia de datos"),
    ("Ciberseguridad", "Cybersecurity", "Informática"),
    ("Historia regional", "Regional history", "Historia"),
    ("Diseño de experiencias", "Experience design", "Diseño"),
    ("Energía solar", "Solar energy", "Ingeniería"),
    ("Cuidados de enfermería", "Nursing care", "Salud"),
    (
        "Gestión de proyectos",
        "Project management",
        "Administración",
    ),
    (
        "Agricultura sostenible",
        "Sustainable agriculture",
        "Agronomía",
    ),
];
const UNITS: [&str; 4] = ["ECTS", "SCT-Chile", "SATCA", "Hours"];
const FORMS: [&str; 3] = ["online", "onsite", "blended"];
const COUNTRIES: [&str; 3] = ["CL", "MX", "GT"];
const FIELD: &str = "https://w3id.org/mochila/framework/v1/field-of-study/isced-f-061";

/// A synthetic publisher: its actor and key.
struct Publisher {
    entity: String,
    actor: Actor,
    key: SigningKey,
}

fn publisher(entity: &str, seed: u32) -> Publisher {
    let mut bytes = [0u8; 32];
    bytes[..4].copy_from_slice(&seed.to_be_bytes());
    bytes[4] = 1;
    let key = SigningKey::from_bytes(&bytes);
    let id = format!("{entity}/actor");
    let actor: Actor = serde_json::from_value(json!({
        "id": id, "type": "Organization", "inbox": format!("{id}/inbox"),
        "assertionMethod": [{"id": format!("{id}#key-1"), "type": "Multikey", "controller": id,
            "publicKeyMultibase": mochila_protocol::multikey::encode_public(&key.verifying_key())}]
    }))
    .unwrap();
    Publisher {
        entity: entity.to_owned(),
        actor,
        key,
    }
}

impl Publisher {
    fn signed(
        &self,
        collection: &str,
        key: &str,
        kind: &str,
        seq: i64,
        content: Map<String, Value>,
    ) -> Value {
        let base = &self.entity;
        let meta = SharedMeta {
            id: format!("{base}/shared/{collection}/{key}"),
            object_type: kind.to_owned(),
            publisher: self.actor.id.clone(),
            collection: format!("{base}/shared/{collection}"),
            version: 1,
            sequence: seq,
            updated: STAMP.to_owned(),
            deleted: false,
        };
        let vm = format!("{}#key-1", self.actor.id);
        sign_object(shared_document(&meta, content), &self.key, &vm, STAMP).unwrap()
    }
}

fn entry(p: usize, j: usize) -> Map<String, Value> {
    let h = p * 7919 + j * 104_729;
    let (es, en, field) = TOPICS[h % TOPICS.len()];
    let unit = UNITS[(h / 3) % UNITS.len()];
    let amount = (h % 9 + 1) as f64;
    let level = (h / 5) % 5 + 3;
    let form = FORMS[(h / 7) % FORMS.len()];
    let id = format!("https://uni{p}.bench.example/achievements/{j}/versions/1");
    let name = format!("{es} {j}");
    let achievement = json!({
        "id": id, "type": ["Achievement"], "achievementType": "MicroCredential",
        "name": name, "description": format!("{es}: resultados de aprendizaje del módulo {j}."),
        "inLanguage": "es", "fieldOfStudy": field,
        "alignment": [
            {"type": ["Alignment"], "targetUrl": format!("http://data.europa.eu/snb/eqf/{level}"), "targetName": format!("EQF {level}")},
            {"type": ["Alignment"], "targetUrl": FIELD, "targetName": field, "targetType": "CFItem"}
        ],
        "workload": {"type": "Workload", "workloadValue": amount, "workloadUnit": unit},
        "qualificationLevel": [{"type": "QualificationLevel", "levelFramework": "http://data.europa.eu/snb/eqf/25831c2", "levelFrameworkName": "EQF", "levelValue": level.to_string()}],
        "participationForm": form
    });
    let mut names = json!({"es": name});
    if h.is_multiple_of(2) {
        names["en"] = json!(format!("{en} {j}"));
    }
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    m.insert("names".into(), names);
    m.insert(
        "descriptions".into(),
        json!({"es": achievement["description"]}),
    );
    m.insert("achievement".into(), achievement);
    m.insert("achievementVersion".into(), json!(1));
    m.insert("archived".into(), json!(h.is_multiple_of(50)));
    m
}

/// Fills `db` with the coordinator's list of `publishers` members and their catalogues, as
/// received changes; returns how long applying them took.
async fn generate(db: &DatabaseConnection, publishers: usize, per: usize) -> Duration {
    network_membership::ActiveModel::from(network_membership::Model {
        coordinator: COORDINATOR.to_owned(),
        applied_at: time::OffsetDateTime::now_utc(),
        applied_by: "benchmark".to_owned(),
    })
    .insert(db)
    .await
    .unwrap();
    let coordinator = publisher(COORDINATOR, 0);
    let members: Vec<Publisher> = (0..publishers)
        .map(|p| publisher(&format!("https://uni{p}.bench.example"), p as u32 + 1))
        .collect();
    let t = Instant::now();
    let txn = db.begin().await.unwrap();
    for (i, m) in members.iter().enumerate() {
        let mut c = Map::new();
        for (k, v) in [
            ("member", json!(m.entity)),
            ("memberDid", json!(format!("did:web:uni{i}.bench.example"))),
            ("memberActor", json!(m.actor.id)),
            ("name", json!(format!("Universidad {i}"))),
            ("country", json!(COUNTRIES[i % COUNTRIES.len()])),
            ("memberState", json!("active")),
            ("network", json!(COORDINATOR)),
            ("networkName", json!("Red de prueba")),
        ] {
            c.insert(k.into(), v);
        }
        let doc = coordinator.signed("members", &i.to_string(), "NetworkMember", i as i64 + 1, c);
        let got = shared::accept(&txn, &coordinator.actor, &doc)
            .await
            .unwrap();
        assert_eq!(got, shared::Accepted::Applied);
    }
    txn.commit().await.unwrap();
    for (p, m) in members.iter().enumerate() {
        let txn = db.begin().await.unwrap();
        for j in 0..per {
            let doc = m.signed(
                "catalogue",
                &j.to_string(),
                "CatalogueEntry",
                j as i64 + 1,
                entry(p, j),
            );
            let got = shared::accept(&txn, &m.actor, &doc).await.unwrap();
            assert_eq!(got, shared::Accepted::Applied);
        }
        txn.commit().await.unwrap();
    }
    t.elapsed()
}

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

async fn load(base: &str, clients: usize, requests: usize) -> (Vec<Duration>, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let urls: Arc<Vec<String>> = Arc::new(
        searches()
            .into_iter()
            .map(|q| format!("{base}/network/achievements?{q}"))
            .collect(),
    );
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, urls, next) = (client.clone(), urls.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests {
                    return times;
                }
                let started = Instant::now();
                let r = client
                    .get(&urls[i % urls.len()])
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let ok = r.status() == 200;
                assert!(
                    ok || [408, 503].contains(&r.status().as_u16()),
                    "{}",
                    r.status()
                );
                let _ = r.bytes().await.unwrap();
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
    let (_, _) = load(&node.base, 8, 500).await;
    let (one, one_elapsed) = load(&node.base, 1, env_usize("MOCHILA_BENCH_SINGLE", 200)).await;
    println!(
        "{backend}: search, 1 client: p50 {}, p99 {} ({:.0} requests/s)",
        ms(percentile(&one, 0.5)),
        ms(percentile(&one, 0.99)),
        one.len() as f64 / one_elapsed.as_secs_f64()
    );
    let client = reqwest::Client::new();
    for q in searches() {
        let url = format!("{}/network/achievements?{q}", node.base);
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..10 {
            let t = Instant::now();
            let body: Value = client
                .get(&url)
                .header("accept", "application/json")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            times.push(t.elapsed());
            total = body["total"].as_u64().unwrap();
        }
        times.sort();
        println!(
            "{backend}:   ?{q:<55} {total:>7} found, p50 {}",
            ms(percentile(&times, 0.5))
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
