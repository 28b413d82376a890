//! The catalogue: designers create, update (each update is a new version), archive and
//! illustrate achievement definitions; anyone lists them and reads each version as JSON-LD.

mod alignment;
pub mod definition;
pub mod framework_items;
pub mod lang;
mod publish;
pub mod render;
pub mod service;
pub mod vocabulary;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;

pub use alignment::outcomes_in;
pub use definition::AchievementDefinition;
pub use lang::Lang;
pub use publish::{CATALOGUE, ENTRY_TYPE, Share, entry_id};
pub use service::{AchievementPage, AchievementResponse, Catalogue};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::error::FieldError;
use crate::federation::{OutboxError, Published};
use crate::identity::Identity;
use crate::store;
use crate::store::entity::{achievement, achievement_version, image};

/// Why a catalogue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The definition is invalid (every field at fault).
    #[error("invalid definition")]
    Invalid(Vec<FieldError>),
    /// No such achievement (or version).
    #[error("no achievement {0} on this node")]
    NotFound(String),
    /// The achievement is archived.
    #[error("achievement {0} is archived: nothing can be issued or changed until it is restored")]
    Archived(String),
    /// The image is not acceptable.
    #[error("{0}")]
    BadImage(String),
    /// The announcement to followers could not be queued.
    #[error("announcing the new version: {0}")]
    Outbox(#[from] OutboxError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// An achievement at one of its versions.
#[derive(Debug, Clone)]
pub struct AchievementRecord {
    /// The row.
    pub achievement: achievement::Model,
    /// The version.
    pub version: i32,
    /// Its definition.
    pub definition: AchievementDefinition,
    /// Its image id.
    pub image_id: Option<String>,
    /// When this version was made.
    pub version_created_at: time::OffsetDateTime,
}

impl AchievementRecord {
    /// Where this version lives.
    pub fn location(&self, identity: &Identity) -> render::AchievementLocation {
        render::AchievementLocation {
            id: identity.achievement_version_url(&self.achievement.id, self.version),
            version: self.version,
            image: self.image_id.as_deref().map(|i| identity.image_url(i)),
        }
    }
}

fn record(
    a: achievement::Model,
    v: achievement_version::Model,
) -> Result<AchievementRecord, CatalogueError> {
    let definition = serde_json::from_value(v.definition)
        .map_err(|e| DbErr::Custom(format!("stored definition of {} is unreadable: {e}", a.id)))?;
    Ok(AchievementRecord {
        achievement: a,
        version: v.version,
        definition,
        image_id: v.image_id,
        version_created_at: v.created_at,
    })
}

fn validated(def: &AchievementDefinition) -> Result<serde_json::Value, CatalogueError> {
    let errors = def.validate();
    if !errors.is_empty() {
        return Err(CatalogueError::Invalid(errors));
    }
    serde_json::to_value(def).map_err(|e| DbErr::Custom(e.to_string()).into())
}

/// Creates an achievement at version 1 and announces it to the followers (call
/// `Federation::published` with the announcement after this returns).
pub async fn create(
    db: &DatabaseConnection,
    identity: &Identity,
    share: &Share<'_>,
    caller: &Caller,
    def: AchievementDefinition,
    preferred: &[String],
) -> Result<(AchievementRecord, Vec<Published>), CatalogueError> {
    let def = def.normalized();
    let stored = validated(&def)?;
    let id = uuid::Uuid::new_v4().to_string();
    let now = store::now();
    let lang = def.primary_language(preferred);
    let row = achievement::Model {
        id: id.clone(),
        current_version: 1,
        name: definition::text_in(&def.name, &lang, &lang).to_owned(),
        achievement_type: def.achievement_type.clone(),
        field_of_study: def.field_of_study.clone(),
        archived_at: None,
        created_at: now,
        updated_at: now,
        created_by: caller.name.clone(),
    };
    let version = achievement_version::Model {
        achievement_id: id.clone(),
        version: 1,
        definition: stored.clone(),
        image_id: None,
        created_at: now,
        created_by: caller.name.clone(),
    };
    let txn = store::begin_write(db).await?;
    achievement::ActiveModel::from(row.clone())
        .insert(&txn)
        .await?;
    achievement_version::ActiveModel::from(version.clone())
        .insert(&txn)
        .await?;
    let subject = identity.achievement_url(&id);
    audit::record(
        &txn,
        caller,
        Change {
            action: "achievement.create",
            subject: &subject,
            reason: None,
            details: json!({"version": 1, "definition": stored}),
        },
    )
    .await?;
    let created = record(row, version)?;
    let published = share.announce(&txn, identity, &created, preferred).await?;
    txn.commit().await?;
    Ok((created, published))
}

/// What changes in a new version.
#[derive(Debug)]
pub enum Revision {
    /// A new definition (the image stays).
    Definition(Box<AchievementDefinition>),
    /// A new image (the definition stays): its content type and bytes, already checked.
    Image(String, Vec<u8>),
}

/// Makes a new version of achievement `id` and announces it to the followers (call
/// `Federation::published` with the announcement after this returns).
pub async fn revise(
    db: &DatabaseConnection,
    identity: &Identity,
    share: &Share<'_>,
    caller: &Caller,
    id: &str,
    revision: Revision,
    preferred: &[String],
) -> Result<(AchievementRecord, Vec<Published>), CatalogueError> {
    let txn = store::begin_write(db).await?;
    let current = current_in(&txn, id).await?;
    if current.achievement.archived_at.is_some() {
        return Err(CatalogueError::Archived(id.to_owned()));
    }
    let now = store::now();
    let (definition, image_id, details) = match revision {
        Revision::Definition(def) => {
            let def = def.normalized();
            let stored = validated(&def)?;
            (def, current.image_id.clone(), json!({"definition": stored}))
        }
        Revision::Image(content_type, bytes) => {
            let image_id = store_image(&txn, &content_type, bytes).await?;
            (
                current.definition.clone(),
                Some(image_id.clone()),
                json!({"image": image_id, "contentType": content_type}),
            )
        }
    };
    let next = current.version + 1;
    let version = achievement_version::Model {
        achievement_id: id.to_owned(),
        version: next,
        definition: serde_json::to_value(&definition).map_err(|e| DbErr::Custom(e.to_string()))?,
        image_id,
        created_at: now,
        created_by: caller.name.clone(),
    };
    achievement_version::ActiveModel::from(version.clone())
        .insert(&txn)
        .await?;
    let lang = definition.primary_language(preferred);
    let mut row: achievement::ActiveModel = current.achievement.clone().into();
    row.current_version = Set(next);
    row.name = Set(definition::text_in(&definition.name, &lang, &lang).to_owned());
    row.achievement_type = Set(definition.achievement_type.clone());
    row.field_of_study = Set(definition.field_of_study.clone());
    row.updated_at = Set(now);
    let row = row.update(&txn).await?;
    let mut details = details;
    details["version"] = json!(next);
    let subject = identity.achievement_url(id);
    audit::record(
        &txn,
        caller,
        Change {
            action: "achievement.update",
            subject: &subject,
            reason: None,
            details,
        },
    )
    .await?;
    let revised = record(row, version)?;
    let published = share.announce(&txn, identity, &revised, preferred).await?;
    txn.commit().await?;
    Ok((revised, published))
}

async fn store_image(
    db: &impl ConnectionTrait,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<String, DbErr> {
    use sha2::Digest;
    let id = hex::encode(sha2::Sha256::digest(&bytes));
    if image::Entity::find_by_id(id.clone())
        .one(db)
        .await?
        .is_none()
    {
        image::ActiveModel {
            id: Set(id.clone()),
            content_type: Set(content_type.to_owned()),
            bytes: Set(bytes),
            created_at: Set(store::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(id)
}

/// Archives (`archived = true`: no more issuance, still listed with `archived`) or restores
/// achievement `id`.
pub async fn set_archived(
    db: &DatabaseConnection,
    share: &Share<'_>,
    caller: &Caller,
    id: &str,
    archived: bool,
    reason: Option<&str>,
    preferred: &[String],
) -> Result<(AchievementRecord, Option<Published>), CatalogueError> {
    let identity = &*share.federation.identity;
    let txn = store::begin_write(db).await?;
    let current = current_in(&txn, id).await?;
    let now = store::now();
    let mut row: achievement::ActiveModel = current.achievement.clone().into();
    row.archived_at = Set(archived.then_some(now));
    row.updated_at = Set(now);
    let row = row.update(&txn).await?;
    let subject = identity.achievement_url(id);
    let action = if archived {
        "achievement.archive"
    } else {
        "achievement.restore"
    };
    audit::record(
        &txn,
        caller,
        Change {
            action,
            subject: &subject,
            reason,
            details: json!({}),
        },
    )
    .await?;
    let changed = AchievementRecord {
        achievement: row,
        ..current
    };
    let published = share.share(&txn, identity, &changed, preferred).await?;
    txn.commit().await?;
    Ok((changed, published))
}

async fn current_in(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<AchievementRecord, CatalogueError> {
    let a = achievement::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| CatalogueError::NotFound(id.to_owned()))?;
    version_of(db, a.clone(), a.current_version).await
}

async fn version_of(
    db: &impl ConnectionTrait,
    a: achievement::Model,
    version: i32,
) -> Result<AchievementRecord, CatalogueError> {
    let v = achievement_version::Entity::find_by_id((a.id.clone(), version))
        .one(db)
        .await?
        .ok_or_else(|| CatalogueError::NotFound(format!("{} version {version}", a.id)))?;
    record(a, v)
}

/// Achievement `id` at its current version.
pub async fn get(db: &impl ConnectionTrait, id: &str) -> Result<AchievementRecord, CatalogueError> {
    current_in(db, id).await
}

/// Achievement `id` at `version`.
pub async fn get_version(
    db: &impl ConnectionTrait,
    id: &str,
    version: i32,
) -> Result<AchievementRecord, CatalogueError> {
    let a = achievement::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| CatalogueError::NotFound(id.to_owned()))?;
    version_of(db, a, version).await
}

/// Filters for listing.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Words in the name.
    pub q: Option<String>,
    /// This `achievementType` only.
    pub achievement_type: Option<String>,
    /// This field of study only.
    pub field_of_study: Option<String>,
    /// Include archived achievements.
    pub include_archived: bool,
    /// Page number (1-based).
    pub page: u64,
    /// Page size.
    pub per_page: u64,
}

/// One page of achievements (current versions), most recently changed first, and the
/// total count.
pub async fn list(
    db: &DatabaseConnection,
    filter: &ListFilter,
) -> Result<(Vec<AchievementRecord>, u64), CatalogueError> {
    let mut cond = Condition::all();
    if !filter.include_archived {
        cond = cond.add(achievement::Column::ArchivedAt.is_null());
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        cond = cond.add(achievement::Column::Name.like(format!("%{}%", escape_like(q.trim()))));
    }
    if let Some(t) = &filter.achievement_type {
        cond = cond.add(achievement::Column::AchievementType.eq(t.clone()));
    }
    if let Some(f) = &filter.field_of_study {
        cond = cond.add(achievement::Column::FieldOfStudy.eq(f.clone()));
    }
    let select = achievement::Entity::find().filter(cond);
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(achievement::Column::UpdatedAt)
        .order_by_asc(achievement::Column::Id)
        .offset(filter.page.saturating_sub(1) * filter.per_page)
        .limit(filter.per_page)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let v = a.current_version;
        out.push(version_of(db, a, v).await?);
    }
    Ok((out, total))
}

fn escape_like(q: &str) -> String {
    q.replace(['%', '_'], "")
}

/// An uploaded image.
pub async fn image(db: &DatabaseConnection, id: &str) -> Result<Option<image::Model>, DbErr> {
    image::Entity::find_by_id(id.to_owned()).one(db).await
}
