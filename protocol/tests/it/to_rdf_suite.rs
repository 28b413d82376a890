//! The W3C JSON-LD 1.1 toRdf conformance suite (`json-ld-api/tests/toRdf-manifest.jsonld`)
//! and the realistic OB 3.0 credential.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use mochila_protocol::jsonld::{DocumentLoader, LoadError, Options, Processor};
use mochila_protocol::rdf::{Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};
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

// ---- a small N-Quads reader for the expected outputs ----

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some(u @ ('u' | 'U')) => {
                let n = if u == 'u' { 4 } else { 8 };
                let hex: String = chars.by_ref().take(n).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn parse_term(s: &str) -> (Term, &str) {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('<') {
        let end = rest.find('>').unwrap();
        (Term::Iri(unescape(&rest[..end])), &rest[end + 1..])
    } else if let Some(rest) = s.strip_prefix("_:") {
        let end = rest.find(' ').unwrap_or(rest.len());
        (Term::Blank(rest[..end].to_owned()), &rest[end..])
    } else {
        let rest = s.strip_prefix('"').unwrap();
        let mut end = 0;
        let bytes = rest.as_bytes();
        while bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let value = unescape(&rest[..end]);
        let after = &rest[end + 1..];
        if let Some(lang) = after.strip_prefix('@') {
            let e = lang.find(' ').unwrap();
            let language = Some(lang[..e].to_owned());
            (
                Term::Literal(Literal {
                    value,
                    datatype: RDF_LANG_STRING.into(),
                    language,
                }),
                &lang[e..],
            )
        } else if let Some(dt) = after.strip_prefix("^^<") {
            let e = dt.find('>').unwrap();
            (
                Term::Literal(Literal {
                    value,
                    datatype: dt[..e].into(),
                    language: None,
                }),
                &dt[e + 1..],
            )
        } else {
            (
                Term::Literal(Literal {
                    value,
                    datatype: XSD_STRING.into(),
                    language: None,
                }),
                after,
            )
        }
    }
}

fn parse_nquads(text: &str) -> Vec<Quad> {
    let mut quads = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (subject, rest) = parse_term(line);
        let (predicate, rest) = parse_term(rest);
        let (object, rest) = parse_term(rest);
        let rest = rest.trim_start();
        let graph = if rest.starts_with('.') {
            None
        } else {
            Some(parse_term(rest).0)
        };
        quads.push(Quad {
            subject,
            predicate,
            object,
            graph,
        });
    }
    quads
}

// ---- dataset isomorphism ----

fn blanks(q: &Quad) -> impl Iterator<Item = &String> {
    [Some(&q.subject), Some(&q.object), q.graph.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|t| {
            if let Term::Blank(b) = t {
                Some(b)
            } else {
                None
            }
        })
}

fn map_term(t: &Term, f: &dyn Fn(&str) -> String) -> Term {
    match t {
        Term::Blank(b) => Term::Blank(f(b)),
        other => other.clone(),
    }
}

fn map_quad(q: &Quad, f: &dyn Fn(&str) -> String) -> Quad {
    Quad {
        subject: map_term(&q.subject, f),
        predicate: q.predicate.clone(),
        object: map_term(&q.object, f),
        graph: q.graph.as_ref().map(|g| map_term(g, f)),
    }
}

/// Per blank node, the sorted quads it occurs in with itself as `_:self`, others as `_:x`.
fn signatures(quads: &BTreeSet<Quad>) -> BTreeMap<String, Vec<String>> {
    let mut sig: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for q in quads {
        for b in blanks(q) {
            let b2 = b.clone();
            let line = map_quad(q, &move |x| {
                if x == b2 { "self".into() } else { "x".into() }
            })
            .to_nquads();
            sig.entry(b.clone()).or_default().push(line);
        }
    }
    sig.values_mut().for_each(|v| v.sort());
    sig
}

/// The two datasets and blank node signatures being matched.
struct Iso {
    a: BTreeSet<Quad>,
    b: BTreeSet<Quad>,
    sa: BTreeMap<String, Vec<String>>,
    sb: BTreeMap<String, Vec<String>>,
}

impl Iso {
    /// Backtracking over blank node bijections that preserve signatures.
    fn search(
        &self,
        nodes: &[&String],
        mapping: &mut BTreeMap<String, String>,
        used: &mut BTreeSet<String>,
    ) -> bool {
        let Some((n, rest)) = nodes.split_first() else {
            let m = mapping.clone();
            return self
                .a
                .iter()
                .all(|q| self.b.contains(&map_quad(q, &|x| m[x].clone())));
        };
        for (cand, sig) in &self.sb {
            if used.contains(cand) || sig != &self.sa[*n] {
                continue;
            }
            mapping.insert((*n).clone(), cand.clone());
            used.insert(cand.clone());
            if self.search(rest, mapping, used) {
                return true;
            }
            used.remove(cand);
            mapping.remove(*n);
        }
        false
    }
}

/// Whether two datasets are equal up to blank node renaming.
fn isomorphic(a: &[Quad], b: &[Quad]) -> bool {
    let a: BTreeSet<Quad> = a.iter().cloned().collect();
    let b: BTreeSet<Quad> = b.iter().cloned().collect();
    if a.len() != b.len() {
        return false;
    }
    let (sa, sb) = (signatures(&a), signatures(&b));
    if sa.len() != sb.len() {
        return false;
    }
    let iso = Iso { a, b, sa, sb };
    let nodes: Vec<&String> = iso.sa.keys().collect();
    iso.search(&nodes, &mut BTreeMap::new(), &mut BTreeSet::new())
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
fn isomorphism_check_detects_differences() {
    let a = parse_nquads("_:a <http://x/p> _:b .\n_:b <http://x/p> \"1\" .\n");
    let b = parse_nquads("_:y <http://x/p> \"1\" .\n_:z <http://x/p> _:y .\n");
    let c = parse_nquads("_:y <http://x/p> \"2\" .\n_:z <http://x/p> _:y .\n");
    assert!(isomorphic(&a, &b));
    assert!(!isomorphic(&a, &c));
}

#[test]
fn realistic_ob3_credential_matches_its_canonical_form() {
    let doc: Value =
        serde_json::from_str(&vectors::read("bench/ob3-realistic-unsigned.json")).unwrap();
    let expected = vectors::read("bench/ob3-realistic.canon.nq");
    let dataset = Processor::default().to_rdf(&doc).unwrap();
    assert_eq!(dataset.len(), expected.lines().count());
    assert!(isomorphic(&dataset, &parse_nquads(&expected)));
}

#[test]
fn registry_embeds_every_indexed_context_byte_for_byte() {
    use mochila_protocol::jsonld::{
        MOCHILA_MICROCREDENTIAL_V1, embedded_context, embedded_documents,
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
    assert!(served.contains_key(MOCHILA_MICROCREDENTIAL_V1));
    assert_eq!(served.len(), index.as_array().unwrap().len() + 1);
}

#[test]
fn offline_processor_refuses_unknown_remote_contexts() {
    let doc = serde_json::json!({"@context": "https://example.org/unknown", "name": "x"});
    let e = Processor::default().to_rdf(&doc).unwrap_err();
    assert_eq!(e.code, "loading remote context failed");
    assert!(e.message.contains("https://example.org/unknown"));
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
