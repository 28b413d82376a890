//! Three real nodes on 127.0.0.1 following each other over HTTP: follow, accept, deliver,
//! undo; and a node killed with SIGKILL in the middle of a fan-out that, restarted, delivers
//! every activity to every peer exactly once.

use std::time::Duration;

use mochila_federation_tests::client::{NodeClient, wait_for};
use mochila_federation_tests::network::TestNode;
use mochila_federation_tests::process::ProcessNode;
use serde_json::{Value, json};

use crate::support;

const TEST_NODE: &str = env!("CARGO_BIN_EXE_mochila-test-node");
const PATIENCE: Duration = Duration::from_secs(30);

/// `from` follows `to` through the admin API; returns `to` as a peer of `from`.
async fn follow(from: &NodeClient, to: &NodeClient) -> Value {
    let (status, peer) = from
        .post("/api/v1/peers/follow", &json!({"target": to.actor()}))
        .await
        .unwrap();
    assert!(
        (200..300).contains(&status),
        "follow {} -> {}: {status} {peer}",
        from.base,
        to.base
    );
    assert_eq!(peer["actor"], to.actor());
    peer
}

/// `node`'s peer whose actor is `actor`.
async fn peer_of(node: &NodeClient, actor: &str) -> Option<Value> {
    let page = node.get("/api/v1/peers?perPage=500").await.ok()?;
    page["items"]
        .as_array()?
        .iter()
        .find(|p| p["actor"] == actor)
        .cloned()
}

/// Waits until `node`'s peer `actor` has `field` = `value`.
async fn wait_peer(node: &NodeClient, actor: &str, field: &str, value: &str) {
    wait_for(
        PATIENCE,
        &format!("{actor} {field} = {value} on {}", node.base),
        || async {
            peer_of(node, actor)
                .await
                .filter(|p| p[field] == value)
                .map(|_| ())
        },
    )
    .await
    .unwrap();
}

/// The ids of the activities of `type_` that `node` received from `actor`.
async fn received(node: &NodeClient, actor: &str, type_: &str) -> Vec<String> {
    let path = format!(
        "/api/v1/inbox?perPage=500&type={type_}&actor={}",
        urlencode(actor)
    );
    let page = node.get(&path).await.unwrap();
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("inbox page: {page}"))
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_owned))
        .collect()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Creates an achievement on `node`; returns its id.
async fn create_achievement(node: &NodeClient, name: &str) -> String {
    let (status, created) = node
        .post("/api/v1/achievements", &support::definition(name))
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// The `totalItems` of one of `node`'s actor collections.
async fn collection_size(node: &NodeClient, name: &str) -> u64 {
    node.client
        .get(node.url(&format!("/actor/{name}")))
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["totalItems"]
        .as_u64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_follow_accept_deliver_and_undo() {
    let a = TestNode::start("A").await.unwrap();
    let b = TestNode::start("B").await.unwrap();
    let c = TestNode::start("C").await.unwrap();
    let nodes = [&a.api, &b.api, &c.api];
    for from in nodes {
        for to in nodes {
            if from.base != to.base {
                follow(from, to).await;
            }
        }
    }
    for from in nodes {
        for to in nodes {
            if from.base != to.base {
                wait_peer(from, &to.actor(), "following", "accepted").await;
                wait_peer(to, &from.actor(), "follower", "accepted").await;
            }
        }
    }
    for node in nodes {
        assert_eq!(collection_size(node, "followers").await, 2);
        assert_eq!(collection_size(node, "following").await, 2);
    }

    // Each node's new achievement reaches both others, signed and verified.
    for (i, node) in nodes.iter().enumerate() {
        create_achievement(node, &format!("Microcredencial {i}")).await;
    }
    for to in nodes {
        for from in nodes {
            if from.base == to.base {
                continue;
            }
            let got = wait_for(PATIENCE, "a Create", || async {
                let ids = received(to, &from.actor(), "Create").await;
                (!ids.is_empty()).then_some(ids)
            })
            .await
            .unwrap();
            assert_eq!(got.len(), 1, "{} got {got:?} from {}", to.base, from.base);
        }
    }

    // B stops following A: A no longer counts B, and A's next achievement reaches C only.
    let a_on_b = peer_of(&b.api, &a.api.actor()).await.unwrap();
    let (status, after) = b
        .api
        .post(
            &format!("/api/v1/peers/{}/unfollow", a_on_b["id"].as_str().unwrap()),
            &json!({"reason": "fin del convenio"}),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["following"], "none");
    wait_peer(&a.api, &b.api.actor(), "follower", "none").await;
    assert_eq!(collection_size(&a.api, "followers").await, 1);
    create_achievement(&a.api, "Microcredencial final").await;
    wait_for(PATIENCE, "the second Create at C", || async {
        (received(&c.api, &a.api.actor(), "Create").await.len() == 2).then_some(())
    })
    .await
    .unwrap();
    // C has it, so A's delivery round is over: B, no longer a follower, must not.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received(&b.api, &a.api.actor(), "Create").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_fan_out_delivers_everything_exactly_once_after_restart() {
    let binary = std::path::Path::new(TEST_NODE);
    let mut a = ProcessNode::start(binary, "A", "delivery_timeout_secs = 2").unwrap();
    let b = TestNode::start("B").await.unwrap();
    let c = TestNode::start("C").await.unwrap();
    // D runs in its own process so that it can hang (SIGSTOP): A's deliveries to D time
    // out and wait, so A is in the middle of its fan-out when it is killed.
    let d = ProcessNode::start(binary, "D", "").unwrap();
    for p in [&b.api, &c.api, &d.api] {
        follow(p, &a.api).await;
        wait_peer(p, &a.api.actor(), "following", "accepted").await;
    }
    d.pause().unwrap();
    const N: usize = 10;
    for i in 0..N {
        create_achievement(&a.api, &format!("Curso {i}")).await;
    }
    // The hanging peer does not hold the others up.
    for p in [&b.api, &c.api] {
        wait_for(PATIENCE, "every Create at a live peer", || async {
            (received(p, &a.api.actor(), "Create").await.len() == N).then_some(())
        })
        .await
        .unwrap();
    }
    a.kill9().unwrap();
    d.resume().unwrap();
    assert!(
        received(&d.api, &a.api.actor(), "Create").await.len() < N,
        "D hung: A's fan-out to it cannot be complete"
    );
    a.restart(binary).unwrap();
    for p in [&b.api, &c.api, &d.api] {
        let ids = wait_for(PATIENCE, "every Create after the restart", || async {
            let ids = received(p, &a.api.actor(), "Create").await;
            (ids.len() >= N).then_some(ids)
        })
        .await
        .unwrap();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((ids.len(), unique.len()), (N, N), "{} got {ids:?}", p.base);
    }
    // A's own record agrees: every delivery of a Create done, none failed.
    let all_delivered = wait_for(PATIENCE, "A to record every delivery", || async {
        let page = a.api.get("/api/v1/deliveries?perPage=500").await.ok()?;
        let creates: Vec<Value> = page["items"]
            .as_array()?
            .iter()
            .filter(|d| d["activityType"] == "Create")
            .cloned()
            .collect();
        (creates.len() == 3 * N && creates.iter().all(|d| d["state"] == "delivered"))
            .then_some(creates)
    })
    .await;
    assert!(all_delivered.is_ok(), "{all_delivered:?}");
}

/// The credentials `node`'s process signed, from its `/metrics`.
async fn signed_by(node: &NodeClient) -> u64 {
    let text = node
        .client
        .get(node.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("mochila_credentials_signed_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no credentials_signed in {text}"))
}

/// Submits a CSV cohort of `rows` learners to `node`; returns the batch's API path.
async fn submit_cohort(node: &NodeClient, achievement: &str, rows: usize) -> String {
    let mut csv = String::from("name,email\n");
    for i in 0..rows {
        csv.push_str(&format!("Estudiante {i},e{i}@uni.example\n"));
    }
    let r = node
        .client
        .post(node.url(&format!(
            "/api/v1/issuance-batches?achievementId={achievement}"
        )))
        .bearer_auth(&node.admin_token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let accepted: Value = r.json().await.unwrap();
    format!(
        "/api/v1/issuance-batches/{}",
        accepted["id"].as_str().unwrap()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgres_share_a_cohort_and_a_fan_out_without_doing_anything_twice() {
    use mochila_federation_tests::interop::{Tool, require_interop};
    use mochila_federation_tests::process::Setup;
    if !require_interop(
        "two_processes_on_one_postgres_share_a_cohort_and_a_fan_out_without_doing_anything_twice",
        &[Tool::Postgres],
    ) {
        return;
    }
    let base = std::env::var("MOCHILA_TEST_DATABASE_URL").unwrap();
    let url = mochila_node::fixtures::fresh_postgres_schema(&base)
        .await
        .unwrap();
    let binary = std::path::Path::new(TEST_NODE);
    let on_postgres = Setup {
        database_url: Some(&url),
        ..Setup::default()
    };
    let a = ProcessNode::start_with(binary, "A", on_postgres).unwrap();
    let b = ProcessNode::start_with(
        binary,
        "A",
        Setup {
            beside: Some(&a),
            ..on_postgres
        },
    )
    .unwrap();
    let achievement = create_achievement(&a.api, "Cohorte compartida").await;

    // A accepts 20,000 rows; a one-row cohort on B wakes B's worker, which takes the
    // big batch's free chunks too (batches are drained oldest first).
    const ROWS: usize = 20_000;
    let big = submit_cohort(&a.api, &achievement, ROWS).await;
    let small = submit_cohort(&b.api, &achievement, 1).await;
    for batch in [&big, &small] {
        let done = wait_for(
            Duration::from_secs(600),
            "the batches to complete",
            || async {
                let status = a.api.get(batch).await.ok()?;
                (status["state"] == "completed").then_some(status)
            },
        )
        .await
        .unwrap();
        assert_eq!(done["failed"], 0, "{done}");
    }
    let issued = a
        .api
        .get(&format!(
            "/api/v1/credentials?batchId={}&perPage=1",
            big.rsplit('/').next().unwrap()
        ))
        .await
        .unwrap();
    assert_eq!(issued["total"], ROWS, "every row issued once");
    let (by_a, by_b) = (signed_by(&a.api).await, signed_by(&b.api).await);
    eprintln!("signed: process A {by_a}, process B {by_b}");
    assert_eq!(
        by_a + by_b,
        ROWS as u64 + 1,
        "no row signed twice (A signed {by_a}, B {by_b})"
    );
    assert!(
        by_a > 0 && by_b > 1,
        "both processes signed rows of the big batch: A {by_a}, B {by_b}"
    );

    // Three peers follow the node (at its one base URL); achievements created through
    // either process reach each peer exactly once.
    let peers = [
        TestNode::start("P1").await.unwrap(),
        TestNode::start("P2").await.unwrap(),
        TestNode::start("P3").await.unwrap(),
    ];
    let node = NodeClient {
        base: a.base_url.clone(),
        admin_token: a.api.admin_token.clone(),
        client: a.api.client.clone(),
    };
    for p in &peers {
        follow(&p.api, &node).await;
        wait_peer(&p.api, &node.actor(), "following", "accepted").await;
    }
    const N: usize = 6;
    for i in 0..N {
        let through = if i % 2 == 0 { &a.api } else { &b.api };
        create_achievement(through, &format!("Curso compartido {i}")).await;
    }
    for p in &peers {
        let ids = wait_for(PATIENCE, "every Create at every peer", || async {
            let ids = received(&p.api, &node.actor(), "Create").await;
            (ids.len() >= N).then_some(ids)
        })
        .await
        .unwrap();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            (ids.len(), unique.len()),
            (N, N),
            "{} got {ids:?}",
            p.api.base
        );
    }
    let deliveries = a.api.get("/api/v1/deliveries?perPage=500").await.unwrap();
    let creates: Vec<&Value> = deliveries["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["activityType"] == "Create")
        .collect();
    assert_eq!(creates.len(), 3 * N);
    assert!(
        creates
            .iter()
            .all(|d| d["state"] == "delivered" && d["attempts"] == 1),
        "each delivered once, at the first attempt: {creates:?}"
    );
}
