//! The network catalogue's search: every member's achievements, found at every node by
//! text (any language, accents ignored), institution, country, field, level, credit system
//! and credits, hours, language, framework item and participation form, paged; on SQLite
//! (FTS5) and PostgreSQL (full-text search).

use std::time::{Duration, Instant};

use mochila_node::config::Config;
use serde_json::{Value, json};

use crate::issuance::{definition, post};
use crate::network::{admin_post, entity_of};
use crate::network_support::network_of;
use crate::support::{Backend, TestNode, backends, problem};

const FIELD: &str = "https://w3id.org/mochila/framework/v1/field-of-study/isced-f-022";

async fn start(backend: &Backend, country: &str) -> TestNode {
    let country = country.to_owned();
    TestNode::start_with(backend, move |c: &mut Config| {
        c.network.sync_interval_secs = 1;
        c.institution.country = country;
    })
    .await
}

async fn design(node: &TestNode, def: Value) -> String {
    let (status, body) = admin_post(node, "/api/v1/achievements", def).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The names `node` finds with `query`, sorted, and the total.
async fn found(node: &TestNode, query: &str) -> (Vec<String>, u64) {
    let r = node.get(&format!("/network/achievements?{query}")).await;
    assert_eq!(r.status(), 200, "{query}");
    let body: Value = r.json().await.unwrap();
    let mut names: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["names"]["es"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    (names, body["total"].as_u64().unwrap())
}

async fn names(node: &TestNode, query: &str) -> Vec<String> {
    found(node, query).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_node_finds_every_members_achievements_by_facet_and_text() {
    for backend in backends() {
        scenario(&backend).await;
    }
}

async fn scenario(backend: &Backend) {
    let coordinator = start(backend, "MX").await;
    let a = start(backend, "CL").await;
    let b = start(backend, "GT").await;
    network_of(&coordinator, &[&a, &b]).await;
    let c = entity_of(&coordinator);
    let reference = format!("{c}/shared/frameworks/mochila-reference/1");

    // A: data analysis (5 SCT-Chile, EQF 6, blended) and experience design (3 ECTS, EQF 5,
    // online). B: history of Guatemala (4 SATCA, EQF 4, onsite, Spanish only, aligned to
    // an ISCED-F field of the reference framework).
    let datos = design(&a, definition("Análisis de datos")).await;
    let mut diseno = definition("Diseño de experiencias");
    diseno["name"]["en"] = json!("Experience design");
    diseno["fieldOfStudy"] = json!("Diseño");
    diseno["description"] = json!({"es": "Prototipos y pruebas con usuarios."});
    diseno["workload"] = json!({"value": 3, "unit": "ECTS"});
    diseno["levels"][0]["value"] = json!("5");
    diseno["participationForm"] = json!("online");
    design(&a, diseno).await;
    let start_wait = Instant::now();
    while !names(&b, "")
        .await
        .contains(&"Análisis de datos".to_owned())
    {
        assert!(
            start_wait.elapsed() < Duration::from_secs(10),
            "A never reached B"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let held = (c.clone(), reference.clone(), "published".to_owned());
    crate::network_frameworks::until(&b, "", &held).await;
    let mut historia = definition("Historia de Guatemala");
    historia["name"] = json!({"es": "Historia de Guatemala"});
    historia["description"] = json!({"es": "Procesos históricos del siglo XX en Centroamérica."});
    historia["fieldOfStudy"] = json!("Historia");
    historia["workload"] = json!({"value": 4, "unit": "SATCA"});
    historia["levels"][0]["value"] = json!("4");
    historia["participationForm"] = json!("onsite");
    historia["frameworkItems"] = json!([{"framework": reference, "item": FIELD}]);
    design(&b, historia).await;
    let all = [
        "Análisis de datos",
        "Diseño de experiencias",
        "Historia de Guatemala",
    ];
    for node in [&coordinator, &a, &b] {
        let start_wait = Instant::now();
        while found(node, "").await.1 < 3 {
            assert!(
                start_wait.elapsed() < Duration::from_secs(10),
                "{:?}",
                names(node, "").await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(names(node, "").await, all);
    }

    let n = &coordinator;
    assert_eq!(names(n, "q=ANALISIS").await, ["Análisis de datos"]);
    assert_eq!(names(n, "q=experience").await, ["Diseño de experiencias"]);
    assert_eq!(
        names(n, "q=centroam%C3%A9rica%20siglo").await,
        ["Historia de Guatemala"]
    );
    assert_eq!(
        names(n, "q=hist").await,
        ["Historia de Guatemala"],
        "word starts"
    );
    assert!(names(n, "q=quimica").await.is_empty());
    assert_eq!(names(n, "eqfLevel=6").await, ["Análisis de datos"]);
    assert_eq!(
        names(n, "creditSystem=ECTS&minCredits=2&maxCredits=4").await,
        ["Diseño de experiencias"]
    );
    // 5 SCT = 120-155 h, 3 ECTS = 75-90 h, 4 SATCA = 64-200 h.
    assert_eq!(
        names(n, "minHours=70&maxHours=80").await,
        ["Diseño de experiencias", "Historia de Guatemala"]
    );
    assert_eq!(
        names(n, "country=cl").await,
        ["Análisis de datos", "Diseño de experiencias"]
    );
    assert_eq!(names(n, "country=GT").await, ["Historia de Guatemala"]);
    assert_eq!(
        names(n, "participationForm=online").await,
        ["Diseño de experiencias"]
    );
    assert_eq!(
        names(n, "language=en").await,
        ["Análisis de datos", "Diseño de experiencias"]
    );
    assert_eq!(
        names(n, "fieldOfStudy=HISTORIA").await,
        ["Historia de Guatemala"]
    );
    assert_eq!(
        names(n, &format!("frameworkItem={}", FIELD.replace(':', "%3A"))).await,
        ["Historia de Guatemala"]
    );
    let institution = entity_of(&a).replace(':', "%3A");
    assert_eq!(
        names(n, &format!("institution={institution}&eqfLevel=5")).await,
        ["Diseño de experiencias"]
    );
    let (page, total) = found(n, "perPage=1&page=2").await;
    assert_eq!((page.len(), total), (1, 3));

    // The page for people: the form filled in again (blank fields are no filter), each
    // result linking to its institution's page, in the page language.
    let html = n
        .client
        .get(n.url("/network/achievements?q=analisis&country=&eqfLevel=6&minHours=&lang=en"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), 200);
    let html = html.text().await.unwrap();
    assert!(
        html.contains("Network catalogue") && html.contains("1 result<"),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "href=\"{}/achievements/{datos}/versions/1\"",
            entity_of(&a)
        )),
        "{html}"
    );
    assert!(html.contains("<option value=\"6\" selected>"));
    assert!(html.contains("value=\"analisis\""));
    for (query, field) in [
        ("minCredits=2", "minCredits"),
        ("perPage=0", "perPage"),
        ("minHours=-1", "minHours"),
        ("color=red", "color"),
    ] {
        let p = problem(n.get(&format!("/network/achievements?{query}")).await, 400).await;
        assert!(p.to_string().contains(field), "{query}: {p}");
    }

    // Archived at A: found at B only when asked for.
    let r = post(
        &a,
        &format!("/api/v1/achievements/{datos}/archive"),
        &a.admin_token,
        &json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let start_wait = Instant::now();
    while names(&b, "q=datos").await.len() == 1 {
        assert!(
            start_wait.elapsed() < Duration::from_secs(10),
            "never archived at B"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        names(&b, "q=datos&archived=true").await,
        ["Análisis de datos"]
    );
}
