//! The layering of `node/src`, read from its `use crate::…` paths: domain modules never
//! reach up into the http layer or the shared state, and no two top-level modules import
//! each other, directly or through others (a module and its own children may).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// Top-level module → module it names → one file that names it.
fn imports() -> Graph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let top = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_owned();
            if top == "lib" || top == "main" || !rel.ends_with(".rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let edges = graph.entry(top.clone()).or_default();
            for line in text.lines().map(|l| l.split("//").next().unwrap_or("")) {
                for named in named_modules(line) {
                    if named != top {
                        edges.entry(named).or_insert_with(|| rel.clone());
                    }
                }
            }
        }
    }
    graph
}

/// The top-level modules `line` names through `crate::`.
fn named_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let rest = &line[i + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(list) => list.split('}').next().unwrap_or("").split(',').collect(),
            None => vec![rest],
        };
        for n in names {
            let n: String = n
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !n.is_empty() && n != "self" {
                out.push(n);
            }
        }
    }
    out
}

/// Modules from which `from` can be reached again through imports, `from` excluded.
fn circle_through(graph: &Graph, from: &str) -> BTreeSet<String> {
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.to_owned()];
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flat_map(|e| e.keys()) {
                if graph.contains_key(next) && seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    reach(from)
        .into_iter()
        .filter(|m| m != from && reach(m).contains(from))
        .collect()
}

#[test]
fn domain_modules_do_not_import_the_http_layer_or_the_shared_state() {
    let graph = imports();
    for domain in [
        "issuance",
        "federation",
        "catalogue",
        "exchange",
        "verification",
    ] {
        for upper in ["app", "http", "state"] {
            assert!(
                !graph[domain].contains_key(upper),
                "{domain} imports crate::{upper} (in {})",
                graph[domain][upper]
            );
        }
    }
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let graph = imports();
    assert!(graph.len() > 15, "read only {:?}", graph.keys());
    for module in graph.keys() {
        let circle = circle_through(&graph, module);
        assert!(
            circle.is_empty(),
            "{module} is on an import circle with {circle:?}: {:?}",
            graph[module]
        );
    }
}
