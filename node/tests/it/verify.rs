//! Verification for anyone, over real HTTP: did:key and did:web (a second running node)
//! credentials, tampering, foreign keys, expiry, unknown contexts, status lists served by a
//! tiny server (revoked, clear, unreachable), SSRF refusal, the rate limit, bad bodies and
//! the HTML page.

pub mod helpers;

use mochila_protocol::multikey;
use serde_json::json;
use tokio::net::TcpListener;

use crate::support::{Backend, TestNode, problem};
use helpers::*;

#[tokio::test]
async fn a_did_key_credential_verifies_in_every_form() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let signed = sign(&credential(&did), &key, &vm);
    let report = verify(&node, &signed).await;
    assert_valid(&report);
    assert_eq!(report["credential"]["issuer"], did.as_str());
    assert_eq!(report["credential"]["name"], "Fundamentos de Rust");
    assert_eq!(report["credential"]["validFrom"], "2026-01-01T00:00:00Z");
    assert_eq!(report["proofs"][0]["verified"], true);
    assert!(check(&report, "proof").1.contains(&vm));
    let wrapped = verify(&node, &json!({"credential": signed})).await;
    assert_eq!(wrapped["status"], "valid");
    let as_text = verify(&node, &json!({"credential": signed.to_string()})).await;
    assert_eq!(as_text["status"], "valid");
}

#[tokio::test]
async fn a_tampered_credential_fails_the_proof() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let mut signed = sign(&credential(&did), &key, &vm);
    signed["credentialSubject"]["achievement"]["name"] = json!("Doctorado en Rust");
    let report = verify(&node, &signed).await;
    assert_eq!(report["verified"], false);
    assert_eq!(report["status"], "invalid");
    let (outcome, detail) = check(&report, "proof");
    assert_eq!(outcome, "fail");
    assert!(detail.contains("signature does not match"), "{detail}");
    assert_eq!(check(&report, "schema").0, "pass");
}

#[tokio::test]
async fn a_did_web_credential_of_another_node_verifies_over_http() {
    let verifier = TestNode::start(&Backend::Sqlite).await;
    let issuer = TestNode::start(&Backend::Sqlite).await;
    let state = &issuer.node.as_ref().unwrap().state;
    let active = state.keys.active().unwrap();
    let vm = state.identity.verification_method(&active.entry.id);
    let signed = sign(&credential(&issuer.did()), &active.signing, &vm);
    let report = verify(&verifier, &signed).await;
    assert_valid(&report);
    assert!(check(&report, "proof").1.contains("did:web:localhost%3A"));
    // The DID document is cached: the issuer can go away and the credential still verifies.
    let mut issuer = issuer;
    issuer.node.take().unwrap().shutdown().await.unwrap();
    assert_eq!(verify(&verifier, &signed).await["status"], "valid");
}

#[tokio::test]
async fn a_credential_signed_by_another_key_fails_issuer_and_assertion_checks() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let issuer = TestNode::start(&Backend::Sqlite).await;
    // A did:key signs a credential naming the issuer node as its issuer.
    let (key, _, vm) = did_key_signer();
    let report = verify(&node, &sign(&credential(&issuer.did()), &key, &vm)).await;
    assert_eq!(report["status"], "invalid");
    let (outcome, detail) = check(&report, "issuer_did");
    assert_eq!(outcome, "fail");
    assert!(detail.contains("is not the issuer"), "{detail}");

    // A DID document that has the key, but only for authentication.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let did = format!(
        "did:web:localhost%3A{}",
        listener.local_addr().unwrap().port()
    );
    let key = fresh_key();
    let doc = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{"id": format!("{did}#key-1"), "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey::encode_public(&key.verifying_key())}],
        "authentication": [format!("{did}#key-1")]
    });
    serve_on(
        listener,
        document("/.well-known/did.json", "application/did+json", &doc),
    );
    let signed = sign(&credential(&did), &key, &format!("{did}#key-1"));
    let report = verify(&node, &signed).await;
    assert_eq!(report["status"], "invalid", "{report:#}");
    let (outcome, detail) = check(&report, "assertion_method");
    assert_eq!(outcome, "fail");
    assert!(
        detail.contains("not listed under assertionMethod"),
        "{detail}"
    );
    assert_eq!(check(&report, "issuer_did").0, "pass");
}

#[tokio::test]
async fn an_expired_credential_is_reported_expired() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let mut doc = credential(&did);
    doc["validFrom"] = json!("2024-01-01T00:00:00Z");
    doc["validUntil"] = json!("2025-01-01T00:00:00Z");
    let report = verify(&node, &sign(&doc, &key, &vm)).await;
    assert_eq!(report["verified"], false);
    assert_eq!(report["status"], "expired");
    let (outcome, detail) = check(&report, "validity_period");
    assert_eq!(outcome, "fail");
    assert!(detail.contains("expired on 2025-01-01"), "{detail}");
    assert_eq!(check(&report, "proof").0, "pass");
}

#[tokio::test]
async fn an_unknown_context_fails_naming_it() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let mut doc = credential(&did);
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://contexts.example.org/unknown/v1"));
    let report = verify(&node, &sign_unchecked(&doc, &key, &vm)).await;
    assert_eq!(report["status"], "invalid");
    let (outcome, detail) = check(&report, "context");
    assert_eq!(outcome, "fail");
    assert!(
        detail.contains("https://contexts.example.org/unknown/v1"),
        "{detail}"
    );
}

#[tokio::test]
async fn an_unreachable_status_list_makes_the_status_unknown() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let list_url = format!(
        "http://127.0.0.1:{}/status/1",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let (key, did, vm) = did_key_signer();
    let doc = with_status(credential(&did), "revocation", 42, &list_url);
    let report = verify(&node, &sign(&doc, &key, &vm)).await;
    assert_eq!(report["verified"], false);
    assert_eq!(report["status"], "status_unknown", "{report:#}");
    let (outcome, detail) = check(&report, "status:revocation");
    assert_eq!(outcome, "unknown");
    assert!(detail.contains("could not be fetched"), "{detail}");
    assert!(detail.contains(&list_url), "{detail}");
}

#[tokio::test]
async fn a_served_status_list_says_revoked_or_valid() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let list_url = format!("{base}/status/revocation/1");
    let forged_url = format!("{base}/status/revocation/2");
    let list = status_list(&list_url, &did, &key, &vm, &[7]);
    // A list signed by someone else, naming the credential's issuer.
    let (other, _, other_vm) = did_key_signer();
    let forged = status_list(&forged_url, &did, &other, &other_vm, &[]);
    let router = document("/status/revocation/1", "application/vc+ld+json", &list).merge(document(
        "/status/revocation/2",
        "application/vc+ld+json",
        &forged,
    ));
    serve_on(listener, router);

    let revoked = sign(
        &with_status(credential(&did), "revocation", 7, &list_url),
        &key,
        &vm,
    );
    let report = verify(&node, &revoked).await;
    assert_eq!(report["status"], "revoked", "{report:#}");
    assert_eq!(report["verified"], false);
    let (outcome, detail) = check(&report, "status:revocation");
    assert_eq!(outcome, "fail");
    assert!(detail.contains("bit 7"), "{detail}");

    let clear = sign(
        &with_status(credential(&did), "revocation", 8, &list_url),
        &key,
        &vm,
    );
    let report = verify(&node, &clear).await;
    assert_valid(&report);
    assert_eq!(check(&report, "status:revocation").0, "pass");

    let doc = with_status(credential(&did), "revocation", 8, &forged_url);
    let report = verify(&node, &sign(&doc, &key, &vm)).await;
    assert_eq!(report["status"], "status_unknown", "{report:#}");
    let (outcome, detail) = check(&report, "status:revocation");
    assert_eq!(outcome, "unknown");
    assert!(detail.contains("proof does not verify"), "{detail}");
}

#[tokio::test]
async fn private_addresses_are_refused_when_not_allowed() {
    let strict = start_with(|c| {
        c.federation.allow_private_addresses = false;
        c.federation.allow_http = false;
    })
    .await;
    let issuer = TestNode::start(&Backend::Sqlite).await;
    let state = &issuer.node.as_ref().unwrap().state;
    let active = state.keys.active().unwrap();
    let port = issuer.addr().port();
    for did in [issuer.did(), format!("did:web:127.0.0.1%3A{port}")] {
        let vm = format!("{did}#{}", active.entry.id);
        let report = verify(&strict, &sign(&credential(&did), &active.signing, &vm)).await;
        assert_eq!(report["status"], "invalid");
        let (outcome, detail) = check(&report, "proof");
        assert_eq!(outcome, "fail");
        assert!(
            detail.contains("loopback") && detail.contains("allow_private_addresses"),
            "{detail}"
        );
    }
    let response = strict
        .client
        .post(strict.url("/api/v1/verify"))
        .json(&json!({"url": format!("https://127.0.0.1:{port}/credentials/1")}))
        .send()
        .await
        .unwrap();
    let body = problem(response, 400).await;
    assert_eq!(body["field"], "/url");
    assert!(body["detail"].as_str().unwrap().contains("loopback"));
    let response = strict
        .client
        .post(strict.url("/api/v1/verify"))
        .json(&json!({"url": issuer.url("/issuer")}))
        .send()
        .await
        .unwrap();
    let body = problem(response, 400).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("http: scheme is refused")
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let node = start_with(|c| {
        c.verification.rate_limit_burst = 2;
        c.verification.rate_limit_per_minute = 1;
    })
    .await;
    let (key, did, vm) = did_key_signer();
    let signed = sign(&credential(&did), &key, &vm);
    verify(&node, &signed).await;
    verify(&node, &signed).await;
    let response = node
        .client
        .post(node.url("/api/v1/verify"))
        .json(&signed)
        .send()
        .await
        .unwrap();
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body = problem(response, 429).await;
    assert!(body["detail"].as_str().unwrap().contains("retry in"));
}

#[tokio::test]
async fn unusable_bodies_are_400_naming_the_field() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let post = |body: &'static str, content_type: &'static str| {
        node.client
            .post(node.url("/api/v1/verify"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases = [
        ("{not json", "body"),
        ("[1, 2]", "body"),
        ("{\"foo\": 1}", "body"),
        ("{\"credential\": 5}", "/credential"),
        ("{\"credential\": \"{broken\"}", "/credential"),
        ("{\"url\": 5}", "/url"),
        ("{\"url\": \"not a url\"}", "/url"),
    ];
    for (body, field) in cases {
        let problem = problem(post(body, "application/json").await.unwrap(), 400).await;
        assert_eq!(problem["field"], field, "{body}: {problem:#}");
    }
    problem(post("{}", "text/plain").await.unwrap(), 415).await;
    let report = verify(
        &node,
        &json!({"@context": "https://www.w3.org/ns/credentials/v2"}),
    )
    .await;
    assert_eq!(
        report["status"], "invalid",
        "a credential that can be examined is a 200"
    );
    assert_eq!(check(&report, "schema").0, "fail");
}

#[tokio::test]
async fn the_page_verifies_pasted_uploaded_and_linked_credentials() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let form = node.get("/verify?lang=en").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("Verify a credential") && html.contains("multipart/form-data"));

    let (key, did, vm) = did_key_signer();
    let signed = sign(&credential(&did), &key, &vm);
    let text = signed.to_string();
    let (content_type, body) = multipart(&[("credential", None, text.as_bytes())]);
    let response = node
        .client
        .post(node.url("/verify?lang=es"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Válida") && html.contains("Fundamentos de Rust"),
        "{html}"
    );
    assert!(html.contains("status-valid"));

    let (content_type, body) = multipart(&[
        ("credential", None, b""),
        ("file", Some("badge.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ]);
    let response = node
        .client
        .post(node.url("/verify?lang=en"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("badge could not be read")
    );
    let baked = mochila_protocol::baking::bake_png(mochila_pages::badge_png(), &text).unwrap();
    let (content_type, body) = multipart(&[("file", Some("badge.png"), &baked)]);
    let response = node
        .client
        .post(node.url("/verify?lang=es"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.text().await.unwrap().contains("status-valid"),
        "a baked badge verifies"
    );

    let (content_type, body) = multipart(&[("file", Some("vc.json"), text.as_bytes())]);
    let response = node
        .client
        .post(node.url("/verify?lang=pt"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let html = response.text().await.unwrap();
    assert!(
        html.contains("lang=\"pt\"") && html.contains("status-valid"),
        "{html}"
    );

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/c/1",
        listener.local_addr().unwrap().port()
    );
    let mut tampered = signed.clone();
    tampered["name"] = json!("<script>alert(1)</script>");
    serve_on(
        listener,
        document("/c/1", "application/vc+ld+json", &tampered),
    );
    let response = node
        .client
        .get(node.url(&format!(
            "/verify?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("url", &url)
                .append_pair("lang", "en")
                .finish()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Invalid") && html.contains("status-invalid"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "the report is escaped");
    assert!(
        html.contains(&format!("value=\"{url}\"")),
        "the URL is prefilled"
    );
}

#[tokio::test]
async fn a_vc_1_1_credential_is_read_with_issuance_and_expiration_dates() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let (key, did, vm) = did_key_signer();
    let mut doc = credential(&did);
    doc["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
    // VC 1.1 does not define DataIntegrityProof: the proof's terms need their own context.
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://w3id.org/security/data-integrity/v2"));
    let map = doc.as_object_mut().unwrap();
    map.remove("validFrom");
    map.insert("issuanceDate".into(), json!("2024-01-01T00:00:00Z"));
    map.insert("expirationDate".into(), json!("2025-01-01T00:00:00Z"));
    let report = verify(&node, &sign(&doc, &key, &vm)).await;
    assert_eq!(check(&report, "schema").0, "pass", "{report:#}");
    assert_eq!(report["status"], "expired", "{report:#}");
    assert!(check(&report, "validity_period").1.contains("2025-01-01"));
    assert_eq!(report["credential"]["validFrom"], "2024-01-01T00:00:00Z");
}

#[tokio::test]
async fn slow_status_lists_are_fetched_together_under_one_budget() {
    // Each fetch may take 1 s, the whole request 4 s: eight lists one after another would
    // answer 408; fetched together the report arrives, each entry `unknown`.
    let node = start_with(|c| {
        c.verification.fetch_timeout_secs = 1;
        c.http.request_timeout_secs = 4;
    })
    .await;
    let slow = axum::Router::new().route(
        "/status/{n}",
        axum::routing::get(|| async {
            tokio::time::sleep(std::time::Duration::from_secs(20)).await;
            "too late"
        }),
    );
    let addr = serve_on(TcpListener::bind("127.0.0.1:0").await.unwrap(), slow);
    let (key, did, vm) = did_key_signer();
    let mut doc = credential(&did);
    doc["credentialStatus"] = (0..8)
        .map(|n| {
            let url = format!("http://{addr}/status/{n}");
            json!({"id": format!("{url}#{n}"), "type": "BitstringStatusListEntry",
                   "statusPurpose": if n % 2 == 0 { "revocation" } else { "suspension" },
                   "statusListIndex": n.to_string(), "statusListCredential": url})
        })
        .collect();
    let report = verify(&node, &sign(&doc, &key, &vm)).await;
    assert_eq!(report["status"], "status_unknown", "{report:#}");
    let unknown = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"].as_str().unwrap().starts_with("status:"))
        .filter(|c| c["outcome"] == "unknown")
        .count();
    assert_eq!(unknown, 8, "{report:#}");
}
