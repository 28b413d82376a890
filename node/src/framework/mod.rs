//! The frameworks this node publishes: drafts designed through the admin API, then
//! published versions (signed shared objects of the node's `frameworks` collection, pushed
//! to the network's members and caught up by them) and deprecations. A coordinator also
//! publishes the built-in Mochila reference framework. The wire shape and the rules
//! (validation, succession, digest, CASE export) are `mochila_protocol::framework`'s.

mod design;
mod publish;

pub use publish::{REFERENCE_SLUG, publish_reference};

use mochila_protocol::framework::{Changes, FrameworkDefinition};
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::FieldError;
use crate::federation::shared::{Recipients, collection_url};
use crate::federation::{Federation, OutboxError};
use crate::store::entity::framework_version;
use crate::store::entity::states::FrameworkState;
use crate::store::rfc3339;

/// The name of the frameworks collection.
pub const FRAMEWORKS: &str = "frameworks";

/// The URL of framework `slug` of the node at `base` (the same for all its versions).
pub fn framework_url(base: &str, slug: &str) -> String {
    format!("{base}/frameworks/{slug}")
}

/// The IRI of version `version` of framework `slug` (its shared object).
pub fn version_url(base: &str, slug: &str, version: i32) -> String {
    format!("{}/{slug}/{version}", collection_url(base, FRAMEWORKS))
}

/// The node's frameworks. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Frameworks {
    /// The database.
    pub db: DatabaseConnection,
    /// Publishes and signs.
    pub federation: Federation,
    /// Whom published versions go to (the network's members).
    pub recipients: Recipients,
}

/// Why a framework request failed.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    /// The definition is not valid (each field named).
    #[error("invalid framework")]
    Invalid(Vec<FieldError>),
    /// No such framework version.
    #[error("no version {1} of framework {0}")]
    NotFound(String, i32),
    /// The request conflicts with the version's state.
    #[error("{0}")]
    Conflict(String),
    /// A definition could not be read or written as JSON (a stored one, or the shipped
    /// reference framework).
    #[error("framework definition (JSON): {0}")]
    Json(#[from] serde_json::Error),
    /// Publishing failed.
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn invalid(field: &str, message: impl Into<String>) -> FrameworkError {
    FrameworkError::Invalid(vec![FieldError {
        field: field.to_owned(),
        message: message.into(),
    }])
}

/// A version of one of the node's frameworks, as the admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkVersionView {
    /// The framework's URL.
    pub framework: String,
    /// This version's IRI (its shared object, once published).
    pub id: String,
    /// The version.
    pub framework_version: i32,
    /// draft, published or deprecated.
    pub state: FrameworkState,
    /// The digest of its content (what achievements designed against it record).
    pub content_digest: String,
    /// The definition, every item IRI set.
    #[schema(value_type = Object)]
    pub definition: FrameworkDefinition,
    /// What changed from the version before (from version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub changes: Option<Changes>,
    /// When the draft was made.
    pub created_at: String,
    /// When it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
}

fn definition_of(row: &framework_version::Model) -> Result<FrameworkDefinition, FrameworkError> {
    Ok(serde_json::from_str(&row.definition)?)
}

impl Frameworks {
    fn base(&self) -> &str {
        &self.federation.base_url
    }

    /// Makes the node's frameworks collection exist (empty) so that members can catch up
    /// with it from the start. Run at start.
    pub async fn open_collection(&self) -> Result<(), DbErr> {
        let collection = collection_url(self.base(), FRAMEWORKS);
        let actor = &self.federation.publisher.urls().actor;
        crate::federation::shared::keep(&self.db, &collection, actor).await
    }

    /// The admin API's view of `row`, `previous` the version before it, if any.
    fn view(
        &self,
        row: &framework_version::Model,
        previous: Option<&framework_version::Model>,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        let definition = definition_of(row)?;
        let changes = match previous {
            Some(p) => Some(mochila_protocol::framework::changes(
                &definition_of(p)?,
                &definition,
            )),
            None => None,
        };
        Ok(FrameworkVersionView {
            framework: framework_url(self.base(), &row.slug),
            id: version_url(self.base(), &row.slug, row.version),
            framework_version: row.version,
            state: row.state,
            content_digest: mochila_protocol::framework::content_digest(&definition),
            definition,
            changes,
            created_at: rfc3339(row.created_at),
            published_at: row.published_at.map(rfc3339),
        })
    }
}

/// The framework version a held shared object is, read from its signed document (`None`
/// for anything else).
pub fn read_held(
    row: &crate::store::entity::shared_object::Model,
) -> Option<mochila_protocol::framework::FrameworkDocument> {
    let publisher = row.document.get("attributedTo")?.as_str()?;
    mochila_protocol::framework::read_framework(&row.document, publisher).ok()
}

/// Every framework version this node holds (its own published ones and those received),
/// by IRI, as read from their signed documents.
pub async fn held_versions(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<std::collections::HashMap<String, mochila_protocol::framework::FrameworkDocument>, DbErr>
{
    use crate::store::entity::shared_object;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let rows = shared_object::Entity::find()
        .filter(shared_object::Column::ObjectType.eq(mochila_protocol::framework::FRAMEWORK_TYPE))
        .filter(shared_object::Column::Deleted.eq(false))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.object_id.clone(), read_held(&r)?)))
        .collect())
}
