//! Migration 15: the network catalogue is searched in memory (decision 0030), so the
//! database index of migration 14 goes; what the in-memory index reads when it catches up
//! — a collection's objects changed after a sequence number — gets an index instead.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

/// Drops `shared_facet` and `shared_text`; indexes `shared_object (collection, seq)`.
#[derive(Debug, DeriveMigrationName)]
pub struct M0015SearchInMemory;

#[async_trait::async_trait]
impl MigrationTrait for M0015SearchInMemory {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            // Dropping the content table drops its triggers; the FTS table goes first.
            db.execute_unprepared("DROP TABLE shared_text_fts").await?;
        }
        for sql in [
            "DROP TABLE shared_text",
            "DROP TABLE shared_facet",
            "CREATE INDEX shared_object_changes ON shared_object (collection, seq)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX shared_object_changes")
            .await?;
        super::m0014_shared_index::M0014SharedIndex
            .up(manager)
            .await
    }
}
