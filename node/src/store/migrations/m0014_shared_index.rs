//! Migration 14: what the network's shared objects are searched by — facets (`shared_facet`:
//! one row per facet value or number, e.g. a catalogue entry's EQF level, credit system,
//! hours, framework items; and `collection`, with the change's time as its number, which
//! searches filter and order by) and their text (`shared_text`, with an external-content
//! FTS5 table on SQLite and a `simple` full-text GIN index on PostgreSQL).

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

/// The `shared_facet` and `shared_text` tables.
#[derive(Debug, DeriveMigrationName)]
pub struct M0014SharedIndex;

const SQLITE: &[&str] = &[
    "CREATE TABLE shared_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT, number DOUBLE PRECISION)",
    "CREATE INDEX shared_facet_object ON shared_facet (object_id)",
    "CREATE INDEX shared_facet_value ON shared_facet (facet, value, number, object_id)",
    "CREATE INDEX shared_facet_number ON shared_facet (facet, number, object_id)",
    // `id` aliases the rowid, so that VACUUM keeps it (the FTS table refers to it).
    "CREATE TABLE shared_text (id INTEGER PRIMARY KEY, object_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)",
    // External-content FTS5 over shared_text, kept in step by triggers (by rowid, so that
    // replacing one object's text never scans the others).
    "CREATE VIRTUAL TABLE shared_text_fts USING fts5 (body, content = 'shared_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER shared_text_ai AFTER INSERT ON shared_text BEGIN INSERT INTO shared_text_fts (rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER shared_text_ad AFTER DELETE ON shared_text BEGIN INSERT INTO shared_text_fts (shared_text_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
];

const POSTGRES: &[&str] = &[
    "CREATE TABLE shared_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT, number DOUBLE PRECISION)",
    "CREATE INDEX shared_facet_object ON shared_facet (object_id)",
    "CREATE INDEX shared_facet_value ON shared_facet (facet, value, number, object_id)",
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
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE shared_text_fts")
                .await?;
        }
        for sql in ["DROP TABLE shared_text", "DROP TABLE shared_facet"] {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
