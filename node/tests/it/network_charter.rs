//! The network's charter (issue 14, point 6): under the default charter the coordinator
//! admits, removes, confirms a suspension or changes the charter only with a majority of
//! the other members' endorsements (each sent from the member's own node, signed with its
//! key); its emergency suspension alone lapses; and a change signed by the coordinator's
//! key alone (a stolen key) that the charter does not allow is refused by every member.

use mochila_node::network::{NewNetwork, create_network};
use mochila_protocol::activity::{Actor, SharedMeta, shared_document};
use mochila_protocol::network::Rules;
use serde_json::{Map, Value, json};

use crate::issuance::{achievement, issue};
use crate::network::{admin_post, entity_of};
use crate::network_support::{changes, db, membership, until_version, view};
use crate::support::{Backend, TestNode};

fn path_id(node: &TestNode) -> String {
    entity_of(node).replace(':', "%3A").replace('/', "%2F")
}

/// The coordinator's admin decides `action` about `member`: `(status, body)`.
async fn decide(coordinator: &TestNode, member: &TestNode, action: &str) -> (u16, Value) {
    let path = format!("/api/v1/network/members/{}/{action}", path_id(member));
    admin_post(coordinator, &path, json!({"reason": "acuerdo de la red"})).await
}

/// `member`'s admin endorses `proposal` from its own node.
async fn endorse(member: &TestNode, proposal: &Value) -> (u16, Value) {
    let body = json!({"proposal": proposal["id"]});
    admin_post(member, "/api/v1/networks/endorsements", body).await
}

fn states(view: &[(String, String)]) -> Vec<String> {
    view.iter().map(|(e, s)| format!("{e} {s}")).collect()
}

/// Waits until every node in `nodes` holds the coordinator's list at `version`.
async fn everywhere(nodes: &[&TestNode], version: i64) {
    for node in nodes {
        until_version(node, version).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_need_the_charters_endorsements_and_a_coordinator_alone_cannot_admit() {
    crate::support::each_backend(scenario).await;
}

async fn scenario(backend: Backend) {
    let coordinator = TestNode::start(&backend).await;
    let a = TestNode::start(&backend).await;
    let b = TestNode::start(&backend).await;
    let c = TestNode::start(&backend).await;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: Rules::default(),
    };
    create_network(db(&coordinator), new).await.unwrap();
    let anchor = entity_of(&coordinator);
    for member in [&a, &b, &c] {
        let (status, body) = admin_post(
            member,
            "/api/v1/networks/join",
            json!({"coordinator": anchor}),
        )
        .await;
        assert_eq!(status, 202, "{body}");
    }

    // The first member: no other member to endorse, the coordinator alone admits it.
    let (status, body) = decide(&coordinator, &a, "approve").await;
    assert_eq!(status, 200, "{body}");
    // The second needs the first's endorsement (a majority of one).
    let (status, proposal) = decide(&coordinator, &b, "approve").await;
    assert_eq!(status, 202, "{proposal}");
    assert_eq!(
        (proposal["needed"].as_u64(), proposal["eligible"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(proposal["state"], "open");
    // B cannot endorse its own admission; A can.
    let (status, refused) = endorse(&b, &proposal).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["detail"].as_str().unwrap().contains("403"),
        "{refused}"
    );
    let (status, done) = endorse(&a, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    // The third needs both; endorsing twice is refused and changes nothing.
    let (status, proposal) = decide(&coordinator, &c, "approve").await;
    assert_eq!(
        (status, proposal["needed"].as_u64()),
        (202, Some(2)),
        "{proposal}"
    );
    let (status, half) = endorse(&a, &proposal).await;
    assert_eq!((status, &half["state"]), (200, &json!("open")), "{half}");
    let (status, again) = endorse(&a, &proposal).await;
    assert!(
        status == 422 && again["detail"].as_str().unwrap().contains("409"),
        "{again}"
    );
    let (status, done) = endorse(&b, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    // Change 1 is the charter, 2-4 the admissions: every member holds all of them.
    let all = [&a, &b, &c];
    everywhere(&all, 4).await;
    let active = |n: &TestNode| format!("{} active", entity_of(n));
    let mut want = vec![active(&a), active(&b), active(&c)];
    want.sort();
    for node in all {
        assert_eq!(states(&view(node).await.1), want, "{}", entity_of(node));
    }
    let published = changes(&coordinator, &coordinator).await;
    let admission: Value = serde_json::from_str(&published[3].1).unwrap();
    let signers: Vec<&str> = admission["decision"]["endorsements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["signer"].as_str().unwrap())
        .collect();
    assert_eq!(
        signers,
        [entity_of(&a), entity_of(&b)],
        "one proof per signer"
    );

    // A stolen coordinator key alone: an admission and a removal it signs without the
    // members' endorsements are refused by every member.
    let stranger = TestNode::start(&backend).await;
    let actor: Actor = coordinator.get("/actor").await.json().await.unwrap();
    let unendorsed = |action: &str| {
        json!({"id": format!("{anchor}/federation/proposals/x"), "action": action,
               "charterVersion": 1, "endorsements": []})
    };
    let mut entry = Map::new();
    for (k, v) in [
        ("member", json!(entity_of(&stranger))),
        ("memberDid", json!(stranger.did())),
        ("memberState", json!("active")),
        ("jwks", admission["jwks"].clone()),
        ("network", json!(anchor)),
        ("decision", unendorsed("approve")),
    ] {
        entry.insert(k.into(), v);
    }
    let forged_admission = forge(&coordinator, &entry, &stranger.did(), 5).await;
    let mut removal: Map<String, Value> = serde_json::from_str(&published[2].1).unwrap();
    removal.retain(|k, _| !["proof", "@context", "id", "type"].contains(&k.as_str()));
    removal.insert("memberState".into(), json!("removed"));
    removal.insert("decision".into(), unendorsed("remove"));
    let forged_removal = forge(&coordinator, &removal, &b.did(), 5).await;
    for node in [&a, &b, &c] {
        for forged in [&forged_admission, &forged_removal] {
            let outcome = mochila_node::federation::shared::accept(db(node), &actor, forged)
                .await
                .unwrap();
            let why = format!("{outcome:?}");
            assert!(
                why.contains("Refused") && why.contains("endorsements"),
                "{why}"
            );
        }
        assert_eq!(view(node).await.0, 4, "nothing changed");
    }

    // An emergency suspension by the coordinator alone: taken everywhere, and it lapses
    // 14 days later unless confirmed.
    let credential =
        issue(&c, &achievement(&c, "Datos").await, "ana@uni.cl").await["credential"].clone();
    let (status, body) = decide(&coordinator, &c, "suspend").await;
    assert_eq!(status, 200, "{body}");
    everywhere(&all, 5).await;
    assert_eq!(membership(&a, &credential).await["outcome"], "not_member");
    let suspension: Value = serde_json::from_str(&changes(&a, &coordinator).await[4].1).unwrap();
    let lapses = time::OffsetDateTime::parse(
        suspension["lapsesAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let in_days = (lapses - time::OffsetDateTime::now_utc()).whole_hours();
    assert!((335..=336).contains(&in_days), "lapses in {in_days} h");
    // Confirming it needs A and B.
    let (status, proposal) = decide(&coordinator, &c, "confirm").await;
    assert_eq!(
        (status, proposal["needed"].as_u64()),
        (202, Some(2)),
        "{proposal}"
    );
    for member in [&a, &b] {
        assert_eq!(endorse(member, &proposal).await.0, 200);
    }
    everywhere(&all, 6).await;
    let confirmed: Value = serde_json::from_str(&changes(&b, &coordinator).await[5].1).unwrap();
    assert_eq!(confirmed["lapsesAt"], Value::Null, "{confirmed}");
    // Lifting a confirmed suspension is an admission again: A and B.
    let (status, proposal) = decide(&coordinator, &c, "reinstate").await;
    assert_eq!(
        (status, proposal["needed"].as_u64()),
        (202, Some(2)),
        "{proposal}"
    );
    for member in [&a, &b] {
        assert_eq!(endorse(member, &proposal).await.0, 200);
    }
    everywhere(&all, 7).await;
    assert_eq!(membership(&b, &credential).await["outcome"], "member");

    // A new charter needs the charter in force's threshold: A and C of the three.
    let rules = json!(Rules::coordinator_alone());
    let (status, proposal) = admin_post_put(&coordinator, &rules).await;
    assert_eq!(
        (status, proposal["needed"].as_u64()),
        (202, Some(2)),
        "{proposal}"
    );
    for member in [&a, &c] {
        assert_eq!(endorse(member, &proposal).await.0, 200);
    }
    everywhere(&all, 8).await;
    // From then on the coordinator removes alone.
    let (status, body) = decide(&coordinator, &b, "remove").await;
    assert_eq!(status, 200, "{body}");
    everywhere(&[&a, &c], 9).await;
    let mut want = vec![active(&a), active(&c)];
    want.sort();
    assert_eq!(states(&view(&a).await.1), want);
    assert_eq!(
        changes(&a, &coordinator).await,
        changes(&coordinator, &coordinator).await,
        "exactly as published"
    );
}

/// Proposes the charter `rules` at `coordinator`.
async fn admin_post_put(coordinator: &TestNode, rules: &Value) -> (u16, Value) {
    let r = coordinator
        .client
        .put(coordinator.url("/api/v1/network/charter"))
        .bearer_auth(&coordinator.admin_token)
        .json(&json!({"rules": rules, "reason": "la red lo acordó"}))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// `content` as the member-list entry of `did`, change `sequence`, signed with the
/// coordinator's key but never published by it.
async fn forge(
    coordinator: &TestNode,
    content: &Map<String, Value>,
    did: &str,
    sequence: i64,
) -> Value {
    let state = &coordinator.node.as_ref().unwrap().state;
    let base = entity_of(coordinator);
    let stamp =
        mochila_node::store::rfc3339(mochila_node::store::now().replace_nanosecond(0).unwrap());
    let meta = SharedMeta {
        id: mochila_node::network::trust::entry_id(&base, did),
        object_type: "NetworkMember".into(),
        publisher: format!("{base}/actor"),
        collection: format!("{base}/shared/members"),
        version: 9,
        sequence,
        updated: stamp.clone(),
        deleted: false,
    };
    state
        .federation
        .publisher
        .sign(shared_document(&meta, content.clone()), &stamp)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lapsed_suspension_is_vouched_for_again_and_bad_charter_input_changes_nothing() {
    use mochila_node::store::entity::network_member;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let coordinator = TestNode::start(&Backend::Sqlite).await;
    let a = TestNode::start(&Backend::Sqlite).await;
    let b = TestNode::start(&Backend::Sqlite).await;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: Rules::default(),
    };
    create_network(db(&coordinator), new).await.unwrap();
    let anchor = entity_of(&coordinator);
    for member in [&a, &b] {
        let body = json!({"coordinator": anchor});
        assert_eq!(
            admin_post(member, "/api/v1/networks/join", body).await.0,
            202
        );
    }
    assert_eq!(decide(&coordinator, &a, "approve").await.0, 200);
    let (status, proposal) = decide(&coordinator, &b, "approve").await;
    assert_eq!(status, 202);
    assert_eq!(endorse(&a, &proposal).await.0, 200);
    let fetch = format!("/federation/fetch?sub={}", entity_of(&a));
    assert_eq!(crate::network::get(&coordinator, &fetch).await.0, 200);

    // Nothing to confirm or reinstate while A is active; a decision needs a reason.
    for action in ["confirm", "reinstate"] {
        let (status, body) = decide(&coordinator, &a, action).await;
        assert_eq!(status, 409, "{action}: {body}");
    }
    let path = format!("/api/v1/network/members/{}/suspend", path_id(&a));
    let (status, body) = admin_post(&coordinator, &path, json!({"reason": " "})).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/reason")),
        "{body}"
    );

    // Suspended by the coordinator alone: no statement. Its time comes (here: set back in
    // the coordinator's database), the coordinator vouches for A again and records it.
    assert_eq!(decide(&coordinator, &a, "suspend").await.0, 200);
    assert_eq!(crate::network::get(&coordinator, &fetch).await.0, 404);
    let row = network_member::Entity::find_by_id(entity_of(&a))
        .one(db(&coordinator))
        .await
        .unwrap()
        .unwrap();
    assert!(row.lapses_at.is_some());
    let mut row: network_member::ActiveModel = row.into();
    row.lapses_at = Set(Some(
        mochila_node::store::now() - time::Duration::seconds(1),
    ));
    row.update(db(&coordinator)).await.unwrap();
    assert_eq!(
        crate::network::get(&coordinator, &fetch).await.0,
        200,
        "lapsed"
    );
    let network = &coordinator.node.as_ref().unwrap().state.network;
    network.keep_charter().await.unwrap();
    let history: Value = coordinator
        .get("/federation/history")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["apply", "apply", "approve", "approve", "suspend", "lapse"]
    );

    // Bad charters are refused, naming the member, and the charter stays as it was.
    let before: Value = coordinator
        .get_as("/api/v1/network/charter", &coordinator.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["version"], 1);
    let mut short = json!(Rules::default());
    short["suspensionLapseSecs"] = json!(5);
    for (rules, pointer) in [
        (json!({"admit": "most"}), "/rules"),
        (short, "/rules/suspensionLapseSecs"),
    ] {
        let (status, body) = admin_post_put(&coordinator, &rules).await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some(pointer)),
            "{body}"
        );
    }
    // A is suspended: B alone may endorse a new charter, and its endorsement adopts it.
    let (status, proposal) = admin_post_put(&coordinator, &json!(Rules::coordinator_alone())).await;
    assert_eq!(
        (status, proposal["eligible"].as_u64()),
        (202, Some(1)),
        "{proposal}"
    );
    let (status, done) = endorse(&b, &proposal).await;
    assert_eq!((status, &done["state"]), (200, &json!("decided")), "{done}");
    let after: Value = coordinator
        .get_as("/api/v1/network/charter", &coordinator.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["version"], 2, "{after}");
    // A proposal of a network A is not in, or no proposal URL at all: refused by A.
    for proposal in ["https://elsewhere.example/federation/proposals/x", "x"] {
        let (status, body) = admin_post(
            &a,
            "/api/v1/networks/endorsements",
            json!({"proposal": proposal}),
        )
        .await;
        assert_eq!(
            (status, body["field"].as_str()),
            (400, Some("/proposal")),
            "{body}"
        );
    }
}
