//! Keeping the in-memory search index in step with the database, which stays the record:
//! at start it reads every catalogue entry held; then, every [`REFRESH_EVERY`], it reads
//! the catalogue collections whose last sequence number moved (each change of a collection
//! commits with its sequence number, so "objects changed after the last number read" is
//! exact), and the network's institutions (members, their countries and names). Every node
//! process on one database keeps its own index this way, whichever process wrote.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use roaring::RoaringBitmap;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::value::RawValue;

use super::facets;
use super::index::{Entry, Index};
use crate::federation::shared::collection_url;
use crate::network::Network;
use crate::network::catalogue::NetworkAchievement;
use crate::network::trust::CATALOGUE;
use crate::store::entity::{shared_object, shared_source};

/// How often the index reads what changed.
pub const REFRESH_EVERY: Duration = Duration::from_millis(250);

/// The network's institutions as the search sees them.
#[derive(Debug, Default, PartialEq)]
pub struct Institutions {
    /// Entity ids: this node's, its coordinators', its networks' active members'.
    pub all: Vec<String>,
    /// Their countries (ISO 3166-1 alpha-2, upper case), where known.
    pub countries: HashMap<String, String>,
    /// Their names, where known.
    pub names: HashMap<String, String>,
}

#[derive(Debug, Default)]
struct Snapshot {
    index: Index,
    institutions: Arc<Institutions>,
    /// The entries of [`Institutions::all`].
    active: RoaringBitmap,
}

/// The index and what it was read from; one per node process.
#[derive(Debug, Default)]
pub struct SearchIndex {
    snapshot: RwLock<Snapshot>,
    /// The last sequence number read of each catalogue collection; held while refreshing.
    read: tokio::sync::Mutex<HashMap<String, i64>>,
}

impl SearchIndex {
    /// Runs `f` on the index, the institutions and their entries.
    pub(super) fn with<T>(&self, f: impl FnOnce(&Index, &Institutions, &RoaringBitmap) -> T) -> T {
        let s = self
            .snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&s.index, &s.institutions, &s.active)
    }

    /// The network's institutions as last read.
    pub fn institutions(&self) -> Arc<Institutions> {
        let s = self
            .snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(&s.institutions)
    }
}

/// The index entry of catalogue object `row`, `None` when it is deleted or not one.
fn entry(row: &shared_object::Model) -> Option<Entry> {
    if row.deleted {
        return None;
    }
    let found = facets::index(&row.object_type, &row.document)?;
    let json = serde_json::to_string(&NetworkAchievement::read(row)?).ok()?;
    Some(Entry {
        object_id: row.object_id.clone(),
        collection: row.collection.clone(),
        updated: row.updated_at.unix_timestamp(),
        facets: found.facets,
        words: found.words,
        json: Arc::from(RawValue::from_string(json).ok()?),
    })
}

impl Network {
    /// The network's institutions, read from the member lists and the node's profile.
    async fn read_institutions(&self) -> Result<Institutions, DbErr> {
        let (all, members) = self.institutions_with_members().await?;
        let own =
            crate::institution::load(&self.federation.db, &self.federation.node_config).await?;
        let mut out = Institutions {
            all,
            ..Institutions::default()
        };
        for m in members {
            if let Some(c) = m.country {
                out.countries
                    .insert(m.entity.clone(), c.to_ascii_uppercase());
            }
            if let Some(n) = m.name {
                out.names.insert(m.entity, n);
            }
        }
        out.countries
            .insert(self.entity_id(), own.country.to_ascii_uppercase());
        out.names.insert(self.entity_id(), own.legal_name);
        Ok(out)
    }

    /// Reads what changed since the last refresh into the search index; returns how many
    /// entries changed.
    pub async fn refresh_search(&self) -> Result<usize, DbErr> {
        let db = &self.federation.db;
        let mut read = self.search.read.lock().await;
        let sources = shared_source::Entity::find()
            .filter(shared_source::Column::Collection.like(format!("%/shared/{CATALOGUE}")))
            .all(db)
            .await?;
        let mut changes = Vec::new();
        let mut reached = Vec::new();
        for source in sources {
            let after = read.get(&source.collection).copied().unwrap_or(0);
            if source.last_seq <= after {
                continue;
            }
            let rows = shared_object::Entity::find()
                .filter(shared_object::Column::Collection.eq(source.collection.as_str()))
                .filter(shared_object::Column::Seq.gt(after))
                .all(db)
                .await?;
            let last = rows.iter().map(|r| r.seq).fold(source.last_seq, i64::max);
            changes.extend(rows.iter().map(|r| (r.object_id.clone(), entry(r))));
            reached.push((source.collection, last));
        }
        let institutions = self.read_institutions().await?;
        let changed = changes.len();
        read.extend(reached);
        if changed == 0 && *self.search.institutions() == institutions {
            return Ok(0);
        }
        let collections: Vec<String> = institutions
            .all
            .iter()
            .map(|i| collection_url(i, CATALOGUE))
            .collect();
        {
            let mut s = self
                .search
                .snapshot
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (id, entry) in changes {
                match entry {
                    Some(e) => s.index.put(e),
                    None => s.index.remove(&id),
                }
            }
            s.index.reorder();
            s.active = s.index.in_collections(&collections);
            s.institutions = Arc::new(institutions);
        }
        Ok(changed)
    }

    /// [`Self::refresh_search`] every [`REFRESH_EVERY`], until the process stops.
    pub async fn run_search_refresh(self) {
        loop {
            tokio::time::sleep(REFRESH_EVERY).await;
            if let Err(e) = self.refresh_search().await {
                tracing::warn!(error = %e, "refreshing the network catalogue's search failed");
            }
        }
    }
}
