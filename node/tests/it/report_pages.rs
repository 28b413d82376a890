//! Who, by whom and what, on the public pages: the learner page and the `/verify` report of
//! a credential the node issued show the learner, the institution and its country by name,
//! the achievement's workload, level, participation form and quality assurance, the grade and
//! the activity dates, in the page's language; the language links keep the other parameters.

use mochila_node::config::Config;
use serde_json::{Value, json};

use crate::issuance::{achievement, post};
use crate::support::{Backend, TestNode};

async fn html(node: &TestNode, path: &str, lang: &str) -> String {
    let r = node
        .client
        .get(node.url(path))
        .header("accept", "text/html")
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

/// A node in Chile with one credential carrying a grade and activity dates.
async fn node_with_credential() -> (TestNode, String) {
    let node = TestNode::start_with(&Backend::Sqlite, |c: &mut Config| {
        c.institution.country = "CL".into();
        c.institution.legal_name = "Universidad de Valparaíso".into();
    })
    .await;
    let id = achievement(&node, "Análisis de datos").await;
    let body = json!({"achievementId": id, "learner": {"name": "Ana Pérez",
        "emails": ["ana@uni.cl"], "result": "6.4",
        "activityStartDate": "2026-03-02", "activityEndDate": "2026-06-26"}});
    let r = post(&node, "/api/v1/credentials", &node.admin_token, &body).await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let issued: Value = r.json().await.unwrap();
    let url = node.url(&format!("/credentials/{}", issued["id"].as_str().unwrap()));
    (node, url)
}

#[tokio::test]
async fn the_learner_page_shows_grade_dates_participation_quality_and_country() {
    let (node, url) = node_with_credential().await;
    let path = url.trim_start_matches(&node.url(""));
    let es = html(&node, path, "es").await;
    for needle in [
        "<dt>Calificación</dt><dd>6.4</dd>",
        "<dd>2 de marzo de 2026 – 26 de junio de 2026</dd>",
        "<dt>Forma de participación</dt><dd>Mixta</dd>",
        "<dd>Acreditación externa: CNA-Chile</dd>",
        "<dt>País</dt><dd>Chile</dd>",
    ] {
        assert!(es.contains(needle), "es: {needle}");
    }
    let en = html(&node, &format!("{path}?lang=en"), "es").await;
    for needle in [
        "<dt>Grade</dt><dd>6.4</dd>",
        "<dd>2 March 2026 – 26 June 2026</dd>",
        "<dd>Blended</dd>",
        "<dd>External accreditation: CNA-Chile</dd>",
    ] {
        assert!(en.contains(needle), "en: {needle}");
    }
    assert!(!en.contains("<dd>CL</dd>"), "the country by name, not code");
}

#[tokio::test]
async fn the_verify_report_names_learner_institution_and_achievement_in_the_page_language() {
    let (node, url) = node_with_credential().await;
    let query = format!("/verify?url={}", mochila_pages::percent_encode(&url));
    let en = html(&node, &format!("{query}&lang=en"), "es").await;
    for needle in [
        "status status-valid",
        "<dt>Awarded to</dt><dd>Ana Pérez</dd>",
        "<dt>Achievement</dt><dd>Análisis de datos",
        "<dt>Country</dt><dd>Chile</dd>",
        "<dd>5 SCT-Chile</dd>",
        "<dt>Form of participation</dt><dd>Blended</dd>",
        "<dd>External accreditation: CNA-Chile</dd>",
        "<dt>Grade</dt><dd>6.4</dd>",
        "<dd>2 March 2026 – 26 June 2026</dd>",
        "The digital signature is valid",
        "The issuer has not revoked it",
    ] {
        assert!(en.contains(needle), "en: {needle}");
    }
    assert!(en.contains("<dt>Institution</dt><dd>Universidad de Valparaíso</dd>"));
    let es = html(&node, &query, "es").await;
    for needle in [
        "La firma digital es válida",
        "<dt>País</dt><dd>Chile</dd>",
        "Válida",
    ] {
        assert!(es.contains(needle), "es: {needle}");
    }
    // the result comes first, before the form (phones see it without scrolling)
    assert!(es.find("id=\"verify-result\"").unwrap() < es.find("id=\"verify-form\"").unwrap());
    // the language links switch the language and keep the URL being verified
    let encoded = mochila_pages::percent_encode(&url);
    assert!(
        es.contains(&format!("href=\"?url={encoded}&amp;lang=pt\"")),
        "language link keeps ?url="
    );
}

#[tokio::test]
async fn language_links_keep_the_catalogue_search() {
    let node = TestNode::start(&Backend::Sqlite).await;
    achievement(&node, "Análisis de datos").await;
    let page = html(&node, "/achievements?q=datos&lang=en", "es").await;
    assert!(page.contains("href=\"?q=datos&amp;lang=es\""), "{page}");
    assert!(page.contains("href=\"?q=datos&amp;lang=pt\""));
}
