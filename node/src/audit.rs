//! The audit log: every issuance, revocation, suspension and definition change is recorded
//! (who, when, what, why) in the same transaction as the change, and exported as JSON or CSV.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::spreadsheet;
use crate::store::entity::audit_event;
use crate::store::{self, rfc3339};

/// One audit event, as exported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEvent {
    /// Sequence number (increasing).
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who (the token's name).
    pub actor: String,
    /// Their role.
    pub role: String,
    /// What, e.g. `credential.issue`, `credential.revoke`, `achievement.update`.
    pub action: String,
    /// On what (a URL).
    pub subject: String,
    /// Why, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Details.
    pub details: Value,
}

impl From<audit_event::Model> for AuditEvent {
    fn from(m: audit_event::Model) -> Self {
        Self {
            id: m.id,
            at: rfc3339(m.at),
            actor: m.actor,
            role: m.role,
            action: m.action,
            subject: m.subject,
            reason: m.reason,
            details: m.details,
        }
    }
}

/// A change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// What, e.g. `credential.revoke`.
    pub action: &'a str,
    /// On what (a URL).
    pub subject: &'a str,
    /// Why.
    pub reason: Option<&'a str>,
    /// Details.
    pub details: Value,
}

/// Records `change` made by `caller` (call it inside the transaction that makes the change).
pub async fn record(
    db: &impl ConnectionTrait,
    caller: &Caller,
    change: Change<'_>,
) -> Result<(), DbErr> {
    audit_event::ActiveModel {
        at: Set(store::now()),
        actor: Set(caller.name.clone()),
        role: Set(caller.role.as_str().to_owned()),
        action: Set(change.action.to_owned()),
        subject: Set(change.subject.to_owned()),
        reason: Set(change.reason.map(str::to_owned)),
        details: Set(change.details),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records many changes by `caller` at once (a batch).
pub async fn record_many(
    db: &impl ConnectionTrait,
    caller_name: &str,
    caller_role: &str,
    changes: Vec<(String, String, Value)>,
) -> Result<(), DbErr> {
    if changes.is_empty() {
        return Ok(());
    }
    let at = store::now();
    let rows = changes
        .into_iter()
        .map(|(action, subject, details)| audit_event::ActiveModel {
            at: Set(at),
            actor: Set(caller_name.to_owned()),
            role: Set(caller_role.to_owned()),
            action: Set(action),
            subject: Set(subject),
            reason: Set(None),
            details: Set(details),
            ..Default::default()
        });
    audit_event::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// Which events to export.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only events after this sequence number.
    pub after: Option<i64>,
    /// Only this action (or actions starting with it followed by `.`).
    pub action: Option<String>,
    /// At most this many.
    pub limit: u64,
}

/// Events in order of sequence number.
pub async fn list(db: &impl ConnectionTrait, q: &Query) -> Result<Vec<AuditEvent>, DbErr> {
    let mut select = audit_event::Entity::find().order_by_asc(audit_event::Column::Id);
    if let Some(after) = q.after {
        select = select.filter(audit_event::Column::Id.gt(after));
    }
    if let Some(action) = &q.action {
        select = select.filter(
            sea_orm::Condition::any()
                .add(audit_event::Column::Action.eq(action.clone()))
                .add(audit_event::Column::Action.starts_with(format!("{action}."))),
        );
    }
    Ok(select
        .limit(q.limit)
        .all(db)
        .await?
        .into_iter()
        .map(AuditEvent::from)
        .collect())
}

/// Events as CSV (RFC 4180, spreadsheet-safe; a header line, then one line per event).
pub fn to_csv(events: &[AuditEvent]) -> String {
    let mut out = spreadsheet::line(&[
        "id", "at", "actor", "role", "action", "subject", "reason", "details",
    ]);
    for e in events {
        out.push_str(&spreadsheet::line(&[
            e.id.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.role.clone(),
            e.action.clone(),
            e.subject.clone(),
            e.reason.clone().unwrap_or_default(),
            e.details.to_string(),
        ]));
    }
    out
}
