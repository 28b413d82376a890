//! Issuing one credential: the request, its validation, and the whole workflow (prepare,
//! sign, store) in one transaction left open for the caller's idempotency record.

use serde::Deserialize;
use utoipa::ToSchema;

use super::{IssueError, IssuedCredential, Issuer, LearnerRequest, Order, matching};
use crate::auth::Caller;
use crate::catalogue::Lang;
use crate::error::FieldError;
use crate::store::{self, Uncommitted};

/// A request to issue one credential.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssueRequest {
    /// The achievement (its current version is issued).
    pub achievement_id: String,
    /// The credential's language (`es`, `en`, `pt`); the achievement's primary language
    /// when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub lang: Option<Lang>,
    /// The learner.
    pub learner: LearnerRequest,
}

impl Issuer {
    /// Issues one credential to the learner of `request`: validated, signed with
    /// `eddsa-rdfc-2022` by the active key, with revocation and suspension status entries,
    /// stored with its audit event in a transaction that the caller commits.
    pub async fn issue_one(
        &self,
        caller: &Caller,
        request: IssueRequest,
    ) -> Result<Uncommitted<IssuedCredential>, IssueError> {
        let learner = request.learner.normalized();
        let problems = learner.problems();
        if !problems.is_empty() {
            return Err(IssueError::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldError {
                        field: match p.item {
                            Some(i) => format!("/learner/{}/{i}", p.field),
                            None => format!("/learner/{}", p.field),
                        },
                        message: p.reason,
                    })
                    .collect(),
            ));
        }
        let lang = request.lang.map(Lang::as_str);
        let prepared = super::prepare(self, &request.achievement_id, None, lang).await?;
        let orders = [Order {
            learner,
            batch: None,
        }];
        let credentials = super::sign_orders(self, &prepared, &orders, caller).await?;
        let issued = credentials
            .first()
            .map(|c| IssuedCredential::of(&self.identity, c))
            .ok_or(IssueError::NothingSigned)?;
        let matches = matching::rows(orders.iter().map(|o| &o.learner), &credentials);
        let txn = store::begin_write(&self.db).await?;
        super::persist(
            &txn,
            self,
            &credentials,
            &matches,
            (&caller.name, caller.role.as_str()),
        )
        .await?;
        Ok(Uncommitted::new(txn, issued))
    }
}
