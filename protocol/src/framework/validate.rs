//! Whether a framework version is well formed, and whether it may follow the one before.

use std::collections::{HashMap, HashSet};

use super::{AssociationType, FrameworkDefinition, ItemType, LANGUAGES, Texts};

/// One problem, at a JSON Pointer into the definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// Where (`/items/3/code`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    fn texts(&mut self, pointer: &str, texts: &Texts, required: bool, max: usize) {
        if required && texts.values().all(|t| t.trim().is_empty()) {
            self.add(
                pointer,
                "is required: give it in at least one of es, en, pt",
            );
        }
        for (lang, text) in texts {
            let at = format!("{pointer}/{lang}");
            if !LANGUAGES.contains(&lang.as_str()) {
                self.add(at, "language must be es, en or pt");
            } else if text.trim().is_empty() {
                self.add(at, "must not be empty");
            } else if text.chars().count() > max {
                self.add(at, format!("must be at most {max} characters"));
            }
        }
    }

    fn url(&mut self, pointer: &str, value: &str) {
        if !is_url(value) {
            self.add(pointer, "must be an absolute http(s) URL");
        }
    }

    fn interval(&mut self, pointer: &str, min: f64, max: f64) {
        if !(min.is_finite() && min > 0.0) {
            self.add(format!("{pointer}/min"), "must be a positive number");
        }
        if !(max.is_finite() && max >= min) {
            self.add(
                format!("{pointer}/max"),
                "must be a number no less than min",
            );
        }
    }
}

fn is_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !value.contains(char::is_whitespace)
    })
}

fn is_slug(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

fn is_code(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Every problem with `def` (empty when it is valid). An item may give its own IRI only
/// under one of `id_prefixes` (none: the publisher assigns every IRI).
pub fn validate(def: &FrameworkDefinition, id_prefixes: &[&str]) -> Vec<FieldProblem> {
    let mut p = Problems::default();
    if !is_slug(&def.slug) {
        p.add(
            "/slug",
            "must be 2 to 64 of a-z, 0-9 and -, not starting with -",
        );
    }
    if def.framework_version == 0 {
        p.add("/frameworkVersion", "must be at least 1");
    }
    p.texts("/title", &def.title, true, 200);
    p.texts("/description", &def.description, false, 4000);
    if def.items.is_empty() {
        p.add("/items", "must have at least one item");
    }
    let mut codes = HashSet::new();
    let mut ids = HashSet::new();
    for (i, item) in def.items.iter().enumerate() {
        let at = format!("/items/{i}");
        if !is_code(&item.code) {
            p.add(
                format!("{at}/code"),
                "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'",
            );
        } else if !codes.insert(item.code.as_str()) {
            p.add(
                format!("{at}/code"),
                format!("{} is used by another item", item.code),
            );
        }
        if let Some(id) = &item.id {
            if !id_prefixes.iter().any(|prefix| id.starts_with(prefix)) {
                p.add(
                    format!("{at}/id"),
                    "is assigned by the publisher: leave it out",
                );
            } else if !is_url(id) {
                p.add(format!("{at}/id"), "must be an absolute http(s) URL");
            } else if !ids.insert(id.as_str()) {
                p.add(format!("{at}/id"), format!("{id} is used by another item"));
            }
        }
        p.texts(&format!("{at}/name"), &item.name, true, 300);
        p.texts(&format!("{at}/description"), &item.description, false, 4000);
        for (j, m) in item.exact_match.iter().enumerate() {
            p.url(&format!("{at}/exactMatch/{j}"), m);
        }
        match (&item.credit_hours, item.item_type) {
            (Some(ch), ItemType::CreditSystem) => {
                p.interval(&format!("{at}/creditHours"), ch.min, ch.max);
                if ch.source.title.trim().is_empty() {
                    p.add(
                        format!("{at}/creditHours/source/title"),
                        "must not be empty",
                    );
                }
                if let Some(url) = &ch.source.url {
                    p.url(&format!("{at}/creditHours/source/url"), url);
                }
                for (j, c) in ch.components.iter().enumerate() {
                    let cat = format!("{at}/creditHours/components/{j}");
                    p.interval(&cat, c.min, c.max);
                    if !(c.min >= ch.min && c.max <= ch.max) {
                        p.add(cat, "must lie within the system's min and max");
                    }
                }
            }
            (None, ItemType::CreditSystem) => {
                p.add(
                    format!("{at}/creditHours"),
                    "is required for a credit system",
                );
            }
            (Some(_), _) => p.add(format!("{at}/creditHours"), "is only for a credit system"),
            (None, _) => {}
        }
        if item.level_order.is_some() && item.item_type != ItemType::Level {
            p.add(format!("{at}/levelOrder"), "is only for a level");
        }
    }
    associations(def, &mut p);
    p.0
}

fn associations(def: &FrameworkDefinition, p: &mut Problems) {
    let mut seen = HashSet::new();
    let mut parents: HashMap<String, Vec<String>> = HashMap::new();
    let key = |k: &str| def.item(k).map(|i| i.code.clone());
    for (i, a) in def.associations.iter().enumerate() {
        let at = format!("/associations/{i}");
        let Some(origin) = key(&a.origin) else {
            p.add(
                format!("{at}/origin"),
                "must be an item of this framework (IRI or code)",
            );
            continue;
        };
        let destination = key(&a.destination);
        if destination.is_none() && !is_url(&a.destination) {
            p.add(
                format!("{at}/destination"),
                "must be an item of this framework or an absolute http(s) URL",
            );
            continue;
        }
        let target = destination.clone().unwrap_or_else(|| a.destination.clone());
        if destination.as_deref() == Some(origin.as_str()) {
            p.add(format!("{at}/destination"), "must not be the origin");
        } else if !seen.insert((a.association_type, origin.clone(), target.clone())) {
            p.add(at, "is given twice");
        } else if a.association_type == AssociationType::IsChildOf {
            parents.entry(origin).or_default().push(target);
        }
    }
    for start in parents.keys() {
        let mut stack = vec![start.clone()];
        let mut visited = HashSet::new();
        while let Some(node) = stack.pop() {
            for parent in parents.get(&node).into_iter().flatten() {
                if parent == start {
                    p.add(
                        "/associations",
                        format!("isChildOf makes a cycle through {start}"),
                    );
                    return;
                }
                if visited.insert(parent.clone()) {
                    stack.push(parent.clone());
                }
            }
        }
    }
}

/// Every reason `next` may not follow `prev` (both with their IRIs set): the same slug, a
/// higher version, every item of `prev` still there (deprecated, not removed) with its
/// type, and no deprecated item brought back.
pub fn validate_successor(
    prev: &FrameworkDefinition,
    next: &FrameworkDefinition,
) -> Vec<FieldProblem> {
    let mut p = Problems::default();
    if next.slug != prev.slug {
        p.add("/slug", format!("must stay {}", prev.slug));
    }
    if next.framework_version <= prev.framework_version {
        p.add(
            "/frameworkVersion",
            format!("must be higher than {}", prev.framework_version),
        );
    }
    for old in &prev.items {
        let Some(pos) = next.items.iter().position(|n| n.id == old.id) else {
            p.add(
                "/items",
                format!(
                    "item {} of version {} is missing: keep it, marked deprecated",
                    old.code, prev.framework_version
                ),
            );
            continue;
        };
        let new = &next.items[pos];
        if new.item_type != old.item_type {
            p.add(
                format!("/items/{pos}/itemType"),
                format!("must stay {:?}", old.item_type),
            );
        }
        if old.deprecated && !new.deprecated {
            p.add(
                format!("/items/{pos}/deprecated"),
                "a deprecated item stays deprecated",
            );
        }
    }
    p.0
}
