//! The benchmark's synthetic network: a coordinator's member list and each member's
//! catalogue entries, as real shared objects signed by synthetic publishers and applied
//! through the node's receive path.

use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use mochila_node::federation::shared;
use mochila_node::store::entity::network_membership;
use mochila_protocol::activity::{Actor, SharedMeta, shared_document, sign_object};
use sea_orm::{ActiveModelTrait, DatabaseConnection, TransactionTrait};
use serde_json::{Map, Value, json};

const COORDINATOR: &str = "https://coord.bench.example";
const STAMP: &str = "2026-12-07T10:00:00Z";
const TOPICS: [(&str, &str, &str); 8] = [
    ("Análisis de datos", "Data analysis", "Ciencia de datos"),
    ("Ciberseguridad", "Cybersecurity", "Informática"),
    ("Historia regional", "Regional history", "Historia"),
    ("Diseño de experiencias", "Experience design", "Diseño"),
    ("Energía solar", "Solar energy", "Ingeniería"),
    ("Cuidados de enfermería", "Nursing care", "Salud"),
    (
        "Gestión de proyectos",
        "Project management",
        "Administración",
    ),
    (
        "Agricultura sostenible",
        "Sustainable agriculture",
        "Agronomía",
    ),
];
const UNITS: [&str; 4] = ["ECTS", "SCT-Chile", "SATCA", "Hours"];
const FORMS: [&str; 3] = ["online", "onsite", "blended"];
const COUNTRIES: [&str; 3] = ["CL", "MX", "GT"];
pub const FIELD: &str = "https://w3id.org/mochila/framework/v1/field-of-study/isced-f-061";

/// A synthetic publisher: its actor and key.
struct Publisher {
    entity: String,
    actor: Actor,
    key: SigningKey,
}

fn publisher(entity: &str, seed: u32) -> Publisher {
    let mut bytes = [0u8; 32];
    bytes[..4].copy_from_slice(&seed.to_be_bytes());
    bytes[4] = 1;
    let key = SigningKey::from_bytes(&bytes);
    let id = format!("{entity}/actor");
    let actor: Actor = serde_json::from_value(json!({
        "id": id, "type": "Organization", "inbox": format!("{id}/inbox"),
        "assertionMethod": [{"id": format!("{id}#key-1"), "type": "Multikey", "controller": id,
            "publicKeyMultibase": mochila_protocol::multikey::encode_public(&key.verifying_key())}]
    }))
    .unwrap();
    Publisher {
        entity: entity.to_owned(),
        actor,
        key,
    }
}

impl Publisher {
    fn signed(
        &self,
        collection: &str,
        key: &str,
        kind: &str,
        seq: i64,
        content: Map<String, Value>,
    ) -> Value {
        let base = &self.entity;
        let meta = SharedMeta {
            id: format!("{base}/shared/{collection}/{key}"),
            object_type: kind.to_owned(),
            publisher: self.actor.id.clone(),
            collection: format!("{base}/shared/{collection}"),
            version: 1,
            sequence: seq,
            updated: STAMP.to_owned(),
            deleted: false,
        };
        let vm = format!("{}#key-1", self.actor.id);
        sign_object(shared_document(&meta, content), &self.key, &vm, STAMP).unwrap()
    }
}

pub fn entry(p: usize, j: usize) -> Map<String, Value> {
    let h = p * 7919 + j * 104_729;
    let (es, en, field) = TOPICS[h % TOPICS.len()];
    let unit = UNITS[(h / 3) % UNITS.len()];
    let amount = (h % 9 + 1) as f64;
    let level = (h / 5) % 5 + 3;
    let form = FORMS[(h / 7) % FORMS.len()];
    let id = format!("https://uni{p}.bench.example/achievements/{j}/versions/1");
    let name = format!("{es} {j}");
    let achievement = json!({
        "id": id, "type": ["Achievement"], "achievementType": "MicroCredential",
        "name": name, "description": format!("{es}: resultados de aprendizaje del módulo {j}."),
        "inLanguage": "es", "fieldOfStudy": field,
        "alignment": [
            {"type": ["Alignment"], "targetUrl": format!("http://data.europa.eu/snb/eqf/{level}"), "targetName": format!("EQF {level}")},
            {"type": ["Alignment"], "targetUrl": FIELD, "targetName": field, "targetType": "CFItem"}
        ],
        "workload": {"type": "Workload", "workloadValue": amount, "workloadUnit": unit},
        "qualificationLevel": [{"type": "QualificationLevel", "levelFramework": "http://data.europa.eu/snb/eqf/25831c2", "levelFrameworkName": "EQF", "levelValue": level.to_string()}],
        "participationForm": form
    });
    let mut names = json!({"es": name});
    if h.is_multiple_of(2) {
        names["en"] = json!(format!("{en} {j}"));
    }
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    m.insert("names".into(), names);
    m.insert(
        "descriptions".into(),
        json!({"es": achievement["description"]}),
    );
    m.insert("achievement".into(), achievement);
    m.insert("achievementVersion".into(), json!(1));
    m.insert("archived".into(), json!(h.is_multiple_of(50)));
    m
}

/// Fills `db` with the coordinator's list of `publishers` members and their catalogues, as
/// received changes; returns how long applying them took.
pub async fn generate(db: &DatabaseConnection, publishers: usize, per: usize) -> Duration {
    network_membership::ActiveModel::from(network_membership::Model {
        coordinator: COORDINATOR.to_owned(),
        applied_at: time::OffsetDateTime::now_utc(),
        applied_by: "benchmark".to_owned(),
    })
    .insert(db)
    .await
    .unwrap();
    let coordinator = publisher(COORDINATOR, 0);
    let members: Vec<Publisher> = (0..publishers)
        .map(|p| publisher(&format!("https://uni{p}.bench.example"), p as u32 + 1))
        .collect();
    let t = Instant::now();
    let txn = db.begin().await.unwrap();
    for (i, m) in members.iter().enumerate() {
        let mut c = Map::new();
        for (k, v) in [
            ("member", json!(m.entity)),
            ("memberDid", json!(format!("did:web:uni{i}.bench.example"))),
            ("memberActor", json!(m.actor.id)),
            ("name", json!(format!("Universidad {i}"))),
            ("country", json!(COUNTRIES[i % COUNTRIES.len()])),
            ("memberState", json!("active")),
            ("network", json!(COORDINATOR)),
            ("networkName", json!("Red de prueba")),
        ] {
            c.insert(k.into(), v);
        }
        let doc = coordinator.signed("members", &i.to_string(), "NetworkMember", i as i64 + 1, c);
        let got = shared::accept(&txn, &coordinator.actor, &doc)
            .await
            .unwrap();
        assert_eq!(got, shared::Accepted::Applied);
    }
    txn.commit().await.unwrap();
    for (p, m) in members.iter().enumerate() {
        let txn = db.begin().await.unwrap();
        for j in 0..per {
            let doc = m.signed(
                "catalogue",
                &j.to_string(),
                "CatalogueEntry",
                j as i64 + 1,
                entry(p, j),
            );
            let got = shared::accept(&txn, &m.actor, &doc).await.unwrap();
            assert_eq!(got, shared::Accepted::Applied);
        }
        txn.commit().await.unwrap();
    }
    t.elapsed()
}
