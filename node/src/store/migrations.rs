//! Embedded schema migrations, applied at start and by `mochila migrate`.

mod columns;
mod m0002_issuance;
mod m0003_federation;
mod m0004_signing_keys;
mod m0005_exchanges;
mod m0007_learner_matching;
mod m0008_batch_leases;
mod m0009_network;
mod m0010_network_membership;
mod m0011_shared_objects;
mod m0012_network_credentials;
mod m0013_frameworks;
mod m0014_shared_index;
mod m0015_search_in_memory;
mod m0016_network_charter;

use sea_orm_migration::prelude::*;

/// Every migration, in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Foundation),
            Box::new(m0002_issuance::M0002Issuance),
            Box::new(m0003_federation::M0003Federation),
            Box::new(m0004_signing_keys::M0004SigningKeys),
            Box::new(m0005_exchanges::M0005Exchanges),
            Box::new(m0007_learner_matching::M0007LearnerMatching),
            Box::new(m0008_batch_leases::M0008BatchLeases),
            Box::new(m0009_network::M0009Network),
            Box::new(m0010_network_membership::M0010NetworkMembership),
            Box::new(m0011_shared_objects::M0011SharedObjects),
            Box::new(m0012_network_credentials::M0012NetworkCredentials),
            Box::new(m0013_frameworks::M0013Frameworks),
            Box::new(m0014_shared_index::M0014SharedIndex),
            Box::new(m0015_search_in_memory::M0015SearchInMemory),
            Box::new(m0016_network_charter::M0016NetworkCharter),
        ]
    }
}

/// Institution profile and API tokens.
#[derive(Debug, DeriveMigrationName)]
struct M0001Foundation;

#[derive(DeriveIden)]
enum Institution {
    Table,
    Id,
    Profile,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    Name,
    Role,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Foundation {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Institution::Table)
                    .col(
                        ColumnDef::new(Institution::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Institution::Profile).json().not_null())
                    .col(
                        ColumnDef::new(Institution::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(ColumnDef::new(ApiToken::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ApiToken::Name).string().not_null())
                    .col(ColumnDef::new(ApiToken::Role).string().not_null())
                    .col(
                        ColumnDef::new(ApiToken::TokenHash)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(ApiToken::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ApiToken::LastUsedAt).timestamp_with_time_zone())
                    .col(ColumnDef::new(ApiToken::RevokedAt).timestamp_with_time_zone())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Institution::Table).to_owned())
            .await
    }
}
