//! The catalogue service the request handlers share: designing, revising, archiving and
//! reading the institution's achievements, each change announced to the federation.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{
    AchievementDefinition, AchievementRecord, CatalogueError, ListFilter, Revision, render,
};
use crate::auth::Caller;
use crate::config::Config;
use crate::federation::Federation;
use crate::identity::Identity;
use crate::institution;
use crate::store::rfc3339;

/// Shared catalogue state. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The database.
    pub db: DatabaseConnection,
    /// The node's configuration (the institution's profile until one is stored).
    pub config: Arc<Config>,
    /// The institution's DID and public URLs.
    pub identity: Arc<Identity>,
    /// Announces changes to followers.
    pub federation: Federation,
    /// Whom catalogue changes are shared with (the network's members).
    pub recipients: crate::federation::shared::Recipients,
}

/// An achievement as the admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementResponse {
    /// Its id.
    pub id: String,
    /// The current version.
    pub version: i32,
    /// Its public URL (the current version).
    pub url: String,
    /// The URL of this version (the Achievement `id` in credentials issued now).
    pub version_url: String,
    /// Whether it is archived (no issuance).
    pub archived: bool,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Framework items it aligns to that are deprecated now (its framework version is, or a
    /// later version deprecates them): time for a new version of the achievement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deprecated_alignments: Vec<String>,
    /// The definition.
    pub definition: AchievementDefinition,
    /// The Open Badges Achievement it publishes (primary language).
    pub achievement: Value,
}

/// A page of achievements for staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementPage {
    /// Achievements, most recently changed first (each says whether it is archived).
    pub items: Vec<AchievementResponse>,
    /// Matching achievements.
    pub total: u64,
    /// This page.
    pub page: u64,
}

impl Catalogue {
    /// The institution's languages, most preferred first.
    pub async fn languages(&self) -> Result<Vec<String>, DbErr> {
        Ok(institution::load(&self.db, &self.config).await?.languages)
    }

    /// The admin API's view of an achievement, its texts in the first of `langs` it has.
    pub fn view(&self, r: &AchievementRecord, langs: &[String]) -> AchievementResponse {
        let primary = r.definition.primary_language(langs);
        let at = r.location(&self.identity);
        AchievementResponse {
            id: r.achievement.id.clone(),
            version: r.version,
            url: self.identity.achievement_url(&r.achievement.id),
            version_url: at.id.clone(),
            archived: r.achievement.archived_at.is_some(),
            created_at: rfc3339(r.achievement.created_at),
            updated_at: rfc3339(r.achievement.updated_at),
            image_url: at.image.clone(),
            deprecated_alignments: Vec::new(),
            achievement: render::achievement_document(&r.definition, &at, &primary, &primary),
            definition: r.definition.clone(),
        }
    }

    /// Where catalogue changes go now.
    async fn share(&self) -> Result<super::Share<'_>, CatalogueError> {
        Ok(super::Share {
            federation: &self.federation,
            audience: self.recipients.now().await?,
        })
    }

    /// Shares every achievement not yet in the node's catalogue collection (those made
    /// before it existed), with nobody: members catch up. Run at start.
    pub async fn share_unshared(&self) -> Result<usize, CatalogueError> {
        let langs = self.languages().await?;
        let share = super::Share {
            federation: &self.federation,
            audience: Vec::new(),
        };
        // The collection exists (empty) from the start, so that members can catch up with it.
        let collection =
            crate::federation::shared::collection_url(&self.federation.base_url, super::CATALOGUE);
        let actor = &self.federation.publisher.urls().actor;
        crate::federation::shared::keep(&self.db, &collection, actor).await?;
        // One read of what is shared already, then only the missing ones.
        use crate::store::entity::{achievement, shared_object};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        let held: std::collections::HashSet<String> = shared_object::Entity::find()
            .select_only()
            .column(shared_object::Column::ObjectId)
            .filter(shared_object::Column::Collection.eq(collection.as_str()))
            .into_tuple()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let ids: Vec<String> = achievement::Entity::find()
            .select_only()
            .column(achievement::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let base = &self.federation.base_url;
        let mut shared = 0;
        for id in ids
            .iter()
            .filter(|id| !held.contains(&super::entry_id(base, id)))
        {
            let txn = crate::store::begin_write(&self.db).await?;
            let r = super::get(&txn, id).await?;
            share.share(&txn, &self.identity, &r, &langs).await?;
            txn.commit().await?;
            shared += 1;
        }
        Ok(shared)
    }

    /// `def` with its framework alignments resolved against the framework versions held
    /// here; every field at fault (the definition's own problems too) otherwise.
    async fn resolved(
        &self,
        def: AchievementDefinition,
    ) -> Result<AchievementDefinition, CatalogueError> {
        if def.framework_items.is_empty() {
            return Ok(def);
        }
        let held = crate::framework::held_versions(&self.db).await?;
        super::framework_items::resolve(def.clone(), &held).map_err(|mut errors| {
            let mut all = def.validate();
            all.retain(|e| !e.field.starts_with("/frameworkItems/"));
            all.append(&mut errors);
            CatalogueError::Invalid(all)
        })
    }

    /// Creates an achievement at version 1 and announces it.
    pub async fn design(
        &self,
        caller: &Caller,
        def: AchievementDefinition,
    ) -> Result<AchievementResponse, CatalogueError> {
        let def = self.resolved(def).await?;
        let langs = self.languages().await?;
        let share = self.share().await?;
        let (r, published) =
            super::create(&self.db, &self.identity, &share, caller, def, &langs).await?;
        for p in &published {
            self.federation.published(p).await;
        }
        Ok(self.view(&r, &langs))
    }

    /// Makes a new version of achievement `id` and announces it.
    pub async fn revise(
        &self,
        caller: &Caller,
        id: &str,
        revision: Revision,
    ) -> Result<AchievementResponse, CatalogueError> {
        let revision = match revision {
            Revision::Definition(def) => Revision::Definition(Box::new(self.resolved(*def).await?)),
            image => image,
        };
        let langs = self.languages().await?;
        let share = self.share().await?;
        let (r, published) = super::revise(
            &self.db,
            &self.identity,
            &share,
            caller,
            id,
            revision,
            &langs,
        )
        .await?;
        for p in &published {
            self.federation.published(p).await;
        }
        Ok(self.view(&r, &langs))
    }

    /// Archives (no more issuance) or restores achievement `id`.
    pub async fn set_archived(
        &self,
        caller: &Caller,
        id: &str,
        archived: bool,
        reason: Option<&str>,
    ) -> Result<AchievementResponse, CatalogueError> {
        let langs = self.languages().await?;
        let share = self.share().await?;
        let (r, published) =
            super::set_archived(&self.db, &share, caller, id, archived, reason, &langs).await?;
        if let Some(p) = &published {
            self.federation.published(p).await;
        }
        Ok(self.view(&r, &langs))
    }

    /// Achievement `id` (current version) as staff see it.
    pub async fn achievement(&self, id: &str) -> Result<AchievementResponse, CatalogueError> {
        let langs = self.languages().await?;
        let r = super::get(&self.db, id).await?;
        let mut views = self.staff_views(std::slice::from_ref(&r), &langs).await?;
        Ok(views.remove(0))
    }

    /// The staff views of `records`, each with its deprecated alignments.
    async fn staff_views(
        &self,
        records: &[AchievementRecord],
        langs: &[String],
    ) -> Result<Vec<AchievementResponse>, CatalogueError> {
        let aligned = records
            .iter()
            .any(|r| !r.definition.framework_items.is_empty());
        let held = if aligned {
            crate::framework::held_versions(&self.db).await?
        } else {
            Default::default()
        };
        Ok(records
            .iter()
            .map(|r| {
                let mut v = self.view(r, langs);
                v.deprecated_alignments = super::framework_items::deprecated(&r.definition, &held);
                v
            })
            .collect())
    }

    /// A page of achievements as staff see them.
    pub async fn staff_page(&self, filter: &ListFilter) -> Result<AchievementPage, CatalogueError> {
        let (records, total) = super::list(&self.db, filter).await?;
        let langs = self.languages().await?;
        let items = self.staff_views(&records, &langs).await?;
        Ok(AchievementPage {
            items,
            total,
            page: filter.page,
        })
    }
}
