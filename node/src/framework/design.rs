//! Designing a framework version: drafts, checked against the version before them, kept
//! only on this node until published.

use mochila_protocol::framework::{
    FieldProblem, FrameworkDefinition, validate, validate_successor,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use super::{
    FrameworkError, FrameworkVersionView, Frameworks, REFERENCE_SLUG, definition_of, framework_url,
    invalid, version_url,
};
use crate::audit;
use crate::auth::Caller;
use crate::error::FieldError;
use crate::store::entity::framework_version::{self, Entity as Version};
use crate::store::entity::states::FrameworkState;

fn field_errors(problems: Vec<FieldProblem>) -> Result<(), FrameworkError> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(FrameworkError::Invalid(
        problems
            .into_iter()
            .map(|p| FieldError {
                field: p.pointer,
                message: p.message,
            })
            .collect(),
    ))
}

/// Version `version` of `slug`, if there is one.
pub(super) async fn find(
    db: &impl ConnectionTrait,
    slug: &str,
    version: i32,
) -> Result<Option<framework_version::Model>, sea_orm::DbErr> {
    Version::find_by_id((slug.to_owned(), version))
        .one(db)
        .await
}

/// The latest version of `slug`, if any.
async fn latest(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<framework_version::Model>, sea_orm::DbErr> {
    Version::find()
        .filter(framework_version::Column::Slug.eq(slug))
        .order_by_desc(framework_version::Column::Version)
        .one(db)
        .await
}

fn nfc(texts: &mut mochila_protocol::framework::Texts) {
    for t in texts.values_mut() {
        *t = crate::text::nfc(t);
    }
}

impl Frameworks {
    /// `def` checked and completed: valid, its texts in NFC, every item IRI assigned
    /// under the framework's URL.
    fn prepare(&self, mut def: FrameworkDefinition) -> Result<FrameworkDefinition, FrameworkError> {
        field_errors(validate(&def, &[]))?;
        if def.slug == REFERENCE_SLUG {
            return Err(invalid("/slug", "is the built-in reference framework's"));
        }
        nfc(&mut def.title);
        nfc(&mut def.description);
        for item in &mut def.items {
            nfc(&mut item.name);
            nfc(&mut item.description);
        }
        let base = framework_url(self.base(), &def.slug);
        Ok(def.with_ids(&base))
    }

    /// Checks `def` against the version before it (`version - 1`, which must be
    /// published or deprecated).
    async fn check_successor(
        &self,
        db: &impl ConnectionTrait,
        def: &FrameworkDefinition,
    ) -> Result<Option<framework_version::Model>, FrameworkError> {
        let version = def.framework_version as i32;
        if version == 1 {
            return Ok(None);
        }
        let Some(prev) = find(db, &def.slug, version - 1).await? else {
            return Err(invalid(
                "/frameworkVersion",
                format!("version {} of {} does not exist", version - 1, def.slug),
            ));
        };
        if prev.state == FrameworkState::Draft {
            return Err(FrameworkError::Conflict(format!(
                "version {} of {} is a draft: publish it first",
                prev.version, def.slug
            )));
        }
        field_errors(validate_successor(&definition_of(&prev)?, def))?;
        Ok(Some(prev))
    }

    /// Makes a draft of `def`: version 1 of a new framework, or the version after the
    /// latest one of an existing framework. Audited. Roles: admin, designer.
    pub async fn create_draft(
        &self,
        caller: &Caller,
        def: FrameworkDefinition,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        let def = self.prepare(def)?;
        let version = i32::try_from(def.framework_version)
            .map_err(|_| invalid("/frameworkVersion", "is too large"))?;
        let txn = crate::store::begin_write(&self.db).await?;
        let next = latest(&txn, &def.slug).await?.map_or(1, |l| l.version + 1);
        if version != next {
            return Err(invalid(
                "/frameworkVersion",
                format!("must be {next}, the next version of {}", def.slug),
            ));
        }
        let prev = self.check_successor(&txn, &def).await?;
        let now = crate::store::now();
        let row = framework_version::Model {
            slug: def.slug.clone(),
            version,
            state: FrameworkState::Draft,
            definition: serde_json::to_string(&def)?,
            created_at: now,
            updated_at: now,
            published_at: None,
        };
        Version::insert(framework_version::ActiveModel::from(row.clone()))
            .exec_without_returning(&txn)
            .await?;
        let id = version_url(self.base(), &def.slug, version);
        audit::record(
            &txn,
            caller,
            audit::Change {
                action: "framework.draft",
                subject: &id,
                reason: None,
                details: json!({"items": def.items.len()}),
            },
        )
        .await?;
        txn.commit().await?;
        self.view(&row, prev.as_ref())
    }

    /// Replaces draft `version` of `slug` with `def` (same slug and version). Audited.
    pub async fn replace_draft(
        &self,
        caller: &Caller,
        slug: &str,
        version: i32,
        def: FrameworkDefinition,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        if def.slug != slug {
            return Err(invalid("/slug", format!("must be {slug}, as in the URL")));
        }
        if i64::from(def.framework_version) != i64::from(version) {
            return Err(invalid(
                "/frameworkVersion",
                format!("must be {version}, as in the URL"),
            ));
        }
        let def = self.prepare(def)?;
        let txn = crate::store::begin_write(&self.db).await?;
        let row = find(&txn, slug, version)
            .await?
            .ok_or_else(|| FrameworkError::NotFound(slug.to_owned(), version))?;
        if row.state != FrameworkState::Draft {
            return Err(FrameworkError::Conflict(format!(
                "version {version} of {slug} is {}: a published version never changes; make version {}",
                sea_orm::ActiveEnum::to_value(&row.state),
                latest(&txn, slug).await?.map_or(version, |l| l.version) + 1
            )));
        }
        let prev = self.check_successor(&txn, &def).await?;
        let definition = serde_json::to_string(&def)?;
        let updated = Version::update(framework_version::ActiveModel {
            slug: Set(slug.to_owned()),
            version: Set(version),
            definition: Set(definition),
            updated_at: Set(crate::store::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let id = version_url(self.base(), slug, version);
        audit::record(
            &txn,
            caller,
            audit::Change {
                action: "framework.draft",
                subject: &id,
                reason: None,
                details: json!({"items": def.items.len(), "replaced": true}),
            },
        )
        .await?;
        txn.commit().await?;
        self.view(&updated, prev.as_ref())
    }

    /// Every version of the node's frameworks, by slug then version.
    pub async fn list(&self) -> Result<Vec<FrameworkVersionView>, FrameworkError> {
        let rows = Version::find()
            .order_by_asc(framework_version::Column::Slug)
            .order_by_asc(framework_version::Column::Version)
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let prev = i
                .checked_sub(1)
                .map(|p| &rows[p])
                .filter(|p| p.slug == row.slug && p.version + 1 == row.version);
            out.push(self.view(row, prev)?);
        }
        Ok(out)
    }

    /// Version `version` of `slug`.
    pub async fn get(
        &self,
        slug: &str,
        version: i32,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        let row = find(&self.db, slug, version)
            .await?
            .ok_or_else(|| FrameworkError::NotFound(slug.to_owned(), version))?;
        let prev = find(&self.db, slug, version - 1).await?;
        self.view(&row, prev.as_ref())
    }
}
