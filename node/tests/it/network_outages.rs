//! Exact catch-up after random outages: four nodes (a coordinator and three members) make
//! random catalogue and framework changes while a random one of them is down; in the end
//! every node holds exactly each publisher's changes, byte for byte. The schedule comes
//! from a seed (printed; set `MOCHILA_OUTAGE_SEED` to replay one).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::issuance::{definition, post};
use crate::network::{admin_post, entity_of};
use crate::network_frameworks::digital;
use crate::network_support::{held, network_of};
use crate::support::{Backend, TestNode};

/// A small deterministic generator (xorshift64*).
struct Schedule(u64);

impl Schedule {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// What each publisher has made so far.
#[derive(Default, Clone)]
struct Made {
    achievements: Vec<(String, bool)>,
    framework_versions: u32,
}

async fn change(node: &TestNode, made: &mut Made, what: usize, step: usize) {
    let path = "/api/v1/frameworks/competencias-digitales/versions";
    match what {
        1 if !made.achievements.is_empty() => {
            let i = step % made.achievements.len();
            let (id, archived) = made.achievements[i].clone();
            let action = if archived { "restore" } else { "archive" };
            let r = post(
                node,
                &format!("/api/v1/achievements/{id}/{action}"),
                &node.admin_token,
                &json!({}),
            )
            .await;
            assert_eq!(r.status(), 200);
            made.achievements[i].1 = !archived;
        }
        2 => {
            let n = made.framework_versions + 1;
            let mut def = digital(n);
            for k in 2..=n {
                def["items"].as_array_mut().unwrap().push(
                    json!({"code": format!("CD.{}", k + 1), "itemType": "Competency", "name": {"es": format!("Competencia {k}")}}),
                );
            }
            let (status, body) = admin_post(node, "/api/v1/frameworks", def).await;
            assert_eq!(status, 201, "{body}");
            assert_eq!(
                admin_post(node, &format!("{path}/{n}/publish"), json!({}))
                    .await
                    .0,
                200
            );
            made.framework_versions = n;
        }
        _ => {
            let name = format!("Microcredencial {step}");
            let (status, body) = admin_post(node, "/api/v1/achievements", definition(&name)).await;
            assert_eq!(status, 201, "{body}");
            made.achievements
                .push((body["id"].as_str().unwrap().to_owned(), false));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_random_outages_every_node_holds_exactly_what_each_publisher_published() {
    let seed = std::env::var("MOCHILA_OUTAGE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            t.as_nanos() as u64 | 1
        });
    eprintln!("outage schedule seed: {seed} (MOCHILA_OUTAGE_SEED={seed} replays it)");
    let mut schedule = Schedule(seed);
    let mut nodes = Vec::new();
    for _ in 0..4 {
        nodes.push(
            TestNode::start_with(&Backend::Sqlite, |c| c.network.sync_interval_secs = 1).await,
        );
    }
    let members: Vec<&TestNode> = nodes[1..].iter().collect();
    network_of(&nodes[0], &members).await;
    let mut made = vec![Made::default(); 4];
    let mut step = 0;
    for _round in 0..5 {
        let down = schedule.below(4);
        let mut node = nodes.remove(down);
        let changes: Vec<(usize, usize)> = (0..3)
            .map(|_| (schedule.below(3), schedule.below(3)))
            .collect();
        let others = &nodes;
        let made_ref = &mut made;
        let step_ref = &mut step;
        (node, _) = node
            .restart_with(async move |_| {
                for (who, what) in changes {
                    let publisher = &others[who];
                    let index = if who < down { who } else { who + 1 };
                    *step_ref += 1;
                    change(publisher, &mut made_ref[index], what, *step_ref).await;
                }
            })
            .await;
        nodes.insert(down, node);
        // The restarted node changes something too.
        step += 1;
        let what = schedule.below(3);
        change(&nodes[down], &mut made[down], what, step).await;
    }

    let publishers: Vec<String> = nodes.iter().map(entity_of).collect();
    let start = Instant::now();
    let compared = 'settle: loop {
        let mut missing = Vec::new();
        let mut compared = 0;
        for p in 0..4 {
            for name in ["catalogue", "frameworks"] {
                let published = held(&nodes[p], &publishers[p], name).await;
                compared += published.len();
                for (h, holder) in nodes.iter().enumerate() {
                    if h != p && held(holder, &publishers[p], name).await != published {
                        missing.push(format!("node {h} lacks node {p}'s {name}"));
                    }
                }
            }
        }
        if missing.is_empty() {
            break 'settle compared;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "seed {seed}: still not caught up after 30 s: {missing:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let made_changes: usize = made
        .iter()
        .map(|m| m.achievements.len() + m.framework_versions as usize)
        .sum();
    assert!(
        compared > made_changes,
        "seed {seed}: {compared} changes compared"
    );
}
