//! Migration 14: what the network's shared objects are searched by — facets (`shared_facet`:
//! one row per facet value or number, e.g. a catalogue entry's EQF level, credit system,
//! hours, framework items) and their text (`shared_text`: an FTS5 table on SQLite; a table
//! with a `simple` full-text GIN index on PostgreSQL).

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

/// The `shared_facet` and `shared_text` tables.
#[derive(Debug, DeriveMigrationName)]
pub struct M0014SharedIndex;

const SQLITE: &[&str] = &[
    "CREATE TABLE shared_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT, number DOUBLE PRECISION)",
    "CREATE INDEX shared_facet_object ON shared_facet (object_id)",
    "CREATE INDEX shared_facet_value ON shared_facet (facet, value, object_id)",
    "CREATE INDEX shared_facet_number ON shared_facet (facet, number, object_id)",
    "CREATE VIRTUAL TABLE shared_text USING fts5 (object_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')",
];

const POSTGRES: &[&str] = &[
    "CREATE TABLE shared_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT, number DOUBLE PRECISION)",
    "CREATE INDEX shared_facet_object ON shared_facet (object_id)",
    "CREATE INDEX shared_facet_value ON shared_facet (facet, value, object_id)",
    "CREATE INDEX shared_facet_number ON shared_facet (facet, number, object_id)",
    "CREATE TABLE shared_text (object_id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE INDEX shared_text_search ON shared_text USING GIN (to_tsvector('simple', body))",
];

#[async_trait::async_trait]
impl MigrationTrait for M0014SharedIndex {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in statements {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in ["DROP TABLE shared_text", "DROP TABLE shared_facet"] {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
