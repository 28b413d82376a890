//! The catalogue, issuing (one and a cohort), status lists, revocation and the audit log,
//! end to end over HTTP.

use std::time::Duration;

use mochila_node::auth::Role;
use mochila_protocol::did::DidDocument;
use mochila_protocol::proof::{DataIntegrity, DocumentResolver, VerifyOptions};
use mochila_protocol::status::{BitstringStatusListEntry, status_of};
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::{TestNode, each_backend, problem};

pub use mochila_node::fixtures::definition;

pub async fn post(node: &TestNode, path: &str, token: &str, body: &Value) -> Response {
    node.client
        .post(node.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Creates an achievement and returns its id.
pub async fn achievement(node: &TestNode, name: &str) -> String {
    let r = post(
        node,
        "/api/v1/achievements",
        &node.admin_token,
        &definition(name),
    )
    .await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Issues one credential and returns the response body.
pub async fn issue(node: &TestNode, achievement_id: &str, email: &str) -> Value {
    let body = json!({"achievementId": achievement_id, "learner": {"name": "Ana Pérez", "emails": [email]}});
    let r = post(node, "/api/v1/credentials", &node.admin_token, &body).await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    r.json().await.unwrap()
}

async fn did_document(node: &TestNode) -> DidDocument {
    node.get("/.well-known/did.json")
        .await
        .json()
        .await
        .unwrap()
}

fn verify(doc: &Value, did: &DidDocument) -> bool {
    let resolver = DocumentResolver::new(vec![did.clone()]);
    let report = DataIntegrity::default().verify(doc, &resolver, &VerifyOptions::default());
    report.verified
}

/// The status bit of `credential`'s `purpose` entry, from the list the node serves (whose
/// proof is checked).
async fn status_bit(node: &TestNode, credential: &Value, purpose: &str) -> bool {
    let did = did_document(node).await;
    let entry: BitstringStatusListEntry = serde_json::from_value(
        credential["credentialStatus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["statusPurpose"] == purpose)
            .unwrap()
            .clone(),
    )
    .unwrap();
    let url = entry.status_list_credential.replace(
        &node
            .config
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_owned(),
        &node.url(""),
    );
    let r = node.client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("etag"));
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let list: Value = r.json().await.unwrap();
    assert!(verify(&list, &did), "the status list's own proof verifies");
    status_of(&entry, &list).unwrap()
}

#[tokio::test]
async fn achievements_are_versioned_and_published() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let viewer = node.token(Role::Viewer).await;
        problem(
            post(&node, "/api/v1/achievements", &viewer, &definition("X")).await,
            403,
        )
        .await;

        let mut bad = definition("X");
        bad["workload"] = json!({"value": -1, "unit": "parsecs"});
        bad.as_object_mut().unwrap().remove("levels");
        let p = problem(
            post(&node, "/api/v1/achievements", &node.admin_token, &bad).await,
            400,
        )
        .await;
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["/workload/value", "/workload/unit", "/levels"]);

        let designer = node.token(Role::Designer).await;
        let r = post(
            &node,
            "/api/v1/achievements",
            &designer,
            &definition("Análisis de datos"),
        )
        .await;
        assert_eq!(r.status(), 201);
        let created: Value = r.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        assert_eq!(created["version"], 1);
        assert_eq!(created["achievement"]["creditsAvailable"], 5.0);
        assert_eq!(
            created["achievement"]["alignment"][0]["targetUrl"],
            "http://data.europa.eu/snb/eqf/6"
        );

        let r = node
            .client
            .put(node.url(&format!("/api/v1/achievements/{id}")))
            .bearer_auth(&designer)
            .json(&definition("Análisis de datos II"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["version"], 2);

        let v1: Value = node
            .get(&format!("/achievements/{id}/versions/1"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v1["name"], "Análisis de datos");
        assert_eq!(
            v1["id"],
            node.config
                .base_url
                .join(&format!("achievements/{id}/versions/1"))
                .unwrap()
                .as_str()
        );
        let current: Value = node
            .get(&format!("/achievements/{id}?lang=en"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(current["name"], "Análisis de datos II (en)");
        assert_eq!(current["version"], "2");
        problem(
            node.get(&format!("/achievements/{id}/versions/9")).await,
            404,
        )
        .await;

        let list: Value = node
            .get("/achievements?q=datos&perPage=10")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
        problem(node.get("/achievements?perPage=0").await, 400).await;
        problem(node.get("/achievements?bogus=1").await, 400).await;

        let r = post(
            &node,
            &format!("/api/v1/achievements/{id}/archive"),
            &designer,
            &json!({"reason": "replaced"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        let list: Value = node.get("/achievements").await.json().await.unwrap();
        assert_eq!(
            list["total"], 0,
            "archived achievements leave the public list"
        );
        let staff: Value = node
            .get_as("/api/v1/achievements", &designer)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(staff["total"], 0);
        let staff: Value = node
            .get_as("/api/v1/achievements?archived=true", &designer)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            staff["total"], 1,
            "staff find archived achievements to restore"
        );
        assert_eq!(staff["items"][0]["id"], json!(id));
        assert_eq!(staff["items"][0]["archived"], true);
        problem(
            node.get_as("/api/v1/achievements?archived=maybe", &designer)
                .await,
            400,
        )
        .await;
        problem(node.get("/api/v1/achievements").await, 401).await;
        let body =
            json!({"achievementId": id, "learner": {"name": "Ana", "emails": ["ana@uni.cl"]}});
        problem(
            post(&node, "/api/v1/credentials", &node.admin_token, &body).await,
            409,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn issue_verify_suspend_and_revoke() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "Análisis de datos").await;
        let issued = issue(&node, &id, "Ana@Uni.CL").await;
        let vc = &issued["credential"];
        let did = did_document(&node).await;
        assert!(
            verify(vc, &did),
            "the node's credential verifies against its DID document"
        );
        assert_eq!(vc["issuer"]["id"], node.did());
        assert_eq!(
            vc["credentialSubject"]["achievement"]["id"]
                .as_str()
                .unwrap(),
            node.config
                .base_url
                .join(&format!("achievements/{id}/versions/1"))
                .unwrap()
                .as_str()
        );
        let ids = vc["credentialSubject"]["identifier"].as_array().unwrap();
        let email = ids
            .iter()
            .find(|i| i["identityType"] == "emailAddress")
            .unwrap();
        assert_eq!(email["hashed"], true);
        let salt = email["salt"].as_str().unwrap();
        let expected = format!(
            "sha256${}",
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                format!("ana@uni.cl{salt}").as_bytes()
            ))
        );
        assert_eq!(email["identityHash"], expected.as_str());
        assert!(
            !vc.to_string().contains("ana@uni.cl"),
            "the address itself is not in the credential"
        );
        assert_eq!(vc["credentialStatus"].as_array().unwrap().len(), 2);

        let mut tampered = vc.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Otra cosa");
        assert!(!verify(&tampered, &did));

        // The public URL serves the signed JSON by content negotiation.
        let url = issued["url"].as_str().unwrap().replace(
            node.config.base_url.as_str().trim_end_matches('/'),
            &node.url(""),
        );
        let r = node
            .client
            .get(&url)
            .header("accept", "application/ld+json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "application/ld+json");
        assert_eq!(&r.json::<Value>().await.unwrap(), vc);

        assert!(!status_bit(&node, vc, "revocation").await);
        let cid = issued["id"].as_str().unwrap();
        let issuer = node.token(Role::Issuer).await;
        problem(
            post(
                &node,
                &format!("/api/v1/credentials/{cid}/suspend"),
                &issuer,
                &json!({"reason": " "}),
            )
            .await,
            400,
        )
        .await;
        let r = post(
            &node,
            &format!("/api/v1/credentials/{cid}/suspend"),
            &issuer,
            &json!({"reason": "investigación académica"}),
        )
        .await;
        assert_eq!(r.json::<Value>().await.unwrap()["state"], "suspended");
        assert!(status_bit(&node, vc, "suspension").await);
        let r = post(
            &node,
            &format!("/api/v1/credentials/{cid}/unsuspend"),
            &issuer,
            &json!({"reason": "aclarado"}),
        )
        .await;
        assert_eq!(r.json::<Value>().await.unwrap()["state"], "active");
        assert!(!status_bit(&node, vc, "suspension").await);
        problem(
            post(
                &node,
                &format!("/api/v1/credentials/{cid}/unsuspend"),
                &issuer,
                &json!({"reason": "x"}),
            )
            .await,
            409,
        )
        .await;

        let r = post(
            &node,
            &format!("/api/v1/credentials/{cid}/revoke"),
            &issuer,
            &json!({"reason": "plagio comprobado"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        assert!(status_bit(&node, vc, "revocation").await);
        problem(
            post(
                &node,
                &format!("/api/v1/credentials/{cid}/revoke"),
                &issuer,
                &json!({"reason": "again"}),
            )
            .await,
            409,
        )
        .await;
        problem(
            post(
                &node,
                &format!("/api/v1/credentials/{cid}/suspend"),
                &issuer,
                &json!({"reason": "x"}),
            )
            .await,
            409,
        )
        .await;
        problem(
            post(
                &node,
                "/api/v1/credentials/nope/revoke",
                &issuer,
                &json!({"reason": "x"}),
            )
            .await,
            404,
        )
        .await;

        // The audit log has every change with who and why.
        problem(node.get_as("/api/v1/audit", &issuer).await, 403).await;
        let events: Vec<Value> = node
            .get_as("/api/v1/audit?action=credential", &node.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "credential.issue",
                "credential.suspend",
                "credential.unsuspend",
                "credential.revoke"
            ]
        );
        assert_eq!(events[3]["reason"], "plagio comprobado");
        assert_eq!(events[3]["actor"], "test-issuer");
        let csv = node
            .get_as("/api/v1/audit?format=csv", &node.admin_token)
            .await
            .text()
            .await
            .unwrap();
        assert!(csv.starts_with("id,at,actor,role,action,subject,reason,details\r\n"));
        assert!(csv.contains("plagio comprobado"));
    })
    .await;
}

#[tokio::test]
async fn status_lists_answer_if_none_match() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let id = achievement(&node, "A").await;
    issue(&node, &id, "a@uni.cl").await;
    let r = node.get("/status/revocation/1").await;
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let again = node
        .client
        .get(node.url("/status/revocation/1"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    problem(node.get("/status/revocation/2").await, 404).await;
    problem(node.get("/status/other/1").await, 404).await;
}

#[tokio::test]
async fn idempotency_key_never_issues_twice() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "A").await;
        let body =
            json!({"achievementId": id, "learner": {"name": "Ana", "emails": ["ana@uni.cl"]}});
        let send = |body: Value| {
            node.client
                .post(node.url("/api/v1/credentials"))
                .bearer_auth(&node.admin_token)
                .header("idempotency-key", "cohort-7-ana")
                .json(&body)
                .send()
        };
        let first: Value = send(body.clone()).await.unwrap().json().await.unwrap();
        let r = send(body.clone()).await.unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["idempotent-replayed"], "true");
        assert_eq!(r.json::<Value>().await.unwrap()["id"], first["id"]);
        let mut other = body.clone();
        other["learner"]["name"] = json!("Otra");
        problem(send(other).await.unwrap(), 422).await;
        let list: Value = node
            .get_as("/api/v1/credentials", &node.admin_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
    })
    .await;
}

pub async fn wait_for_batch(node: &TestNode, url: &str) -> Value {
    let path = url.replace(node.config.base_url.as_str().trim_end_matches('/'), "");
    for _ in 0..600 {
        let status: Value = node
            .get_as(&path, &node.admin_token)
            .await
            .json()
            .await
            .unwrap();
        if status["state"] == "completed" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("batch did not complete");
}

fn cohort_csv(n: usize) -> String {
    let mut csv = String::from("name,email,result\n");
    for i in 0..n {
        csv.push_str(&format!("Estudiante {i},e{i}@uni.cl,6.{}\n", i % 10));
    }
    csv
}

#[tokio::test]
async fn a_cohort_from_csv_is_issued_and_bad_rows_reported() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "Cohorte").await;
        let mut csv = cohort_csv(1200);
        csv.push_str("Sin Correo,,\n\"Mal, Correo\",no-es-correo,5\n");
        let r = node
            .client
            .post(node.url(&format!("/api/v1/issuance-batches?achievementId={id}")))
            .bearer_auth(&node.admin_token)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let accepted: Value = r.json().await.unwrap();
        assert_eq!(accepted["total"], 1200);
        let rejected = accepted["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), 2);
        assert_eq!(rejected[0]["line"], 1202);
        assert_eq!(rejected[0]["column"], "emails");
        assert_eq!(rejected[1]["line"], 1203);
        let done = wait_for_batch(&node, accepted["url"].as_str().unwrap()).await;
        assert_eq!(done["done"], 1200);
        assert_eq!(done["failed"], 0);
        let batch = accepted["id"].as_str().unwrap();
        let list: Value = node
            .get_as(
                &format!("/api/v1/credentials?batchId={batch}&perPage=1"),
                &node.admin_token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1200);
    })
    .await;
}

#[tokio::test]
async fn bad_input_changes_nothing() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "A").await;
        let csv_post = |query: String, body: Vec<u8>, ct: &'static str| {
            node.client.post(node.url(&format!("/api/v1/issuance-batches{query}"))).bearer_auth(&node.admin_token)
                .header("content-type", ct).body(body).send()
        };
        let p = problem(csv_post(format!("?achievementId={id}"), b"name,Nombre\nAna,Ana\n".to_vec(), "text/csv").await.unwrap(), 400).await;
        assert_eq!(p["field"], "line 1, column 2");
        let p = problem(csv_post(format!("?achievementId={id}"), b"name,email\n,bad\n".to_vec(), "text/csv").await.unwrap(), 400).await;
        assert_eq!(p["errors"].as_array().unwrap().len(), 2, "every bad row, nothing issued: {p}");
        let p = problem(csv_post("?achievementId=nope".into(), cohort_csv(2).into_bytes(), "text/csv").await.unwrap(), 400).await;
        assert_eq!(p["field"], "/achievementId");
        problem(csv_post(format!("?achievementId={id}"), cohort_csv(2).into_bytes(), "text/plain").await.unwrap(), 415).await;
        let body = json!({"achievementId": "nope", "learner": {"name": "Ana", "emails": ["ana@uni.cl"]}});
        problem(post(&node, "/api/v1/credentials", &node.admin_token, &body).await, 400).await;
        let body = json!({"achievementId": id, "learner": {"name": "Ana", "emails": ["not-mail"]}});
        let p = problem(post(&node, "/api/v1/credentials", &node.admin_token, &body).await, 400).await;
        assert_eq!(p["field"], "/learner/emails/0");

        // A 50 MB upload and an image that is not an image.
        let put_image = |body: Vec<u8>, ct: &'static str| {
            node.client.put(node.url(&format!("/api/v1/achievements/{id}/image"))).bearer_auth(&node.admin_token)
                .header("content-type", ct).body(body).send()
        };
        problem(put_image(vec![0u8; 50 * 1024 * 1024], "image/png").await.unwrap(), 413).await;
        problem(put_image(b"<html><body>hi</body></html>".to_vec(), "image/png").await.unwrap(), 400).await;
        problem(put_image(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(), "image/svg+xml").await.unwrap(), 400).await;
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>".to_vec();
        let r = put_image(svg.clone(), "image/svg+xml").await.unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["version"], 2);
        let image_path = v["imageUrl"].as_str().unwrap().replace(node.config.base_url.as_str().trim_end_matches('/'), "");
        let img = node.get(&image_path).await;
        assert_eq!(img.headers()["content-type"], "image/svg+xml");
        assert!(img.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
        assert_eq!(img.bytes().await.unwrap().to_vec(), svg);

        let list: Value = node.get_as("/api/v1/credentials", &node.admin_token).await.json().await.unwrap();
        assert_eq!(list["total"], 0, "no bad request issued anything");
    })
    .await;
}

#[tokio::test]
async fn a_batch_interrupted_by_a_restart_issues_every_row_once() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "Reinicio").await;
        let r = node
            .client
            .post(node.url(&format!("/api/v1/issuance-batches?achievementId={id}")))
            .bearer_auth(&node.admin_token)
            .header("content-type", "text/csv")
            .body(cohort_csv(3000))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let accepted: Value = r.json().await.unwrap();
        let batch_id = accepted["id"].as_str().unwrap().to_owned();
        let (node, (stopped_at, leased)) = node
            .restart_with(async |db| {
                use mochila_node::store::entity::states::{BatchState, RowState};
                use mochila_node::store::entity::{batch_row, issuance_batch};
                use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
                let batch = issuance_batch::Entity::find_by_id(batch_id.clone())
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(batch.state, BatchState::Running, "stopped mid-batch");
                let leased = batch_row::Entity::find()
                    .filter(batch_row::Column::BatchId.eq(batch_id.clone()))
                    .filter(batch_row::Column::State.eq(RowState::Pending))
                    .filter(batch_row::Column::LeaseUntil.is_not_null())
                    .count(db)
                    .await
                    .unwrap();
                (batch.done, leased)
            })
            .await;
        assert!(
            stopped_at < 3000,
            "the restart interrupted the batch (done: {stopped_at})"
        );
        assert_eq!(leased, 0, "a graceful stop gives up its leases");
        let done = wait_for_batch(&node, accepted["url"].as_str().unwrap()).await;
        assert_eq!(done["done"], 3000);
        let batch = accepted["id"].as_str().unwrap();
        let list: Value = node
            .get_as(
                &format!("/api/v1/credentials?batchId={batch}&perPage=1"),
                &node.admin_token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 3000, "every row exactly once");
    })
    .await;
}

#[tokio::test]
async fn the_learner_page_and_baked_badges() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let id = achievement(&node, "Análisis de datos").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let cid = issued["id"].as_str().unwrap();
    let page = |q: &'static str, accept_language: &'static str| {
        node.client
            .get(node.url(&format!("/credentials/{cid}{q}")))
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("accept-language", accept_language)
            .send()
    };
    let r = page("", "es-CL,es;q=0.9").await.unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = r.text().await.unwrap();
    for needle in [
        "Ana Pérez",
        "Análisis de datos",
        "<svg",
        "linkedin.com/profile/add",
        "badge.png",
        "lang=\"es\"",
    ] {
        assert!(html.contains(needle), "page lacks {needle}");
    }
    let html = page("?lang=en&utm_source=qr", "es")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Análisis de datos (en)") && html.contains("lang=\"en\""));

    let document = serde_json::to_string(&issued["credential"]).unwrap();
    let png = node
        .get(&format!("/credentials/{cid}/badge.png"))
        .await
        .bytes()
        .await
        .unwrap();
    let baked = mochila_protocol::baking::extract_png(&png)
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&baked).unwrap(),
        serde_json::from_str::<Value>(&document).unwrap()
    );
    let svg = node
        .get(&format!("/credentials/{cid}/badge.svg"))
        .await
        .text()
        .await
        .unwrap();
    let baked = mochila_protocol::baking::extract_svg(&svg)
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&baked).unwrap(),
        issued["credential"]
    );
    problem(
        node.get(&format!("/credentials/{cid}/other.txt")).await,
        404,
    )
    .await;
    problem(
        node.get("/credentials/00000000-0000-4000-8000-000000000000")
            .await,
        404,
    )
    .await;

    let issuer = node.token(Role::Issuer).await;
    post(
        &node,
        &format!("/api/v1/credentials/{cid}/revoke"),
        &issuer,
        &json!({"reason": "error de registro"}),
    )
    .await;
    let html = page("?lang=es", "es").await.unwrap().text().await.unwrap();
    assert!(
        html.contains("Revocada") && !html.contains("error de registro"),
        "a revoked credential's page says so, without the reason (staff-only)"
    );
}

#[tokio::test]
async fn a_full_status_list_starts_the_next_one() {
    use mochila_node::status_lists::{LIST_SIZE, Purpose};
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let state = &node.node.as_ref().unwrap().state;
    let txn = mochila_node::store::begin_write(&state.db).await.unwrap();
    let slots = state
        .issuer
        .status_lists
        .allocate(&txn, Purpose::Revocation, LIST_SIZE + 10)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let first: std::collections::HashSet<i32> = slots
        .iter()
        .filter(|s| s.list == 1)
        .map(|s| s.index)
        .collect();
    assert_eq!(first.len(), LIST_SIZE, "every index of list 1 used once");
    assert_eq!(slots.iter().filter(|s| s.list == 2).count(), 10);
    let in_order = slots
        .iter()
        .take(100)
        .zip(0..)
        .filter(|(s, i)| s.index == *i)
        .count();
    assert!(in_order < 10, "indexes are drawn at random, not in order");
    assert_eq!(node.get("/status/revocation/2").await.status(), 200);
}

#[tokio::test]
async fn the_node_verifies_its_own_credentials_with_outbound_fetches_locked_down() {
    // A demo node on http://localhost with private addresses and plain HTTP refused still
    // reaches its own DID document and status lists.
    let node = crate::verify::helpers::start_with(|c| {
        c.federation.allow_private_addresses = false;
        c.federation.allow_http = false;
    })
    .await;
    let id = achievement(&node, "Propia").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let verify = || async {
        let r = node
            .client
            .post(node.url("/api/v1/verify"))
            .json(&json!({"credential": issued["credential"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()
    };
    let report = verify().await;
    assert_eq!(report["status"], "valid", "{report:#}");
    assert_eq!(report["verified"], true);
    let cid = issued["id"].as_str().unwrap();
    post(
        &node,
        &format!("/api/v1/credentials/{cid}/revoke"),
        &node.admin_token,
        &json!({"reason": "error"}),
    )
    .await;
    let report = verify().await;
    assert_eq!(report["status"], "revoked", "{report:#}");
}
