//! Revocation and suspension reasons are staff-only: the public page says what happened and
//! when, and offers neither LinkedIn nor a wallet; the admin API keeps the reason.

use mochila_node::auth::Role;
use reqwest::Response;
use serde_json::{Value, json};

use crate::issuance::{achievement, issue, post};
use crate::support::{Backend, TestNode, each_backend};

async fn page(node: &TestNode, path: &str) -> String {
    node.client
        .get(node.url(path))
        .header("accept", "text/html")
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn json_of(r: Response) -> Value {
    assert!(r.status().is_success(), "{}", r.status());
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_revoked_or_suspended_page_shows_no_reason_and_no_offers() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let issuer = node.token(Role::Issuer).await;
        let id = achievement(&node, "Análisis de datos").await;
        for (action, reason, label) in [
            ("revoke", "plagio comprobado", "Revocada el"),
            (
                "suspend",
                "investigación disciplinaria",
                "Suspendida desde el",
            ),
        ] {
            let issued = issue(&node, &id, "ana@uni.cl").await;
            let cid = issued["id"].as_str().unwrap();
            let path = format!("/credentials/{cid}");
            let before = page(&node, &path).await;
            assert!(
                before.contains("linkedin.com/profile/add"),
                "active: offered"
            );
            let offer = json_of(
                post(
                    &node,
                    &format!("/api/v1/credentials/{cid}/exchanges"),
                    &issuer,
                    &json!({}),
                )
                .await,
            )
            .await;
            let with_offer = format!("{path}?exchange={}", offer["id"].as_str().unwrap());
            assert!(page(&node, &with_offer).await.contains("lcw.app"));

            let r = post(
                &node,
                &format!("/api/v1/credentials/{cid}/{action}"),
                &issuer,
                &json!({"reason": reason}),
            )
            .await;
            assert_eq!(r.status(), 200, "{action}");
            for html in [page(&node, &path).await, page(&node, &with_offer).await] {
                assert!(!html.contains(reason), "{action}: the reason is not public");
                assert!(!html.contains("Motivo"), "{action}");
                assert!(
                    !html.contains("linkedin.com"),
                    "{action}: no LinkedIn offer"
                );
                assert!(
                    !html.contains("lcw.app") && !html.contains("/exchanges/"),
                    "{action}: no wallet offer"
                );
                assert!(
                    html.contains(&format!("{label} <time datetime=\"20")),
                    "{action}: says when"
                );
            }
            // The exchange itself refuses now, and the public verification says nothing more.
            let p = crate::support::problem(
                node.client
                    .post(node.url(&format!("/exchanges/{}", offer["id"].as_str().unwrap())))
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap(),
                409,
            )
            .await;
            assert!(!p.to_string().contains(reason));
            let report = node
                .client
                .post(node.url("/api/v1/verify"))
                .json(&json!({"credential": issued["credential"]}))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(!report.contains(reason), "verification: {report}");

            // Staff still see why.
            let record = json_of(
                node.get_as(&format!("/api/v1/credentials/{cid}"), &issuer)
                    .await,
            )
            .await;
            let key = if action == "revoke" {
                "revocationReason"
            } else {
                "suspensionReason"
            };
            assert_eq!(record[key], reason);
        }
    })
    .await;
}

#[tokio::test]
async fn an_active_page_keeps_its_linkedin_offer() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Análisis de datos").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let html = page(
        &node,
        &format!("/credentials/{}", issued["id"].as_str().unwrap()),
    )
    .await;
    assert!(html.contains("linkedin.com/profile/add") && !html.contains("Revocada"));
}
