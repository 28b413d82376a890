//! The direct conversion (no node map) gives the node map's quads: the same number and the
//! same dataset, on documents that exercise what the node map would merge or drop.

use serde_json::{Value, json};

use super::{Input, Options, Processor, direct, node_map, to_rdf};
use crate::rdf::{Dataset, Quad};
use crate::rdfc::{Limits, canonicalize};

fn both(doc: &Value) -> (Option<Dataset>, Dataset) {
    let processor = Processor::default();
    let items = processor
        .expand_document(Input::Value(doc), &Options::default())
        .unwrap_or_else(|e| panic!("{doc}: {e}"));
    let direct = direct::estimate(&items).map(|n| {
        let mut out = Vec::with_capacity(n);
        direct::emit(&items, &mut out);
        out
    });
    let mut map = node_map::NodeMap::default();
    map.add_all(&items).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let mut reference = Vec::new();
    to_rdf::emit(&mut map, &mut reference);
    (direct, reference)
}

fn canonical(dataset: &[Quad]) -> String {
    canonicalize(dataset, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn direct_conversion_gives_the_node_maps_quads() {
    let ctx = json!({
        "@vocab": "https://example.org/v#",
        "knows": {"@type": "@id"},
        "steps": {"@container": "@list"},
        "when": {"@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
        "bad": "https://example.org/bad iri"
    });
    let docs = [
        json!({"@context": ctx, "@id": "https://example.org/a", "@type": ["T", "T", "_:t"],
            "name": ["x", "x", {"@value": "x", "@language": "en"}, 1, 1.5, true],
            "knows": ["https://example.org/b", "https://example.org/b", "_:n", "_:n", "not an iri"],
            "when": "2026-01-01T00:00:00Z"}),
        json!({"@context": ctx, "@id": "_:n", "friend": {"@id": "_:m", "name": "m"},
            "other": [{"@id": "_:m"}, {"name": "anonymous"}, {"name": "anonymous"}],
            "bad": {"name": "still emitted"}}),
        json!({"@context": ctx, "steps": [{"name": "s"}, [1, [2, []]], [], "three"],
            "nested": {"steps": []}}),
        json!({"@context": ctx, "@id": "relative", "name": "dropped", "child": {"name": "kept"}}),
        json!([{"@context": ctx, "@id": "https://example.org/x", "name": "one"},
            {"@context": ctx, "@id": "https://example.org/y", "ref": {"@id": "https://example.org/x"}}]),
    ];
    for doc in &docs {
        let (direct, reference) = both(doc);
        let direct = direct.unwrap_or_else(|| panic!("{doc}: not converted directly"));
        assert_eq!(direct.len(), reference.len(), "{doc}");
        assert_eq!(canonical(&direct), canonical(&reference), "{doc}");
    }
}

#[test]
fn documents_the_node_map_reshapes_are_not_converted_directly() {
    for doc in [
        json!({"@id": "https://example.org/a", "https://example.org/p": [
            {"@id": "https://example.org/b", "https://example.org/q": 1},
            {"@id": "https://example.org/b", "https://example.org/q": 2}]}),
        json!({"@id": "https://example.org/a", "@reverse": {"https://example.org/p": {"@id": "https://example.org/b"}}}),
        json!({"@id": "https://example.org/a", "@graph": [{"@id": "https://example.org/b", "https://example.org/q": 1}]}),
        json!({"@id": "https://example.org/a", "@included": [{"@id": "https://example.org/b", "https://example.org/q": 1}]}),
    ] {
        let (direct, _) = both(&doc);
        assert!(direct.is_none(), "{doc}");
    }
}
