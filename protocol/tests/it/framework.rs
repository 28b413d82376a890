//! Framework versions: the shipped reference framework, validation naming the field,
//! succession rules, what changed, the shared object's digest, CASE export, conversions.

use mochila_protocol::credential::vocabulary::{CONCEPTS, REFERENCE_FRAMEWORK};
use mochila_protocol::framework::convert::{Interval, convert};
use mochila_protocol::framework::{
    Association, AssociationType, FrameworkDefinition, FrameworkError, FrameworkStatus, Item,
    ItemType, REFERENCE_NAMESPACE, case_package, changes, content_digest, framework_content,
    read_framework, validate, validate_successor,
};
use serde_json::{Value, json};

const BASE: &str = "https://uni.example/frameworks/digital";
const PUBLISHER: &str = "https://uni.example/actor";

fn texts(en: &str) -> mochila_protocol::framework::Texts {
    [
        ("en".to_owned(), en.to_owned()),
        ("es".to_owned(), format!("{en} (es)")),
    ]
    .into()
}

fn item(code: &str, item_type: ItemType) -> Item {
    Item {
        id: None,
        code: code.into(),
        item_type,
        name: texts(code),
        description: Default::default(),
        exact_match: Vec::new(),
        credit_hours: None,
        level_order: None,
        deprecated: false,
    }
}

fn definition() -> FrameworkDefinition {
    FrameworkDefinition {
        slug: "digital".into(),
        framework_version: 1,
        title: texts("Digital skills"),
        description: Default::default(),
        items: vec![
            item("DS", ItemType::Competency),
            item("DS.1", ItemType::Competency),
            item("DS.2", ItemType::Competency),
        ],
        associations: vec![
            Association {
                association_type: AssociationType::IsChildOf,
                origin: "DS.1".into(),
                destination: "DS".into(),
            },
            Association {
                association_type: AssociationType::BroaderThan,
                origin: "DS.2".into(),
                destination: "http://data.europa.eu/esco/skill/abc".into(),
            },
        ],
    }
}

fn pointers(def: &FrameworkDefinition) -> Vec<String> {
    validate(def, &[]).into_iter().map(|p| p.pointer).collect()
}

#[test]
fn the_reference_framework_is_valid_and_holds_every_concept_credentials_align_to() {
    let reference = FrameworkDefinition::mochila_reference().unwrap();
    assert_eq!(reference.framework_version, 1);
    assert_eq!(validate(&reference, &[REFERENCE_NAMESPACE]), vec![]);
    for lang in ["es", "en", "pt"] {
        assert!(reference.title.contains_key(lang));
        for i in &reference.items {
            assert!(i.name.contains_key(lang), "{} has no {lang} name", i.code);
            assert!(
                i.id.as_deref()
                    .is_some_and(|id| id.starts_with(REFERENCE_NAMESPACE))
            );
        }
    }
    for c in CONCEPTS {
        let found = reference.items.iter().find(|i| i.code == c.code);
        let found = found.unwrap_or_else(|| panic!("{} is not an item", c.code));
        if c.iri.starts_with(REFERENCE_FRAMEWORK) {
            assert_eq!(found.id.as_deref(), Some(c.iri), "{}", c.code);
        } else {
            assert!(found.exact_match.iter().any(|m| m == c.iri), "{}", c.code);
        }
    }
    let ects = reference
        .item("ECTS")
        .unwrap()
        .credit_hours
        .as_ref()
        .unwrap();
    let sct = reference
        .item("SCT-Chile")
        .unwrap()
        .credit_hours
        .as_ref()
        .unwrap();
    assert_eq!(
        (ects.min, ects.max, sct.min, sct.max),
        (25.0, 30.0, 24.0, 31.0)
    );
    let three = convert(ects, 3.0, sct).rounded(2);
    assert_eq!(
        three,
        Interval {
            min: 2.41,
            max: 3.75
        }
    );
}

#[test]
fn every_problem_names_its_field() {
    assert_eq!(pointers(&definition()), Vec::<String>::new());
    let mut d = definition();
    d.slug = "Digital Skills".into();
    d.items.push(item("DS", ItemType::Competency));
    d.items[2].credit_hours = None;
    d.items[2].level_order = Some(1);
    d.items[0].id = Some("https://elsewhere.example/x".into());
    d.items[0].name.insert("fr".into(), "x".into());
    d.associations.push(Association {
        association_type: AssociationType::IsChildOf,
        origin: "nope".into(),
        destination: "DS".into(),
    });
    assert_eq!(
        pointers(&d),
        [
            "/slug",
            "/items/0/id",
            "/items/0/name/fr",
            "/items/2/levelOrder",
            "/items/3/code",
            "/associations/2/origin",
        ]
    );
    let mut d = definition();
    d.items[0].item_type = ItemType::CreditSystem;
    d.associations.push(Association {
        association_type: AssociationType::IsChildOf,
        origin: "DS".into(),
        destination: "DS.1".into(),
    });
    assert_eq!(pointers(&d), ["/items/0/creditHours", "/associations"]);
}

#[test]
fn a_new_version_keeps_every_item_and_says_what_changed() {
    let v1 = definition().with_ids(BASE);
    assert_eq!(
        v1.items[1].id.as_deref(),
        Some("https://uni.example/frameworks/digital/items/DS.1")
    );
    assert_eq!(
        v1.associations[0].destination,
        "https://uni.example/frameworks/digital/items/DS"
    );
    let mut v2 = definition();
    v2.framework_version = 2;
    v2.items[1].deprecated = true;
    v2.items[2].name.insert("pt".into(), "Competência".into());
    v2.items.push(item("DS.3", ItemType::Competency));
    let v2 = v2.with_ids(BASE);
    assert_eq!(validate_successor(&v1, &v2), vec![]);
    let c = changes(&v1, &v2);
    assert_eq!(c.added, [format!("{BASE}/items/DS.3")]);
    assert_eq!(c.changed, [format!("{BASE}/items/DS.2")]);
    assert_eq!(c.deprecated, [format!("{BASE}/items/DS.1")]);

    let mut bad = v2.clone();
    bad.framework_version = 1;
    bad.items.remove(0);
    bad.items[0].item_type = ItemType::Level;
    bad.items[0].deprecated = false;
    let mut v2d = v2.clone();
    v2d.framework_version = 2;
    let found: Vec<String> = validate_successor(&v2d, &bad)
        .into_iter()
        .map(|p| p.pointer)
        .collect();
    assert_eq!(
        found,
        [
            "/frameworkVersion",
            "/items",
            "/items/0/itemType",
            "/items/0/deprecated"
        ]
    );
}

fn shared(def: &FrameworkDefinition) -> Value {
    let mut doc = framework_content(BASE, def, FrameworkStatus::Published, None);
    doc.insert("type".into(), json!("Framework"));
    Value::Object(doc)
}

#[test]
fn a_shared_framework_reads_back_and_a_changed_item_breaks_its_digest() {
    let def = definition().with_ids(BASE);
    let doc = shared(&def);
    let read = read_framework(&doc, PUBLISHER).unwrap();
    assert_eq!(read.definition, def);
    assert_eq!(read.digest, content_digest(&def));
    assert!(read.digest.starts_with('u') && read.digest.len() == 44);
    assert_eq!(read.status, FrameworkStatus::Published);

    let mut tampered = doc.clone();
    tampered["definition"]["items"][0]["code"] = json!("XX");
    assert_eq!(
        read_framework(&tampered, PUBLISHER),
        Err(FrameworkError::Digest)
    );
    assert!(matches!(
        read_framework(&doc, "https://other.example/actor"),
        Err(FrameworkError::Shape(_))
    ));
    let mut foreign = definition();
    foreign.items[0].id = Some("https://other.example/items/DS".into());
    let foreign = foreign.with_ids(BASE);
    assert!(matches!(
        read_framework(&shared(&foreign), PUBLISHER),
        Err(FrameworkError::Invalid(p)) if p[0].pointer == "/items/0/id"
    ));
    let mut draft = doc;
    draft["frameworkStatus"] = json!("draft");
    assert!(read_framework(&draft, PUBLISHER).is_err());
}

#[test]
fn case_export_places_every_item_under_the_document_or_its_parent() {
    let def = definition().with_ids(BASE);
    let version = "https://uni.example/shared/frameworks/digital/1";
    let p = case_package(&def, version, "Uni", "2026-12-07T10:00:00Z", "es", false);
    assert_eq!(p["CFDocument"]["uri"], version);
    assert_eq!(p["CFDocument"]["adoptionStatus"], "Adopted");
    assert_eq!(p["CFItems"].as_array().unwrap().len(), 3);
    assert_eq!(p["CFItems"][1]["humanCodingScheme"], "DS.1");
    let assoc = p["CFAssociations"].as_array().unwrap();
    let of = |t: &str| assoc.iter().filter(|a| a["associationType"] == t).count();
    assert_eq!((of("isChildOf"), of("isRelatedTo")), (3, 1));
    let id = p["CFDocument"]["identifier"].as_str().unwrap();
    assert_eq!((id.len(), &id[14..15]), (36, "8"));
}
