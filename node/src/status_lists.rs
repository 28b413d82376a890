//! Bitstring Status Lists: random index assignment (herd privacy), setting and clearing
//! bits, and the signed list credential each list publishes, regenerated when it changes.
//!
//! Every change to a list's row happens under one in-process lock (SQLite allows a single
//! writer anyway) and, on PostgreSQL, under a row lock too, so allocations never collide.

use std::sync::Arc;

use mochila_protocol::proof::Cryptosuite;
use mochila_protocol::status::{
    Bitstring, MIN_BITS, StatusListCredentialParams, build_list_credential,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use sha2::Digest;
use tokio::sync::{Mutex, MutexGuard};

use crate::identity::Identity;
use crate::signer::{SignError, Signer};
use crate::store::entity::status_list;
use crate::store::{self, rfc3339};

/// Entries per list (the spec's minimum, 16 KiB of bits).
pub const LIST_SIZE: usize = MIN_BITS;
/// The purposes every credential has an entry for.
pub const PURPOSES: [Purpose; 2] = [Purpose::Revocation, Purpose::Suspension];
/// How long verifiers may cache a list, in seconds (also its `ttl`).
pub const TTL_SECS: u64 = 300;
/// A published list is re-signed after this long even when unchanged.
const REPUBLISH_AFTER: time::Duration = time::Duration::hours(24);
/// A published list's `validUntil` is this long after it was signed.
const LIST_VALIDITY: time::Duration = time::Duration::days(7);

/// What a list records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Final withdrawal.
    Revocation,
    /// Reversible hold.
    Suspension,
}

impl Purpose {
    /// `revocation` or `suspension`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revocation => "revocation",
            Self::Suspension => "suspension",
        }
    }

    /// Parses `revocation` or `suspension`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "revocation" => Some(Self::Revocation),
            "suspension" => Some(Self::Suspension),
            _ => None,
        }
    }
}

/// A credential's place in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The list number.
    pub list: i32,
    /// The index in it.
    pub index: i32,
}

/// A signed list credential ready to serve.
#[derive(Debug, Clone)]
pub struct Published {
    /// The JSON text.
    pub body: String,
    /// Its strong ETag (quoted).
    pub etag: String,
}

/// The node's status lists.
#[derive(Debug, Clone, Default)]
pub struct StatusLists {
    lock: Arc<Mutex<()>>,
}

fn bit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
}

fn set_bit(bytes: &mut [u8], i: usize, value: bool) {
    if let Some(b) = bytes.get_mut(i / 8) {
        if value {
            *b |= 0x80 >> (i % 8);
        } else {
            *b &= !(0x80 >> (i % 8));
        }
    }
}

/// The first free index at or after `start` (wrapping), if any.
fn free_from(allocated: &[u8], size: usize, start: usize) -> Option<usize> {
    (0..size)
        .map(|k| (start + k) % size)
        .find(|&i| !bit(allocated, i))
}

fn random_u32s(n: usize) -> Result<Vec<u32>, DbErr> {
    let mut bytes = vec![0u8; n * 4];
    getrandom::fill(&mut bytes).map_err(|e| DbErr::Custom(format!("no randomness: {e}")))?;
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

async fn locked_row(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    number: Option<i32>,
) -> Result<Option<status_list::Model>, DbErr> {
    let mut q =
        status_list::Entity::find().filter(status_list::Column::Purpose.eq(purpose.as_str()));
    q = match number {
        Some(n) => q.filter(status_list::Column::Number.eq(n)),
        None => q.order_by_desc(status_list::Column::Number),
    };
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.one(db).await
}

fn new_list(purpose: Purpose, number: i32) -> status_list::Model {
    status_list::Model {
        purpose: purpose.as_str().to_owned(),
        number,
        size: LIST_SIZE as i32,
        bits: vec![0; LIST_SIZE / 8],
        allocated: vec![0; LIST_SIZE / 8],
        allocated_count: 0,
        version: 0,
        published: None,
        published_version: None,
        published_at: None,
    }
}

impl StatusLists {
    /// Takes the lists' lock: hold it for the whole transaction that allocates or changes
    /// bits.
    pub async fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().await
    }

    /// Assigns `n` random free indexes of `purpose` (starting new lists when one fills).
    /// Call with the lock held, inside a transaction.
    pub async fn allocate(
        &self,
        db: &impl ConnectionTrait,
        purpose: Purpose,
        n: usize,
    ) -> Result<Vec<Slot>, DbErr> {
        let mut slots = Vec::with_capacity(n);
        let mut randoms = random_u32s(n)?.into_iter();
        let mut current = locked_row(db, purpose, None).await?;
        while slots.len() < n {
            let mut row = match current.take() {
                Some(row) if (row.allocated_count as usize) < row.size as usize => row,
                Some(full) => {
                    let row = new_list(purpose, full.number + 1);
                    status_list::ActiveModel::from(row.clone())
                        .insert(db)
                        .await?;
                    row
                }
                None => {
                    let row = new_list(purpose, 1);
                    status_list::ActiveModel::from(row.clone())
                        .insert(db)
                        .await?;
                    row
                }
            };
            let size = row.size as usize;
            while slots.len() < n && (row.allocated_count as usize) < size {
                let start = randoms.next().unwrap_or(0) as usize % size;
                let Some(i) = free_from(&row.allocated, size, start) else {
                    break;
                };
                set_bit(&mut row.allocated, i, true);
                row.allocated_count += 1;
                slots.push(Slot {
                    list: row.number,
                    index: i as i32,
                });
            }
            status_list::Entity::update_many()
                .col_expr(status_list::Column::Allocated, row.allocated.clone().into())
                .col_expr(
                    status_list::Column::AllocatedCount,
                    row.allocated_count.into(),
                )
                .filter(status_list::Column::Purpose.eq(purpose.as_str()))
                .filter(status_list::Column::Number.eq(row.number))
                .exec(db)
                .await?;
            current = Some(row);
        }
        Ok(slots)
    }

    /// Sets the bit of `slot` in `purpose`'s list to `value`. Call with the lock held,
    /// inside the transaction that records the change.
    pub async fn set(
        &self,
        db: &impl ConnectionTrait,
        purpose: Purpose,
        slot: Slot,
        value: bool,
    ) -> Result<(), DbErr> {
        let mut row = locked_row(db, purpose, Some(slot.list))
            .await?
            .ok_or_else(|| {
                DbErr::RecordNotFound(format!("{} list {}", purpose.as_str(), slot.list))
            })?;
        set_bit(&mut row.bits, slot.index as usize, value);
        status_list::Entity::update_many()
            .col_expr(status_list::Column::Bits, row.bits.into())
            .col_expr(status_list::Column::Version, (row.version + 1).into())
            .filter(status_list::Column::Purpose.eq(purpose.as_str()))
            .filter(status_list::Column::Number.eq(slot.list))
            .exec(db)
            .await?;
        Ok(())
    }

    /// The signed list credential of `purpose` list `number`, re-signed when the bits
    /// changed since it was last signed (or a day has passed). `None` when there is no such
    /// list.
    pub async fn published(
        &self,
        db: &impl ConnectionTrait,
        identity: &Identity,
        signer: &Signer,
        purpose: Purpose,
        number: i32,
    ) -> Result<Option<Published>, PublishError> {
        let find =
            || status_list::Entity::find_by_id((purpose.as_str().to_owned(), number)).one(db);
        let Some(row) = find().await? else {
            return Ok(None);
        };
        let now = store::now();
        if let (Some(body), Some(v), Some(at)) =
            (&row.published, row.published_version, row.published_at)
            && v == row.version
            && now - at < REPUBLISH_AFTER
        {
            return Ok(Some(published(body.clone())));
        }
        let _guard = self.lock().await;
        let Some(row) = find().await? else {
            return Ok(None);
        };
        let url = identity.status_list_url(purpose.as_str(), number);
        let params = StatusListCredentialParams {
            id: url,
            issuer: identity.did.clone(),
            status_purpose: purpose.as_str().to_owned(),
            valid_from: rfc3339(now),
            valid_until: Some(rfc3339(now + LIST_VALIDITY)),
            ttl: Some(TTL_SECS * 1000),
        };
        let unsigned = build_list_credential(&params, &Bitstring::from_bytes(row.bits.clone()));
        let signed = signer.sign(unsigned, Cryptosuite::EddsaRdfc2022, &rfc3339(now))?;
        let body = serde_json::to_string(&signed)
            .map_err(|e| PublishError::Db(DbErr::Custom(e.to_string())))?;
        let mut active: status_list::ActiveModel = row.clone().into();
        active.published = Set(Some(body.clone()));
        active.published_version = Set(Some(row.version));
        active.published_at = Set(Some(now));
        active.update(db).await?;
        Ok(Some(published(body)))
    }
}

fn published(body: String) -> Published {
    let digest = sha2::Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", hex::encode(&digest[..16]));
    Published { body, etag }
}

/// Why a list could not be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_msb_first_and_free_search_wraps() {
        let mut bytes = vec![0u8; 2];
        set_bit(&mut bytes, 0, true);
        assert_eq!(bytes[0], 0x80);
        set_bit(&mut bytes, 9, true);
        assert_eq!(bytes[1], 0x40);
        assert!(bit(&bytes, 9) && !bit(&bytes, 8));
        set_bit(&mut bytes, 9, false);
        assert!(!bit(&bytes, 9));
        let full_but_one = vec![0xff, 0xfe];
        assert_eq!(free_from(&full_but_one, 16, 3), Some(15));
        assert_eq!(free_from(&[0xff, 0xff], 16, 3), None);
    }
}
