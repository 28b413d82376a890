//! What tests, benches and federation scenarios share, so that none writes its own: the
//! example microcredential (one complete definition, every EU Annex I element) and a fresh
//! PostgreSQL schema per test.

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

/// A fresh schema on the PostgreSQL server of `base` (a `postgres://` URL), as a connection
/// URL whose `search_path` is that schema: each test (and every process of it) sees only
/// its own tables.
pub async fn fresh_postgres_schema(base: &str) -> Result<String, sea_orm::DbErr> {
    use sea_orm::ConnectionTrait;
    let schema = format!("t{}", uuid::Uuid::new_v4().simple());
    let db = sea_orm::Database::connect(base).await?;
    db.execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await?;
    db.close().await?;
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}
