//! The network's shared objects: signed documents owned by their publisher, each in one of
//! its collections (`{base}/shared/{name}`), versioned, and ordered by a sequence number
//! per collection without gaps. The publisher signs every change (FEP-8b32) and pushes it
//! as a `Create`/`Update`/`Delete` through the durable outbox; a receiver applies changes
//! strictly in order, and on a gap (it was down, or joined late) catches up from the
//! publisher's collection `?after=<last held>`, checking each object's proof, until it
//! holds exactly the publisher's state. The member list is the first such collection;
//! frameworks, catalogue entries, recognitions and status changes reuse it.

mod publish;
mod receive;
mod rules;
mod serve;
mod sync;

pub use publish::Change;
pub use receive::{Accepted, accept};
pub use rules::live_documents;
pub use serve::{PAGE_SIZE, collection_document, object_document};
pub use sync::SyncError;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QuerySelect};

use crate::store::entity::shared_source;

/// Whom the node's shared changes go to now (the actors of its networks' members): the
/// network layer's answer, handed to the services that publish.
#[derive(Clone)]
pub struct Recipients(Arc<RecipientsFn>);

type RecipientsFn =
    dyn Fn() -> Pin<Box<dyn Future<Output = Result<Vec<String>, DbErr>> + Send>> + Send + Sync;

impl Recipients {
    /// Recipients answered by `f`.
    pub fn new(f: Arc<RecipientsFn>) -> Self {
        Self(f)
    }

    /// The actors now.
    pub async fn now(&self) -> Result<Vec<String>, DbErr> {
        (self.0)().await
    }
}

impl std::fmt::Debug for Recipients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recipients")
    }
}

/// The URL of collection `name` of the node at `base`.
pub fn collection_url(base: &str, name: &str) -> String {
    format!("{base}/shared/{name}")
}

/// Starts keeping `collection` of `publisher` (an actor IRI) on `db`: the sync loop catches
/// up with it from then on. Nothing changes when it is kept already.
pub async fn keep(
    db: &impl ConnectionTrait,
    collection: &str,
    publisher: &str,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::OnConflict;
    shared_source::Entity::insert(shared_source::ActiveModel::from(shared_source::Model {
        collection: collection.to_owned(),
        publisher: publisher.to_owned(),
        last_seq: 0,
        synced_at: None,
        last_error: None,
    }))
    .on_conflict(
        OnConflict::column(shared_source::Column::Collection)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The source row of `collection`, locked for the transaction on PostgreSQL (SQLite
/// serialises writers), created (`last_seq` 0) for `publisher` when missing.
async fn locked_source(
    db: &impl ConnectionTrait,
    collection: &str,
    publisher: &str,
) -> Result<shared_source::Model, DbErr> {
    keep(db, collection, publisher).await?;
    let mut query = shared_source::Entity::find_by_id(collection.to_owned());
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(collection.to_owned()))
}
