//! Unit tests of the signing path's shortcuts: JSON-LD to RDF straight into the RDFC index,
//! and the secured document converted without its `proof` and without a copy.

use serde_json::{Value, json};

use super::DataIntegrity;
use crate::jsonld::Input;
use crate::rdfc;

fn realistic() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/vectors/bench/ob3-realistic-unsigned.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The reference: the public `to_rdf` and `canonicalize`, on an owned copy.
fn reference(di: &DataIntegrity, doc: &Value) -> String {
    let dataset = di.processor().to_rdf(doc).unwrap();
    rdfc::canonicalize(&dataset, &di.limits).unwrap()
}

#[test]
fn direct_index_matches_dataset_then_canonicalize() {
    let di = DataIntegrity::default();
    let mut with_list = realistic();
    with_list["@context"].as_array_mut().unwrap().push(
        json!({"ex": "https://example.org/#", "steps": {"@id": "ex:steps", "@container": "@list"},
            "flag": "ex:flag", "n": "ex:n", "blob": {"@id": "ex:blob", "@type": "@json"}}),
    );
    with_list["steps"] = json!([{"flag": true}, [1, 2.5], "three", []]);
    with_list["n"] = json!([7, -0.0, 1e300]);
    with_list["blob"] = json!({"b": [1, {"a": null}]});
    for (doc, lists) in [(realistic(), false), (with_list, true)] {
        let got = di.rdfc(Input::Value(&doc), "document").unwrap();
        assert_eq!(got, reference(&di, &doc));
        assert!(got.lines().count() > 100);
        assert_eq!(got.contains("rdf-syntax-ns#first>"), lists);
        assert_eq!(got.contains("rdf-syntax-ns#JSON>"), lists);
    }
}

#[test]
fn excluded_proof_matches_a_copy_without_it() {
    let di = DataIntegrity::default();
    let unsigned = realistic();
    let mut signed = unsigned.clone();
    signed["proof"] = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod", "verificationMethod": "did:web:x#k", "proofValue": "z1"});
    let map = signed.as_object().unwrap();
    let got = di
        .rdfc(Input::Object(map, Some("proof")), "document")
        .unwrap();
    assert_eq!(got, reference(&di, &unsigned));
    // Without the exclusion the proof graph is there.
    let all = di.rdfc(Input::Object(map, None), "document").unwrap();
    assert_eq!(all, reference(&di, &signed));
    assert_ne!(all, got);
}
