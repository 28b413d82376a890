//! Issuing credentials: one at a time or a whole cohort. Issuing is split into signing
//! (status slots assigned, documents built and signed on every core; nothing stored) and
//! persisting (credentials and their audit events written in the caller's transaction, so
//! that idempotency records and batch progress commit atomically with them).

pub mod batch;
pub mod build;
mod bulk_copy;
pub mod claim;
pub mod cohort_file;
mod columns;
mod csv_rows;
mod dates;
pub mod learner;
pub mod listing;
pub mod matching;

pub use columns::Mapping;
pub mod records;
pub mod revocation;
pub mod service;
mod single;
pub mod worker;

pub use service::Issuer;
pub use single::IssueRequest;

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

pub use learner::LearnerRequest;

use crate::audit;
use crate::auth::Caller;
use crate::catalogue::render::Profile;
use crate::catalogue::{self, CatalogueError};
use crate::error::FieldError;
use crate::identity::Identity;
use crate::institution;
use crate::signer::SignError;
use crate::status_lists::Purpose;
use crate::store::entity::{credential, learner_match};
use crate::store::{self, rfc3339};
use build::{Slots, Template};

/// Why credentials could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The achievement does not exist.
    #[error("no achievement {0} on this node")]
    UnknownAchievement(String),
    /// The credential does not exist.
    #[error("no credential {0} on this node")]
    UnknownCredential(String),
    /// The batch does not exist.
    #[error("no batch {0}")]
    UnknownBatch(String),
    /// The achievement is archived.
    #[error("achievement {0} is archived: restore it before issuing")]
    Archived(String),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// No randomness for salts.
    #[error("no randomness: {0}")]
    Random(String),
    /// The request is invalid: every field at fault.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// Signing gave no credential.
    #[error("nothing was signed")]
    NothingSigned,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<CatalogueError> for IssueError {
    fn from(e: CatalogueError) -> Self {
        match e {
            CatalogueError::NotFound(id) => Self::UnknownAchievement(id),
            CatalogueError::Archived(id) => Self::Archived(id),
            CatalogueError::Db(db) => Self::Db(db),
            other => Self::Db(DbErr::Custom(other.to_string())),
        }
    }
}

/// What to issue: an achievement at a version, in a language.
#[derive(Debug, Clone)]
pub struct Issuance {
    /// The achievement id.
    pub achievement_id: String,
    /// Its version.
    pub version: i32,
    /// The language.
    pub lang: String,
    /// What every credential shares.
    pub template: Template,
}

/// Prepares issuing `achievement_id` at `version` (the current one when `None`) in `lang`
/// (the achievement's primary language when `None` or not available).
pub async fn prepare(
    issuer: &Issuer,
    achievement_id: &str,
    version: Option<i32>,
    lang: Option<&str>,
) -> Result<Issuance, IssueError> {
    let record = match version {
        Some(v) => catalogue::get_version(&issuer.db, achievement_id, v).await?,
        None => catalogue::get(&issuer.db, achievement_id).await?,
    };
    if version.is_none() && record.achievement.archived_at.is_some() {
        return Err(IssueError::Archived(achievement_id.to_owned()));
    }
    let profile = institution::load(&issuer.db, &issuer.config).await?;
    let primary = record.definition.primary_language(&profile.languages);
    let lang = lang
        .filter(|l| record.definition.name.contains_key(*l))
        .map(str::to_owned)
        .unwrap_or_else(|| primary.clone());
    let terms = if issuer.config.credentials.extension_context {
        Profile::Extended
    } else {
        Profile::Standard
    };
    let achievement = catalogue::render::achievement_json(
        &record.definition,
        &record.location(&issuer.identity),
        &lang,
        &primary,
        terms,
    );
    let mut issuer = profile.to_ob_profile(&issuer.identity.did);
    if let Some(map) = issuer.as_object_mut() {
        map.remove("@context");
    }
    let now = store::now();
    let valid_until = record
        .definition
        .validity_months
        .map(|m| rfc3339(now + time::Duration::days(i64::from(m) * 30 + i64::from(m) / 2)));
    Ok(Issuance {
        achievement_id: achievement_id.to_owned(),
        version: record.version,
        lang,
        template: Template {
            context: terms.context(),
            issuer,
            achievement,
            definition: record.definition,
            valid_from: rfc3339(now),
            valid_until,
        },
    })
}

/// One learner to issue to, with where it came from in a batch.
#[derive(Debug, Clone)]
pub struct Order {
    /// The learner (validated and normalized).
    pub learner: LearnerRequest,
    /// Batch id and line, for batch rows.
    pub batch: Option<(String, i32)>,
}

/// Assigns status slots, builds and signs one credential per order. Nothing is stored but
/// the slot assignments (an unused slot is harmless).
pub async fn sign_orders(
    issuer: &Issuer,
    issuance: &Issuance,
    orders: &[Order],
    caller: &Caller,
) -> Result<Vec<credential::Model>, IssueError> {
    let n = orders.len();
    let (revocation, suspension) = {
        let _guard = issuer.status_lists.lock().await;
        let txn = store::begin_write(&issuer.db).await?;
        let r = issuer
            .status_lists
            .allocate(&txn, Purpose::Revocation, n)
            .await?;
        let s = issuer
            .status_lists
            .allocate(&txn, Purpose::Suspension, n)
            .await?;
        txn.commit().await?;
        (r, s)
    };
    let mut ids = Vec::with_capacity(n);
    let mut documents = Vec::with_capacity(n);
    for ((order, r), s) in orders.iter().zip(&revocation).zip(&suspension) {
        let id = uuid::Uuid::new_v4().to_string();
        let slots = Slots {
            revocation: *r,
            suspension: *s,
        };
        let doc = build::credential(
            &issuer.identity,
            &issuance.template,
            &id,
            &order.learner,
            slots,
        )
        .map_err(|e| IssueError::Random(e.to_string()))?;
        ids.push((id, slots));
        documents.push(doc);
    }
    let signed = issuer
        .signer
        .sign_all(documents, issuance.template.valid_from.clone())
        .await?;
    issuer.signed.inc_by(signed.len() as u64);
    let issued_at = store::now();
    let valid_until = issuance.template.valid_until.as_deref().and_then(|v| {
        time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).ok()
    });
    let mut out = Vec::with_capacity(n);
    for ((order, (id, slots)), doc) in orders.iter().zip(ids).zip(signed) {
        out.push(credential::Model {
            id,
            achievement_id: issuance.achievement_id.clone(),
            achievement_version: issuance.version,
            learner_name: order.learner.name.clone(),
            lang: issuance.lang.clone(),
            document: serde_json::to_string(&doc).map_err(|e| DbErr::Custom(e.to_string()))?,
            issued_at,
            issued_by: caller.name.clone(),
            valid_until,
            batch_id: order.batch.as_ref().map(|b| b.0.clone()),
            batch_line: order.batch.as_ref().map(|b| b.1),
            external_id: order.learner.external_id.clone(),
            revocation_list: slots.revocation.list,
            revocation_index: slots.revocation.index,
            suspension_list: slots.suspension.list,
            suspension_index: slots.suspension.index,
            revoked_at: None,
            revocation_reason: None,
            suspended_at: None,
            suspension_reason: None,
        });
    }
    Ok(out)
}

/// Stores signed credentials, their learners' match digests and their audit events
/// (inside the caller's transaction).
pub async fn persist(
    db: &impl ConnectionTrait,
    issuer: &Issuer,
    credentials: &[credential::Model],
    matches: &[learner_match::Model],
    caller: (&str, &str),
) -> Result<(), DbErr> {
    let (caller_name, caller_role) = caller;
    for chunk in credentials.chunks(1000) {
        let rows = chunk.iter().cloned().map(credential::ActiveModel::from);
        credential::Entity::insert_many(rows).exec(db).await?;
    }
    matching::store(db, matches).await?;
    let events = issue_events(issuer, credentials);
    for chunk in events.chunks(1000) {
        audit::record_many(db, caller_name, caller_role, chunk.to_vec()).await?;
    }
    Ok(())
}

/// The audit events (action, subject, details) of issuing `credentials`.
pub fn issue_events(
    issuer: &Issuer,
    credentials: &[credential::Model],
) -> Vec<(String, String, Value)> {
    credentials
        .iter()
        .map(|c| {
            (
                "credential.issue".to_owned(),
                issuer.identity.credential_url(&c.id),
                json!({
                    "achievement": issuer.identity.achievement_version_url(&c.achievement_id, c.achievement_version),
                    "batch": c.batch_id,
                    "line": c.batch_line,
                }),
            )
        })
        .collect()
}

/// A credential just issued.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuedCredential {
    /// Its id.
    pub id: String,
    /// Its public URL (JSON or page by content negotiation).
    pub url: String,
    /// The signed credential.
    pub credential: Value,
}

impl IssuedCredential {
    /// The response for a stored credential.
    pub fn of(identity: &Identity, c: &credential::Model) -> Self {
        Self {
            id: c.id.clone(),
            url: identity.credential_url(&c.id),
            credential: serde_json::from_str(&c.document).unwrap_or(Value::Null),
        }
    }
}
