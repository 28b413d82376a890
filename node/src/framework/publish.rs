//! Publishing a framework version (a `Create` of its signed shared object to the
//! network's members), deprecating it (an `Update` that changes only its status), and the
//! coordinator's publication of the built-in reference framework.

use mochila_protocol::framework::{
    FRAMEWORK_TYPE, FrameworkDefinition, FrameworkStatus, changes, framework_content,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;

use super::design::find;
use super::{
    FRAMEWORKS, FrameworkError, FrameworkVersionView, Frameworks, definition_of, framework_url,
    version_url,
};
use crate::audit;
use crate::auth::Caller;
use crate::federation::Federation;
use crate::federation::shared::Change;
use crate::store::entity::framework_version::{self, Entity as Version};
use crate::store::entity::states::FrameworkState;

/// The built-in reference framework's slug.
pub const REFERENCE_SLUG: &str = "mochila-reference";

/// Publishes the current state of version `row` (with `state`) on `db`, to `audience`.
async fn share(
    db: &impl ConnectionTrait,
    federation: &Federation,
    row: &framework_version::Model,
    state: FrameworkStatus,
    audience: Vec<String>,
) -> Result<(), FrameworkError> {
    let base = &federation.base_url;
    let definition = definition_of(row)?;
    let previous = match find(db, &row.slug, row.version - 1).await? {
        Some(p) => Some((
            version_url(base, &p.slug, p.version),
            changes(&definition_of(&p)?, &definition),
        )),
        None => None,
    };
    let content = framework_content(
        &framework_url(base, &row.slug),
        &definition,
        state,
        previous.as_ref().map(|(id, c)| (id.as_str(), c)),
    );
    let change = Change {
        collection: FRAMEWORKS,
        object_id: version_url(base, &row.slug, row.version),
        object_type: FRAMEWORK_TYPE,
        content: Some(content),
    };
    federation.publish_shared(db, change, audience).await?;
    Ok(())
}

/// Moves version `row` to `state` on `db`.
async fn set_state(
    db: &impl ConnectionTrait,
    row: &framework_version::Model,
    state: FrameworkState,
) -> Result<framework_version::Model, FrameworkError> {
    let now = crate::store::now();
    Ok(Version::update(framework_version::ActiveModel {
        slug: Set(row.slug.clone()),
        version: Set(row.version),
        state: Set(state),
        updated_at: Set(now),
        published_at: Set(row.published_at.or(Some(now))),
        ..Default::default()
    })
    .exec(db)
    .await?)
}

impl Frameworks {
    /// Publishes draft `version` of `slug`: from now its content never changes, and every
    /// member of the node's networks receives it. Audited. Roles: admin, designer.
    pub async fn publish(
        &self,
        caller: &Caller,
        slug: &str,
        version: i32,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        self.transition(caller, slug, version, FrameworkState::Draft, None)
            .await
    }

    /// Deprecates published `version` of `slug` (`reason` is recorded): what aligned to it
    /// still resolves, new designs may not use it. Audited. Roles: admin, designer.
    pub async fn deprecate(
        &self,
        caller: &Caller,
        slug: &str,
        version: i32,
        reason: &str,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        self.transition(
            caller,
            slug,
            version,
            FrameworkState::Published,
            Some(reason),
        )
        .await
    }

    /// Publishes (from `from` = draft) or deprecates (from published, with a reason).
    async fn transition(
        &self,
        caller: &Caller,
        slug: &str,
        version: i32,
        from: FrameworkState,
        reason: Option<&str>,
    ) -> Result<FrameworkVersionView, FrameworkError> {
        let (to, wire, action) = match from {
            FrameworkState::Draft => (
                FrameworkState::Published,
                FrameworkStatus::Published,
                "framework.publish",
            ),
            _ => (
                FrameworkState::Deprecated,
                FrameworkStatus::Deprecated,
                "framework.deprecate",
            ),
        };
        let audience = self.recipients.now().await?;
        let txn = crate::store::begin_write(&self.db).await?;
        let row = find(&txn, slug, version)
            .await?
            .ok_or_else(|| FrameworkError::NotFound(slug.to_owned(), version))?;
        if row.state != from {
            return Err(FrameworkError::Conflict(format!(
                "version {version} of {slug} is {}, not {}",
                sea_orm::ActiveEnum::to_value(&row.state),
                sea_orm::ActiveEnum::to_value(&from)
            )));
        }
        let prev = find(&txn, slug, version - 1).await?;
        if let (FrameworkState::Draft, Some(p)) = (from, &prev)
            && p.state == FrameworkState::Draft
        {
            return Err(FrameworkError::Conflict(format!(
                "version {} of {slug} is a draft: publish it first",
                p.version
            )));
        }
        share(&txn, &self.federation, &row, wire, audience).await?;
        let row = set_state(&txn, &row, to).await?;
        let id = version_url(self.base(), slug, version);
        audit::record(
            &txn,
            caller,
            audit::Change {
                action,
                subject: &id,
                reason,
                details: json!({"version": version}),
            },
        )
        .await?;
        txn.commit().await?;
        self.view(&row, prev.as_ref())
    }
}

/// Publishes the built-in reference framework (version 1) as one of `federation`'s node's
/// frameworks, to `audience`, unless it is published already. `true` when it published.
pub async fn publish_reference(
    federation: &Federation,
    audience: Vec<String>,
) -> Result<bool, FrameworkError> {
    let db = &federation.db;
    let reference = FrameworkDefinition::mochila_reference()?;
    let version = reference.framework_version as i32;
    // Asked every sync round: a plain read first, the write lock only when it is missing.
    if find(db, REFERENCE_SLUG, version).await?.is_some() {
        return Ok(false);
    }
    let txn = crate::store::begin_write(db).await?;
    if find(&txn, REFERENCE_SLUG, version).await?.is_some() {
        return Ok(false);
    }
    let definition = reference.with_ids(&framework_url(&federation.base_url, REFERENCE_SLUG));
    let now = crate::store::now();
    let row = framework_version::Model {
        slug: REFERENCE_SLUG.to_owned(),
        version,
        state: FrameworkState::Published,
        definition: serde_json::to_string(&definition)?,
        created_at: now,
        updated_at: now,
        published_at: Some(now),
    };
    Version::insert(framework_version::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    share(&txn, federation, &row, FrameworkStatus::Published, audience).await?;
    txn.commit().await?;
    tracing::info!("published the Mochila reference framework, version {version}");
    Ok(true)
}
