//! Migration 10: the networks this node has applied to (as a member), by coordinator.

use sea_orm_migration::prelude::*;

use super::columns::{text, ts};

/// The `network_membership` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0010NetworkMembership;

#[derive(DeriveIden)]
enum NetworkMembership {
    Table,
    Coordinator,
    AppliedAt,
    AppliedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for M0010NetworkMembership {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NetworkMembership::Table)
                    .col(text(NetworkMembership::Coordinator).primary_key())
                    .col(ts(NetworkMembership::AppliedAt))
                    .col(text(NetworkMembership::AppliedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NetworkMembership::Table).to_owned())
            .await
    }
}
