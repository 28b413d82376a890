//! The credential profile: a default node's credentials use only the standard contexts and
//! carry every EU Annex I element as Open Badges terms and alignments (nothing falls back
//! to the VC 2.0 `@vocab`); the extension context is an option; credentials carrying it
//! (older ones) keep verifying on a default node.

use mochila_protocol::credential::{MICROCREDENTIAL_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT};
use mochila_protocol::proof::DataIntegrity;
use mochila_protocol::rdf::Term;
use serde_json::{Value, json};

use crate::issuance::{achievement, issue};
use crate::support::{Backend, TestNode};
use crate::verify::helpers::verify;

/// Every IRI of the credential's RDF dataset (subjects, predicates, objects).
fn iris(credential: &Value) -> Vec<String> {
    let mut doc = credential.clone();
    doc.as_object_mut().unwrap().remove("proof");
    let dataset = DataIntegrity::default().processor().to_rdf(&doc).unwrap();
    let mut out = Vec::new();
    for q in dataset.iter() {
        for term in [&q.subject, &q.predicate, &q.object] {
            if let Term::Iri(iri) = term {
                out.push(iri.clone());
            }
        }
    }
    out
}

fn aligned(achievement: &Value, target_type: &str) -> Vec<Value> {
    achievement["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["targetType"] == target_type)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_default_credential_has_only_standard_contexts_and_every_annex_i_element() {
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Análisis de datos").await;
    let issued = issue(&node, &id, "ana@uni.cl").await;
    let vc = &issued["credential"];
    assert_eq!(vc["@context"], json!([VC_V2_CONTEXT, OB_V3_CONTEXT]));

    let all = iris(vc);
    let fallback: Vec<&String> = all
        .iter()
        .filter(|i| {
            i.starts_with("https://www.w3.org/ns/credentials/issuer-dependent#")
                || i.starts_with("https://w3id.org/mochila/microcredential#")
        })
        .collect();
    assert!(
        fallback.is_empty(),
        "terms outside the standard vocabularies: {fallback:?}"
    );

    let a = &vc["credentialSubject"]["achievement"];
    assert_eq!(a["achievementType"], "MicroCredential");
    assert_eq!(a["creditsAvailable"], 5.0);
    assert_eq!(vc["credentialSubject"]["creditsEarned"], 5.0);
    assert_eq!(a["fieldOfStudy"], "Ciencia de datos");
    assert_eq!(a["inLanguage"], "es");
    for term in ["workload", "learningOutcomes", "participationForm"] {
        assert!(a.get(term).is_none(), "{term} needs the extension context");
    }
    let narrative = a["criteria"]["narrative"].as_str().unwrap();
    assert!(
        narrative.contains("**Resultados de aprendizaje**\n\n- Limpia datos tabulares."),
        "{narrative}"
    );

    let eqf = aligned(a, "ext:EQFLevel");
    assert_eq!(eqf[0]["targetUrl"], "http://data.europa.eu/snb/eqf/6");
    let workload = aligned(a, "ext:Workload");
    assert_eq!(workload.len(), 1);
    assert_eq!(workload[0]["targetName"], "5 SCT-Chile");
    assert_eq!(workload[0]["targetCode"], "5");
    assert_eq!(
        workload[0]["targetUrl"],
        "https://w3id.org/mochila/framework/v1/credit-system/sct-chile"
    );
    assert_eq!(
        aligned(a, "ext:ParticipationForm")[0]["targetUrl"],
        "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
        "blended, from the European Learning Model"
    );
    assert_eq!(aligned(a, "ext:AssessmentType")[0]["targetCode"], "Project");
    let qa = aligned(a, "ext:QualityAssurance");
    assert_eq!(qa[0]["targetName"], "CNA-Chile");
    assert_eq!(qa[0]["targetCode"], "ExternalAccreditation");
    assert!(
        qa[0]["targetDescription"]
            .as_str()
            .unwrap()
            .contains("https://www.cnachile.cl")
    );
    // The designer's own alignment (ESCO) is kept.
    assert!(
        a["alignment"]
            .as_array()
            .unwrap()
            .iter()
            .any(|al| al["targetFramework"] == "ESCO")
    );

    // The full definition, extension terms included, stays at the version's URL.
    let version_url = a["id"].as_str().unwrap();
    let path = version_url.split_once("//").unwrap().1;
    let path = &path[path.find('/').unwrap()..];
    let r = node
        .client
        .get(node.url(path))
        .header("accept", "application/ld+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let full: Value = r.json().await.unwrap();
    assert_eq!(full["@context"][2], MICROCREDENTIAL_CONTEXT);
    assert_eq!(full["workload"]["workloadUnit"], "SCT-Chile");
    assert_eq!(full["participationForm"], "blended");

    assert_eq!(verify(&node, vc).await["status"], "valid");
}

#[tokio::test]
async fn extension_context_credentials_are_an_option_and_keep_verifying() {
    let old = TestNode::start_with(&Backend::Sqlite, |c| {
        c.credentials.extension_context = true;
    })
    .await;
    let id = achievement(&old, "Análisis de datos").await;
    let issued = issue(&old, &id, "ana@uni.cl").await;
    let vc = &issued["credential"];
    assert_eq!(
        vc["@context"],
        json!([VC_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT])
    );
    let a = &vc["credentialSubject"]["achievement"];
    assert_eq!(a["workload"]["workloadUnit"], "SCT-Chile");
    assert!(
        !aligned(a, "ext:Workload").is_empty(),
        "and the standard terms"
    );
    assert!(
        !iris(vc)
            .iter()
            .any(|i| i.starts_with("https://www.w3.org/ns/credentials/issuer-dependent#")),
        "the extension defines every term it adds"
    );

    // A node with the default profile still verifies it (the context is embedded).
    let default = TestNode::start(&Backend::Sqlite).await;
    let report = verify(&default, vc).await;
    assert_eq!(report["status"], "valid", "{report:#}");
}
