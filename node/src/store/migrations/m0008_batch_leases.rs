//! Migration 8: a lease on each batch row, so that several node processes on one database
//! share a batch without signing a row twice
//! (docs/decisions/0021-batch-chunks-leased.md).

use sea_orm_migration::prelude::*;

use super::columns::ts_null;

/// Adds `batch_row.lease_until`.
#[derive(Debug, DeriveMigrationName)]
pub struct M0008BatchLeases;

#[derive(DeriveIden)]
enum BatchRow {
    Table,
    LeaseUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for M0008BatchLeases {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BatchRow::Table)
                    .add_column(ts_null(BatchRow::LeaseUntil))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(BatchRow::Table)
                    .drop_column(BatchRow::LeaseUntil)
                    .to_owned(),
            )
            .await
    }
}
