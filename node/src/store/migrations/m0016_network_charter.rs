//! Migration 16: the network charter (issue 14, point 6). The network keeps its rules and
//! the charter version published; a member's unconfirmed suspension its lapse; proposals
//! wait for the members' endorsements the charter requires.

use sea_orm_migration::prelude::*;

use super::columns::{text, text_null, ts, ts_null};

/// The charter columns and the `network_proposal` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0016NetworkCharter;

#[derive(DeriveIden)]
enum Network {
    Table,
    Rules,
    CharterVersion,
}

#[derive(DeriveIden)]
enum NetworkMember {
    Table,
    LapsesAt,
}

#[derive(DeriveIden)]
enum NetworkProposal {
    Table,
    Id,
    Action,
    Member,
    Rules,
    Reason,
    ProposedBy,
    CharterVersion,
    Endorsements,
    State,
    CreatedAt,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0016NetworkCharter {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            (
                Network::Table.into_iden(),
                ColumnDef::new(Network::Rules).json().to_owned(),
            ),
            (
                Network::Table.into_iden(),
                ColumnDef::new(Network::CharterVersion)
                    .big_integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ),
            (
                NetworkMember::Table.into_iden(),
                ts_null(NetworkMember::LapsesAt),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(column).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(NetworkProposal::Table)
                    .col(text(NetworkProposal::Id).primary_key())
                    .col(text(NetworkProposal::Action))
                    .col(text_null(NetworkProposal::Member))
                    .col(ColumnDef::new(NetworkProposal::Rules).json())
                    .col(text(NetworkProposal::Reason))
                    .col(text(NetworkProposal::ProposedBy))
                    .col(
                        ColumnDef::new(NetworkProposal::CharterVersion)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(NetworkProposal::Endorsements)
                            .json()
                            .not_null(),
                    )
                    .col(text(NetworkProposal::State))
                    .col(ts(NetworkProposal::CreatedAt))
                    .col(ts_null(NetworkProposal::DecidedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NetworkProposal::Table).to_owned())
            .await
    }
}
