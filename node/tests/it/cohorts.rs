//! Cohorts as units really send them (Excel exports with extra columns, CRLF, day-first
//! dates, student numbers), matching credentials to learners, duplicates and retries.

use serde_json::{Value, json};

use crate::issuance::{achievement, post, wait_for_batch};
use crate::support::{TestNode, each_backend, problem};

/// What Excel writes for a Spanish-locale sheet: BOM, `;`, CRLF, columns Mochila does not
/// use, a stray space in an address, a learner listed twice.
const EXPORT: &str = "\u{feff}N°;RUT;Nombre completo;Correo electrónico;Nota final;Fecha de inicio;Carrera;\r\n\
    1;11.111.111-1;Ana Pérez;ana@uni.cl;6,4;02/03/2026;Ing.;\r\n\
    2;22.222.222-2;Bruno Díaz;pepe @gmail.com;5,0;02/03/2026;Ing.;\r\n\
    3;33.333.333-3;=HYPERLINK(\"http://x\");carla@uni.cl;5,5;31/02/2026;Ing.;\r\n\
    4;44.444.444-4;Dana Soto;dana@uni.cl;7,0;15-03-2026;Ing.;\r\n\
    5;11.111.111-1;Ana Pérez R.;ana.perez@uni.cl;6,4;02/03/2026;Ing.;\r\n";

async fn upload(node: &TestNode, query: &str, csv: &str, key: Option<&str>) -> reqwest::Response {
    let mut req = node
        .client
        .post(node.url(&format!("/api/v1/issuance-batches?{query}")))
        .bearer_auth(&node.admin_token)
        .header("content-type", "text/csv")
        .body(csv.to_owned());
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    req.send().await.unwrap()
}

fn lines(list: &Value, reason: &str) -> Vec<u64> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|w| w["reason"].as_str().unwrap().contains(reason))
        .map(|w| w["line"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_excel_export_is_issued_with_spreadsheet_lines_warnings_and_student_numbers() {
    each_backend(|backend| async move {
        let node = TestNode::start(&backend).await;
        let id = achievement(&node, "Cohorte Excel").await;
        let r = upload(&node, &format!("achievementId={id}"), EXPORT, None).await;
        assert_eq!(r.status(), 202);
        let accepted: Value = r.json().await.unwrap();
        // Lines as the spreadsheet shows them (header = 1), one bad address quoted.
        let rejected = &accepted["rejected"];
        assert_eq!(lines(rejected, "\"pepe @gmail.com\" is not an e-mail"), [3]);
        assert_eq!(lines(rejected, "\"31/02/2026\" is not a date"), [4]);
        assert_eq!(rejected.as_array().unwrap().len(), 2, "{rejected}");
        // Unknown columns are ignored, the learner listed twice is held back.
        let warnings = &accepted["warnings"];
        let ignored: Vec<&str> = warnings
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["line"] == 1)
            .map(|w| w["column"].as_str().unwrap())
            .collect();
        assert_eq!(ignored, ["N°", "Carrera", "column 8"]);
        assert_eq!(
            lines(warnings, "same external id 11.111.111-1 as line 2"),
            [6]
        );
        assert_eq!(accepted["total"], 2);
        wait_for_batch(&node, accepted["url"].as_str().unwrap()).await;

        // Staff match URLs to learners: external id and line, sorted, and as CSV.
        let batch = accepted["id"].as_str().unwrap();
        let list: Value = node
            .get_as(
                &format!("/api/v1/credentials?batchId={batch}&sort=-externalId"),
                &node.admin_token,
            )
            .await
            .json()
            .await
            .unwrap();
        let got: Vec<(&str, u64)> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["externalId"].as_str().unwrap(),
                    c["line"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, [("44.444.444-4", 5), ("11.111.111-1", 2)]);
        let credential = list["items"][1]["url"].as_str().unwrap().to_owned();
        let doc = node
            .get(&credential.replace(node.config.base_url.as_str().trim_end_matches('/'), ""))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !doc.contains("11.111.111-1"),
            "the external id stays out of the credential"
        );
        let r = node
            .get_as(
                &format!("/api/v1/credentials?batchId={batch}&sort=line&format=csv"),
                &node.admin_token,
            )
            .await;
        assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = r.text().await.unwrap();
        let rows: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            rows[0],
            "name,externalId,line,url,state,issuedAt,achievementId,batchId"
        );
        assert!(
            rows[1].starts_with(&format!("Ana Pérez,11.111.111-1,2,{credential},active,")),
            "{csv}"
        );
        assert!(rows[2].starts_with("Dana Soto,44.444.444-4,5,"), "{csv}");
        problem(
            node.get_as("/api/v1/credentials?sort=email", &node.admin_token)
                .await,
            400,
        )
        .await;
        problem(
            node.get_as("/api/v1/credentials?format=xlsx", &node.admin_token)
                .await,
            400,
        )
        .await;

        // Sent again: every learner already holds it; only duplicates=issue issues again.
        let again: Value = upload(&node, &format!("achievementId={id}"), EXPORT, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again["total"], 0);
        assert_eq!(
            lines(&again["warnings"], "already holds an active credential"),
            [2, 5]
        );
        let forced: Value = upload(
            &node,
            &format!("achievementId={id}&duplicates=issue"),
            EXPORT,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(
            forced["total"], 3,
            "Ana twice and Dana, with warnings: {forced}"
        );
        assert_eq!(lines(&forced["warnings"], "issued anyway"), [2, 5, 6]);
    })
    .await;
}

#[tokio::test]
async fn a_mapping_names_columns_and_a_formula_name_is_defused_in_the_csv() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let id = achievement(&node, "Mapeo").await;
    let csv = "Estudiante,Mail,Rol\n=1+1 Ana,ana@uni.cl,R-1\n";
    let p = problem(
        upload(&node, &format!("achievementId={id}&columns=Rol"), csv, None).await,
        400,
    )
    .await;
    assert_eq!(p["field"], "?columns");
    let r = upload(
        &node,
        &format!("achievementId={id}&columns=Estudiante%3Dname,Rol%3DexternalId"),
        csv,
        None,
    )
    .await;
    assert_eq!(r.status(), 202);
    let accepted: Value = r.json().await.unwrap();
    wait_for_batch(&node, accepted["url"].as_str().unwrap()).await;
    let csv = node
        .get_as(
            &format!(
                "/api/v1/credentials?batchId={}&format=csv",
                accepted["id"].as_str().unwrap()
            ),
            &node.admin_token,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\r\n'=1+1 Ana,R-1,2,"), "{csv}");
}

#[tokio::test]
async fn the_idempotency_fingerprint_covers_the_query_and_a_replay_shows_progress_now() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let a = achievement(&node, "A").await;
    let b = achievement(&node, "B").await;
    let csv = "name,email\nAna,ana@uni.cl\nBruno,bruno@uni.cl\n";
    let first: Value = upload(&node, &format!("achievementId={a}"), csv, Some("k-1"))
        .await
        .json()
        .await
        .unwrap();
    wait_for_batch(&node, first["url"].as_str().unwrap()).await;
    let r = upload(&node, &format!("achievementId={a}"), csv, Some("k-1")).await;
    assert_eq!(r.status(), 202);
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    let replay: Value = r.json().await.unwrap();
    assert_eq!(replay["id"], first["id"]);
    assert_eq!(
        replay["state"], "completed",
        "the batch as it is now: {replay}"
    );
    assert_eq!(replay["done"], 2);
    let p = problem(
        upload(&node, &format!("achievementId={b}"), csv, Some("k-1")).await,
        422,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("\"k-1\""), "{p}");
    let list: Value = node
        .get_as(
            &format!("/api/v1/credentials?achievementId={b}"),
            &node.admin_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "nothing issued for the other achievement");
    // Issued by an admin: audited as admin.
    let events: Vec<Value> = node
        .get_as("/api/v1/audit?action=credential.issue", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["role"] == "admin"), "{events:?}");
}

#[tokio::test]
async fn names_with_controls_or_overrides_and_definitions_missing_fields_are_refused_whole() {
    let node = TestNode::start(&crate::support::Backend::Sqlite).await;
    let id = achievement(&node, "A").await;
    for name in ["Ana\u{0}", "Ana\r\nPérez", "\u{202E}anA", "\u{200B}"] {
        let body = json!({"achievementId": id, "learner": {"name": name, "emails": ["a@uni.cl"]}});
        let p = problem(
            post(&node, "/api/v1/credentials", &node.admin_token, &body).await,
            400,
        )
        .await;
        assert_eq!(p["field"], "/learner/name", "{name:?}: {p}");
    }
    let csv = "name,email\n\"Ana\u{202E}\",a@uni.cl\nBruno,b@uni.cl\n";
    let accepted: Value = upload(&node, &format!("achievementId={id}"), csv, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accepted["rejected"][0]["line"], 2);
    assert_eq!(accepted["rejected"][0]["column"], "name");
    wait_for_batch(&node, accepted["url"].as_str().unwrap()).await;
    let mut bad = crate::issuance::definition("X");
    bad["name"] = json!({"es": "Ana\u{202E}"});
    let p = problem(
        post(&node, "/api/v1/achievements", &node.admin_token, &bad).await,
        400,
    )
    .await;
    assert!(p.to_string().contains("/name/es"), "{p}");
    let decomposed = crate::issuance::definition("Robo\u{301}tica");
    let r = post(
        &node,
        "/api/v1/achievements",
        &node.admin_token,
        &decomposed,
    )
    .await;
    let stored: Value = r.json().await.unwrap();
    assert_eq!(
        stored["definition"]["name"]["es"], "Rob\u{f3}tica",
        "titles are stored in NFC"
    );
    let p = problem(
        post(
            &node,
            "/api/v1/achievements",
            &node.admin_token,
            &json!({"achievementType": "MicroCredential"}),
        )
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
    for missing in [
        "/name",
        "/description",
        "/criteria",
        "/learningOutcomes",
        "/workload",
    ] {
        assert!(fields.contains(&missing), "{missing} in {fields:?}");
    }
    let list: Value = node
        .get_as("/api/v1/credentials", &node.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1, "only Bruno");
}
