//! The Node Map Generation algorithm: flattens expanded items into graphs of nodes,
//! relabelling blank nodes. Identifiers borrow from the expanded document where they can.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

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
    Value(&'a ValueObject),
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
    /// Properties, ordered by IRI.
    pub props: BTreeMap<Str<'a>, Vec<MapItem<'a>>>,
}

/// A graph: nodes by subject.
pub(crate) type Graph<'a> = BTreeMap<Str<'a>, MapNode<'a>>;

/// The name of the default graph in the node map.
pub(crate) const DEFAULT_GRAPH: &str = "@default";

/// The active subject while walking.
#[derive(Clone)]
enum Subject<'a> {
    None,
    Id(Str<'a>),
    Reverse(Str<'a>),
}

/// The node map and the blank node identifier generator.
#[derive(Debug, Default)]
pub(crate) struct NodeMap<'a> {
    /// Graphs by name (`@default` for the default graph).
    pub graphs: BTreeMap<Str<'a>, Graph<'a>>,
    labels: HashMap<&'a str, String>,
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

    /// The node `id` of `graph`, created when missing (never `None` in practice).
    fn node(&mut self, graph: &Str<'a>, id: &Str<'a>) -> Option<&mut MapNode<'a>> {
        if !self.graphs.contains_key(graph.as_ref()) {
            self.graphs.insert(graph.clone(), Graph::new());
        }
        let g = self.graphs.get_mut(graph.as_ref())?;
        if !g.contains_key(id.as_ref()) {
            g.insert(id.clone(), MapNode::default());
        }
        g.get_mut(id.as_ref())
    }

    fn add_to(&mut self, graph: &Str<'a>, subject: &Str<'a>, prop: &Str<'a>, item: MapItem<'a>) {
        let Some(node) = self.node(graph, subject) else {
            return;
        };
        match node.props.get_mut(prop.as_ref()) {
            Some(values) => add_unique(values, item),
            None => {
                node.props.insert(prop.clone(), vec![item]);
            }
        }
    }

    /// Adds every item of an expanded document to the default graph.
    pub fn add_all(&mut self, items: &'a [Item]) -> Result<(), JsonLdError> {
        let default = Cow::Borrowed(DEFAULT_GRAPH);
        for item in items {
            self.generate(item, &default, &Subject::None, None, None)?;
        }
        Ok(())
    }

    fn generate(
        &mut self,
        item: &'a Item,
        graph: &Str<'a>,
        subject: &Subject<'a>,
        prop: Option<&Str<'a>>,
        list: Option<&mut Vec<MapItem<'a>>>,
    ) -> Result<(), JsonLdError> {
        match item {
            Item::Value(v) => match (list, subject, prop) {
                (Some(l), _, _) => l.push(MapItem::Value(v)),
                (None, Subject::Id(s), Some(p)) => self.add_to(graph, s, p, MapItem::Value(v)),
                _ => {}
            },
            Item::List(items, _) => {
                let mut inner = Vec::with_capacity(items.len());
                for i in items {
                    self.generate(i, graph, subject, prop, Some(&mut inner))?;
                }
                match (list, subject, prop) {
                    (Some(l), _, _) => l.push(MapItem::List(inner)),
                    (None, Subject::Id(s), Some(p)) => {
                        if let Some(node) = self.node(graph, s) {
                            node.props
                                .entry(p.clone())
                                .or_default()
                                .push(MapItem::List(inner));
                        }
                    }
                    _ => {}
                }
            }
            Item::Node(n) => self.generate_node(n, graph, subject, prop, list)?,
        }
        Ok(())
    }

    fn generate_node(
        &mut self,
        n: &'a super::expanded::Node,
        graph: &Str<'a>,
        subject: &Subject<'a>,
        prop: Option<&Str<'a>>,
        list: Option<&mut Vec<MapItem<'a>>>,
    ) -> Result<(), JsonLdError> {
        let id = match &n.id {
            Some(id) => self.ident(id),
            None => Cow::Owned(self.fresh()),
        };
        self.node(graph, &id);
        match (subject, prop) {
            (Subject::Reverse(r), Some(p)) => self.add_to(graph, &id, p, MapItem::Ref(r.clone())),
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
            let t = self.ident(t);
            if let Some(node) = self.node(graph, &id)
                && !node.types.contains(&t)
            {
                node.types.push(t);
            }
        }
        if let (Some(index), Some(node)) = (&n.index, self.node(graph, &id)) {
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
        let me = Subject::Reverse(id.clone());
        for (p, items) in &n.reverse {
            let p = Cow::Borrowed(p.as_str());
            for i in items {
                self.generate(i, graph, &me, Some(&p), None)?;
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
        let me = Subject::Id(id.clone());
        for (p, items) in &n.props {
            let p = self.ident(p);
            if let Some(node) = self.node(graph, &id)
                && !node.props.contains_key(p.as_ref())
            {
                node.props
                    .insert(p.clone(), Vec::with_capacity(items.len()));
            }
            for i in items {
                self.generate(i, graph, &me, Some(&p), None)?;
            }
        }
        Ok(())
    }
}
