//! The network's frameworks: every published version this node holds (its own and each
//! active member's `frameworks` collection, pushed and caught up), with their items.

use mochila_protocol::framework::{FrameworkDocument, FrameworkStatus};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::Network;
use crate::federation::shared::collection_url;
use crate::framework::FRAMEWORKS;
use crate::store::entity::shared_object;

/// Which frameworks to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FrameworkQuery {
    /// Only those of this institution (its entity id).
    pub institution: Option<String>,
    /// Include deprecated versions.
    pub deprecated: Option<bool>,
}

/// One framework version as the network holds it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkFramework {
    /// The institution (entity id) that publishes it.
    pub institution: String,
    /// The framework's URL (the same for every version).
    pub framework: String,
    /// This version's IRI.
    pub id: String,
    /// The version.
    pub framework_version: u32,
    /// published or deprecated.
    pub status: String,
    /// The digest of its content.
    pub content_digest: String,
    /// The version it follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_version: Option<String>,
    /// The signed document, as its publisher signed it (title, items, associations,
    /// changes, proof).
    #[schema(value_type = Object)]
    pub document: Value,
}

/// A held framework version: where it is from and what it says.
#[derive(Debug, Clone)]
pub struct HeldFramework {
    /// The institution that publishes it.
    pub institution: String,
    /// Its IRI.
    pub id: String,
    /// Its signed document.
    pub document: Value,
    /// Read from it.
    pub framework: FrameworkDocument,
    /// When its publisher last changed it (RFC 3339).
    pub updated: String,
}

impl HeldFramework {
    /// The framework version that `row` (a live object of a `frameworks` collection) is.
    fn of(row: shared_object::Model) -> Option<Self> {
        let framework = crate::framework::read_held(&row)?;
        let suffix = format!("/shared/{FRAMEWORKS}");
        Some(Self {
            institution: row.collection.strip_suffix(&suffix)?.to_owned(),
            id: row.object_id,
            updated: crate::store::rfc3339(row.updated_at),
            document: row.document,
            framework,
        })
    }
}

impl Network {
    /// Every framework version of the network's institutions held here, by institution,
    /// framework and version.
    pub async fn held_frameworks(&self) -> Result<Vec<HeldFramework>, DbErr> {
        let institutions = self.institutions().await?;
        let collections: Vec<String> = institutions
            .iter()
            .map(|i| collection_url(i, FRAMEWORKS))
            .collect();
        let rows = shared_object::Entity::find()
            .filter(shared_object::Column::Collection.is_in(collections))
            .filter(shared_object::Column::Deleted.eq(false))
            .all(&self.federation.db)
            .await?;
        let mut out: Vec<HeldFramework> = rows.into_iter().filter_map(HeldFramework::of).collect();
        out.sort_by(|a, b| {
            (
                &a.institution,
                &a.framework.framework,
                a.framework.definition.framework_version,
            )
                .cmp(&(
                    &b.institution,
                    &b.framework.framework,
                    b.framework.definition.framework_version,
                ))
        });
        Ok(out)
    }

    /// The held framework version `id` of one of the network's institutions, if any.
    pub async fn held_framework(&self, id: &str) -> Result<Option<HeldFramework>, DbErr> {
        let Some(row) = shared_object::Entity::find_by_id(id.to_owned())
            .one(&self.federation.db)
            .await?
        else {
            return Ok(None);
        };
        let institutions = self.institutions().await?;
        Ok(HeldFramework::of(row).filter(|f| institutions.contains(&f.institution)))
    }

    /// [`Self::held_frameworks`] matching `query`.
    pub async fn frameworks(&self, query: &FrameworkQuery) -> Result<Vec<NetworkFramework>, DbErr> {
        let institution = query
            .institution
            .as_deref()
            .map(|i| i.trim_end_matches('/'));
        Ok(self
            .held_frameworks()
            .await?
            .into_iter()
            .filter(|f| institution.is_none_or(|i| f.institution == i))
            .filter(|f| {
                query.deprecated.unwrap_or(false)
                    || f.framework.status != FrameworkStatus::Deprecated
            })
            .map(|f| NetworkFramework {
                institution: f.institution,
                framework: f.framework.framework,
                id: f.id,
                framework_version: f.framework.definition.framework_version,
                status: f.framework.status.as_str().to_owned(),
                content_digest: f.framework.digest,
                previous_version: f.framework.previous_version,
                document: f.document,
            })
            .collect())
    }
}
