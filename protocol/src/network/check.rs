//! What a change of the member list must be, under the charter held: a new charter is
//! adopted by the previous one's threshold, and every change of a member's standing enacts
//! a decision whose endorsements meet the charter's threshold for it. Before any charter is
//! held (a network older than charters), the coordinator's signature is enough.

use serde_json::Value;
use time::OffsetDateTime;

use super::charter::{CHARTER_TYPE, Rules};
use super::decision::{
    Action, Decision, ListState, MEMBER_TYPE, Terms, count_endorsements, effective_state, lapses_at,
};

/// How much earlier than `updated` + the lapse a suspension's `lapsesAt` may be (the
/// coordinator stamps it a moment before the change).
const LAPSE_SLACK_SECS: i64 = 60;

/// Why the change `next` (`deleted` if a tombstone) of the list of `network`, made at
/// `at`, after `prev` (the object's held state), may not be applied, if it may not.
pub fn check_change(
    network: &str,
    held: &ListState<'_>,
    prev: Option<&Value>,
    next: &Value,
    deleted: bool,
    at: OffsetDateTime,
) -> Result<(), String> {
    let object_type = if deleted {
        &next["formerType"]
    } else {
        &next["type"]
    };
    if object_type == CHARTER_TYPE {
        return check_charter(network, held, next, deleted, at);
    }
    if object_type != MEMBER_TYPE {
        return Ok(());
    }
    let Some((version, rules)) = &held.charter else {
        return Ok(());
    };
    if deleted {
        return Err("under a charter a member is removed by a decision, never deleted".into());
    }
    let entity = next["member"].as_str().unwrap_or_default();
    if let Some(p) = prev
        && (p["member"] != next["member"] || p["memberDid"] != next["memberDid"])
    {
        return Err(format!("{entity}: an entry never changes whom it is about"));
    }
    let before = prev.map_or("removed", |p| effective_state(p, at));
    let after = next["memberState"].as_str().unwrap_or_default();
    let decision: Option<Decision> = match next.get("decision") {
        None => None,
        Some(d) => Some(
            serde_json::from_value(d.clone()).map_err(|e| format!("{entity}: decision: {e}"))?,
        ),
    };
    let action = match (before, after, decision.as_ref().map(|d| d.action)) {
        ("removed", "active", _) => Action::Approve,
        ("active", "suspended", _) => Action::Suspend,
        ("suspended", "suspended", Some(Action::Confirm)) => Action::Confirm,
        ("suspended", "active", _) => Action::Reinstate,
        ("active", "active", Some(Action::Reinstate)) if lapsed(prev) => Action::Reinstate,
        ("active" | "suspended", "removed", _) => Action::Remove,
        (b, a, _) if b == a && unchanged(prev, next) => return Ok(()),
        (b, a, _) => {
            return Err(format!(
                "{entity}: from {b} to {a} is no decision of the charter (or it changes the \
                 member's keys, actor or suspension without one)"
            ));
        }
    };
    let decision = decision.ok_or_else(|| format!("{entity}: the change enacts no decision"))?;
    if decision.action != action || decision.charter_version != *version {
        return Err(format!(
            "{entity}: the change needs a {action:?} decision under charter version {version}"
        ));
    }
    if after == "active" && next["jwks"]["keys"].as_array().is_none_or(Vec::is_empty) {
        return Err(format!("{entity}: an active member's entry lists its keys"));
    }
    let eligible = held.eligible(entity, at);
    let terms = Terms {
        network: network.to_owned(),
        proposal: decision.id.clone(),
        action,
        subject: entity.to_owned(),
        charter_version: *version,
    };
    let count = count_endorsements(&terms, &decision, &eligible)?;
    let needed = ListState::share(rules, action, prev).needed(eligible.len());
    if count < needed {
        return Err(format!(
            "{entity}: {action:?} needs {needed} endorsements of {} eligible members, it has {count}",
            eligible.len()
        ));
    }
    let confirmed = count >= rules.confirm.needed(eligible.len());
    check_lapse(entity, action, confirmed, rules, next, at)
}

/// A suspension that is not confirmed lapses `suspensionLapseSecs` after it is made; a
/// confirmed one, and any other state, carries no lapse.
fn check_lapse(
    entity: &str,
    action: Action,
    confirmed: bool,
    rules: &Rules,
    next: &Value,
    at: OffsetDateTime,
) -> Result<(), String> {
    let lapse = lapses_at(next);
    if action != Action::Suspend || confirmed {
        return match lapse {
            None => Ok(()),
            Some(_) => Err(format!("{entity}: only an unconfirmed suspension lapses")),
        };
    }
    let due = at.unix_timestamp() + rules.suspension_lapse_secs;
    match lapse.map(OffsetDateTime::unix_timestamp) {
        Some(l) if (due - LAPSE_SLACK_SECS..=due).contains(&l) => Ok(()),
        _ => Err(format!(
            "{entity}: a suspension without the confirmation threshold lapses after {} seconds",
            rules.suspension_lapse_secs
        )),
    }
}

/// Whether `prev` is a suspension that has lapsed (lifting it is a reinstatement still).
fn lapsed(prev: Option<&Value>) -> bool {
    prev.is_some_and(|p| p["memberState"] == "suspended")
}

/// Whether a change leaves what the charter protects as it was: the member's actor, keys,
/// suspension and decision.
fn unchanged(prev: Option<&Value>, next: &Value) -> bool {
    prev.is_some_and(|p| {
        ["memberActor", "jwks", "lapsesAt", "decision"]
            .iter()
            .all(|k| p.get(*k) == next.get(*k))
    })
}

/// A first charter is taken on the coordinator's word (version 1); every later one needs
/// the charter in force's `charter` threshold over the active members.
fn check_charter(
    network: &str,
    held: &ListState<'_>,
    next: &Value,
    deleted: bool,
    at: OffsetDateTime,
) -> Result<(), String> {
    if deleted {
        return Err("a charter is replaced, never deleted".into());
    }
    let rules = Rules::read(&next["rules"]).map_err(|(f, m)| format!("charter {f}: {m}"))?;
    let version = next["charterVersion"].as_i64().unwrap_or(0);
    let Some((current, in_force)) = &held.charter else {
        return match version {
            1 => Ok(()),
            v => Err(format!("the first charter is version 1, not {v}")),
        };
    };
    if version != current + 1 {
        return Err(format!("charter version {version} after version {current}"));
    }
    let decision: Decision = serde_json::from_value(next["decision"].clone())
        .map_err(|e| format!("charter version {version}: decision: {e}"))?;
    if decision.action != Action::Charter || decision.charter_version != *current {
        return Err(format!(
            "charter version {version} needs a Charter decision under version {current}"
        ));
    }
    let eligible = held.eligible("", at);
    let terms = Terms {
        network: network.to_owned(),
        proposal: decision.id.clone(),
        action: Action::Charter,
        subject: rules.digest(),
        charter_version: *current,
    };
    let count = count_endorsements(&terms, &decision, &eligible)?;
    let needed = in_force.charter.needed(eligible.len());
    if count < needed {
        return Err(format!(
            "charter version {version} needs {needed} endorsements of {} members, it has {count}",
            eligible.len()
        ));
    }
    Ok(())
}
