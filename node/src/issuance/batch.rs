//! Stored batches (the durable issuance job of a cohort): accepting one (batch, rows and
//! audit event in one transaction, which the caller commits with its idempotency record)
//! and reporting its progress. The worker (`issuance::worker`) issues the rows in leased
//! chunks; a credential and its row's completion commit together, and the credential
//! table's unique (batch, line) index makes a row issue at most once.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::cohort_file::{Parsed, RowError};
use super::{Issuance, IssueError, Issuer, matching};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::catalogue::Lang;
use crate::error::FieldError;
use crate::store::entity::states::{BatchState, RowState};
use crate::store::entity::{batch_row, issuance_batch};
use crate::store::{self, Uncommitted, rfc3339};

/// A batch and its progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchStatus {
    /// Batch id.
    pub id: String,
    /// Its URL in the admin API.
    pub url: String,
    /// The achievement issued.
    pub achievement_id: String,
    /// The version issued.
    pub achievement_version: i32,
    /// The language of the credentials.
    pub lang: String,
    /// `running` or `completed`.
    pub state: BatchState,
    /// Rows accepted for issuance.
    pub total: i32,
    /// Rows issued so far.
    pub done: i32,
    /// Rows that could not be issued.
    pub failed: i32,
    /// Rows rejected at validation, with line, column and reason (not issued).
    pub rejected: Vec<RowError>,
    /// Ignored columns (line 1) and rows that may be duplicates, with line and reason.
    pub warnings: Vec<RowError>,
    /// When it was submitted.
    pub created_at: String,
    /// When it finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
}

impl BatchStatus {
    /// The status of a stored batch.
    pub fn of(identity: &crate::identity::Identity, b: issuance_batch::Model) -> Self {
        Self {
            url: format!("{}/api/v1/issuance-batches/{}", identity.base, b.id),
            id: b.id,
            achievement_id: b.achievement_id,
            achievement_version: b.achievement_version,
            lang: b.lang,
            state: b.state,
            total: b.total,
            done: b.done,
            failed: b.failed,
            rejected: serde_json::from_value(b.rejected).unwrap_or_default(),
            warnings: b
                .warnings
                .and_then(|w| serde_json::from_value(w).ok())
                .unwrap_or_default(),
            created_at: rfc3339(b.created_at),
            finished_at: b.finished_at.map(rfc3339),
        }
    }
}

/// A cohort file, read: what to issue and to whom.
#[derive(Debug)]
pub struct Cohort {
    /// The achievement (its current version is issued).
    pub achievement_id: String,
    /// The language of the credentials; the achievement's primary one when `None`.
    pub lang: Option<Lang>,
    /// The rows, valid and rejected.
    pub parsed: Parsed,
    /// Issue rows whose learner already holds the achievement (or is on an earlier row)
    /// instead of holding them back.
    pub issue_duplicates: bool,
}

impl Issuer {
    /// Accepts a cohort: stores the batch, its valid rows and its audit event in a
    /// transaction that the caller commits (which wakes the batch worker). A cohort with
    /// no valid row is refused, each rejected row named.
    pub async fn accept_cohort(
        &self,
        caller: &Caller,
        mut cohort: Cohort,
    ) -> Result<Uncommitted<BatchStatus>, IssueError> {
        if cohort.parsed.rows.is_empty() {
            let errors = cohort
                .parsed
                .rejected
                .iter()
                .map(|r| FieldError {
                    field: format!("line {}, column {}", r.line, r.column),
                    message: r.reason.clone(),
                })
                .collect();
            return Err(IssueError::Invalid(errors));
        }
        let lang = cohort.lang.map(Lang::as_str);
        let prepared = super::prepare(self, &cohort.achievement_id, None, lang).await?;
        matching::flag_duplicates(
            &self.db,
            &prepared.achievement_id,
            |id| self.identity.credential_url(id),
            &mut cohort.parsed,
            cohort.issue_duplicates,
        )
        .await?;
        let txn = store::begin_write(&self.db).await?;
        let batch = create(&txn, self, caller, &prepared, cohort.parsed).await?;
        let status = BatchStatus::of(&self.identity, batch);
        Ok(Uncommitted::new(txn, status).waking(self.batch_wakeup.clone()))
    }

    /// The progress of batch `id`.
    pub async fn batch(&self, id: &str) -> Result<BatchStatus, IssueError> {
        get(&self.db, id)
            .await?
            .map(|b| BatchStatus::of(&self.identity, b))
            .ok_or_else(|| IssueError::UnknownBatch(id.to_owned()))
    }
}

/// Stores a new batch and its valid rows (inside the caller's transaction).
async fn create(
    db: &impl ConnectionTrait,
    issuer: &Issuer,
    caller: &Caller,
    issuance: &Issuance,
    parsed: Parsed,
) -> Result<issuance_batch::Model, DbErr> {
    let id = uuid::Uuid::new_v4().to_string();
    let total = i32::try_from(parsed.rows.len()).unwrap_or(i32::MAX);
    let batch = issuance_batch::Model {
        id: id.clone(),
        achievement_id: issuance.achievement_id.clone(),
        achievement_version: issuance.version,
        lang: issuance.lang.clone(),
        state: if total == 0 {
            BatchState::Completed
        } else {
            BatchState::Running
        },
        total,
        done: 0,
        failed: 0,
        rejected: serde_json::to_value(&parsed.rejected).unwrap_or_default(),
        created_at: store::now(),
        finished_at: (total == 0).then(store::now),
        created_by: caller.name.clone(),
        created_by_role: Some(caller.role.as_str().to_owned()),
        warnings: Some(serde_json::to_value(&parsed.warnings).unwrap_or_default()),
    };
    issuance_batch::ActiveModel::from(batch.clone())
        .insert(db)
        .await?;
    let rows: Vec<batch_row::ActiveModel> = parsed
        .rows
        .into_iter()
        .map(|(line, learner)| {
            batch_row::ActiveModel::from(batch_row::Model {
                batch_id: id.clone(),
                line: i32::try_from(line).unwrap_or(i32::MAX),
                payload: serde_json::to_value(learner).unwrap_or_default(),
                state: RowState::Pending,
                error: None,
                lease_until: None,
            })
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        batch_row::Entity::insert_many(chunk).exec(db).await?;
    }
    let subject = format!("{}/api/v1/issuance-batches/{id}", issuer.identity.base);
    audit::record(
        db,
        caller,
        Change {
            action: "batch.create",
            subject: &subject,
            reason: None,
            details: json!({
                "achievement": issuer.identity.achievement_version_url(&issuance.achievement_id, issuance.version),
                "accepted": total,
                "rejected": batch.rejected,
                "warnings": batch.warnings,
            }),
        },
    )
    .await?;
    Ok(batch)
}

/// A stored batch.
pub async fn get(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<issuance_batch::Model>, DbErr> {
    issuance_batch::Entity::find_by_id(id.to_owned())
        .one(db)
        .await
}
