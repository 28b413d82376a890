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
