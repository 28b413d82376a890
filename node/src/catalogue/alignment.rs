//! The EU Annex I elements in standard Open Badges terms: `alignment` entries to controlled
//! vocabularies (European Learning Model concepts, EQF levels, the Mochila reference
//! framework's items) and the criteria narrative with the learning outcomes and
//! prerequisites. docs/protocol/credential-profile.md lists where each element lives.

use mochila_protocol::credential::vocabulary::{self, Concept, EQF_NAME, Scheme};
use serde_json::{Map, Value, json};

use super::definition::{AchievementDefinition, EQF_FRAMEWORK, text_in};

fn alignment(
    target_type: &str,
    name: String,
    url: &str,
    code: Option<&str>,
    framework: Option<&str>,
    description: Option<String>,
) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(["Alignment"]));
    m.insert("targetName".into(), name.into());
    m.insert("targetUrl".into(), url.into());
    if let Some(d) = description {
        m.insert("targetDescription".into(), d.into());
    }
    if let Some(code) = code {
        m.insert("targetCode".into(), code.into());
    }
    if let Some(framework) = framework {
        m.insert("targetFramework".into(), framework.into());
    }
    m.insert("targetType".into(), target_type.into());
    Value::Object(m)
}

fn to_concept(c: &Concept, lang: &str) -> Value {
    alignment(
        c.scheme.target_type(),
        c.label(lang).to_owned(),
        c.iri,
        Some(c.code),
        Some(c.framework_name()),
        None,
    )
}

fn concept(scheme: Scheme, code: &str, lang: &str) -> Option<Value> {
    vocabulary::concept(scheme, code).map(|c| to_concept(c, lang))
}

/// A number as people write it: `5`, `2.5`.
fn number(value: f64) -> String {
    let v =
        serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string());
    v.strip_suffix(".0").map(str::to_owned).unwrap_or(v)
}

fn levels(def: &AchievementDefinition, lang: &str) -> impl Iterator<Item = Value> {
    def.levels.iter().map(move |l| {
        if l.framework == EQF_FRAMEWORK {
            let name = match lang {
                "es" => format!("EQF nivel {}", l.value),
                "pt" => format!("QEQ nível {}", l.value),
                _ => format!("EQF level {}", l.value),
            };
            alignment(
                "ext:EQFLevel",
                name,
                &vocabulary::eqf_level_iri(&l.value),
                Some(&l.value),
                Some(EQF_NAME),
                None,
            )
        } else {
            alignment(
                "ext:QualificationLevel",
                format!("{} {}", l.framework_name, l.value),
                &l.framework,
                Some(&l.value),
                Some(&l.framework_name),
                None,
            )
        }
    })
}

fn workload(def: &AchievementDefinition, lang: &str) -> Option<Value> {
    let w = def.workload.as_ref()?;
    let c = vocabulary::concept(Scheme::CreditSystem, &w.unit)?;
    let amount = number(w.value);
    let name = if w.unit == "Hours" {
        format!("{amount} h")
    } else {
        format!("{amount} {}", w.unit)
    };
    Some(alignment(
        c.scheme.target_type(),
        name,
        c.iri,
        Some(&amount),
        Some(c.framework_name()),
        Some(c.label(lang).to_owned()),
    ))
}

fn quality_assurance(def: &AchievementDefinition, lang: &str) -> impl Iterator<Item = Value> {
    def.quality_assurance.iter().filter_map(move |q| {
        let c = vocabulary::concept(Scheme::QualityAssurance, &q.kind)?;
        let description = match &q.url {
            Some(url) => format!("{}: {url}", c.label(lang)),
            None => c.label(lang).to_owned(),
        };
        Some(alignment(
            c.scheme.target_type(),
            q.body.clone(),
            c.iri,
            Some(c.code),
            Some(c.framework_name()),
            Some(description),
        ))
    })
}

fn stackability(def: &AchievementDefinition, lang: &str) -> Vec<Value> {
    let Some(s) = &def.stackability else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if s.stand_alone {
        out.extend(concept(Scheme::Stackability, "standAlone", lang));
    }
    if !s.stackable_towards.is_empty() {
        out.extend(concept(Scheme::Stackability, "stackable", lang));
    }
    out.extend(
        s.stackable_towards
            .iter()
            .map(|url| alignment("ext:StackableTowards", url.clone(), url, None, None, None)),
    );
    out
}

/// Every alignment of the Achievement, labels in `lang`: levels, workload and credit
/// system, assessment types, participation form, quality assurance, supervision, identity
/// verification, stackability, then the designer's own (ESCO skills, ...).
pub fn alignments(def: &AchievementDefinition, lang: &str) -> Vec<Value> {
    let mut out: Vec<Value> = levels(def, lang).collect();
    out.extend(workload(def, lang));
    out.extend(
        def.assessment_types
            .iter()
            .filter_map(|a| concept(Scheme::AssessmentType, a, lang)),
    );
    if let Some(p) = &def.participation_form {
        out.extend(concept(Scheme::ParticipationForm, p, lang));
    }
    out.extend(quality_assurance(def, lang));
    if let Some(s) = &def.supervision {
        out.extend(concept(Scheme::Supervision, s, lang));
    }
    if let Some(s) = &def.identity_verification {
        out.extend(concept(Scheme::IdentityVerification, s, lang));
    }
    out.extend(stackability(def, lang));
    out.extend(def.alignments.iter().map(|al| {
        let mut m = Map::new();
        m.insert("type".into(), json!(["Alignment"]));
        m.insert("targetName".into(), al.target_name.clone().into());
        m.insert("targetUrl".into(), al.target_url.clone().into());
        for (key, value) in [
            ("targetFramework", &al.target_framework),
            ("targetCode", &al.target_code),
            ("targetType", &al.target_type),
        ] {
            if let Some(v) = value {
                m.insert(key.into(), v.clone().into());
            }
        }
        Value::Object(m)
    }));
    out.extend(super::framework_items::alignments(def, lang));
    out
}

/// The learning outcomes in `lang` (else `fallback`, else any language), if there are any.
pub fn outcomes_in<'a>(
    def: &'a AchievementDefinition,
    lang: &str,
    fallback: &str,
) -> Option<&'a Vec<String>> {
    let outcomes = &def.learning_outcomes;
    outcomes
        .get(lang)
        .filter(|o| !o.is_empty())
        .or_else(|| outcomes.get(fallback).filter(|o| !o.is_empty()))
        .or_else(|| outcomes.values().find(|o| !o.is_empty()))
}

fn heading(lang: &str, what: &str) -> &'static str {
    match (what, lang) {
        ("outcomes", "es") => "Resultados de aprendizaje",
        ("outcomes", "pt") => "Resultados de aprendizagem",
        ("outcomes", _) => "Learning outcomes",
        (_, "es") => "Requisitos previos",
        (_, "pt") => "Pré-requisitos",
        _ => "Prerequisites",
    }
}

fn markdown_list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str("\n\n**");
    out.push_str(title);
    out.push_str("**\n");
    for item in items {
        out.push_str("\n- ");
        out.push_str(item.trim());
    }
}

/// The criteria narrative (Markdown) in `lang`: the designer's criteria, then the
/// learning outcomes and the prerequisites as lists (Open Badges has no term of its own
/// for either).
pub fn criteria_narrative(def: &AchievementDefinition, lang: &str, fallback: &str) -> String {
    let shown = if def.criteria.contains_key(lang) {
        lang
    } else {
        fallback
    };
    let mut out = text_in(&def.criteria, lang, fallback).trim_end().to_owned();
    if let Some(outcomes) = outcomes_in(def, lang, fallback) {
        markdown_list(&mut out, heading(shown, "outcomes"), outcomes);
    }
    markdown_list(
        &mut out,
        heading(shown, "prerequisites"),
        &def.prerequisites,
    );
    out
}
