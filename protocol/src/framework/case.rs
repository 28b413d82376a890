//! A framework version as a 1EdTech CASE 1.1 `CFPackage`: the version is the
//! `CFDocument`, each item a `CFItem` (code as `humanCodingScheme`, type as `CFItemType`),
//! each association and exact match a `CFAssociation`; items without a parent are
//! `isChildOf` the document, as CASE places them. CASE has no `broaderThan`: it is
//! exported as `isRelatedTo`. CASE identifiers are UUIDs: each is derived from the IRI
//! (the first 16 bytes of its SHA-256, as a version-8 UUID), so exports are stable.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{AssociationType, FrameworkDefinition, text_in};

fn uuid(iri: &str) -> String {
    let h = Sha256::digest(iri.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn link(title: &str, iri: &str) -> Value {
    json!({"title": title, "identifier": uuid(iri), "uri": iri})
}

fn case_type(t: AssociationType) -> &'static str {
    match t {
        AssociationType::IsChildOf => "isChildOf",
        AssociationType::IsPartOf => "isPartOf",
        AssociationType::ExactMatchOf => "exactMatchOf",
        AssociationType::Precedes => "precedes",
        AssociationType::BroaderThan | AssociationType::IsRelatedTo => "isRelatedTo",
    }
}

/// The CASE package of `definition` (item IRIs set), version object `version_url`,
/// published by `creator`, last changed `updated` (RFC 3339), texts in `lang`.
pub fn case_package(
    definition: &FrameworkDefinition,
    version_url: &str,
    creator: &str,
    updated: &str,
    lang: &str,
    deprecated: bool,
) -> Value {
    let title = text_in(&definition.title, lang);
    let doc = link(title, version_url);
    let items: Vec<Value> = definition
        .items
        .iter()
        .map(|i| {
            let iri = i.id.clone().unwrap_or_default();
            json!({
                "identifier": uuid(&iri),
                "uri": iri,
                "fullStatement": text_in(&i.name, lang),
                "humanCodingScheme": i.code,
                "CFItemType": format!("{:?}", i.item_type),
                "notes": text_in(&i.description, lang),
                "language": lang,
                "statusEndDate": if i.deprecated { Value::from(updated) } else { Value::Null },
                "lastChangeDateTime": updated,
                "CFDocumentURI": doc,
            })
        })
        .collect();
    let mut associations = Vec::new();
    let mut push = |kind: &str, origin: &str, destination: &str, dest_title: &str| {
        let iri = format!("{version_url}#{kind}:{origin}>{destination}");
        associations.push(json!({
            "identifier": uuid(&iri),
            "uri": iri,
            "associationType": kind,
            "originNodeURI": link(definition.item(origin).map_or("", |i| text_in(&i.name, lang)), origin),
            "destinationNodeURI": link(dest_title, destination),
            "CFDocumentURI": doc,
            "lastChangeDateTime": updated,
        }));
    };
    for i in &definition.items {
        let iri = i.id.clone().unwrap_or_default();
        let has_parent = definition
            .associations
            .iter()
            .any(|a| a.association_type == AssociationType::IsChildOf && a.origin == iri);
        if !has_parent {
            push("isChildOf", &iri, version_url, title);
        }
        for m in &i.exact_match {
            push("exactMatchOf", &iri, m, m);
        }
    }
    for a in &definition.associations {
        let dest = definition
            .item(&a.destination)
            .map_or(a.destination.as_str(), |i| text_in(&i.name, lang));
        push(
            case_type(a.association_type),
            &a.origin,
            &a.destination,
            dest,
        );
    }
    json!({
        "CFDocument": {
            "identifier": uuid(version_url),
            "uri": version_url,
            "creator": creator,
            "title": title,
            "version": definition.framework_version.to_string(),
            "adoptionStatus": if deprecated { "Deprecated" } else { "Adopted" },
            "language": lang,
            "description": text_in(&definition.description, lang),
            "lastChangeDateTime": updated,
        },
        "CFItems": items,
        "CFAssociations": associations,
    })
}
