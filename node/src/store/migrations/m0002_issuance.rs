//! Migration 2: the catalogue (versioned achievement definitions and images), issued
//! credentials, status lists, issuance batches, idempotency records and the audit log.

use sea_orm_migration::prelude::*;

use super::columns::{int, text, ts};

/// Tables for designing, issuing and revoking credentials.
#[derive(Debug, DeriveMigrationName)]
pub struct M0002Issuance;

#[derive(DeriveIden)]
#[expect(clippy::enum_variant_names, reason = "column names")]
enum Achievement {
    Table,
    Id,
    CurrentVersion,
    Name,
    AchievementType,
    FieldOfStudy,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum AchievementVersion {
    Table,
    AchievementId,
    Version,
    Definition,
    ImageId,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Image {
    Table,
    Id,
    ContentType,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Credential {
    Table,
    Id,
    AchievementId,
    AchievementVersion,
    LearnerName,
    Lang,
    Document,
    IssuedAt,
    IssuedBy,
    ValidUntil,
    BatchId,
    BatchLine,
    RevocationList,
    RevocationIndex,
    SuspensionList,
    SuspensionIndex,
    RevokedAt,
    RevocationReason,
    SuspendedAt,
    SuspensionReason,
}

#[derive(DeriveIden)]
enum StatusList {
    Table,
    Purpose,
    Number,
    Size,
    Bits,
    Allocated,
    AllocatedCount,
    Version,
    Published,
    PublishedVersion,
    PublishedAt,
}

#[derive(DeriveIden)]
enum IssuanceBatch {
    Table,
    Id,
    AchievementId,
    AchievementVersion,
    Lang,
    State,
    Total,
    Done,
    Failed,
    Rejected,
    CreatedAt,
    FinishedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum BatchRow {
    Table,
    BatchId,
    Line,
    Payload,
    State,
    Error,
}

#[derive(DeriveIden)]
enum IdempotencyRecord {
    Table,
    Scope,
    Key,
    RequestHash,
    Status,
    Location,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    At,
    Actor,
    Role,
    Action,
    Subject,
    Reason,
    Details,
}

fn catalogue_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(Achievement::Table)
            .col(text(Achievement::Id).primary_key())
            .col(int(Achievement::CurrentVersion))
            .col(text(Achievement::Name))
            .col(text(Achievement::AchievementType))
            .col(ColumnDef::new(Achievement::FieldOfStudy).string())
            .col(ColumnDef::new(Achievement::ArchivedAt).timestamp_with_time_zone())
            .col(ts(Achievement::CreatedAt))
            .col(ts(Achievement::UpdatedAt))
            .col(text(Achievement::CreatedBy))
            .to_owned(),
        Table::create()
            .table(AchievementVersion::Table)
            .col(text(AchievementVersion::AchievementId))
            .col(int(AchievementVersion::Version))
            .col(
                ColumnDef::new(AchievementVersion::Definition)
                    .json()
                    .not_null(),
            )
            .col(ColumnDef::new(AchievementVersion::ImageId).string())
            .col(ts(AchievementVersion::CreatedAt))
            .col(text(AchievementVersion::CreatedBy))
            .primary_key(
                Index::create()
                    .col(AchievementVersion::AchievementId)
                    .col(AchievementVersion::Version),
            )
            .to_owned(),
        Table::create()
            .table(Image::Table)
            .col(text(Image::Id).primary_key())
            .col(text(Image::ContentType))
            .col(ColumnDef::new(Image::Bytes).blob().not_null())
            .col(ts(Image::CreatedAt))
            .to_owned(),
    ]
}

fn credential_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(Credential::Table)
            .col(text(Credential::Id).primary_key())
            .col(text(Credential::AchievementId))
            .col(int(Credential::AchievementVersion))
            .col(text(Credential::LearnerName))
            .col(text(Credential::Lang))
            .col(ColumnDef::new(Credential::Document).text().not_null())
            .col(ts(Credential::IssuedAt))
            .col(text(Credential::IssuedBy))
            .col(ColumnDef::new(Credential::ValidUntil).timestamp_with_time_zone())
            .col(ColumnDef::new(Credential::BatchId).string())
            .col(ColumnDef::new(Credential::BatchLine).integer())
            .col(int(Credential::RevocationList))
            .col(int(Credential::RevocationIndex))
            .col(int(Credential::SuspensionList))
            .col(int(Credential::SuspensionIndex))
            .col(ColumnDef::new(Credential::RevokedAt).timestamp_with_time_zone())
            .col(ColumnDef::new(Credential::RevocationReason).string())
            .col(ColumnDef::new(Credential::SuspendedAt).timestamp_with_time_zone())
            .col(ColumnDef::new(Credential::SuspensionReason).string())
            .to_owned(),
        Table::create()
            .table(StatusList::Table)
            .col(text(StatusList::Purpose))
            .col(int(StatusList::Number))
            .col(int(StatusList::Size))
            .col(ColumnDef::new(StatusList::Bits).blob().not_null())
            .col(ColumnDef::new(StatusList::Allocated).blob().not_null())
            .col(int(StatusList::AllocatedCount))
            .col(ColumnDef::new(StatusList::Version).big_integer().not_null())
            .col(ColumnDef::new(StatusList::Published).text())
            .col(ColumnDef::new(StatusList::PublishedVersion).big_integer())
            .col(ColumnDef::new(StatusList::PublishedAt).timestamp_with_time_zone())
            .primary_key(
                Index::create()
                    .col(StatusList::Purpose)
                    .col(StatusList::Number),
            )
            .to_owned(),
    ]
}

fn workflow_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(IssuanceBatch::Table)
            .col(text(IssuanceBatch::Id).primary_key())
            .col(text(IssuanceBatch::AchievementId))
            .col(int(IssuanceBatch::AchievementVersion))
            .col(text(IssuanceBatch::Lang))
            .col(text(IssuanceBatch::State))
            .col(int(IssuanceBatch::Total))
            .col(int(IssuanceBatch::Done))
            .col(int(IssuanceBatch::Failed))
            .col(ColumnDef::new(IssuanceBatch::Rejected).json().not_null())
            .col(ts(IssuanceBatch::CreatedAt))
            .col(ColumnDef::new(IssuanceBatch::FinishedAt).timestamp_with_time_zone())
            .col(text(IssuanceBatch::CreatedBy))
            .to_owned(),
        Table::create()
            .table(BatchRow::Table)
            .col(text(BatchRow::BatchId))
            .col(int(BatchRow::Line))
            .col(ColumnDef::new(BatchRow::Payload).json().not_null())
            .col(text(BatchRow::State))
            .col(ColumnDef::new(BatchRow::Error).string())
            .primary_key(Index::create().col(BatchRow::BatchId).col(BatchRow::Line))
            .to_owned(),
        Table::create()
            .table(IdempotencyRecord::Table)
            .col(text(IdempotencyRecord::Scope))
            .col(text(IdempotencyRecord::Key))
            .col(text(IdempotencyRecord::RequestHash))
            .col(int(IdempotencyRecord::Status))
            .col(ColumnDef::new(IdempotencyRecord::Location).string())
            .col(ColumnDef::new(IdempotencyRecord::Body).text().not_null())
            .col(ts(IdempotencyRecord::CreatedAt))
            .primary_key(
                Index::create()
                    .col(IdempotencyRecord::Scope)
                    .col(IdempotencyRecord::Key),
            )
            .to_owned(),
        Table::create()
            .table(AuditEvent::Table)
            .col(
                ColumnDef::new(AuditEvent::Id)
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(ts(AuditEvent::At))
            .col(text(AuditEvent::Actor))
            .col(text(AuditEvent::Role))
            .col(text(AuditEvent::Action))
            .col(text(AuditEvent::Subject))
            .col(ColumnDef::new(AuditEvent::Reason).string())
            .col(ColumnDef::new(AuditEvent::Details).json().not_null())
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_credential_achievement")
            .table(Credential::Table)
            .col(Credential::AchievementId)
            .to_owned(),
        Index::create()
            .name("idx_credential_batch")
            .table(Credential::Table)
            .col(Credential::BatchId)
            .col(Credential::BatchLine)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_credential_revocation_slot")
            .table(Credential::Table)
            .col(Credential::RevocationList)
            .col(Credential::RevocationIndex)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_credential_suspension_slot")
            .table(Credential::Table)
            .col(Credential::SuspensionList)
            .col(Credential::SuspensionIndex)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_batch_row_state")
            .table(BatchRow::Table)
            .col(BatchRow::State)
            .col(BatchRow::BatchId)
            .to_owned(),
        Index::create()
            .name("idx_audit_at")
            .table(AuditEvent::Table)
            .col(AuditEvent::At)
            .to_owned(),
        Index::create()
            .name("idx_achievement_updated")
            .table(Achievement::Table)
            .col(Achievement::UpdatedAt)
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Issuance {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in catalogue_tables()
            .into_iter()
            .chain(credential_tables())
            .chain(workflow_tables())
        {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // Signed credentials are written once per issuance, thousands at a time:
            // compressing each one costs more CPU at issuance than the disk it saves is worth.
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE credential ALTER COLUMN document SET STORAGE EXTERNAL",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables: [DynIden; 9] = [
            AuditEvent::Table.into_iden(),
            IdempotencyRecord::Table.into_iden(),
            BatchRow::Table.into_iden(),
            IssuanceBatch::Table.into_iden(),
            StatusList::Table.into_iden(),
            Credential::Table.into_iden(),
            Image::Table.into_iden(),
            AchievementVersion::Table.into_iden(),
            Achievement::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
