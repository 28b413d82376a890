//! The network catalogue: every member's achievements as this node holds them (each
//! member's shared `catalogue` collection, pushed and caught up), with its own.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Network;
use super::trust::CATALOGUE;
use crate::federation::shared::collection_url;
use crate::store::entity::shared_object;

/// A search of the network catalogue.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Words that must all appear in the achievement's name (any case).
    pub q: Option<String>,
    /// Include archived achievements (no longer issued).
    pub archived: Option<bool>,
}

/// One achievement of the network catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NetworkAchievement {
    /// The institution (entity id) that offers it.
    pub institution: String,
    /// Its name (in its institution's first language).
    pub name: String,
    /// Its name in each language it has.
    #[schema(value_type = Object)]
    pub names: serde_json::Value,
    /// The Open Badges Achievement of its current version (as its institution signed it).
    #[schema(value_type = Object)]
    pub achievement: serde_json::Value,
    /// Its version.
    pub version: i64,
    /// Whether it is archived.
    pub archived: bool,
    /// When its institution last changed it (RFC 3339).
    pub updated_at: String,
}

impl NetworkAchievement {
    /// The achievement of catalogue entry `r`, if it is one.
    pub fn read(r: &shared_object::Model) -> Option<Self> {
        let doc = &r.document;
        let institution = r.collection.strip_suffix(&format!("/shared/{CATALOGUE}"))?;
        Some(Self {
            institution: institution.to_owned(),
            name: doc["name"].as_str()?.to_owned(),
            names: doc
                .get("names")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({})),
            achievement: doc["achievement"].clone(),
            version: doc["achievementVersion"].as_i64().unwrap_or(1),
            archived: doc["archived"].as_bool().unwrap_or(false),
            updated_at: crate::store::rfc3339(r.updated_at),
        })
    }
}

impl Network {
    /// The catalogue entries of this node and of every active member of its networks that
    /// match `query`, by institution then name.
    pub async fn catalogue(
        &self,
        query: &CatalogueQuery,
    ) -> Result<Vec<NetworkAchievement>, DbErr> {
        let collections: Vec<String> = self
            .institutions()
            .await?
            .iter()
            .map(|i| collection_url(i, CATALOGUE))
            .collect();
        let rows = shared_object::Entity::find()
            .filter(shared_object::Column::Collection.is_in(collections))
            .filter(shared_object::Column::Deleted.eq(false))
            .all(&self.federation.db)
            .await?;
        let words: Vec<String> = query
            .q
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut out: Vec<NetworkAchievement> = rows
            .into_iter()
            .filter_map(|r| NetworkAchievement::read(&r))
            .filter(|a| query.archived.unwrap_or(false) || !a.archived)
            .filter(|a| {
                let name = a.name.to_lowercase();
                words.iter().all(|w| name.contains(w.as_str()))
            })
            .collect();
        out.sort_by(|a, b| (&a.institution, &a.name).cmp(&(&b.institution, &b.name)));
        Ok(out)
    }
}
