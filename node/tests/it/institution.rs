//! The institution profile through the admin API: valid updates, and bad input that gets a
//! precise problem document and changes nothing.

use serde_json::{Value, json};

use crate::support::{TestNode, each_backend, problem};

fn profile() -> Value {
    json!({
        "legal_name": "Universidad de San Carlos de Guatemala",
        "short_name": "USAC",
        "country": "GT",
        "region": "Guatemala",
        "url": "https://www.usac.edu.gt",
        "email": "microcredenciales@usac.edu.gt",
        "logo": "",
        "description": "Universidad pública de Guatemala.",
        "languages": ["es"]
    })
}

async fn current(node: &TestNode) -> Value {
    node.get_as("/api/v1/institution", &node.admin_token)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn admin_updates_the_profile_and_it_is_published() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let response = node
            .put_json(
                "/api/v1/institution",
                Some(&node.admin_token),
                &profile().to_string(),
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(current(&node).await, profile());
        let published: Value = node.get("/issuer").await.json().await.unwrap();
        assert_eq!(published["name"], "Universidad de San Carlos de Guatemala");
        assert_eq!(published["address"]["addressCountryCode"], "GT");
        assert_eq!(published["address"]["addressRegion"], "Guatemala");
        assert_eq!(published["email"], "microcredenciales@usac.edu.gt");
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_a_precise_problem_and_changes_nothing() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let before = current(&node).await;
        let token = node.admin_token.clone();
        let path = "/api/v1/institution";

        let p = problem(
            node.put_json(path, Some(&token), "{\"legal_name\": ").await,
            400,
        )
        .await;
        assert_eq!(p["field"], "body");
        assert!(p["detail"].as_str().unwrap().contains("not valid JSON"));

        let mut wrong_type = profile();
        wrong_type["languages"] = json!("es");
        let p = problem(
            node.put_json(path, Some(&token), &wrong_type.to_string())
                .await,
            400,
        )
        .await;
        assert_eq!(p["field"], "/languages");

        let mut unknown = profile();
        unknown["pais"] = json!("GT");
        let p = problem(
            node.put_json(path, Some(&token), &unknown.to_string())
                .await,
            400,
        )
        .await;
        assert!(p["detail"].as_str().unwrap().contains("pais"), "{p}");

        let mut invalid = profile();
        invalid["country"] = json!("Guatemala");
        invalid["email"] = json!("not an email");
        invalid["url"] = json!("ftp://example.edu");
        let p = problem(
            node.put_json(path, Some(&token), &invalid.to_string())
                .await,
            400,
        )
        .await;
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["/country", "/url", "/email"]);

        let response = node
            .client
            .put(node.url(path))
            .bearer_auth(&token)
            .header("content-type", "text/plain")
            .body(profile().to_string())
            .send()
            .await
            .unwrap();
        problem(response, 415).await;

        let huge = format!("{{\"legal_name\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
        problem(node.put_json(path, Some(&token), &huge).await, 413).await;

        assert_eq!(current(&node).await, before, "nothing changed");
    })
    .await;
}
