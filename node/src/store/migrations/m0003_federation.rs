//! Migration 3: federation. Peers (remote actors, the follow relationships both ways, the
//! delivery health of each) and their keys, the durable outbox and its per-peer
//! deliveries, the inbox (activities received, by id), remote objects (with their last
//! update and deletion, for per-object order) and signatures seen (replay refusal).

use sea_orm_migration::prelude::*;

use super::columns::{int, serial, text, text_null, ts, ts_null};

/// Tables for following peers and delivering and receiving activities.
#[derive(Debug, DeriveMigrationName)]
pub struct M0003Federation;

#[derive(DeriveIden)]
enum Peer {
    Table,
    Id,
    ActorId,
    Handle,
    Name,
    Inbox,
    SharedInbox,
    ActorDocument,
    FetchedAt,
    Following,
    FollowingActivity,
    Follower,
    FollowerActivity,
    BlockedAt,
    SignatureScheme,
    ConsecutiveFailures,
    FailingSince,
    CircuitOpenUntil,
    UnreachableSince,
    LastError,
    LastDeliveredAt,
    LastHeardAt,
    KeyRefetchedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PeerKey {
    Table,
    KeyId,
    PeerId,
    Kind,
    Material,
    FetchedAt,
}

#[derive(DeriveIden)]
enum OutboxActivity {
    Table,
    Seq,
    ActivityId,
    ActivityType,
    ObjectId,
    Listed,
    Document,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Delivery {
    Table,
    Id,
    ActivitySeq,
    PeerId,
    Inbox,
    State,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastStatus,
    LastError,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum InboxActivity {
    Table,
    ActivityId,
    ActorId,
    ActivityType,
    ObjectId,
    ObjectType,
    VerifiedBy,
    HttpSignature,
    Document,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum RemoteObject {
    Table,
    ObjectId,
    ActorId,
    ObjectType,
    Document,
    UpdatedAt,
    DeletedAt,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum SeenSignature {
    Table,
    SignatureKey,
    SeenAt,
}

fn peer_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(Peer::Table)
            .col(text(Peer::Id).primary_key())
            .col(text(Peer::ActorId).unique_key())
            .col(text_null(Peer::Handle))
            .col(text_null(Peer::Name))
            .col(text(Peer::Inbox))
            .col(text_null(Peer::SharedInbox))
            .col(ColumnDef::new(Peer::ActorDocument).json())
            .col(ts_null(Peer::FetchedAt))
            .col(text(Peer::Following))
            .col(text_null(Peer::FollowingActivity))
            .col(text(Peer::Follower))
            .col(text_null(Peer::FollowerActivity))
            .col(ts_null(Peer::BlockedAt))
            .col(text(Peer::SignatureScheme))
            .col(int(Peer::ConsecutiveFailures))
            .col(ts_null(Peer::FailingSince))
            .col(ts_null(Peer::CircuitOpenUntil))
            .col(ts_null(Peer::UnreachableSince))
            .col(ColumnDef::new(Peer::LastError).text())
            .col(ts_null(Peer::LastDeliveredAt))
            .col(ts_null(Peer::LastHeardAt))
            .col(ts_null(Peer::KeyRefetchedAt))
            .col(ts(Peer::CreatedAt))
            .col(ts(Peer::UpdatedAt))
            .to_owned(),
        Table::create()
            .table(PeerKey::Table)
            .col(text(PeerKey::KeyId).primary_key())
            .col(text(PeerKey::PeerId))
            .col(text(PeerKey::Kind))
            .col(ColumnDef::new(PeerKey::Material).text().not_null())
            .col(ts(PeerKey::FetchedAt))
            .to_owned(),
    ]
}

fn activity_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table(OutboxActivity::Table)
            .col(serial(OutboxActivity::Seq))
            .col(text(OutboxActivity::ActivityId).unique_key())
            .col(text(OutboxActivity::ActivityType))
            .col(text_null(OutboxActivity::ObjectId))
            .col(ColumnDef::new(OutboxActivity::Listed).boolean().not_null())
            .col(ColumnDef::new(OutboxActivity::Document).text().not_null())
            .col(ts(OutboxActivity::CreatedAt))
            .to_owned(),
        Table::create()
            .table(Delivery::Table)
            .col(serial(Delivery::Id))
            .col(
                ColumnDef::new(Delivery::ActivitySeq)
                    .big_integer()
                    .not_null(),
            )
            .col(text(Delivery::PeerId))
            .col(text(Delivery::Inbox))
            .col(text(Delivery::State))
            .col(int(Delivery::Attempts))
            .col(ts(Delivery::NextAttemptAt))
            .col(ts_null(Delivery::LockedUntil))
            .col(ColumnDef::new(Delivery::LastStatus).integer())
            .col(ColumnDef::new(Delivery::LastError).text())
            .col(ts(Delivery::CreatedAt))
            .col(ts_null(Delivery::DeliveredAt))
            .to_owned(),
        Table::create()
            .table(InboxActivity::Table)
            .col(text(InboxActivity::ActivityId).primary_key())
            .col(text(InboxActivity::ActorId))
            .col(text(InboxActivity::ActivityType))
            .col(text_null(InboxActivity::ObjectId))
            .col(text_null(InboxActivity::ObjectType))
            .col(text(InboxActivity::VerifiedBy))
            .col(text(InboxActivity::HttpSignature))
            .col(ColumnDef::new(InboxActivity::Document).text().not_null())
            .col(ts(InboxActivity::ReceivedAt))
            .to_owned(),
        Table::create()
            .table(RemoteObject::Table)
            .col(text(RemoteObject::ObjectId).primary_key())
            .col(text(RemoteObject::ActorId))
            .col(text(RemoteObject::ObjectType))
            .col(ColumnDef::new(RemoteObject::Document).json())
            .col(ts(RemoteObject::UpdatedAt))
            .col(ts_null(RemoteObject::DeletedAt))
            .col(ts(RemoteObject::ReceivedAt))
            .to_owned(),
        Table::create()
            .table(SeenSignature::Table)
            .col(text(SeenSignature::SignatureKey).primary_key())
            .col(ts(SeenSignature::SeenAt))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_peer_key_peer")
            .table(PeerKey::Table)
            .col(PeerKey::PeerId)
            .to_owned(),
        Index::create()
            .name("idx_delivery_activity_peer")
            .table(Delivery::Table)
            .col(Delivery::ActivitySeq)
            .col(Delivery::PeerId)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_delivery_due")
            .table(Delivery::Table)
            .col(Delivery::State)
            .col(Delivery::NextAttemptAt)
            .to_owned(),
        Index::create()
            .name("idx_delivery_peer")
            .table(Delivery::Table)
            .col(Delivery::PeerId)
            .col(Delivery::State)
            .col(Delivery::Id)
            .to_owned(),
        Index::create()
            .name("idx_inbox_actor")
            .table(InboxActivity::Table)
            .col(InboxActivity::ActorId)
            .col(InboxActivity::ReceivedAt)
            .to_owned(),
        Index::create()
            .name("idx_inbox_received")
            .table(InboxActivity::Table)
            .col(InboxActivity::ReceivedAt)
            .to_owned(),
        Index::create()
            .name("idx_remote_object_actor")
            .table(RemoteObject::Table)
            .col(RemoteObject::ActorId)
            .to_owned(),
        Index::create()
            .name("idx_seen_signature_at")
            .table(SeenSignature::Table)
            .col(SeenSignature::SeenAt)
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for M0003Federation {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in peer_tables().into_iter().chain(activity_tables()) {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables: [DynIden; 7] = [
            SeenSignature::Table.into_iden(),
            RemoteObject::Table.into_iden(),
            InboxActivity::Table.into_iden(),
            Delivery::Table.into_iden(),
            OutboxActivity::Table.into_iden(),
            PeerKey::Table.into_iden(),
            Peer::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
