//! The Node Map Generation algorithm: flattens expanded items into graphs of nodes,
//! relabelling blank nodes. Identifiers borrow from the expanded document where they can.

use super::hasher::FastMap;
use std::borrow::Cow;

use super::expanded::{Item, ValueObject};
use super::iri::is_blank;
use super::{JsonLdError, err};

/// An identifier or IRI: borrowed from the expanded document, or a new blank node label.
pub(crate) type Str<'a> = Cow<'a, str>;

/// A property value in the node map.
#[derive(Debug, PartialEq)]
pub(crate) enum MapItem<'a> {
    /// A reference to a node by id.
    Ref(Str<'a>),
    /// A value object of the expanded document.
    Value(&'a ValueObject<'a>),
    /// A list.
    List(Vec<MapItem<'a>>),
}

/// A node of the node map.
#[derive(Debug, Default)]
pub(crate) struct MapNode<'a> {
    /// `@type` values.
    pub types: Vec<Str<'a>>,
    /// `@index`.
    pub index: Option<&'a str>,
    /// Properties in insertion order.
    pub props: Vec<(Str<'a>, Vec<MapItem<'a>>)>,
}

impl<'a> MapNode<'a> {
    /// The values of `prop`, created empty when missing.
    fn values(&mut self, prop: &Str<'a>) -> &mut Vec<MapItem<'a>> {
        self.values_for(prop, 1)
    }

    /// The values of `prop`, created with room for `capacity` values when missing.
    fn values_for(&mut self, prop: &Str<'a>, capacity: usize) -> &mut Vec<MapItem<'a>> {
        // The values of one property are added one after the other: try the last first.
        let last = self.props.len().wrapping_sub(1);
        let found = match self.props.last() {
            Some((p, _)) if p == prop => Some(last),
            _ => self.props.iter().position(|(p, _)| p == prop),
        };
        let i = match found {
            Some(i) => i,
            None => {
                self.props
                    .push((prop.clone(), Vec::with_capacity(capacity)));
                self.props.len() - 1
            }
        };
        &mut self.props[i].1
    }
}

/// A graph: its nodes in insertion order, indexed by subject.
#[derive(Debug, Default)]
pub(crate) struct Graph<'a> {
    /// `(subject, node)` pairs.
    pub nodes: Vec<(Str<'a>, MapNode<'a>)>,
    index: FastMap<Str<'a>, usize>,
}

/// The name of the default graph in the node map.
pub(crate) const DEFAULT_GRAPH: &str = "@default";

/// The active subject while walking: a node of the current graph by position, or the id
/// of the node a reverse property points back to.
#[derive(Clone)]
enum Subject<'a> {
    None,
    Node(usize),
    Reverse(Str<'a>),
}

/// The node map and the blank node identifier generator.
#[derive(Debug, Default)]
pub(crate) struct NodeMap<'a> {
    /// `(graph name, graph)` pairs (`@default` for the default graph).
    pub graphs: Vec<(Str<'a>, Graph<'a>)>,
    labels: FastMap<&'a str, String>,
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
    fn relabel(&mut self, old: &'a str) -> Str<'a> {
        if let Some(l) = self.labels.get(old) {
            return Cow::Owned(l.clone());
        }
        let l = self.fresh();
        self.labels.insert(old, l.clone());
        Cow::Owned(l)
    }

    /// `id` relabelled if it is a blank node identifier.
    fn ident(&mut self, id: &'a str) -> Str<'a> {
        if is_blank(id) {
            self.relabel(id)
        } else {
            Cow::Borrowed(id)
        }
    }

    /// The position of graph `name`, created when missing.
    fn graph(&mut self, name: &Str<'a>) -> usize {
        match self.graphs.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                let graph = Graph {
                    nodes: Vec::with_capacity(16),
                    index: FastMap::with_capacity_and_hasher(16, Default::default()),
                };
                self.graphs.push((name.clone(), graph));
                self.graphs.len() - 1
            }
        }
    }

    /// The position of node `id` in graph `g`, created when missing.
    fn node(&mut self, g: usize, id: &Str<'a>) -> usize {
        let Some((_, graph)) = self.graphs.get_mut(g) else {
            return usize::MAX;
        };
        if let Some(&i) = graph.index.get(id.as_ref()) {
            return i;
        }
        graph.nodes.push((id.clone(), MapNode::default()));
        graph.index.insert(id.clone(), graph.nodes.len() - 1);
        graph.nodes.len() - 1
    }

    /// The node at `(g, n)`.
    fn at(&mut self, g: usize, n: usize) -> Option<&mut MapNode<'a>> {
        self.graphs
            .get_mut(g)?
            .1
            .nodes
            .get_mut(n)
            .map(|(_, node)| node)
    }

    /// Adds every item of an expanded document to the default graph.
    pub fn add_all(&mut self, items: &'a [Item<'a>]) -> Result<(), JsonLdError> {
        let g = self.graph(&Cow::Borrowed(DEFAULT_GRAPH));
        for item in items {
            self.generate(item, g, &Subject::None, None, None)?;
        }
        Ok(())
    }

    fn generate(
        &mut self,
        item: &'a Item,
        g: usize,
        subject: &Subject<'a>,
        prop: Option<&Str<'a>>,
        list: Option<&mut Vec<MapItem<'a>>>,
    ) -> Result<(), JsonLdError> {
        match item {
            Item::Value(v) => match (list, subject, prop) {
                (Some(l), _, _) => l.push(MapItem::Value(v)),
                (None, Subject::Node(s), Some(p)) => {
                    if let Some(node) = self.at(g, *s) {
                        add_unique(node.values(p), MapItem::Value(v));
                    }
                }
                _ => {}
            },
            Item::List(items, _) => {
                let mut inner = Vec::with_capacity(items.len());
                for i in items {
                    self.generate(i, g, subject, prop, Some(&mut inner))?;
                }
                match (list, subject, prop) {
                    (Some(l), _, _) => l.push(MapItem::List(inner)),
                    (None, Subject::Node(s), Some(p)) => {
                        if let Some(node) = self.at(g, *s) {
                            node.values(p).push(MapItem::List(inner));
                        }
                    }
                    _ => {}
                }
            }
            Item::Node(n) => self.generate_node(n, g, subject, prop, list)?,
        }
        Ok(())
    }

    fn generate_node(
        &mut self,
        n: &'a super::expanded::Node,
        g: usize,
        subject: &Subject<'a>,
        prop: Option<&Str<'a>>,
        list: Option<&mut Vec<MapItem<'a>>>,
    ) -> Result<(), JsonLdError> {
        let id = match &n.id {
            Some(id) => self.ident(id),
            None => Cow::Owned(self.fresh()),
        };
        let me = self.node(g, &id);
        if let Some(node) = self.at(g, me) {
            node.props.reserve(n.props.len());
            node.types.reserve(n.types.len());
        }
        match (subject, prop, list) {
            (Subject::Reverse(r), Some(p), _) => {
                if let Some(node) = self.at(g, me) {
                    add_unique(node.values(p), MapItem::Ref(r.clone()));
                }
            }
            (_, Some(_), Some(l)) => l.push(MapItem::Ref(id.clone())),
            (Subject::Node(s), Some(p), None) => {
                if let Some(node) = self.at(g, *s) {
                    add_unique(node.values(p), MapItem::Ref(id.clone()));
                }
            }
            _ => {}
        }
        for t in &n.types {
            let t = self.ident(t);
            if let Some(node) = self.at(g, me)
                && !node.types.contains(&t)
            {
                node.types.push(t);
            }
        }
        if let (Some(index), Some(node)) = (&n.index, self.at(g, me)) {
            match node.index {
                Some(existing) if existing != index => {
                    return Err(err(
                        "conflicting indexes",
                        format!("node {id} has @index {existing:?} and {index:?}"),
                    ));
                }
                _ => node.index = Some(index),
            }
        }
        let back = Subject::Reverse(id.clone());
        for (p, items) in &n.reverse {
            let p = Cow::Borrowed(&**p);
            for i in items {
                self.generate(i, g, &back, Some(&p), None)?;
            }
        }
        if let Some(items) = &n.graph {
            let inner = self.graph(&id);
            for i in items {
                self.generate(i, inner, &Subject::None, None, None)?;
            }
        }
        if let Some(inc) = &n.included {
            for i in inc {
                self.generate(i, g, &Subject::None, None, None)?;
            }
        }
        let me_subject = Subject::Node(me);
        for (p, items) in &n.props {
            let p = self.ident(p);
            if let Some(node) = self.at(g, me) {
                node.values_for(&p, items.len());
            }
            for i in items {
                self.generate(i, g, &me_subject, Some(&p), None)?;
            }
        }
        Ok(())
    }
}
