//! The W3C JSON-LD 1.1 toRdf conformance suite (`json-ld-api/tests/toRdf-manifest.jsonld`)
//! and the realistic OB 3.0 credential.

use std::collections::BTreeMap;
use std::sync::Arc;

use mochila_protocol::jsonld::{DocumentLoader, LoadError, Options, Processor};
use mochila_protocol::rdf::Quad;
use mochila_protocol::rdfc::{self, Limits};
use serde_json::Value;

use crate::vectors;

/// Where the suite's documents claim to live.
const BASE: &str = "https://w3c.github.io/json-ld-api/tests/";

/// Tests not run, each with the reason.
const SKIP: &[(&str, &str)] = &[
    (
        "#ter56",
        "its input (expand/er56-in.jsonld) is not part of the vendored toRdf suite",
    ),
    (
        "#t0118",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    ("#tc029", "processingMode json-ld-1.0 is not supported"),
    ("#tdi09", "rdfDirection i18n-datatype is not supported"),
    ("#tdi10", "rdfDirection i18n-datatype is not supported"),
    ("#tdi11", "rdfDirection compound-literal is not supported"),
    ("#tdi12", "rdfDirection compound-literal is not supported"),
    (
        "#te014",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#te026",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#te038",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#te071",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    ("#te075", "processingMode json-ld-1.0 is not supported"),
    (
        "#te115",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#te116",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    ("#tep02", "processingMode json-ld-1.0 is not supported"),
    (
        "#ter02",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#ter03",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    ("#ter21", "processingMode json-ld-1.0 is not supported"),
    (
        "#ter24",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    (
        "#ter32",
        "json-ld-1.0 only behaviour (specVersion json-ld-1.0)",
    ),
    ("#ter42", "processingMode json-ld-1.0 is not supported"),
    ("#tpi01", "processingMode json-ld-1.0 is not supported"),
    ("#tso01", "processingMode json-ld-1.0 is not supported"),
    ("#ttn01", "processingMode json-ld-1.0 is not supported"),
];

/// Serves the suite's remote documents from `../shared/vectors/json-ld-api/tests/`.
struct SuiteLoader;

impl DocumentLoader for SuiteLoader {
    fn load(&self, url: &str) -> Result<Value, LoadError> {
        let fail = |reason: String| LoadError {
            url: url.to_owned(),
            reason,
        };
        let rel = url
            .strip_prefix(BASE)
            .ok_or_else(|| fail("outside the test suite".into()))?;
        let text = std::fs::read_to_string(vectors::path(&format!("json-ld-api/tests/{rel}")))
            .map_err(|e| fail(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| fail(e.to_string()))
    }
}

fn processor() -> Processor {
    Processor::new(Arc::new(SuiteLoader))
}

/// The canonical N-Quads of a dataset (RDFC-1.0), for comparing datasets with blank nodes.
fn canonical(dataset: &[Quad]) -> String {
    rdfc::canonicalize(dataset, &Limits::default()).unwrap()
}

/// Whether two datasets are equal up to blank node renaming.
fn isomorphic(a: &[Quad], b: &[Quad]) -> bool {
    canonical(a) == canonical(b)
}

fn parse_nquads(text: &str) -> Vec<Quad> {
    rdfc::parse_nquads(text).unwrap()
}

// ---- the suite ----

#[test]
fn to_rdf_conformance_suite() {
    let manifest: Value =
        serde_json::from_str(&vectors::read("json-ld-api/tests/toRdf-manifest.jsonld")).unwrap();
    let processor = processor();
    let (mut passed, mut skipped, mut failures) = (0, 0, Vec::new());
    for test in manifest["sequence"].as_array().unwrap() {
        let id = test["@id"].as_str().unwrap();
        if let Some((_, reason)) = SKIP.iter().find(|(s, _)| *s == id) {
            assert!(!reason.is_empty());
            skipped += 1;
            continue;
        }
        let types: Vec<&str> = test["@type"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let input_rel = test["input"].as_str().unwrap();
        let input: Value =
            serde_json::from_str(&vectors::read(&format!("json-ld-api/tests/{input_rel}")))
                .unwrap();
        let option = &test["option"];
        let mut options = Options {
            base: Some(
                option["base"]
                    .as_str()
                    .map_or_else(|| format!("{BASE}{input_rel}"), str::to_owned),
            ),
            expand_context: None,
        };
        if let Some(ec) = option["expandContext"].as_str() {
            options.expand_context = Some(
                serde_json::from_str(&vectors::read(&format!("json-ld-api/tests/{ec}"))).unwrap(),
            );
        }
        let result = processor.to_rdf_with(&input, &options);
        let outcome = if types.contains(&"jld:NegativeEvaluationTest") {
            let want = test["expectErrorCode"].as_str().unwrap();
            match &result {
                Err(e) if e.code == want => Ok(()),
                Err(e) => Err(format!("expected error {want:?}, got {e}")),
                Ok(_) => Err(format!("expected error {want:?}, got a dataset")),
            }
        } else if types.contains(&"jld:PositiveSyntaxTest") {
            result
                .map(|_| ())
                .map_err(|e| format!("unexpected error {e}"))
        } else {
            let expected = parse_nquads(&vectors::read(&format!(
                "json-ld-api/tests/{}",
                test["expect"].as_str().unwrap()
            )));
            match &result {
                Ok(ds) if isomorphic(ds, &expected) => Ok(()),
                Ok(ds) => Err(format!(
                    "datasets differ\n got:\n{}expected:\n{}",
                    ds.iter().map(Quad::to_nquads).collect::<String>(),
                    expected.iter().map(Quad::to_nquads).collect::<String>()
                )),
                Err(e) => Err(format!("unexpected error {e}")),
            }
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => failures.push(format!(
                "{id} ({}): {why}",
                test["name"].as_str().unwrap_or("")
            )),
        }
    }
    println!(
        "toRdf suite: {passed} passed, {skipped} skipped, {} failed",
        failures.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} toRdf tests failed", failures.len());
}

#[test]
fn realistic_ob3_credential_matches_its_canonical_form() {
    let doc: Value =
        serde_json::from_str(&vectors::read("bench/ob3-realistic-unsigned.json")).unwrap();
    let expected = vectors::read("bench/ob3-realistic.canon.nq");
    let dataset = Processor::default().to_rdf(&doc).unwrap();
    assert_eq!(dataset.len(), expected.lines().count());
    assert_eq!(canonical(&dataset), expected);
}

#[test]
fn registry_embeds_every_indexed_context_byte_for_byte() {
    use mochila_protocol::jsonld::{
        MOCHILA_MICROCREDENTIAL_V1, MOCHILA_NETWORK_V1, embedded_context, embedded_documents,
    };
    let index: Value = serde_json::from_str(&vectors::read("contexts/index.json")).unwrap();
    let served: BTreeMap<&str, &[u8]> = embedded_documents().collect();
    for entry in index.as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        let file = entry["file"].as_str().unwrap();
        let source = std::fs::read(vectors::path(&format!("contexts/{file}"))).unwrap();
        assert_eq!(
            served.get(url).copied(),
            Some(source.as_slice()),
            "{url} is not served byte for byte"
        );
        assert!(
            embedded_context(url).is_some_and(|d| d.get("@context").is_some()),
            "{url}"
        );
    }
    // Mochila's own two contexts come in addition to the standards' ones.
    for own in [MOCHILA_MICROCREDENTIAL_V1, MOCHILA_NETWORK_V1] {
        assert!(
            embedded_context(own).is_some_and(|d| d.get("@context").is_some()),
            "{own}"
        );
    }
    assert_eq!(served.len(), index.as_array().unwrap().len() + 2);
}

#[test]
fn offline_processor_refuses_unknown_remote_contexts() {
    let doc = serde_json::json!({"@context": "https://example.org/unknown", "name": "x"});
    let e = Processor::default().to_rdf(&doc).unwrap_err();
    assert_eq!(e.code, "loading remote context failed");
    assert!(e.message.contains("https://example.org/unknown"));
}

#[test]
fn deeply_nested_documents_are_refused_without_overflowing_the_stack() {
    let mut doc = serde_json::json!({"@id": "http://example.org/leaf"});
    for _ in 0..60 {
        let mut map = serde_json::Map::new();
        map.insert("http://example.org/p".to_owned(), doc);
        doc = Value::Object(map);
    }
    assert_eq!(Processor::default().to_rdf(&doc).unwrap().len(), 60);
    for _ in 0..100_000 {
        let mut map = serde_json::Map::new();
        map.insert("http://example.org/p".to_owned(), doc);
        doc = Value::Object(map);
    }
    let e = Processor::default().to_rdf(&doc).unwrap_err();
    assert_eq!(e.code, "document too deep");
    // Dropping a 100,000-level serde_json value recurses too: leak it instead.
    std::mem::forget(doc);
}

#[test]
fn protected_term_redefinition_names_the_term() {
    let doc = serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", {"VerifiableCredential": "https://evil.example/VC"}],
        "type": "VerifiableCredential"
    });
    let e = Processor::default().to_rdf(&doc).unwrap_err();
    assert_eq!(e.code, "protected term redefinition");
    assert!(e.message.contains("VerifiableCredential"));
}

#[test]
fn processor_is_shareable_and_cached_results_are_stable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Processor>();
    let doc: Value =
        serde_json::from_str(&vectors::read("bench/ob3-realistic-unsigned.json")).unwrap();
    let p = Processor::default();
    let first = p.to_rdf(&doc).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (p, doc) = (p.clone(), doc.clone());
            std::thread::spawn(move || p.to_rdf(&doc).unwrap())
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), first);
    }
}
