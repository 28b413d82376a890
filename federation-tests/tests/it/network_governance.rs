//! A network governed by its default charter (majority), as four separate node processes
//! talking HTTP on 127.0.0.1: a coordinator made one by the `mochila network init` CLI, and
//! three members that apply from their own nodes, endorse each other's admission and
//! removal from their own nodes, hold the same member list everywhere (pushed within
//! seconds, caught up exactly after a SIGKILL), report membership when verifying, refuse a
//! suspended member's follow, and refuse bad requests with a precise problem and no change.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use mochila_federation_tests::client::{NodeClient, wait_for};
use mochila_federation_tests::process::{ProcessNode, Setup};
use serde_json::{Value, json};

const TEST_NODE: &str = env!("CARGO_BIN_EXE_mochila-test-node");
const PATIENCE: Duration = Duration::from_secs(20);

fn encoded(entity: &str) -> String {
    entity.replace(':', "%3A").replace('/', "%2F")
}

/// Makes `node` the coordinator of "Red Andina" under the default (majority) charter with
/// the real CLI, run beside the running node on its configuration and SQLite database (the
/// network is read from the database at each request, and its charter is published at the
/// first decision, so the node needs no restart). Falls back to the library call the CLI
/// makes when the `mochila` binary next to the test node is missing or older than it.
async fn network_init(node: &ProcessNode) {
    let cli = Path::new(TEST_NODE).with_file_name("mochila");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&cli) >= modified(Path::new(TEST_NODE)) {
        let out = Command::new(&cli)
            .arg("--config")
            .arg(node.config_path())
            .args(["network", "init", "--name", "Red Andina"])
            .env("MOCHILA_LOG", "warn")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.contains("now coordinates \"Red Andina\""),
            "{}: {said} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    eprintln!(
        "{} missing or stale: network init in-process",
        cli.display()
    );
    let vars = std::iter::empty();
    let config = mochila_node::config::Config::load(Some(node.config_path()), vars).unwrap();
    let db = mochila_node::app::open_database(&config).await.unwrap();
    let new = mochila_node::network::NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: mochila_node::network::DEFAULT_STATEMENT_LIFETIME_SECS,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::default(),
    };
    mochila_node::network::create_network(&db, new)
        .await
        .unwrap();
}

/// The coordinator's admin decides `action` about `entity`.
async fn decide(coordinator: &NodeClient, entity: &str, action: &str) -> (u16, Value) {
    let path = format!("/api/v1/network/members/{}/{action}", encoded(entity));
    let body = json!({"reason": "acuerdo de la asamblea de la red"});
    coordinator.post(&path, &body).await.unwrap()
}

/// `member`'s admin endorses `proposal` from its own node.
async fn endorse(member: &NodeClient, proposal: &Value) -> (u16, Value) {
    let body = json!({"proposal": proposal["id"]});
    member
        .post("/api/v1/networks/endorsements", &body)
        .await
        .unwrap()
}

/// A member list: its version (last change) and `(entity, state, entry version)`, sorted.
type List = (i64, Vec<(String, String, i64)>);

/// The coordinator's member list as a node holds it (`GET /api/v1/networks`).
async fn view(node: &NodeClient) -> List {
    let networks = node.get("/api/v1/networks").await.unwrap();
    let n = &networks[0];
    let mut members: Vec<_> = n["members"]
        .as_array()
        .unwrap_or_else(|| panic!("{networks}"))
        .iter()
        .map(|m| {
            let text = |k: &str| m[k].as_str().unwrap().to_owned();
            (
                text("entity"),
                text("state"),
                m["version"].as_i64().unwrap(),
            )
        })
        .collect();
    members.sort();
    (n["listVersion"].as_i64().unwrap(), members)
}

/// The list as the coordinator published it: every signed change of `/shared/members`,
/// the last of each entry kept, removed members left out.
async fn published(coordinator: &NodeClient) -> List {
    let collection = coordinator.get("/shared/members").await.unwrap();
    let mut entries = std::collections::BTreeMap::new();
    let mut next = collection["first"].as_str().map(str::to_owned);
    while let Some(url) = next {
        let path = url.strip_prefix(&coordinator.base).unwrap();
        let page = coordinator.get(path).await.unwrap();
        for doc in page["orderedItems"].as_array().unwrap() {
            if doc["type"] == "NetworkMember" {
                entries.insert(doc["id"].to_string(), doc.clone());
            }
        }
        next = page["next"].as_str().map(str::to_owned);
    }
    let mut members: Vec<_> = entries
        .values()
        .filter(|d| ["active", "suspended"].contains(&d["memberState"].as_str().unwrap()))
        .map(|d| {
            let state = d["memberState"].as_str().unwrap().to_owned();
            (
                d["member"].as_str().unwrap().to_owned(),
                state,
                d["version"].as_i64().unwrap(),
            )
        })
        .collect();
    members.sort();
    (collection["totalItems"].as_i64().unwrap(), members)
}

fn states(list: &List) -> Vec<(String, String)> {
    list.1
        .iter()
        .map(|(e, s, _)| (e.clone(), s.clone()))
        .collect()
}

fn expect(entries: &[(&ProcessNode, &str)]) -> Vec<(String, String)> {
    let mut want: Vec<_> = entries
        .iter()
        .map(|(n, s)| (n.base_url.clone(), (*s).to_owned()))
        .collect();
    want.sort();
    want
}

/// Waits until every one of `nodes` holds list version `version`; returns how long it took.
async fn until_version(nodes: &[&ProcessNode], version: i64) -> Duration {
    let start = Instant::now();
    for node in nodes {
        let what = format!("list version {version} at {}", node.base_url);
        wait_for(PATIENCE, &what, || async {
            (view(&node.api).await.0 == version).then_some(())
        })
        .await
        .unwrap();
    }
    start.elapsed()
}

/// Creates an achievement on `node` and issues it to Ana Pérez; returns the credential.
async fn issue(node: &NodeClient) -> Value {
    let definition = crate::support::definition("Gestión de proyectos culturales");
    let (status, created) = node
        .post("/api/v1/achievements", &definition)
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let request = json!({"achievementId": created["id"],
        "learner": {"name": "Ana Pérez", "emails": ["ana@uni.pe"]}});
    let (status, issued) = node.post("/api/v1/credentials", &request).await.unwrap();
    assert_eq!(status, 201, "{issued}");
    issued["credential"].clone()
}

/// `node`'s verification report on `credential`.
async fn verify(node: &NodeClient, credential: &Value) -> Value {
    let body = json!({"credential": credential});
    let (status, report) = node.post("/api/v1/verify", &body).await.unwrap();
    assert_eq!(status, 200, "{report}");
    report
}

/// The `networkMembership` of `node`'s report on `credential` (which must verify).
async fn membership(node: &NodeClient, credential: &Value) -> Value {
    let report = verify(node, credential).await;
    assert_eq!(report["verified"], true, "{report}");
    report["networkMembership"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_node_processes_govern_a_network_by_its_charter_over_http() {
    let binary = Path::new(TEST_NODE);
    let coordinator = ProcessNode::start(binary, "Coordinadora", "").unwrap();
    let a = ProcessNode::start(binary, "A", "").unwrap();
    let b = ProcessNode::start(binary, "B", "").unwrap();
    // C is killed later: its pull of the lists it keeps runs every second (not every 5
    // minutes), beside the coordinator's retried pushes.
    let quick_pull = Setup {
        extra_toml: "[network]\nsync_interval_secs = 1",
        ..Setup::default()
    };
    let mut c = ProcessNode::start_with(binary, "C", quick_pull).unwrap();
    let (co, anchor) = (&coordinator.api, coordinator.base_url.as_str());
    network_init(&coordinator).await;

    // 1-2. Each member applies from its own node.
    for member in [&a, &b, &c] {
        let body = json!({"coordinator": anchor});
        let (status, applied) = member
            .api
            .post("/api/v1/networks/join", &body)
            .await
            .unwrap();
        assert_eq!(status, 202, "{applied}");
        assert_eq!(applied["entityId"], member.base_url.as_str(), "{applied}");
    }

    // 3. The first member: no one to endorse, the coordinator alone admits it.
    let (status, admitted) = decide(co, &a.base_url, "approve").await;
    assert_eq!(
        (status, &admitted["state"]),
        (200, &json!("active")),
        "{admitted}"
    );
    // The second needs the first's endorsement, sent from A's node.
    let (status, proposal) = decide(co, &b.base_url, "approve").await;
    assert_eq!(status, 202, "{proposal}");
    let counts = |p: &Value| {
        (
            p["state"].clone(),
            p["needed"].as_u64(),
            p["eligible"].as_u64(),
        )
    };
    assert_eq!(
        counts(&proposal),
        (json!("open"), Some(1), Some(1)),
        "{proposal}"
    );
    let (status, done) = endorse(&a.api, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    // The third needs both.
    let (status, proposal) = decide(co, &c.base_url, "approve").await;
    assert_eq!(
        (status, counts(&proposal)),
        (202, (json!("open"), Some(2), Some(2)))
    );
    let (status, half) = endorse(&a.api, &proposal).await;
    assert_eq!((status, &half["state"]), (200, &json!("open")), "{half}");
    let (status, done) = endorse(&b.api, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    // Change 1 is the charter, 2-4 the admissions. Approving A again: 409, nothing new.
    let (status, again) = decide(co, &a.base_url, "approve").await;
    assert_eq!(status, 409, "{again}");
    assert_eq!(published(co).await.0, 4, "no change published");

    // 4. Every member holds the list exactly as published.
    let all = [&a, &b, &c];
    until_version(&all, 4).await;
    let list = published(co).await;
    assert_eq!(
        states(&list),
        expect(&[(&a, "active"), (&b, "active"), (&c, "active")])
    );
    for node in all {
        assert_eq!(view(&node.api).await, list, "at {}", node.base_url);
    }
    let networks = a.api.get("/api/v1/networks").await.unwrap();
    let credential_of = |member: &ProcessNode| {
        let entry = networks[0]["members"].as_array().unwrap().iter();
        let mut entry = entry.filter(|m| m["entity"] == member.base_url.as_str());
        entry.next().unwrap()["membershipCredential"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let c_membership_url = credential_of(&c);
    let issued = Instant::now();
    let credential = issue(&b.api).await;
    for node in [&a.api, co] {
        let check = membership(node, &credential).await;
        assert_eq!(
            (
                &check["outcome"],
                &check["network"],
                &check["memberAtIssuance"]
            ),
            (&json!("member"), &json!("Red Andina"), &json!(true)),
            "at {}: {check}",
            node.base
        );
    }

    // 5. The coordinator alone suspends B (an emergency suspension). (`validFrom` has second
    // precision: a change in the second of the issuance counts as before it.)
    tokio::time::sleep(Duration::from_millis(1100).saturating_sub(issued.elapsed())).await;
    let (status, suspended) = decide(co, &b.base_url, "suspend").await;
    assert_eq!(
        (status, &suspended["state"]),
        (200, &json!("suspended")),
        "{suspended}"
    );
    let took = until_version(&[&a, &c], 5).await;
    assert!(
        took < Duration::from_secs(5),
        "the suspension took {took:?}"
    );
    let want = expect(&[(&a, "active"), (&b, "suspended"), (&c, "active")]);
    assert_eq!(states(&view(&a.api).await), want);
    assert_eq!(states(&view(&c.api).await), want);
    let check = membership(&a.api, &credential).await;
    assert_eq!(
        (&check["outcome"], &check["memberAtIssuance"]),
        (&json!("not_member"), &json!(true)),
        "{check}"
    );
    // A refuses B's follow while B is suspended.
    let target = json!({"target": a.api.actor()});
    let (status, peer) = b.api.post("/api/v1/peers/follow", &target).await.unwrap();
    assert_eq!(status, 200, "{peer}");
    let deliveries = format!("/api/v1/peers/{}/deliveries", peer["id"].as_str().unwrap());
    wait_for(PATIENCE, "A's 403 to B's follow", || async {
        let summary = b.api.get(&deliveries).await.unwrap();
        let error = summary["lastError"].as_str().unwrap_or_default();
        (error.contains("HTTP 403") && summary["delivered"] == 0).then_some(())
    })
    .await
    .unwrap();
    // Lifting an unconfirmed suspension: the coordinator alone.
    let (status, reinstated) = decide(co, &b.base_url, "reinstate").await;
    assert_eq!(
        (status, &reinstated["state"]),
        (200, &json!("active")),
        "{reinstated}"
    );
    until_version(&all, 6).await;
    assert_eq!(membership(&a.api, &credential).await["outcome"], "member");

    // 6. C is down (SIGKILL) during two changes, then catches up exactly.
    c.kill9().unwrap();
    for action in ["suspend", "reinstate"] {
        let (status, body) = decide(co, &a.base_url, action).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    until_version(&[&a, &b], 8).await;
    c.restart(binary).unwrap();
    let all = [&a, &b, &c];
    until_version(&[&c], 8).await;
    let list = published(co).await;
    assert_eq!(list.0, 8);
    for node in all {
        assert_eq!(view(&node.api).await, list, "at {}", node.base_url);
    }

    // 7. Removing C needs A and B.
    let (status, proposal) = decide(co, &c.base_url, "remove").await;
    assert_eq!(
        (status, counts(&proposal)),
        (202, (json!("open"), Some(2), Some(2)))
    );
    assert_eq!(endorse(&a.api, &proposal).await.1["state"], "open");
    let (status, done) = endorse(&b.api, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    until_version(&all, 9).await;
    let list = published(co).await;
    assert_eq!(states(&list), expect(&[(&a, "active"), (&b, "active")]));
    for node in all {
        assert_eq!(view(&node.api).await, list, "at {}", node.base_url);
    }
    let members = co.get("/api/v1/network/members").await.unwrap();
    let c_row = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entityId"] == c.base_url.as_str());
    assert_eq!(
        c_row.map(|m| &m["state"]),
        Some(&json!("removed")),
        "{members}"
    );
    // Its membership credential is revoked (asked at B, whose verifier had not read the
    // coordinator's status list yet).
    let membership_credential = reqwest::get(&c_membership_url).await.unwrap();
    let membership_credential: Value = membership_credential.json().await.unwrap();
    let report = verify(&b.api, &membership_credential).await;
    assert_eq!(report["status"], "revoked", "{report}");

    // 8. Bad requests: each a precise problem, and nothing changes.
    let unsigned = co
        .client
        .post(co.url("/api/v1/network/applications"))
        .json(&json!({"entity": c.base_url}))
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    assert_eq!(
        unsigned.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = unsigned.json().await.unwrap();
    assert_eq!(problem["status"], 401, "{problem}");
    let (status, body) = decide(co, anchor, "remove").await;
    assert_eq!(status, 404, "removing the coordinator: {body}");
    let elsewhere = json!({"id": format!("{}/federation/proposals/x", b.base_url)});
    let (status, body) = endorse(&a.api, &elsewhere).await;
    assert_eq!(
        (status, &body["field"]),
        (400, &json!("/proposal")),
        "{body}"
    );
    let path = format!("/api/v1/network/members/{}/suspend", encoded(&a.base_url));
    let (status, body) = co.post(&path, &json!({"reason": " "})).await.unwrap();
    assert_eq!((status, &body["field"]), (400, &json!("/reason")), "{body}");
    let (status, body) = co.post(&path, &json!({})).await.unwrap();
    assert_eq!(status, 400, "{body}");
    assert_eq!(published(co).await, list, "nothing published");
    for node in all {
        assert_eq!(view(&node.api).await, list, "at {}", node.base_url);
    }
    let after = co.get("/api/v1/network/members").await.unwrap();
    assert_eq!(after, members, "no application recorded, no decision taken");
}
