//! Health, metrics, request ids, fallbacks and the OpenAPI document.

use serde_json::Value;

use crate::support::{Backend, TestNode, each_backend, problem};

#[tokio::test]
async fn healthz_checks_the_database() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node.get("/healthz").await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["database"], "ok");
        node.node
            .as_ref()
            .unwrap()
            .state
            .db
            .clone()
            .close()
            .await
            .unwrap();
        let response = node.get("/healthz").await;
        assert_eq!(response.status(), 503, "a closed database is reported");
    })
    .await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let node = TestNode::start(&Backend::Sqlite).await;
    node.get("/.well-known/did.json").await;
    node.get("/api/v1/institution").await;
    let text = node.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(r#"mochila_http_requests_total{method="GET",route="/.well-known/did.json",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/institution",status="401"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("mochila_http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("mochila_db_pool_connections"), "{text}");
}

#[tokio::test]
async fn request_ids_are_set_or_propagated() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let response = node.get("/healthz").await;
    let generated = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    let response = node
        .client
        .get(node.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let node = TestNode::start(&Backend::Sqlite).await;
    problem(node.get("/no/such/thing").await, 404).await;
    let response = node
        .client
        .delete(node.url("/.well-known/did.json"))
        .send()
        .await
        .unwrap();
    problem(response, 405).await;
}

/// The published OpenAPI document equals the reviewed snapshot. After an intended API
/// change, regenerate it with `UPDATE_SNAPSHOTS=1 cargo test -p mochila-node --test it openapi`.
#[tokio::test]
async fn openapi_document_matches_the_snapshot() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let doc: Value = node.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/.well-known/did.json",
        "/issuer",
        "/healthz",
        "/metrics",
        "/api/v1/institution",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    let rendered = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let snapshot = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(snapshot, &rendered).unwrap();
    }
    let expected = std::fs::read_to_string(snapshot).unwrap_or_default();
    assert!(
        expected == rendered,
        "the OpenAPI document changed; review and run with UPDATE_SNAPSHOTS=1"
    );
}

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The document is complete: every schema it refers to is defined, and every route says
/// what its kind of route answers (401/403 with a token, 413/415 with a body, 400 with
/// query parameters).
#[tokio::test]
async fn openapi_document_is_complete() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let doc: Value = node.get("/api/openapi.json").await.json().await.unwrap();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    for r in found {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{r} is not defined"
        );
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let has = |status: &str| op["responses"].get(status).is_some();
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            let query = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let at = format!("{method} {path}");
            if secured {
                assert!(has("401") && has("403"), "{at}: 401 and 403");
            }
            if op.get("requestBody").is_some() {
                assert!(
                    has("400") && has("413") && has("415"),
                    "{at}: 400, 413 and 415"
                );
            }
            if query {
                assert!(has("400"), "{at}: 400");
            }
        }
    }
}

#[tokio::test]
async fn api_docs_page_works_offline() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let response = node.get("/api/docs/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    for remote in ["https://", "http://", "//cdn", "unpkg", "jsdelivr"] {
        let external_script =
            html.contains(&format!("src=\"{remote}")) || html.contains(&format!("href=\"{remote}"));
        assert!(
            !external_script,
            "the docs page loads nothing from {remote}"
        );
    }
    let js = node.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(js.status(), 200, "assets are served by the node itself");
    assert!(js.bytes().await.unwrap().len() > 100_000);
}

/// Found by the contract test: a page number near 2^63 closed the connection (an offset
/// overflow); every listing answers 400 naming `?page`.
#[tokio::test]
async fn huge_page_numbers_are_a_clear_error() {
    let node = TestNode::start(&Backend::Sqlite).await;
    for path in [
        "/achievements",
        "/api/v1/achievements",
        "/api/v1/credentials",
        "/api/v1/peers",
        "/api/v1/inbox",
        "/api/v1/deliveries",
    ] {
        let r = node
            .get_as(
                &format!("{path}?page=9223372036854775808"),
                &node.admin_token,
            )
            .await;
        let p = crate::support::problem(r, 400).await;
        assert_eq!(p["field"], "?page", "{path}");
    }
}
