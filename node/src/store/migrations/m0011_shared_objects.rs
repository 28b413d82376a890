//! Migration 11: the network's shared objects (signed, owned, versioned documents such as
//! the coordinator's member list; later frameworks, catalogue entries, recognitions): every
//! change in each publisher's collection in order (`shared_change`), the current state of
//! each object (`shared_object`), and per collection how far this node has it
//! (`shared_source`: the last sequence number, and when it was last caught up).

use sea_orm_migration::prelude::*;

use super::columns::{int, text, text_null, ts, ts_null};

/// The `shared_source`, `shared_change` and `shared_object` tables.
#[derive(Debug, DeriveMigrationName)]
pub struct M0011SharedObjects;

#[derive(DeriveIden)]
enum SharedSource {
    Table,
    Collection,
    Publisher,
    LastSeq,
    SyncedAt,
    LastError,
}

#[derive(DeriveIden)]
enum SharedChange {
    Table,
    Collection,
    Seq,
    ObjectId,
    Version,
    Operation,
    Document,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SharedObject {
    Table,
    ObjectId,
    Collection,
    ObjectType,
    Version,
    Seq,
    Deleted,
    Document,
    UpdatedAt,
}

fn big(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for M0011SharedObjects {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SharedSource::Table)
                    .col(text(SharedSource::Collection).primary_key())
                    .col(text(SharedSource::Publisher))
                    .col(big(SharedSource::LastSeq))
                    .col(ts_null(SharedSource::SyncedAt))
                    .col(text_null(SharedSource::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SharedChange::Table)
                    .col(text(SharedChange::Collection))
                    .col(big(SharedChange::Seq))
                    .col(text(SharedChange::ObjectId))
                    .col(int(SharedChange::Version))
                    .col(text(SharedChange::Operation))
                    .col(ColumnDef::new(SharedChange::Document).text().not_null())
                    .col(ts(SharedChange::RecordedAt))
                    .primary_key(
                        Index::create()
                            .col(SharedChange::Collection)
                            .col(SharedChange::Seq),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("shared_change_object")
                    .table(SharedChange::Table)
                    .col(SharedChange::ObjectId)
                    .col(SharedChange::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SharedObject::Table)
                    .col(text(SharedObject::ObjectId).primary_key())
                    .col(text(SharedObject::Collection))
                    .col(text(SharedObject::ObjectType))
                    .col(int(SharedObject::Version))
                    .col(big(SharedObject::Seq))
                    .col(ColumnDef::new(SharedObject::Deleted).boolean().not_null())
                    .col(ColumnDef::new(SharedObject::Document).json().not_null())
                    .col(ts(SharedObject::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("shared_object_collection")
                    .table(SharedObject::Table)
                    .col(SharedObject::Collection)
                    .col(SharedObject::ObjectType)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SharedObject::Table.into_iden(),
            SharedChange::Table.into_iden(),
            SharedSource::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
