//! The member list everywhere: each decision is pushed to the members as a signed change,
//! a member that lost pushes catches up exactly from the coordinator's collection, and a
//! node in a network takes activities from its members only.

use std::time::Duration;

use mochila_node::network::{NewNetwork, create_network};
use mochila_node::store::entity::{delivery, peer};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::issuance::{achievement, issue};
use crate::network::{admin_post, entity_of};
use crate::network_support::{
    changes, db, decide, follow, membership, membership_credential, page, until_deliveries,
    until_version, verified, view,
};
use crate::support::{Backend, TestNode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_member_list_reaches_every_member_and_gates_their_inboxes() {
    crate::support::each_backend(member_list).await;
}

async fn member_list(backend: Backend) {
    let coordinator = TestNode::start(&backend).await;
    let a = TestNode::start(&backend).await;
    let b = TestNode::start(&backend).await;
    let outsider = TestNode::start(&backend).await;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    create_network(db(&coordinator), new).await.unwrap();
    let c = entity_of(&coordinator);
    for member in [&a, &b] {
        let (status, body) =
            admin_post(member, "/api/v1/networks/join", json!({"coordinator": c})).await;
        assert_eq!(status, 202, "{body}");
    }
    decide(&coordinator, &a, "approve").await;
    decide(&coordinator, &b, "approve").await;
    // Change 1 is the charter. A heard both approvals; B only its own (change 3): it
    // caught up with changes 1 and 2.
    until_version(&a, 3).await;
    until_version(&b, 3).await;
    let mut both = vec![
        (entity_of(&a), "active".to_owned()),
        (entity_of(&b), "active".to_owned()),
    ];
    both.sort();
    assert_eq!(view(&a).await.1, both);
    assert_eq!(view(&b).await.1, both);
    let published = changes(&coordinator, &coordinator).await;
    assert_eq!(published.len(), 3);
    assert_eq!(
        changes(&a, &coordinator).await,
        published,
        "exactly as signed"
    );
    assert_eq!(changes(&b, &coordinator).await, published);

    // Each member holds a membership credential any VC verifier can check.
    let b_membership = membership_credential(&a, &b).await;
    assert_eq!(
        b_membership["type"],
        json!(["VerifiableCredential", "NetworkMembershipCredential"])
    );
    assert_eq!(b_membership["credentialSubject"]["id"], b.did());
    assert_eq!(
        b_membership["credentialSubject"]["networkName"],
        "Red Andina"
    );
    assert_eq!(b_membership["issuer"]["id"], coordinator.did());
    // B links it from its DID document and its actor.
    let did_doc: Value = b.get("/.well-known/did.json").await.json().await.unwrap();
    let service = did_doc["service"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "NetworkMembershipCredential")
        .cloned()
        .unwrap_or_else(|| panic!("{did_doc}"));
    assert_eq!(service["serviceEndpoint"], b_membership["id"]);
    let actor: Value = b
        .client
        .get(b.url("/actor"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        actor["attachment"][0]["href"], b_membership["id"],
        "{actor}"
    );
    let report = verified(&outsider, &b_membership).await;
    assert_eq!(
        (report["verified"].as_bool(), &report["status"]),
        (Some(true), &json!("valid")),
        "{report}"
    );

    // Verification names membership, at the coordinator and at a member; an outsider's
    // credential is valid but not a member's.
    let b_issued = issue(&b, &achievement(&b, "Datos").await, "ana@uni.cl").await;
    let b_credential = b_issued["credential"].clone();
    let b_page = format!(
        "/verify?lang=es&url={}",
        mochila_pages::percent_encode(&b.url(&format!(
            "/credentials/{}",
            b_issued["id"].as_str().unwrap()
        )))
    );
    let outsider_credential = issue(
        &outsider,
        &achievement(&outsider, "Datos").await,
        "ana@uni.cl",
    )
    .await["credential"]
        .clone();
    for node in [&coordinator, &a] {
        let check = membership(node, &b_credential).await;
        assert_eq!(check["outcome"], "member", "{check}");
        assert_eq!(check["network"], "Red Andina", "{check}");
        assert_eq!(check["memberAtIssuance"], true, "{check}");
        let check = membership(node, &outsider_credential).await;
        assert_eq!(check["outcome"], "not_member", "{check}");
        assert_eq!(check["memberAtIssuance"], false, "{check}");
    }
    let check = membership(&outsider, &b_credential).await;
    assert_eq!(check["outcome"], "no_network", "{check}");
    let learner_page = format!("/credentials/{}?lang=es", b_issued["id"].as_str().unwrap());
    let badge = "<span class=\"network-badge\">Red Andina</span>";
    assert!(
        page(&b, &learner_page).await.contains(badge),
        "the learner page shows the network"
    );

    // A is in a network now: an outsider's follow is refused, a member's accepted.
    let outsider_to_a = follow(&outsider, &a).await;
    until_deliveries(&outsider, &outsider_to_a, 0, "HTTP 403").await;
    let b_to_a = follow(&b, &a).await;
    until_deliveries(&b, &b_to_a, 1, "").await;

    // Suspended: A hears of it within seconds and refuses B from then on. (`validFrom` has
    // second precision, and a change in the same second counts as before the issuance.)
    tokio::time::sleep(Duration::from_millis(1100)).await;
    decide(&coordinator, &b, "suspend").await;
    let took = until_version(&a, 4).await;
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let seen = view(&a).await.1;
    assert!(
        seen.contains(&(entity_of(&b), "suspended".into())),
        "{seen:?}"
    );
    let check = membership(&a, &b_credential).await;
    assert_eq!(check["outcome"], "not_member", "{check}");
    until_version(&b, 4).await;
    // (Each verifier caches status lists: ask one that has not read the coordinator's.)
    let report = verified(&a, &b_membership).await;
    assert_eq!(
        report["status"], "suspended",
        "the credential's suspension bit: {report}"
    );
    assert!(
        !page(&b, &learner_page).await.contains(badge),
        "no badge while suspended"
    );
    assert_eq!(
        check["memberAtIssuance"], true,
        "issued while B was a member: {check}"
    );
    let (status, _) = admin_post(&b, &format!("/api/v1/peers/{b_to_a}/unfollow"), json!({})).await;
    assert_eq!(status, 200);
    until_deliveries(&b, &b_to_a, 1, "not a member of a network").await;
    decide(&coordinator, &b, "reinstate").await;
    until_version(&a, 5).await;
    assert_eq!(membership(&a, &b_credential).await["outcome"], "member");
    assert!(
        page(&a, &b_page)
            .await
            .contains("Miembro de la red: Red Andina")
    );

    // A is down while the coordinator suspends B, and the pushes to it are lost: the next
    // change it hears comes after a gap, and it catches up exactly.
    let a_peer = peer::Entity::find()
        .filter(peer::Column::ActorId.eq(format!("{}/actor", entity_of(&a))))
        .one(db(&coordinator))
        .await
        .unwrap()
        .unwrap()
        .id;
    let coordinator_db = db(&coordinator).clone();
    let (a, ()) = a
        .restart_with(async |_| {
            decide(&coordinator, &b, "suspend").await;
            delivery::Entity::delete_many()
                .filter(delivery::Column::PeerId.eq(a_peer.as_str()))
                .exec(&coordinator_db)
                .await
                .unwrap();
        })
        .await;
    assert_eq!(view(&a).await.0, 5, "the push was lost");
    decide(&coordinator, &b, "remove").await;
    until_version(&a, 7).await;
    assert_eq!(
        changes(&a, &coordinator).await,
        changes(&coordinator, &coordinator).await
    );
    assert_eq!(view(&a).await.1, vec![(entity_of(&a), "active".to_owned())]);
    let report = verified(&b, &b_membership).await;
    assert_eq!(report["status"], "revoked", "removed: {report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_foreign_or_replayed_list_change_is_never_applied() {
    use mochila_node::federation::shared::{Accepted, accept};
    use mochila_protocol::activity::Actor;
    let coordinator = TestNode::start(&Backend::Sqlite).await;
    let a = TestNode::start(&Backend::Sqlite).await;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    create_network(db(&coordinator), new).await.unwrap();
    let c = entity_of(&coordinator);
    let (status, _) = admin_post(&a, "/api/v1/networks/join", json!({"coordinator": c})).await;
    assert_eq!(status, 202);
    decide(&coordinator, &a, "approve").await;
    until_version(&a, 2).await;
    let held = changes(&a, &coordinator).await;
    let actor: Actor = coordinator.get("/actor").await.json().await.unwrap();
    // Change 1 is the charter, change 2 A's admission.
    let signed: Value = serde_json::from_str(&held[1].1).unwrap();

    // The change already held: ignored.
    assert_eq!(
        accept(db(&a), &actor, &signed).await.unwrap(),
        Accepted::Held
    );
    // Tampered after signing (a later sequence number, another state): refused.
    let mut tampered = signed.clone();
    tampered["sequence"] = json!(3);
    tampered["memberState"] = json!("suspended");
    let outcome = accept(db(&a), &actor, &tampered).await.unwrap();
    assert!(
        matches!(&outcome, Accepted::Refused(why) if why.contains("proof")),
        "{outcome:?}"
    );
    // Claimed for a collection of another origin, or attributed to someone else: refused.
    let mut foreign = signed.clone();
    foreign["partOf"] = json!(format!("{}/shared/members", entity_of(&a)));
    assert!(matches!(
        accept(db(&a), &actor, &foreign).await.unwrap(),
        Accepted::Refused(_)
    ));
    let a_actor: Actor = a.get("/actor").await.json().await.unwrap();
    assert!(matches!(
        accept(db(&a), &a_actor, &signed).await.unwrap(),
        Accepted::Refused(_)
    ));
    assert_eq!(changes(&a, &coordinator).await, held, "nothing changed");
    assert_eq!(view(&a).await.0, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verifier_outside_the_network_trusts_a_configured_anchor() {
    let coordinator = TestNode::start(&Backend::Sqlite).await;
    let a = TestNode::start(&Backend::Sqlite).await;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    create_network(db(&coordinator), new).await.unwrap();
    let c = entity_of(&coordinator);
    let anchor = c.clone();
    let verifier = TestNode::start_with(&Backend::Sqlite, move |cfg| {
        cfg.network.trust_anchors = vec![anchor];
        cfg.network.sync_interval_secs = 1;
    })
    .await;
    let (status, _) = admin_post(&a, "/api/v1/networks/join", json!({"coordinator": c})).await;
    assert_eq!(status, 202);
    decide(&coordinator, &a, "approve").await;
    let credential =
        issue(&a, &achievement(&a, "Datos").await, "ana@uni.cl").await["credential"].clone();
    // Before its copy of the anchor's list arrives: unknown, never a guess; then member.
    let start = std::time::Instant::now();
    loop {
        let check = membership(&verifier, &credential).await;
        if check["outcome"] == "member" {
            assert_eq!(check["network"], "Red Andina", "{check}");
            break;
        }
        assert_eq!(check["outcome"], "unknown", "{check}");
        assert!(start.elapsed() < Duration::from_secs(10), "{check}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
