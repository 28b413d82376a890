//! Claiming a credential into a wallet over a VC-API exchange, with a real Ed25519 did:key
//! holder: the happy path (VC-API and the Learner Credential Wallet's deep-link form), every
//! refusal changing nothing, and the holder copy sharing the original's status.

use mochila_node::auth::Role;
use mochila_node::store::entity::{holder_copy, wallet_exchange};
use mochila_protocol::did::DidDocument;
use mochila_protocol::presentation::{AuthSuite, DidAuthOptions, sign_did_auth};
use mochila_protocol::proof::{DataIntegrity, DocumentResolver, VerifyOptions};
use reqwest::Response;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::issuance::{achievement, issue, post};
use crate::support::{TestNode, each_backend, problem};
use crate::verify::helpers::fresh_key;

mod deep_link;

/// Issues a credential and opens an exchange for it; returns (credential, offer).
async fn offered(node: &TestNode) -> (Value, Value) {
    let id = achievement(node, "Análisis de datos").await;
    let issued = issue(node, &id, "ana@uni.cl").await;
    let offer = open(node, issued["id"].as_str().unwrap()).await;
    (issued, offer)
}

async fn open(node: &TestNode, credential_id: &str) -> Value {
    let issuer = node.token(Role::Issuer).await;
    let r = post(
        node,
        &format!("/api/v1/credentials/{credential_id}/exchanges"),
        &issuer,
        &json!({}),
    )
    .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    r.json().await.unwrap()
}

/// The exchange URL on the test node's real address.
fn local(node: &TestNode, url: &str) -> String {
    let base = node
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    url.replace(&base, &node.url(""))
}

async fn exchange(node: &TestNode, offer: &Value, body: &Value) -> Response {
    node.client
        .post(local(node, offer["exchangeUrl"].as_str().unwrap()))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A DID Authentication by `key` over `challenge` and `domain`.
fn did_auth(
    key: &ed25519_dalek::SigningKey,
    challenge: &str,
    domain: Option<&str>,
    suite: AuthSuite,
) -> Value {
    let vp = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"]});
    sign_did_auth(
        &DataIntegrity::default(),
        vp,
        key,
        &DidAuthOptions {
            challenge: challenge.to_owned(),
            domain: domain.map(str::to_owned),
            created: "2026-05-04T10:00:00Z".to_owned(),
            suite,
        },
    )
    .unwrap()
}

/// Starts the exchange: the presentation request.
async fn request(node: &TestNode, offer: &Value) -> Value {
    let r = exchange(node, offer, &json!({})).await;
    assert_eq!(r.status(), 200);
    let vpr: Value = r.json().await.unwrap();
    vpr["verifiablePresentationRequest"].clone()
}

async fn copies(node: &TestNode) -> u64 {
    let db = &node.node.as_ref().unwrap().state.db;
    holder_copy::Entity::find().count(db).await.unwrap()
}

async fn audit_actions(node: &TestNode) -> Vec<String> {
    let events: Vec<Value> = node
        .get_as("/api/v1/audit?action=credential", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    events
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn verify_report(node: &TestNode, credential: &Value) -> Value {
    let r = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(&json!({"credential": credential}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_wallet_claims_a_credential_bound_to_its_did() {
    each_backend(|backend| async move {
        // Outbound fetches locked down as in production: the node reads its own status
        // lists fresh (with them relaxed it caches them for their ttl).
        let node = TestNode::start_with(&backend, |c| {
            c.federation.allow_private_addresses = false;
            c.federation.allow_http = false;
        })
        .await;
        let (issued, offer) = offered(&node).await;
        let cid = issued["id"].as_str().unwrap();
        let domain = node.config.base_url.origin().ascii_serialization();
        assert!(offer["walletUrl"].as_str().unwrap().starts_with(
            "https://lcw.app/request.html?issuer=localhost&auth_type=bearer&challenge="
        ));
        assert!(
            offer["walletUrl"]
                .as_str()
                .unwrap()
                .contains("&vc_request_url=http%3A%2F%2Flocalhost%3A")
        );
        assert!(offer["pageUrl"].as_str().unwrap().ends_with(&format!(
            "/credentials/{cid}?exchange={}",
            offer["id"].as_str().unwrap()
        )));

        // The learner's page with the offer: LCW link and QR, not cached, no referrer.
        let r = node
            .client
            .get(local(&node, offer["pageUrl"].as_str().unwrap()))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert_eq!(r.headers()["referrer-policy"], "no-referrer");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("class=\"wallet\"")
                && html
                    .contains("https://lcw.app/request.html?issuer=localhost&amp;auth_type=bearer")
        );
        assert_eq!(html.matches("class=\"qr\"").count(), 2);
        let plain = node
            .client
            .get(node.url(&format!("/credentials/{cid}")))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!plain.contains("lcw.app"), "no offer without the exchange");

        let vpr = request(&node, &offer).await;
        assert_eq!(vpr["query"][0]["type"], "DIDAuthentication");
        assert_eq!(
            vpr["query"][0]["acceptedMethods"],
            json!([{"method": "key"}])
        );
        assert_eq!(vpr["domain"], domain.as_str());
        let challenge = vpr["challenge"].as_str().unwrap();
        assert!(offer["walletUrl"].as_str().unwrap().contains(challenge));

        let key = fresh_key();
        let holder = mochila_protocol::multikey::did_key(&key.verifying_key());
        let vp = did_auth(&key, challenge, Some(&domain), AuthSuite::EddsaRdfc2022);
        let r = exchange(&node, &offer, &json!({"verifiablePresentation": vp})).await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        let copy = body["verifiablePresentation"]["verifiableCredential"][0].clone();
        assert_eq!(copy["credentialSubject"]["id"], holder.as_str());

        // Otherwise identical to the original, same status entries, signed by the node.
        let original = &issued["credential"];
        for member in ["id", "issuer", "validFrom", "credentialStatus", "name"] {
            assert_eq!(copy[member], original[member], "{member}");
        }
        let mut subject = copy["credentialSubject"].clone();
        subject.as_object_mut().unwrap().remove("id");
        assert_eq!(subject, original["credentialSubject"]);
        let did: DidDocument = node
            .get("/.well-known/did.json")
            .await
            .json()
            .await
            .unwrap();
        let report = DataIntegrity::default().verify(
            &copy,
            &DocumentResolver::new(vec![did]),
            &VerifyOptions::default(),
        );
        assert!(report.verified, "{report:?}");
        assert_eq!(copies(&node).await, 1);
        let actions = audit_actions(&node).await;
        assert_eq!(
            actions,
            [
                "credential.issue",
                "credential.exchange",
                "credential.claim"
            ]
        );

        // A replay is refused and changes nothing.
        let p = problem(
            exchange(&node, &offer, &json!({"verifiablePresentation": vp})).await,
            410,
        )
        .await;
        assert!(p["detail"].as_str().unwrap().contains("completed"), "{p}");
        problem(exchange(&node, &offer, &json!({})).await, 410).await;
        assert_eq!(copies(&node).await, 1);
        assert_eq!(audit_actions(&node).await.len(), 3);

        // Revoking the original revokes the holder copy (the same status entry).
        assert_eq!(verify_report(&node, &copy).await["status"], "valid");
        let r = post(
            &node,
            &format!("/api/v1/credentials/{cid}/revoke"),
            &node.admin_token,
            &json!({"reason": "error de registro"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        let report = verify_report(&node, &copy).await;
        assert_eq!(report["status"], "revoked", "{report:#}");
        // and a revoked credential cannot be offered again
        problem(
            post(
                &node,
                &format!("/api/v1/credentials/{cid}/exchanges"),
                &node.admin_token,
                &json!({}),
            )
            .await,
            409,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn every_refused_presentation_changes_nothing() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let (_, offer) = offered(&node).await;
        let domain = node.config.base_url.origin().ascii_serialization();
        let challenge = request(&node, &offer).await["challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        let key = fresh_key();
        let vc_api = |vp: Value| json!({"verifiablePresentation": vp});
        let mut bad_signature = did_auth(&key, &challenge, Some(&domain), AuthSuite::EddsaRdfc2022);
        bad_signature["proof"]["proofValue"] = did_auth(
            &fresh_key(),
            &challenge,
            Some(&domain),
            AuthSuite::EddsaRdfc2022,
        )["proof"]["proofValue"]
            .clone();
        let cases = [
            (
                "wrong challenge",
                vc_api(did_auth(
                    &key,
                    "0123456789abcdef",
                    Some(&domain),
                    AuthSuite::EddsaRdfc2022,
                )),
                "/verifiablePresentation/proof/challenge",
            ),
            (
                "wrong domain",
                vc_api(did_auth(
                    &key,
                    &challenge,
                    Some("https://evil.example"),
                    AuthSuite::EddsaRdfc2022,
                )),
                "/verifiablePresentation/proof/domain",
            ),
            (
                "no domain over VC-API",
                vc_api(did_auth(&key, &challenge, None, AuthSuite::EddsaRdfc2022)),
                "/verifiablePresentation/proof/domain",
            ),
            (
                "bad signature",
                vc_api(bad_signature),
                "/verifiablePresentation/proof/proofValue",
            ),
            (
                "wrong domain in the deep-link form",
                did_auth(
                    &key,
                    &challenge,
                    Some("https://evil.example"),
                    AuthSuite::Ed25519Signature2020,
                ),
                "/proof/domain",
            ),
            (
                "not a presentation",
                json!({"hello": "world"}),
                "/verifiablePresentation",
            ),
        ];
        for (what, body, field) in cases {
            let p = problem(exchange(&node, &offer, &body).await, 400).await;
            assert_eq!(p["field"], field, "{what}: {p}");
            assert_eq!(copies(&node).await, 0, "{what}");
            // still usable
            assert_eq!(
                request(&node, &offer).await["challenge"],
                challenge.as_str(),
                "{what}"
            );
        }
        assert_eq!(
            audit_actions(&node).await,
            ["credential.issue", "credential.exchange"]
        );
        problem(
            node.client
                .post(node.url("/exchanges/0000"))
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
            404,
        )
        .await;

        // Expired: refused, nothing changes.
        let db = &node.node.as_ref().unwrap().state.db;
        let row = wallet_exchange::Entity::find_by_id(offer["id"].as_str().unwrap().to_owned())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut expired: wallet_exchange::ActiveModel = row.into();
        expired.expires_at = Set(mochila_node::store::now() - time::Duration::seconds(1));
        expired.update(db).await.unwrap();
        let good = did_auth(&key, &challenge, Some(&domain), AuthSuite::EddsaRdfc2022);
        let p = problem(exchange(&node, &offer, &vc_api(good)).await, 410).await;
        assert!(p["detail"].as_str().unwrap().contains("expired"), "{p}");
        assert_eq!(copies(&node).await, 0);
        assert_eq!(audit_actions(&node).await.len(), 2);
        let html = node
            .client
            .get(local(&node, offer["pageUrl"].as_str().unwrap()))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("lcw.app"), "an expired offer is not shown");
    })
    .await;
}
