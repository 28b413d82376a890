//! Migration 7: what lets staff match credentials to learners without storing e-mail
//! addresses: a credential's external id (student number) from its batch row, digests of
//! the learner's identifiers per achievement (to warn about duplicates), and a batch's
//! warnings and submitter role (docs/decisions/0017-matching-credentials-to-learners.md).

use sea_orm_migration::prelude::*;

use super::columns::{text, text_null};

/// Adds `credential.external_id`, `issuance_batch.{warnings,created_by_role}` and the
/// `learner_match` table.
#[derive(Debug, DeriveMigrationName)]
pub struct M0007LearnerMatching;

#[derive(DeriveIden)]
enum Credential {
    Table,
    ExternalId,
}

#[derive(DeriveIden)]
enum IssuanceBatch {
    Table,
    Warnings,
    CreatedByRole,
}

#[derive(DeriveIden)]
enum LearnerMatch {
    Table,
    CredentialId,
    Digest,
    AchievementId,
}

#[async_trait::async_trait]
impl MigrationTrait for M0007LearnerMatching {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            (
                Credential::Table.into_iden(),
                text_null(Credential::ExternalId),
            ),
            (
                IssuanceBatch::Table.into_iden(),
                ColumnDef::new(IssuanceBatch::Warnings).json().to_owned(),
            ),
            (
                IssuanceBatch::Table.into_iden(),
                text_null(IssuanceBatch::CreatedByRole),
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
                    .table(LearnerMatch::Table)
                    .col(text(LearnerMatch::CredentialId))
                    .col(text(LearnerMatch::Digest))
                    .col(text(LearnerMatch::AchievementId))
                    .primary_key(
                        Index::create()
                            .col(LearnerMatch::CredentialId)
                            .col(LearnerMatch::Digest),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("learner_match_by_achievement")
                    .table(LearnerMatch::Table)
                    .col(LearnerMatch::AchievementId)
                    .col(LearnerMatch::Digest)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LearnerMatch::Table).to_owned())
            .await?;
        let columns = [
            (
                Credential::Table.into_iden(),
                Credential::ExternalId.into_iden(),
            ),
            (
                IssuanceBatch::Table.into_iden(),
                IssuanceBatch::Warnings.into_iden(),
            ),
            (
                IssuanceBatch::Table.into_iden(),
                IssuanceBatch::CreatedByRole.into_iden(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
