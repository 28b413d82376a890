//! Migration 9: the network this node coordinates (OpenID Federation trust anchor), its
//! members, and the append-only log of membership decisions (each with the hash of the one
//! before, so that the history can be served and checked).

use sea_orm_migration::prelude::*;

use super::columns::{int, serial, text, text_null, ts};

/// The `network`, `network_member` and `network_decision` tables.
#[derive(Debug, DeriveMigrationName)]
pub struct M0009Network;

#[derive(DeriveIden)]
enum Network {
    Table,
    Id,
    Name,
    StatementLifetimeSecs,
    MembersMayInvite,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NetworkMember {
    Table,
    EntityId,
    Did,
    Actor,
    Organization,
    Jwks,
    State,
    AppliedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NetworkDecision {
    Table,
    Seq,
    Member,
    Action,
    Reason,
    DecidedBy,
    DecidedAt,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for M0009Network {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Network::Table)
                    .col(int(Network::Id).primary_key())
                    .col(text(Network::Name))
                    .col(int(Network::StatementLifetimeSecs))
                    .col(
                        ColumnDef::new(Network::MembersMayInvite)
                            .boolean()
                            .not_null(),
                    )
                    .col(ts(Network::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkMember::Table)
                    .col(text(NetworkMember::EntityId).primary_key())
                    .col(text(NetworkMember::Did).unique_key())
                    .col(text_null(NetworkMember::Actor))
                    .col(
                        ColumnDef::new(NetworkMember::Organization)
                            .json()
                            .not_null(),
                    )
                    .col(ColumnDef::new(NetworkMember::Jwks).json().not_null())
                    .col(text(NetworkMember::State))
                    .col(ts(NetworkMember::AppliedAt))
                    .col(ts(NetworkMember::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkDecision::Table)
                    .col(serial(NetworkDecision::Seq))
                    .col(text(NetworkDecision::Member))
                    .col(text(NetworkDecision::Action))
                    .col(text_null(NetworkDecision::Reason))
                    .col(text(NetworkDecision::DecidedBy))
                    .col(ts(NetworkDecision::DecidedAt))
                    .col(text(NetworkDecision::PrevHash))
                    .col(text(NetworkDecision::Hash))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            NetworkDecision::Table.into_iden(),
            NetworkMember::Table.into_iden(),
            Network::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
