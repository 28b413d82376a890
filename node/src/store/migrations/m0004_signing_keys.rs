//! Migration 4: the keys the node has published and signed with (id and public key), so
//! that a start with a missing or different `keys/` directory is refused instead of
//! silently making new keys (docs/operator-guide.md, "Backup and restore").

use sea_orm_migration::prelude::*;

use super::columns::{text, ts};

/// The `signing_key` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0004SigningKeys;

#[derive(DeriveIden)]
enum SigningKey {
    Table,
    Id,
    PublicKey,
    RegisteredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0004SigningKeys {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SigningKey::Table)
                    .col(text(SigningKey::Id).primary_key())
                    .col(text(SigningKey::PublicKey))
                    .col(ts(SigningKey::RegisteredAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SigningKey::Table).to_owned())
            .await
    }
}
