//! The public home page in the visitor's language.

use crate::support::{Backend, TestNode};

#[tokio::test]
async fn home_page_speaks_the_visitors_language() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let es = node.get("/").await;
    assert_eq!(es.status(), 200);
    assert!(
        es.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let es = es.text().await.unwrap();
    assert!(es.contains("Universidad Demo Mochila") && es.contains("Identidad digital"));
    assert!(es.contains(&node.did()));
    let en = node
        .client
        .get(node.url("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("Digital identity") && en.contains("lang=\"en\""));
    let pt = node.get("/?lang=pt").await.text().await.unwrap();
    assert!(pt.contains("Identidade digital"));
    let css = node.get("/static/mochila.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}

/// An achievement's URL gives browsers its page (in their language) and machines its
/// JSON-LD; an empty search says what found nothing.
#[tokio::test]
async fn achievement_urls_negotiate_a_page_for_browsers() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = crate::issuance::achievement(&node, "Robótica educativa").await;
    let get = |path: String, accept: &'static str, lang: &'static str| {
        node.client
            .get(node.url(&path))
            .header("accept", accept)
            .header("accept-language", lang)
            .send()
    };
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for path in [
        format!("/achievements/{id}"),
        format!("/achievements/{id}/versions/1"),
    ] {
        let r = get(path.clone(), browser, "pt-BR,pt;q=0.9").await.unwrap();
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Robótica educativa") && html.contains("lang=\"pt\""),
            "{path}"
        );
        assert!(
            html.contains("Garantia da qualidade") && html.contains("5 SCT-Chile"),
            "{html}"
        );
        for accept in ["application/ld+json", "application/json", "*/*"] {
            let r = get(path.clone(), accept, "es").await.unwrap();
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .contains("json"),
                "{path} {accept}"
            );
            let doc: serde_json::Value = r.json().await.unwrap();
            assert_eq!(doc["type"], serde_json::json!(["Achievement"]));
        }
    }
    let es = get("/achievements?q=astronom%C3%ADa".into(), browser, "es")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(es.contains("No hay resultados para «astronomía»"), "{es}");
}

/// A browser at an unknown address gets a page in its language; API clients a problem
/// document. The home page leads to the catalogue and the verifier.
#[tokio::test]
async fn browsers_get_error_pages_and_the_home_page_leads_on() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let browser = "text/html,application/xhtml+xml,*/*;q=0.8";
    let r = node
        .client
        .get(node.url("/no/such/page?lang=en"))
        .header("accept", browser)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Page not found") && html.contains("href=\"/achievements\""),
        "{html}"
    );
    let r = node
        .client
        .delete(node.url("/verify"))
        .header("accept", browser)
        .header("accept-language", "pt")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.text().await.unwrap().contains("Operação não permitida"));
    crate::support::problem(node.get("/no/such/page").await, 404).await;
    let home = node.get("/").await.text().await.unwrap();
    assert!(home.contains("href=\"/achievements\"") && home.contains("href=\"/verify\""));
}
