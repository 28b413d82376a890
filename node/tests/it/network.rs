//! The node's OpenID Federation entity configuration.

use mochila_protocol::jose::{self, OkpJwk};
use serde_json::Value;

use crate::support::{Backend, TestNode};

#[tokio::test]
async fn the_entity_configuration_is_a_self_signed_statement_of_the_institution() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let r = node
        .client
        .get(node.url("/.well-known/openid-federation"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/entity-statement+jwt"
    );
    let jwt = r.text().await.unwrap();
    let read = jose::read_compact(&jwt).unwrap();
    assert_eq!(read.typ(), Some("entity-statement+jwt"));
    let kid = read.kid().unwrap().to_owned();
    // The key comes from the statement itself (it is self-signed); it must be the node's.
    let claims: Value = serde_json::from_slice(&read.payload).unwrap();
    let keys: Vec<OkpJwk> = serde_json::from_value(claims["jwks"]["keys"].clone()).unwrap();
    let signer = keys
        .iter()
        .find(|k| k.kid.as_deref() == Some(kid.as_str()))
        .unwrap();
    let payload = jose::read_compact(&jwt)
        .unwrap()
        .verify(&signer.verifying_key().unwrap())
        .unwrap();
    assert_eq!(payload, read.payload);
    let state = &node.node.as_ref().unwrap().state;
    let active = state.keys.active().unwrap().signing.verifying_key();
    assert_eq!(
        signer.verifying_key().unwrap(),
        active,
        "signed by the active key"
    );
    assert_eq!(signer.thumbprint(), kid);

    let entity = node.config.base_url.as_str().trim_end_matches('/');
    assert_eq!(claims["iss"], entity);
    assert_eq!(claims["sub"], entity);
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((iat - now).abs() < 60, "iat {iat}, now {now}");
    assert_eq!(exp - iat, 24 * 60 * 60);
    let org = &claims["metadata"]["federation_entity"];
    let profile: Value = node
        .get_as("/api/v1/institution", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(org["organization_name"], profile["legal_name"]);
    if profile["url"] != "" {
        assert_eq!(org["homepage_uri"], profile["url"]);
    }
    assert!(claims.get("authority_hints").is_none(), "in no network yet");
}

/// `path` on `node`: status and body.
pub(crate) async fn get(node: &TestNode, path: &str) -> (u16, String) {
    let r = node.client.get(node.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The claims of a statement signed by `node`'s active key (verified).
pub(crate) fn verified_claims(node: &TestNode, jwt: &str) -> Value {
    let key = node.node.as_ref().unwrap().state.keys.active().unwrap();
    let payload = jose::read_compact(jwt)
        .unwrap()
        .verify(&key.signing.verifying_key())
        .unwrap();
    serde_json::from_slice(&payload).unwrap()
}

#[tokio::test]
async fn a_coordinator_answers_for_its_active_members_only() {
    use mochila_node::network::{NewNetwork, create_network};
    use mochila_node::store::entity::network_member;
    use mochila_node::store::entity::states::MemberState;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};

    let node = TestNode::start(&Backend::Sqlite).await;
    // Not a coordinator: nothing to fetch or list, no endpoints announced.
    assert_eq!(
        get(&node, "/federation/fetch?sub=https://a.example")
            .await
            .0,
        404
    );
    assert_eq!(get(&node, "/federation/list").await.0, 404);
    let (_, jwt) = get(&node, "/.well-known/openid-federation").await;
    let claims = verified_claims(&node, &jwt);
    assert!(claims["metadata"]["federation_entity"]["federation_fetch_endpoint"].is_null());

    let db = &node.node.as_ref().unwrap().state.db;
    let new = |name: &str, lifetime| NewNetwork {
        name: name.into(),
        statement_lifetime_secs: lifetime,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    assert!(
        create_network(db, new("", 3600)).await.is_err(),
        "a name is required"
    );
    assert!(
        create_network(db, new("Red", 10)).await.is_err(),
        "lifetime out of range"
    );
    create_network(db, new("Red Andina", 3600)).await.unwrap();
    assert!(
        create_network(db, new("Otra", 3600)).await.is_err(),
        "one network"
    );

    let entity = node
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let (_, jwt) = get(&node, "/.well-known/openid-federation").await;
    let org = verified_claims(&node, &jwt)["metadata"]["federation_entity"].clone();
    assert_eq!(
        org["federation_fetch_endpoint"],
        format!("{entity}/federation/fetch")
    );
    assert_eq!(
        org["federation_list_endpoint"],
        format!("{entity}/federation/list")
    );
    assert_eq!(get(&node, "/federation/list").await, (200, "[]".to_owned()));

    // A member (applications arrive with the next increment; stored here directly).
    let member_jwks = serde_json::json!({"keys": [{"kty": "OKP", "crv": "Ed25519",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]});
    let org_of_member = serde_json::json!({"organization_name": "Universidad del Valle"});
    let now = mochila_node::store::now();
    let member = network_member::ActiveModel::from(network_member::Model {
        entity_id: "https://uv.example:8443".into(),
        did: "did:web:uv.example%3A8443".into(),
        actor: None,
        organization: org_of_member.clone(),
        jwks: member_jwks.clone(),
        state: MemberState::Active,
        lapses_at: None,
        applied_at: now,
        updated_at: now,
    })
    .insert(db)
    .await
    .unwrap();
    assert_eq!(
        get(&node, "/federation/list").await,
        (200, r#"["https://uv.example:8443"]"#.to_owned())
    );
    // By entity id, by DID, and by the DID as verifiers send it (`%3A` unescaped).
    for sub in [
        "https%3A%2F%2Fuv.example%3A8443",
        "did%3Aweb%3Auv.example%253A8443",
        "did:web:uv.example%3A8443",
    ] {
        let (status, jwt) = get(&node, &format!("/federation/fetch?sub={sub}")).await;
        assert_eq!(status, 200, "{sub}: {jwt}");
        let claims = verified_claims(&node, &jwt);
        assert_eq!(claims["iss"], entity.as_str());
        assert_eq!(claims["sub"], "https://uv.example:8443");
        assert_eq!(claims["jwks"], member_jwks);
        assert_eq!(claims["metadata"]["federation_entity"], org_of_member);
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            3600
        );
    }
    assert_eq!(
        get(&node, "/federation/fetch?sub=https://other.example")
            .await
            .0,
        404
    );
    assert_eq!(
        get(&node, "/federation/fetch").await.0,
        400,
        "sub is required"
    );

    // Suspended: refused at once.
    let mut suspended = member.into_active_model();
    suspended.state = Set(MemberState::Suspended);
    suspended.update(db).await.unwrap();
    assert_eq!(
        get(
            &node,
            "/federation/fetch?sub=https%3A%2F%2Fuv.example%3A8443"
        )
        .await
        .0,
        404
    );
    assert_eq!(get(&node, "/federation/list").await, (200, "[]".to_owned()));
}

/// POSTs `body` as JSON to `path` on `node` with its admin token: status and body.
pub(crate) async fn admin_post(node: &TestNode, path: &str, body: Value) -> (u16, Value) {
    let r = node
        .client
        .post(node.url(path))
        .bearer_auth(&node.admin_token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub(crate) fn entity_of(node: &TestNode) -> String {
    node.config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_institution_applies_is_approved_suspended_and_reinstated() {
    crate::support::each_backend(applies_and_is_decided).await;
}

async fn applies_and_is_decided(backend: Backend) {
    use mochila_node::network::{NewNetwork, create_network};
    let coordinator = TestNode::start(&backend).await;
    let member = TestNode::start(&backend).await;
    let outsider = TestNode::start(&backend).await;
    let db = &coordinator.node.as_ref().unwrap().state.db;
    let new = NewNetwork {
        name: "Red Andina".into(),
        statement_lifetime_secs: 3600,
        members_may_invite: false,
        rules: mochila_protocol::network::Rules::coordinator_alone(),
    };
    create_network(db, new).await.unwrap();
    let (c, m) = (entity_of(&coordinator), entity_of(&member));

    // Joining something that coordinates nothing, or oneself: refused, nothing sent.
    let (status, body) = admin_post(
        &member,
        "/api/v1/networks/join",
        serde_json::json!({"coordinator": entity_of(&outsider)}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("coordinates no network"),
        "{body}"
    );
    let (status, body) = admin_post(
        &member,
        "/api/v1/networks/join",
        serde_json::json!({"coordinator": "not a url"}),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("/coordinator")),
        "{body}"
    );

    // An unsigned application: 401, nothing stored.
    let r = member
        .client
        .post(coordinator.url("/api/v1/network/applications"))
        .json(&serde_json::json!({"entity": m}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // The member's node applies; the coordinator records it with the checked statement.
    let (status, record) = admin_post(
        &member,
        "/api/v1/networks/join",
        serde_json::json!({"coordinator": c}),
    )
    .await;
    assert_eq!(status, 202, "{record}");
    assert_eq!(record["state"], "applied");
    assert_eq!(record["entityId"], m.as_str());
    assert_eq!(record["did"], member.did());
    let (_, jwt) = get(&member, "/.well-known/openid-federation").await;
    assert_eq!(
        verified_claims(&member, &jwt)["authority_hints"],
        serde_json::json!([c]),
        "the member names the coordinator it applied to"
    );
    let members: Value = coordinator
        .get_as("/api/v1/network/members", &coordinator.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members[0]["state"], "applied", "{members}");
    let did_query = format!("/federation/fetch?sub={}", member.did());
    assert_eq!(
        get(&coordinator, &did_query).await.0,
        404,
        "not a member yet"
    );

    let id = m.replace(':', "%3A").replace('/', "%2F");
    let decide = |action: &str| format!("/api/v1/network/members/{id}/{action}");
    let reason = serde_json::json!({"reason": "convenio firmado"});
    let (status, body) = admin_post(
        &coordinator,
        &decide("approve"),
        serde_json::json!({"reason": " "}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("/reason")));
    let (status, body) = admin_post(&coordinator, &decide("suspend"), reason.clone()).await;
    assert_eq!(status, 409, "an applicant cannot be suspended: {body}");
    let (status, body) = admin_post(&coordinator, &decide("approve"), reason.clone()).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("active")),
        "{body}"
    );
    let (status, _) = admin_post(&coordinator, &decide("approve"), reason.clone()).await;
    assert_eq!(status, 409, "approving twice");
    let (status, _) = admin_post(&coordinator, &decide("promote"), reason.clone()).await;
    assert_eq!(status, 404, "no such decision");

    // The member's node asks its coordinator live.
    let status_of = |node: &TestNode| {
        let (client, url, token) = (
            node.client.clone(),
            node.url("/api/v1/networks"),
            node.admin_token.clone(),
        );
        async move {
            let list: Value = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            list[0].clone()
        }
    };
    let now_member = status_of(&member).await;
    assert_eq!(now_member["status"], "member", "{now_member}");
    assert_eq!(now_member["coordinator"], c.as_str());
    assert!(now_member["until"].is_string(), "{now_member}");

    // Now the coordinator vouches for it, by DID as the DCC verifier asks, with its keys.
    let (status, jwt) = get(&coordinator, &did_query).await;
    assert_eq!(status, 200, "{jwt}");
    let claims = verified_claims(&coordinator, &jwt);
    assert_eq!(claims["sub"], m.as_str());
    let member_key = member.node.as_ref().unwrap().state.keys.active().unwrap();
    let keys: Vec<OkpJwk> = serde_json::from_value(claims["jwks"]["keys"].clone()).unwrap();
    assert_eq!(
        keys[0].verifying_key().unwrap(),
        member_key.signing.verifying_key()
    );
    assert_eq!(
        claims["metadata"]["federation_entity"]["organization_name"],
        "Universidad Demo Mochila"
    );

    // Suspended: no statement at once; reinstated: vouched for again.
    admin_post(&coordinator, &decide("suspend"), reason.clone()).await;
    assert_eq!(get(&coordinator, &did_query).await.0, 404);
    assert_eq!(status_of(&member).await["status"], "not-member");
    let (status, _) = admin_post(
        &member,
        "/api/v1/networks/join",
        serde_json::json!({"coordinator": c}),
    )
    .await;
    assert_eq!(
        status, 422,
        "a suspended member cannot re-apply its way back"
    );
    admin_post(&coordinator, &decide("reinstate"), reason.clone()).await;
    assert_eq!(get(&coordinator, &did_query).await.0, 200);

    // Every decision is logged after the one before, hash-chained, and audited.
    use mochila_node::store::entity::network_decision;
    use sea_orm::{EntityTrait, QueryOrder};
    let log = network_decision::Entity::find()
        .order_by_asc(network_decision::Column::Seq)
        .all(db)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|d| d.action.as_str()).collect();
    assert_eq!(actions, ["apply", "approve", "suspend", "reinstate"]);
    // The public history: the same decisions, no reasons or staff names, and a chain
    // anyone can recompute.
    let (status, text) = get(&coordinator, "/federation/history").await;
    assert_eq!(status, 200);
    let history: Value = serde_json::from_str(&text).unwrap();
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(
        !text.contains("convenio") && !text.contains("reason"),
        "{text}"
    );
    let mut prev = "0".repeat(64);
    for item in items {
        assert_eq!(item["prevHash"], prev.as_str());
        let recomputed = mochila_node::network::history::decision_hash(
            item["seq"].as_i64().unwrap(),
            item["member"].as_str().unwrap(),
            item["action"].as_str().unwrap(),
            item["decidedAt"].as_str().unwrap(),
            &prev,
        );
        assert_eq!(item["hash"], recomputed.as_str());
        prev = recomputed;
    }
    let (_, after_two) = get(&coordinator, "/federation/history?after=2").await;
    let after_two: Value = serde_json::from_str(&after_two).unwrap();
    assert_eq!(after_two["items"][0]["seq"], 3);
    assert_eq!(log[0].prev_hash, "0".repeat(64));
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
}
