//! What a catalogue entry is searched by, read from its signed document: facets (value or
//! number) and text. A catalogue entry's come from its Open Badges achievement (extended
//! profile): languages, field of study, levels, credit system and credits, the hours they
//! stand for (as an interval, by the reference framework's credit systems), participation
//! form, every alignment's target (framework items, EQF levels), and the texts in every
//! language, as words. Other types are not indexed.

use std::collections::BTreeSet;

use mochila_protocol::framework::FrameworkDefinition;
use serde_json::Value;

/// The EQF's IRI (as `levelFramework`).
const EQF: &str = "http://data.europa.eu/snb/eqf/25831c2";

/// One facet of an object.
#[derive(Debug, Clone, PartialEq)]
pub enum Facet {
    /// A value (`eqfLevel` = `6`).
    Value(&'static str, String),
    /// A number (`hoursMin` = 75).
    Number(&'static str, f64),
}

/// What an object is searched by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    /// Its facets.
    pub facets: Vec<Facet>,
    /// Its words, folded ([`crate::text::folded`]), each once, in order.
    pub words: Vec<String>,
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        Value::Object(m) => m.values().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The hours per credit of the reference framework's credit system `code`.
fn hours_per_credit(code: &str) -> Option<(f64, f64)> {
    thread_local! {
        static REFERENCE: Option<FrameworkDefinition> = FrameworkDefinition::mochila_reference().ok();
    }
    REFERENCE.with(|r| {
        let ch = r.as_ref()?.item(code)?.credit_hours.as_ref()?;
        Some((ch.min, ch.max))
    })
}

/// The words of `text`, folded ([`crate::text::folded`]): what entries are found by and
/// what a search looks for.
pub fn words(text: &str) -> Vec<String> {
    crate::text::folded(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The index of `document` (type `object_type`), if the type is indexed.
pub fn index(object_type: &str, document: &Value) -> Option<Terms> {
    if object_type != mochila_protocol::activity::CATALOGUE_ENTRY_TYPE {
        return None;
    }
    let a = &document["achievement"];
    let mut facets = Vec::new();
    let mut value = |name: &'static str, v: &str| facets.push(Facet::Value(name, v.to_owned()));
    // Only archived ones carry the facet: the filter almost every search has ("not
    // archived") is then a small exclusion, not a sub-select of every entry.
    if document["archived"] == true {
        value("archived", "true");
    }
    let mut languages: BTreeSet<&str> = document["names"]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    languages.extend(a["inLanguage"].as_str());
    for l in languages {
        value("language", l);
    }
    if let Some(f) = a["fieldOfStudy"].as_str() {
        value("fieldOfStudy", &crate::text::folded(f));
    }
    if let Some(t) = a["achievementType"].as_str() {
        value("achievementType", t);
    }
    if let Some(p) = a["participationForm"].as_str() {
        value("participationForm", p);
    }
    for l in a["qualificationLevel"].as_array().into_iter().flatten() {
        if let (Some(f), Some(v)) = (l["levelFramework"].as_str(), l["levelValue"].as_str()) {
            if f == EQF {
                value("eqfLevel", v);
            }
            value("level", &format!("{f}#{v}"));
        }
    }
    for al in a["alignment"].as_array().into_iter().flatten() {
        if let Some(t) = al["targetUrl"].as_str() {
            value("target", t);
        }
    }
    let workload = (
        a["workload"]["workloadUnit"].as_str(),
        a["workload"]["workloadValue"].as_f64(),
    );
    if let (Some(unit), Some(amount)) = workload {
        value("creditSystem", unit);
        facets.push(Facet::Number("credits", amount));
        if let Some((min, max)) = hours_per_credit(unit) {
            facets.push(Facet::Number("hoursMin", amount * min));
            facets.push(Facet::Number("hoursMax", amount * max));
        }
    }
    let mut text = Vec::new();
    for key in ["names", "descriptions"] {
        text.extend(strings(&document[key]));
    }
    for key in ["name", "description", "fieldOfStudy", "humanCode"] {
        text.extend(strings(&a[key]));
    }
    text.extend(strings(&a["tag"]));
    let words: BTreeSet<String> = words(&text.join(" \n")).into_iter().collect();
    Some(Terms {
        facets,
        words: words.into_iter().collect(),
    })
}
