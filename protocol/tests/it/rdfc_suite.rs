//! The W3C RDFC-1.0 test suite (every entry of the manifest), the realistic Open Badges
//! dataset, and the N-Quads parser on the suite's inputs.

use std::time::{Duration, Instant};

use mochila_protocol::rdf::{Quad, Term};
use mochila_protocol::rdfc::{
    self, CanonError, HashAlgorithm, Limits, canonicalize, canonicalize_with, parse_nquads,
};
use serde_json::Value;

use crate::vectors;

const SUITE: &str = "rdf-canon/tests";

/// Runs one manifest entry; `Err` says why it failed.
fn run_entry(entry: &Value) -> Result<(), String> {
    let kind = entry["type"].as_str().ok_or("no type")?;
    let action = entry["action"].as_str().ok_or("no action")?;
    let algorithm = match entry.get("hashAlgorithm").and_then(Value::as_str) {
        None | Some("SHA256") => HashAlgorithm::Sha256,
        Some("SHA384") => HashAlgorithm::Sha384,
        Some(other) => return Err(format!("unknown hash algorithm {other}")),
    };
    let input = vectors::read(&format!("{SUITE}/{action}"));
    let dataset = parse_nquads(&input).map_err(|e| format!("parse: {e}"))?;
    let limits = Limits::default();
    match kind {
        "rdfc:RDFC10EvalTest" => {
            let expected = vectors::read(&format!(
                "{SUITE}/{}",
                entry["result"].as_str().ok_or("no result")?
            ));
            let got = canonicalize_with(&dataset, &limits, algorithm).map_err(|e| e.to_string())?;
            if got.nquads != expected {
                return Err(format!(
                    "output differs:\n--- got\n{}--- expected\n{expected}",
                    got.nquads
                ));
            }
        }
        "rdfc:RDFC10MapTest" => {
            let expected: Value = serde_json::from_str(&vectors::read(&format!(
                "{SUITE}/{}",
                entry["result"].as_str().ok_or("no result")?
            )))
            .map_err(|e| e.to_string())?;
            let got = canonicalize_with(&dataset, &limits, algorithm).map_err(|e| e.to_string())?;
            let map: serde_json::Map<String, Value> = got
                .issued
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            if Value::Object(map.clone()) != expected {
                return Err(format!("map differs: got {map:?}, expected {expected}"));
            }
        }
        "rdfc:RDFC10NegativeEvalTest" => {
            let start = Instant::now();
            let result = canonicalize_with(&dataset, &limits, algorithm);
            let elapsed = start.elapsed();
            match result {
                Err(CanonError::TooComplex(_)) if elapsed < Duration::from_millis(500) => {}
                Err(CanonError::TooComplex(_)) => {
                    return Err(format!("rejected, but only after {elapsed:?}"));
                }
                other => return Err(format!("expected TooComplex, got {other:?}")),
            }
        }
        other => return Err(format!("unknown test type {other}")),
    }
    Ok(())
}

#[test]
fn w3c_rdfc10_suite() {
    let manifest: Value =
        serde_json::from_str(&vectors::read(&format!("{SUITE}/manifest.jsonld"))).unwrap();
    let entries = manifest["entries"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for entry in entries {
        let id = entry["id"].as_str().unwrap_or("?");
        *counts
            .entry(entry["type"].as_str().unwrap_or("?").to_owned())
            .or_default() += 1;
        if let Err(why) = run_entry(entry) {
            failures.push(format!("{id}: {why}"));
        }
    }
    let passed = entries.len() - failures.len();
    println!(
        "RDFC-1.0 suite: {passed}/{} passed ({counts:?})",
        entries.len()
    );
    assert_eq!(counts.get("rdfc:RDFC10EvalTest"), Some(&64));
    assert_eq!(counts.get("rdfc:RDFC10MapTest"), Some(&21));
    assert_eq!(counts.get("rdfc:RDFC10NegativeEvalTest"), Some(&1));
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parser_round_trips_every_expected_output() {
    let manifest: Value =
        serde_json::from_str(&vectors::read(&format!("{SUITE}/manifest.jsonld"))).unwrap();
    for entry in manifest["entries"].as_array().unwrap() {
        if entry["type"] != "rdfc:RDFC10EvalTest" {
            continue;
        }
        let expected = vectors::read(&format!("{SUITE}/{}", entry["result"].as_str().unwrap()));
        let dataset = parse_nquads(&expected).unwrap();
        let written: String = dataset.iter().map(Quad::to_nquads).collect();
        assert_eq!(written, expected, "{}", entry["id"]);
    }
}

const REALISTIC: &str = "bench/ob3-realistic.canon.nq";

#[test]
fn realistic_credential_is_a_fixed_point() {
    let expected = vectors::read(REALISTIC);
    let dataset = parse_nquads(&expected).unwrap();
    assert_eq!(dataset.len(), 116);
    assert_eq!(
        canonicalize(&dataset, &Limits::default()).unwrap(),
        expected
    );
}

#[test]
fn realistic_credential_ignores_labels_and_quad_order() {
    let expected = vectors::read(REALISTIC);
    let mut dataset = parse_nquads(&expected).unwrap();
    let rename = |t: &mut Term| {
        if let Term::Blank(label) = t {
            *label = format!(
                "x{}",
                label.len() * 7 + label.bytes().map(usize::from).sum::<usize>()
            );
        }
    };
    for quad in &mut dataset {
        rename(&mut quad.subject);
        rename(&mut quad.object);
    }
    dataset.reverse();
    let duplicate = dataset[3].clone();
    dataset.push(duplicate);
    assert_eq!(
        canonicalize(&dataset, &Limits::default()).unwrap(),
        expected
    );
}

#[test]
fn tight_limits_reject_what_default_limits_accept() {
    // test044 needs N-degree hashing; with no permutations allowed it must be refused.
    let input = vectors::read(&format!("{SUITE}/rdfc10/test044-in.nq"));
    let dataset = parse_nquads(&input).unwrap();
    assert!(canonicalize(&dataset, &Limits::default()).is_ok());
    let tight = Limits {
        max_permutations: 1,
        ..Limits::default()
    };
    assert!(matches!(
        canonicalize(&dataset, &tight),
        Err(CanonError::TooComplex(rdfc::WorkLimit::Permutations(1)))
    ));
}

/// Random small datasets: up to 6 blank nodes, 3 IRIs, literals with any characters.
fn arb_dataset() -> impl proptest::strategy::Strategy<Value = Vec<Quad>> {
    use mochila_protocol::rdf::{Literal, XSD_STRING};
    use proptest::prelude::*;
    let node = prop_oneof![
        (0u8..6).prop_map(|n| Term::Blank(format!("n{n}"))),
        (0u8..3).prop_map(|n| Term::Iri(format!("http://ex.org/{n}"))),
    ];
    let object = prop_oneof![
        node.clone(),
        "\\PC{0,6}|[\\x00-\\x1f\"\\\\\\x7f]{0,3}".prop_map(|value| Term::Literal(Literal {
            value,
            datatype: XSD_STRING.to_owned(),
            language: None,
        })),
    ];
    let quad = (node.clone(), 0u8..2, object, proptest::option::of(node)).prop_map(
        |(subject, p, object, graph)| Quad {
            subject,
            predicate: Term::Iri(format!("http://ex.org/p{p}")),
            object,
            graph,
        },
    );
    proptest::collection::vec(quad, 0..14)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    #[test]
    fn canonical_form_ignores_labels_and_quad_order(dataset in arb_dataset(), shift in 0usize..14, salt in 1u8..6) {
        let limits = Limits::default();
        let Ok(first) = canonicalize_with(&dataset, &limits, HashAlgorithm::Sha256) else {
            return Ok(());
        };
        let relabel = |t: &Term| match t {
            Term::Blank(label) => {
                let n: u8 = label[1..].parse().unwrap();
                Term::Blank(format!("q{}", (n + salt) % 6))
            }
            other => other.clone(),
        };
        let mut moved: Vec<Quad> = dataset
            .iter()
            .map(|q| Quad {
                subject: relabel(&q.subject),
                predicate: q.predicate.clone(),
                object: relabel(&q.object),
                graph: q.graph.as_ref().map(relabel),
            })
            .collect();
        moved.reverse();
        if !moved.is_empty() {
            let k = shift % moved.len();
            moved.rotate_left(k);
        }
        if let Ok(second) = canonicalize(&moved, &limits) {
            proptest::prop_assert_eq!(&second, &first.nquads);
        }
        // The canonical form parses back and is its own canonical form.
        let reparsed = parse_nquads(&first.nquads).unwrap();
        proptest::prop_assert_eq!(canonicalize(&reparsed, &limits).unwrap(), first.nquads.clone());
        // Every blank node got a canonical identifier.
        let mut labels: Vec<&str> = dataset
            .iter()
            .flat_map(|q| [Some(&q.subject), Some(&q.object), q.graph.as_ref()])
            .flatten()
            .filter_map(|t| match t { Term::Blank(l) => Some(l.as_str()), _ => None })
            .collect();
        labels.sort_unstable();
        labels.dedup();
        proptest::prop_assert_eq!(labels.len(), first.issued.len());
    }

    #[test]
    fn written_quads_parse_back_unchanged(dataset in arb_dataset()) {
        let text: String = dataset.iter().map(Quad::to_nquads).collect();
        proptest::prop_assert_eq!(parse_nquads(&text).unwrap(), dataset);
    }

    #[test]
    fn parser_never_panics(text in "[<>_:\"\\\\ a-zA-Z0-9.@^#\\n\\t\\r-]{0,80}|\\PC{0,40}") {
        let _ = parse_nquads(&text);
    }
}

#[test]
fn quads_rdf_does_not_allow_are_rejected_by_index() {
    use mochila_protocol::rdf::{Literal, XSD_STRING};
    let mut dataset =
        parse_nquads("<http://ex/s> <http://ex/p> _:b .\n_:b <http://ex/p> \"x\" .").unwrap();
    dataset.push(Quad {
        subject: Term::Literal(Literal {
            value: "s".into(),
            datatype: XSD_STRING.into(),
            language: None,
        }),
        predicate: Term::Iri("http://ex/p".into()),
        object: Term::Iri("http://ex/o".into()),
        graph: None,
    });
    let err = canonicalize(&dataset, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, CanonError::InvalidQuad { index: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("quad 2: the subject is a literal"),
        "{err}"
    );
    dataset[2].subject = Term::Iri("http://ex/s".into());
    dataset[2].predicate = Term::Blank("p".into());
    let err = canonicalize(&dataset, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("predicate"), "{err}");
}

#[test]
fn many_indistinguishable_blank_nodes_are_not_mistaken_for_poison() {
    // 5,000 identical blank nodes hanging off one IRI: each needs a (cheap, non-recursive)
    // Hash N-Degree Quads call; the limits are about recursion and permutations.
    let mut doc = String::new();
    for i in 0..5000 {
        doc.push_str(&format!(
            "<http://ex/a> <http://ex/align> _:x{i} .\n_:x{i} <http://ex/name> \"same\" .\n"
        ));
    }
    let dataset = parse_nquads(&doc).unwrap();
    let canonical = canonicalize(&dataset, &Limits::default()).unwrap();
    assert_eq!(canonical.lines().count(), 10_000);
    assert!(canonical.contains("_:c14n4999 <http://ex/name> \"same\" .\n"));
}
