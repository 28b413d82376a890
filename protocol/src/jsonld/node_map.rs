//! The Node Map Generation algorithm: flattens expanded items into graphs of nodes,
//! relabelling blank nodes.

use std::collections::{BTreeMap, HashMap};

use super::expanded::{Item, ValueObject};
use super::iri::is_blank;
use super::{JsonLdError, err};

/// A property value in the node map.
#[derive(Debug, PartialEq)]
pub(crate) enum MapItem<'a> {
    /// A reference to a node by id.
    Ref(String),
    /// A value object of the expanded document.
    Value(&'a ValueObject),
    /// A list.
    List(Vec<MapItem<'a>>),
}

/// A node of the node map.
#[derive(Debug, Default)]
pub(crate) struct MapNode<'a> {
    /// `@type` values.
    pub types: Vec<String>,
    /// `@index`.
    pub index: Option<String>,
    /// Properties, ordered by IRI.
    pub props: BTreeMap<String, Vec<MapItem<'a>>>,
}

/// A graph: nodes by subject.
pub(crate) type Graph<'a> = BTreeMap<String, MapNode<'a>>;

/// The name of the default graph in the node map.
pub(crate) const DEFAULT_GRAPH: &str = "@default";

/// The active subject while walking.
enum Subject<'s> {
    None,
    Id(&'s str),
    Reverse(&'s str),
}

/// The node map and the blank node identifier generator.
#[derive(Debug, Default)]
pub(crate) struct NodeMap<'a> {
    /// Graphs by name (`@default` for the default graph).
    pub graphs: BTreeMap<String, Graph<'a>>,
    labels: HashMap<String, String>,
    counter: usize,
}

fn add_unique<'a>(values: &mut Vec<MapItem<'a>>, item: MapItem<'a>) {
    if matches!(item, MapItem::List(_)) || !values.contains(&item) {
        values.push(item);
    }
}

impl<'a> NodeMap<'a> {
    /// A fresh blank node identifier.
    pub fn fresh(&mut self) -> String {
        let id = format!("_:b{}", self.counter);
        self.counter += 1;
        id
    }

    /// The new label of an input blank node identifier.
    fn relabel(&mut self, old: &str) -> String {
        if let Some(l) = self.labels.get(old) {
            return l.clone();
        }
        let l = self.fresh();
        self.labels.insert(old.to_owned(), l.clone());
        l
    }

    /// The node `id` of `graph`, created when missing (never `None` in practice).
    fn node(&mut self, graph: &str, id: &str) -> Option<&mut MapNode<'a>> {
        if !self.graphs.contains_key(graph) {
            self.graphs.insert(graph.to_owned(), Graph::new());
        }
        let g = self.graphs.get_mut(graph)?;
        if !g.contains_key(id) {
            g.insert(id.to_owned(), MapNode::default());
        }
        g.get_mut(id)
    }

    fn add_to(&mut self, graph: &str, subject: &str, prop: &str, item: MapItem<'a>) {
        let Some(node) = self.node(graph, subject) else {
            return;
        };
        match node.props.get_mut(prop) {
            Some(values) => add_unique(values, item),
            None => {
                node.props.insert(prop.to_owned(), vec![item]);
            }
        }
    }

    /// Adds every item of an expanded document to the default graph.
    pub fn add_all(&mut self, items: &'a [Item]) -> Result<(), JsonLdError> {
        for item in items {
            self.generate(item, DEFAULT_GRAPH, &Subject::None, None, None)?;
        }
        Ok(())
    }

    fn generate(
        &mut self,
        item: &'a Item,
        graph: &str,
        subject: &Subject<'_>,
        prop: Option<&str>,
        list: Option<&mut Vec<MapItem<'a>>>,
    ) -> Result<(), JsonLdError> {
        match item {
            Item::Value(v) => match (list, subject, prop) {
                (Some(l), _, _) => l.push(MapItem::Value(v)),
                (None, Subject::Id(s), Some(p)) => self.add_to(graph, s, p, MapItem::Value(v)),
                _ => {}
            },
            Item::List(items, _) => {
                let mut inner = Vec::new();
                for i in items {
                    self.generate(i, graph, subject, prop, Some(&mut inner))?;
                }
                match (list, subject, prop) {
                    (Some(l), _, _) => l.push(MapItem::List(inner)),
                    (None, Subject::Id(s), Some(p)) => {
                        if let Some(node) = self.node(graph, s) {
                            node.props
                                .entry(p.to_owned())
                                .or_default()
                                .push(MapItem::List(inner));
                        }
                    }
                    _ => {}
                }
            }
            Item::Node(n) => {
                let id = match &n.id {
                    Some(id) if is_blank(id) => self.relabel(id),
                    Some(id) => id.clone(),
                    None => self.fresh(),
                };
                self.node(graph, &id);
                match (subject, prop) {
                    (Subject::Reverse(r), Some(p)) => {
                        self.add_to(graph, &id, p, MapItem::Ref((*r).to_owned()))
                    }
                    (_, Some(p)) => match list {
                        Some(l) => l.push(MapItem::Ref(id.clone())),
                        None => {
                            if let Subject::Id(s) = subject {
                                self.add_to(graph, s, p, MapItem::Ref(id.clone()));
                            }
                        }
                    },
                    _ => {}
                }
                for t in &n.types {
                    let t = if is_blank(t) {
                        self.relabel(t)
                    } else {
                        t.clone()
                    };
                    if let Some(node) = self.node(graph, &id)
                        && !node.types.contains(&t)
                    {
                        node.types.push(t);
                    }
                }
                if let (Some(index), Some(node)) = (&n.index, self.node(graph, &id)) {
                    match &node.index {
                        Some(existing) if existing != index => {
                            return Err(err(
                                "conflicting indexes",
                                format!("node {id} has @index {existing:?} and {index:?}"),
                            ));
                        }
                        _ => node.index = Some(index.clone()),
                    }
                }
                for (p, items) in &n.reverse {
                    for i in items {
                        self.generate(i, graph, &Subject::Reverse(&id), Some(p), None)?;
                    }
                }
                if let Some(g) = &n.graph {
                    for i in g {
                        self.generate(i, &id, &Subject::None, None, None)?;
                    }
                }
                if let Some(inc) = &n.included {
                    for i in inc {
                        self.generate(i, graph, &Subject::None, None, None)?;
                    }
                }
                for (p, items) in &n.props {
                    let p = if is_blank(p) {
                        self.relabel(p)
                    } else {
                        p.clone()
                    };
                    if let Some(node) = self.node(graph, &id)
                        && !node.props.contains_key(&p)
                    {
                        node.props.insert(p.clone(), Vec::new());
                    }
                    for i in items {
                        self.generate(i, graph, &Subject::Id(&id), Some(&p), None)?;
                    }
                }
            }
        }
        Ok(())
    }
}
