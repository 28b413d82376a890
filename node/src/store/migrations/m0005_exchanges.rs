//! Migration 5: wallet claims (docs/decisions/0016-wallet-claim-exchange.md): one-time,
//! expiring VC-API exchanges for a credential, and the holder copies they re-issued (the
//! same credential with `credentialSubject.id` = the wallet's DID, sharing the original's
//! status list entries).

use sea_orm_migration::prelude::*;

use super::columns::{text, text_null, ts, ts_null};

/// The `wallet_exchange` and `holder_copy` tables.
#[derive(Debug, DeriveMigrationName)]
pub struct M0005Exchanges;

#[derive(DeriveIden)]
enum WalletExchange {
    Table,
    Id,
    CredentialId,
    Challenge,
    CreatedAt,
    CreatedBy,
    ExpiresAt,
    CompletedAt,
    Holder,
}

#[derive(DeriveIden)]
enum HolderCopy {
    Table,
    Id,
    CredentialId,
    ExchangeId,
    Holder,
    Document,
    IssuedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0005Exchanges {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WalletExchange::Table)
                    .col(text(WalletExchange::Id).primary_key())
                    .col(text(WalletExchange::CredentialId))
                    .col(text(WalletExchange::Challenge))
                    .col(ts(WalletExchange::CreatedAt))
                    .col(text(WalletExchange::CreatedBy))
                    .col(ts(WalletExchange::ExpiresAt))
                    .col(ts_null(WalletExchange::CompletedAt))
                    .col(text_null(WalletExchange::Holder))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_wallet_exchange_credential")
                    .table(WalletExchange::Table)
                    .col(WalletExchange::CredentialId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HolderCopy::Table)
                    .col(text(HolderCopy::Id).primary_key())
                    .col(text(HolderCopy::CredentialId))
                    .col(text(HolderCopy::ExchangeId).unique_key())
                    .col(text(HolderCopy::Holder))
                    .col(ColumnDef::new(HolderCopy::Document).text().not_null())
                    .col(ts(HolderCopy::IssuedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_holder_copy_credential")
                    .table(HolderCopy::Table)
                    .col(HolderCopy::CredentialId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(HolderCopy::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(WalletExchange::Table).to_owned())
            .await
    }
}
