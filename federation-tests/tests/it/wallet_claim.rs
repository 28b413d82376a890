//! Independent wallets claim a node's credential over its wallet exchange: Digital Bazaar's
//! stack over VC-API (`@digitalbazaar/vc` `signPresentation`, eddsa-rdfc-2022, a did:key
//! from `@digitalbazaar/did-method-key`) and the Learner Credential Wallet's own libraries
//! through its lcw.app deep link (Ed25519Signature2020, no domain). The credential each gets
//! is bound to its DID and verifies in Digital Bazaar's verifier; revoking the original
//! makes it fail there; a wrong challenge or domain is refused and changes nothing.

use mochila_federation_tests::interop::{Tool, require_interop};
use mochila_federation_tests::js::{
    self, Claim, ClaimOutcome, VerifyOptions, Wallet, claim_with_wallet,
};
use mochila_federation_tests::network::TestNode;
use serde_json::{Value, json};

use crate::support;

async fn claim(wallet: Wallet, claim: Claim) -> ClaimOutcome {
    tokio::task::spawn_blocking(move || claim_with_wallet(wallet, &claim).unwrap())
        .await
        .unwrap()
}

/// Runs the Digital Bazaar verifier off the async runtime (it calls back into the node).
async fn db_verify(credential: Value) -> js::DbReport {
    tokio::task::spawn_blocking(move || {
        let options = VerifyOptions::default().allow_http_did_web().check_status();
        js::verify_with_digital_bazaar(&credential, &options).unwrap()
    })
    .await
    .unwrap()
}

/// Issues a credential; returns its id and signed document.
async fn issued(node: &TestNode) -> (String, Value) {
    let (status, created) = node
        .post(
            "/api/v1/achievements",
            &support::definition("Análisis de datos con Python"),
        )
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let request = json!({"achievementId": created["id"],
        "learner": {"name": "Ana Pérez", "emails": ["ana@uni.cl"]}});
    let (status, issued) = node.post("/api/v1/credentials", &request).await.unwrap();
    assert_eq!(status, 201, "{issued}");
    (
        issued["id"].as_str().unwrap().to_owned(),
        issued["credential"].clone(),
    )
}

async fn open(node: &TestNode, credential_id: &str) -> Claim {
    let (status, offer) = node
        .post(
            &format!("/api/v1/credentials/{credential_id}/exchanges"),
            &json!({}),
        )
        .await
        .unwrap();
    assert_eq!(status, 201, "{offer}");
    Claim {
        exchange_url: offer["exchangeUrl"].as_str().unwrap().to_owned(),
        wallet_url: offer["walletUrl"].as_str().unwrap().to_owned(),
        ..Claim::default()
    }
}

fn check_copy(outcome: &ClaimOutcome, copy: &Value, original: &Value) {
    assert_eq!(copy["credentialSubject"]["id"], outcome.holder.as_str());
    assert!(outcome.holder.starts_with("did:key:z6Mk"));
    assert_eq!(copy["credentialStatus"], original["credentialStatus"]);
    assert_eq!(copy["id"], original["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn independent_wallets_claim_credentials_bound_to_their_dids() {
    if !require_interop(
        "independent_wallets_claim_credentials_bound_to_their_dids",
        &[Tool::NodePackages],
    ) {
        return;
    }
    let node = TestNode::start("Billetera").await.unwrap();
    let (id, original) = issued(&node).await;

    // Refusals first: each leaves the exchange usable.
    let offer = open(&node, &id).await;
    for (what, wrong) in [
        (
            "challenge",
            Claim {
                challenge: Some("not-the-challenge".into()),
                ..offer.clone()
            },
        ),
        (
            "domain",
            Claim {
                domain: Some("https://evil.example".into()),
                ..offer.clone()
            },
        ),
    ] {
        let refused = claim(Wallet::VcApi, wrong).await;
        assert_eq!(refused.status, 400, "{what}: {}", refused.response);
        assert_eq!(
            refused.response["field"],
            format!("/verifiablePresentation/proof/{what}"),
            "{}",
            refused.response
        );
    }

    // Digital Bazaar over VC-API.
    let outcome = claim(Wallet::VcApi, offer.clone()).await;
    assert_eq!(outcome.status, 200, "{}", outcome.response);
    let copy = outcome.response["verifiablePresentation"]["verifiableCredential"][0].clone();
    check_copy(&outcome, &copy, &original);
    let report = db_verify(copy.clone()).await;
    assert!(
        report.verified,
        "Digital Bazaar rejects the holder copy: {}",
        report.error_text()
    );
    let replay = claim(Wallet::VcApi, offer).await;
    assert_eq!(replay.status, 410, "{}", replay.response);

    // The Learner Credential Wallet's libraries, through its deep link.
    let lcw = claim(Wallet::Lcw, open(&node, &id).await).await;
    assert_eq!(lcw.status, 200, "{}", lcw.response);
    check_copy(&lcw, &lcw.response, &original);
    assert_ne!(lcw.holder, outcome.holder);
    let report = db_verify(lcw.response.clone()).await;
    assert!(report.verified, "{}", report.error_text());

    // Revoking the original revokes both copies.
    let (status, _) = node
        .post(
            &format!("/api/v1/credentials/{id}/revoke"),
            &json!({"reason": "plagio"}),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    for holder_copy in [copy, lcw.response] {
        let report = db_verify(holder_copy).await;
        assert!(
            !report.verified,
            "a revoked credential's copy must not verify"
        );
        assert!(
            report.error_text().to_lowercase().contains("revocation"),
            "{}",
            report.error_text()
        );
    }
}
