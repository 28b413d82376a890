//! Migration 12: the membership credentials a coordinator issues (one per member, with its
//! revocation and suspension status slots).

use sea_orm_migration::prelude::*;

use super::columns::{int, text, ts};

/// The `network_credential` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0012NetworkCredentials;

#[derive(DeriveIden)]
enum NetworkCredential {
    Table,
    Member,
    CredentialId,
    Document,
    RevocationList,
    RevocationIndex,
    SuspensionList,
    SuspensionIndex,
    IssuedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0012NetworkCredentials {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NetworkCredential::Table)
                    .col(text(NetworkCredential::Member).primary_key())
                    .col(text(NetworkCredential::CredentialId).unique_key())
                    .col(
                        ColumnDef::new(NetworkCredential::Document)
                            .text()
                            .not_null(),
                    )
                    .col(int(NetworkCredential::RevocationList))
                    .col(int(NetworkCredential::RevocationIndex))
                    .col(int(NetworkCredential::SuspensionList))
                    .col(int(NetworkCredential::SuspensionIndex))
                    .col(ts(NetworkCredential::IssuedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NetworkCredential::Table).to_owned())
            .await
    }
}
