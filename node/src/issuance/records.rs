//! Issued credentials as the admin API shows them: one record, a page of them, or every
//! match as a spreadsheet-safe CSV of learners and their credential URLs (for a mail merge).

use serde::Serialize;
use utoipa::ToSchema;

use super::listing::{self, Filter, Sort};
use super::{IssueError, Issuer};
use crate::error::FieldError;
use crate::issuance::revocation::{self, CredentialState};
use crate::spreadsheet;
use crate::store::entity::credential;
use crate::store::rfc3339;
use sea_orm::{DbErr, EntityTrait};

/// Most credentials in one CSV export.
pub const MAX_CSV_ROWS: u64 = 100_000;

/// An issued credential as the admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRecord {
    /// Its id.
    pub id: String,
    /// Its public URL.
    pub url: String,
    /// The achievement.
    pub achievement_id: String,
    /// The version it was issued under.
    pub achievement_version: i32,
    /// The learner's name.
    pub learner_name: String,
    /// `active`, `suspended`, `revoked` or `expired`.
    pub state: CredentialState,
    /// When it was issued.
    pub issued_at: String,
    /// By whom.
    pub issued_by: String,
    /// The batch, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// Its line in the batch's file (the header is line 1), if issued in a batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<i32>,
    /// The learner's id at the institution (student number), if given; never in the
    /// credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When it was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    /// When it was suspended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended_at: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspension_reason: Option<String>,
}

/// A page of credentials.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialPage {
    /// Credentials, in the order asked for.
    pub items: Vec<CredentialRecord>,
    /// Matching credentials.
    pub total: u64,
    /// This page.
    pub page: u64,
}

impl Issuer {
    /// The admin API's view of a stored credential.
    pub fn record(&self, c: &credential::Model) -> CredentialRecord {
        CredentialRecord {
            id: c.id.clone(),
            url: self.identity.credential_url(&c.id),
            achievement_id: c.achievement_id.clone(),
            achievement_version: c.achievement_version,
            learner_name: c.learner_name.clone(),
            state: revocation::state_of(c),
            issued_at: rfc3339(c.issued_at),
            issued_by: c.issued_by.clone(),
            batch_id: c.batch_id.clone(),
            line: c.batch_line,
            external_id: c.external_id.clone(),
            revoked_at: c.revoked_at.map(rfc3339),
            revocation_reason: c.revocation_reason.clone(),
            suspended_at: c.suspended_at.map(rfc3339),
            suspension_reason: c.suspension_reason.clone(),
        }
    }

    /// Credential `id` as stored (its signed document and state), if this node issued it.
    pub async fn stored_credential(&self, id: &str) -> Result<Option<credential::Model>, DbErr> {
        credential::Entity::find_by_id(id.to_owned())
            .one(&self.db)
            .await
    }

    /// The record of credential `id`.
    pub async fn credential(&self, id: &str) -> Result<CredentialRecord, IssueError> {
        credential::Entity::find_by_id(id.to_owned())
            .one(&self.db)
            .await?
            .map(|c| self.record(&c))
            .ok_or_else(|| IssueError::UnknownCredential(id.to_owned()))
    }

    /// Page `page` (from 1) of `per_page` matching credentials, in `sort` order.
    pub async fn credential_page(
        &self,
        filter: &Filter,
        sort: Sort,
        (page, per_page): (u64, u64),
    ) -> Result<CredentialPage, IssueError> {
        let total = listing::count(&self.db, filter).await?;
        let rows = listing::page(&self.db, filter, sort, (page - 1) * per_page, per_page).await?;
        let items = rows.iter().map(|c| self.record(c)).collect();
        Ok(CredentialPage { items, total, page })
    }

    /// Every matching credential as CSV (name, externalId, line, url, state, issuedAt,
    /// achievementId, batchId), at most [`MAX_CSV_ROWS`].
    pub async fn credential_csv(&self, filter: &Filter, sort: Sort) -> Result<String, IssueError> {
        let total = listing::count(&self.db, filter).await?;
        if total > MAX_CSV_ROWS {
            return Err(IssueError::Invalid(vec![FieldError {
                field: "?format".into(),
                message: format!(
                    "{total} credentials match; a CSV holds at most {MAX_CSV_ROWS}: narrow it with achievementId or batchId"
                ),
            }]));
        }
        let mut out = spreadsheet::line(&[
            "name",
            "externalId",
            "line",
            "url",
            "state",
            "issuedAt",
            "achievementId",
            "batchId",
        ]);
        let mut offset = 0;
        loop {
            let rows = listing::page(&self.db, filter, sort.clone(), offset, 1000).await?;
            for c in &rows {
                let r = self.record(c);
                out.push_str(&spreadsheet::line(&[
                    r.learner_name,
                    r.external_id.unwrap_or_default(),
                    r.line.map(|l| l.to_string()).unwrap_or_default(),
                    r.url,
                    r.state.as_str().to_owned(),
                    r.issued_at,
                    r.achievement_id,
                    r.batch_id.unwrap_or_default(),
                ]));
            }
            if rows.len() < 1000 {
                break;
            }
            offset += 1000;
        }
        Ok(out)
    }
}
