//! The example microcredential that tests, benches and federation scenarios define: one
//! complete definition (every EU Annex I element), so that none of them writes its own.

use serde_json::{Value, json};

/// A complete microcredential definition named `name` (Spanish; `"<name> (en)"` in English)
/// with one ESCO skill alignment.
pub fn definition(name: &str) -> Value {
    definition_with_skills(name, 1)
}

/// [`definition`] aligned to `skills` ESCO skills (`skill 0`, `skill 1`, ...).
pub fn definition_with_skills(name: &str, skills: usize) -> Value {
    let alignments: Vec<Value> = (0..skills)
        .map(|i| {
            json!({"targetName": format!("skill {i}"),
                   "targetUrl": format!("http://data.europa.eu/esco/skill/{i}"),
                   "targetFramework": "ESCO"})
        })
        .collect();
    json!({
        "name": {"es": name, "en": format!("{name} (en)")},
        "description": {"es": "Certifica el análisis de datos con Python."},
        "criteria": {"es": "Aprobar el proyecto final con nota 4.0 o superior."},
        "achievementType": "MicroCredential",
        "fieldOfStudy": "Ciencia de datos",
        "learningOutcomes": {"es": ["Limpia datos tabulares.", "Comunica resultados."]},
        "workload": {"value": 5, "unit": "SCT-Chile"},
        "levels": [{"framework": "http://data.europa.eu/snb/eqf/25831c2", "frameworkName": "EQF", "value": "6"}],
        "assessmentTypes": ["Project"],
        "participationForm": "blended",
        "qualityAssurance": [{"type": "ExternalAccreditation", "body": "CNA-Chile", "url": "https://www.cnachile.cl"}],
        "alignments": alignments
    })
}
