//! Migration 13: the frameworks this node publishes, every version (drafts, which are never
//! shared, then published and deprecated ones, whose signed documents are also shared
//! objects of the node's `frameworks` collection).

use sea_orm_migration::prelude::*;

use super::columns::{int, text, ts, ts_null};

/// The `framework_version` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0013Frameworks;

#[derive(DeriveIden)]
enum FrameworkVersion {
    Table,
    Slug,
    Version,
    State,
    Definition,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0013Frameworks {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FrameworkVersion::Table)
                    .col(text(FrameworkVersion::Slug))
                    .col(int(FrameworkVersion::Version))
                    .col(text(FrameworkVersion::State))
                    .col(
                        ColumnDef::new(FrameworkVersion::Definition)
                            .text()
                            .not_null(),
                    )
                    .col(ts(FrameworkVersion::CreatedAt))
                    .col(ts(FrameworkVersion::UpdatedAt))
                    .col(ts_null(FrameworkVersion::PublishedAt))
                    .primary_key(
                        Index::create()
                            .col(FrameworkVersion::Slug)
                            .col(FrameworkVersion::Version),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FrameworkVersion::Table).to_owned())
            .await
    }
}
