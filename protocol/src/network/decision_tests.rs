use ed25519_dalek::SigningKey;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::*;
use crate::network::{CHARTER_TYPE, Rules, check_change};

const NET: &str = "https://coord.example";

fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn entity(n: u8) -> String {
    format!("https://u{n}.example")
}

fn at() -> OffsetDateTime {
    OffsetDateTime::parse("2026-12-07T12:00:00Z", &Rfc3339).unwrap()
}

fn entry(n: u8, state: &str, decision: Option<Value>) -> Value {
    let mut e = json!({
        "type": MEMBER_TYPE, "member": entity(n), "memberDid": format!("did:web:u{n}.example"),
        "memberActor": format!("{}/actor", entity(n)), "memberState": state,
        "jwks": {"keys": [OkpJwk::of(&key(n).verifying_key())]},
    });
    if let Some(d) = decision {
        e["decision"] = d;
    }
    e
}

fn charter(version: i64, rules: &Rules) -> Value {
    json!({"type": CHARTER_TYPE, "charterVersion": version, "rules": rules})
}

fn terms(action: Action, subject: &str) -> Terms {
    Terms {
        network: NET.into(),
        proposal: format!("{NET}/federation/proposals/p1"),
        action,
        subject: subject.into(),
        charter_version: 1,
    }
}

fn decision(action: Action, subject: &str, signers: &[u8]) -> Value {
    let t = terms(action, subject);
    let endorsements: Vec<Endorsement> = signers
        .iter()
        .map(|n| endorse(&t, &entity(*n), &key(*n)))
        .collect();
    json!({"id": t.proposal, "action": action, "charterVersion": 1, "endorsements": endorsements})
}

/// Members 1 and 2 active, under the default charter (version 1).
fn held(docs: &[Value]) -> ListState<'_> {
    ListState::of(docs)
}

fn base() -> Vec<Value> {
    vec![
        charter(1, &Rules::default()),
        entry(1, "active", None),
        entry(2, "active", None),
    ]
}

#[test]
fn an_admission_needs_a_majority_of_the_other_members() {
    let docs = base();
    let one = entry(
        3,
        "active",
        Some(decision(Action::Approve, &entity(3), &[1])),
    );
    let err = check_change(NET, &held(&docs), None, &one, false, at()).unwrap_err();
    assert!(err.contains("needs 2 endorsements of 2"), "{err}");
    let two = entry(
        3,
        "active",
        Some(decision(Action::Approve, &entity(3), &[1, 2])),
    );
    check_change(NET, &held(&docs), None, &two, false, at()).unwrap();
    let none = entry(3, "active", None);
    let err = check_change(NET, &held(&docs), None, &none, false, at()).unwrap_err();
    assert!(err.contains("enacts no decision"), "{err}");
}

#[test]
fn forged_repeated_or_ineligible_endorsements_are_refused() {
    let docs = base();
    let t = terms(Action::Approve, &entity(3));
    let mut forged = decision(Action::Approve, &entity(3), &[1]);
    forged["endorsements"]
        .as_array_mut()
        .unwrap()
        .push(json!(endorse(&t, &entity(2), &key(9))));
    let err = check_change(
        NET,
        &held(&docs),
        None,
        &entry(3, "active", Some(forged)),
        false,
        at(),
    );
    assert!(err.unwrap_err().contains("no key"));
    let twice = decision(Action::Approve, &entity(3), &[1, 1]);
    let err = check_change(
        NET,
        &held(&docs),
        None,
        &entry(3, "active", Some(twice)),
        false,
        at(),
    );
    assert!(err.unwrap_err().contains("twice"));
    let own = decision(Action::Approve, &entity(3), &[1, 3]);
    let err = check_change(
        NET,
        &held(&docs),
        None,
        &entry(3, "active", Some(own)),
        false,
        at(),
    );
    assert!(err.unwrap_err().contains("may not endorse"));
    let mut other = decision(Action::Approve, &entity(3), &[1, 2]);
    other["id"] = json!(format!("{NET}/federation/proposals/p2"));
    let err = check_change(
        NET,
        &held(&docs),
        None,
        &entry(3, "active", Some(other)),
        false,
        at(),
    );
    assert!(err.unwrap_err().contains("other terms"));
}

#[test]
fn a_suspension_by_the_coordinator_alone_lapses() {
    let docs = base();
    let prev = docs[1].clone();
    let mut alone = entry(
        1,
        "suspended",
        Some(decision(Action::Suspend, &entity(1), &[])),
    );
    let err = check_change(NET, &held(&docs), Some(&prev), &alone, false, at()).unwrap_err();
    assert!(err.contains("lapses after 1209600"), "{err}");
    let due = at() + time::Duration::days(14);
    alone["lapsesAt"] = json!(due.format(&Rfc3339).unwrap());
    check_change(NET, &held(&docs), Some(&prev), &alone, false, at()).unwrap();
    assert_eq!(effective_state(&alone, at()), "suspended");
    assert_eq!(effective_state(&alone, due), "active");
    let mut forever = alone.clone();
    forever["lapsesAt"] = json!("2126-01-01T00:00:00Z");
    assert!(check_change(NET, &held(&docs), Some(&prev), &forever, false, at()).is_err());
    // Confirming needs the majority (member 2 of the one other member).
    let confirm = |signers: &[u8]| {
        entry(
            1,
            "suspended",
            Some(decision(Action::Confirm, &entity(1), signers)),
        )
    };
    let err = check_change(NET, &held(&docs), Some(&alone), &confirm(&[]), false, at());
    assert!(err.unwrap_err().contains("needs 1 endorsements"));
    check_change(NET, &held(&docs), Some(&alone), &confirm(&[2]), false, at()).unwrap();
}

#[test]
fn removal_needs_the_majority_and_is_never_a_deletion() {
    let docs = base();
    let prev = docs[1].clone();
    let alone = entry(
        1,
        "removed",
        Some(decision(Action::Remove, &entity(1), &[])),
    );
    assert!(check_change(NET, &held(&docs), Some(&prev), &alone, false, at()).is_err());
    let backed = entry(
        1,
        "removed",
        Some(decision(Action::Remove, &entity(1), &[2])),
    );
    check_change(NET, &held(&docs), Some(&prev), &backed, false, at()).unwrap();
    let tomb = json!({"type": "Tombstone", "formerType": MEMBER_TYPE});
    assert!(check_change(NET, &held(&docs), Some(&prev), &tomb, true, at()).is_err());
}

#[test]
fn keys_never_change_without_a_decision() {
    let docs = base();
    let prev = docs[1].clone();
    let mut renamed = prev.clone();
    renamed["name"] = json!("Universidad Nueva");
    check_change(NET, &held(&docs), Some(&prev), &renamed, false, at()).unwrap();
    let mut rekeyed = prev.clone();
    rekeyed["jwks"] = json!({"keys": [OkpJwk::of(&key(9).verifying_key())]});
    assert!(check_change(NET, &held(&docs), Some(&prev), &rekeyed, false, at()).is_err());
}

#[test]
fn a_new_charter_needs_the_previous_ones_threshold() {
    let docs = base();
    let rules = Rules::coordinator_alone();
    let mut next = charter(2, &rules);
    next["decision"] = decision(Action::Charter, &rules.digest(), &[1]);
    let err = check_change(NET, &held(&docs), None, &next, false, at()).unwrap_err();
    assert!(err.contains("needs 2 endorsements"), "{err}");
    next["decision"] = decision(Action::Charter, &rules.digest(), &[1, 2]);
    check_change(NET, &held(&docs), None, &next, false, at()).unwrap();
    let skipped = charter(3, &rules);
    assert!(check_change(NET, &held(&docs), None, &skipped, false, at()).is_err());
    // Without a charter held, the first is version 1 and member changes are the
    // coordinator's alone.
    let bare = [entry(1, "active", None)];
    check_change(NET, &held(&bare), None, &charter(1, &rules), false, at()).unwrap();
    check_change(
        NET,
        &held(&bare),
        None,
        &entry(2, "active", None),
        false,
        at(),
    )
    .unwrap();
}
