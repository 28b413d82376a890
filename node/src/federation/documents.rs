//! The documents the node serves to the fediverse, read from the database: the actor, the
//! outbox and its pages, each published activity, the sizes of `followers` and
//! `following`, and NodeInfo.

use mochila_protocol::activity::{NodeInfo, OrderedCollection};
use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;

use super::collections::{self, CollectionError, PAGE_SIZE};
use super::discovery;
use super::{ActorError, ActorUrls, Federation, peers};
use crate::institution;
use crate::store::entity::{achievement, outbox_activity};

/// Why a document cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Page numbers start at 1.
    #[error("page numbers start at 1")]
    PageZero,
    /// Past the last page.
    #[error(transparent)]
    PastTheEnd(#[from] CollectionError),
    /// No such activity.
    #[error("no activity {0} on this node")]
    UnknownActivity(String),
    /// The actor cannot be built.
    #[error(transparent)]
    Actor(#[from] ActorError),
    /// A stored activity is unreadable.
    #[error("stored activity: {0}")]
    Stored(#[from] serde_json::Error),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Federation {
    fn urls(&self) -> ActorUrls {
        ActorUrls::new(&self.identity)
    }

    /// The institution's actor, signed now.
    pub async fn actor_document(&self, attachment: &[Value]) -> Result<Value, DocumentError> {
        let profile = institution::load(&self.db, &self.node_config).await?;
        let now = crate::store::now();
        let created = crate::store::rfc3339(now.replace_nanosecond(0).unwrap_or(now));
        Ok(super::build_actor(
            &self.identity,
            &self.keys,
            &profile,
            attachment,
            &created,
        )?)
    }

    /// The outbox (`page` = `None`) or one of its pages, newest first.
    pub async fn outbox_document(&self, page: Option<u64>) -> Result<Value, DocumentError> {
        let urls = self.urls();
        let listed =
            outbox_activity::Entity::find().filter(outbox_activity::Column::Listed.eq(true));
        let total = listed.clone().count(&self.db).await?;
        let Some(page) = page else {
            return Ok(serde_json::to_value(collections::outbox(&urls, total))?);
        };
        if page == 0 {
            return Err(DocumentError::PageZero);
        }
        let rows = listed
            .order_by_desc(outbox_activity::Column::Seq)
            .offset((page - 1).saturating_mul(PAGE_SIZE))
            .limit(PAGE_SIZE)
            .all(&self.db)
            .await?;
        let items = rows
            .iter()
            .map(|r| serde_json::from_str(&r.document))
            .collect::<Result<Vec<Value>, _>>()?;
        let page = collections::outbox_page(&urls, total, page, items)?;
        Ok(serde_json::to_value(page)?)
    }

    /// Published activity `id`, as delivered.
    pub async fn activity_document(&self, id: &str) -> Result<Value, DocumentError> {
        let iri = self.publisher.activity_url(id);
        let row = outbox_activity::Entity::find()
            .filter(outbox_activity::Column::ActivityId.eq(iri.as_str()))
            .one(&self.db)
            .await?
            .ok_or(DocumentError::UnknownActivity(iri))?;
        Ok(serde_json::from_str(&row.document)?)
    }

    /// The followers collection (its size only).
    pub async fn followers_document(&self) -> Result<OrderedCollection, DbErr> {
        let (followers, _) = peers::counts(&self.db).await?;
        Ok(collections::followers(&self.urls(), followers))
    }

    /// The following collection (its size only).
    pub async fn following_document(&self) -> Result<OrderedCollection, DbErr> {
        let (_, following) = peers::counts(&self.db).await?;
        Ok(collections::following(&self.urls(), following))
    }

    /// NodeInfo 2.1, with the number of published (not archived) microcredentials.
    pub async fn nodeinfo_document(&self) -> Result<NodeInfo, DbErr> {
        let profile = institution::load(&self.db, &self.node_config).await?;
        let published = achievement::Entity::find()
            .filter(achievement::Column::ArchivedAt.is_null())
            .count(&self.db)
            .await?;
        Ok(discovery::nodeinfo(&profile, published))
    }
}
