//! The start-up check that the keys in `<data_dir>/keys` are the ones this database has
//! published and signed with. Keys are created only on a node's very first start; a
//! database restored without its keys, or next to other keys, refuses to start (new keys
//! would make every credential already issued fail verification as if tampered with).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mochila_protocol::multikey;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::Value;
use sha2::Digest as _;

use crate::keys::{self, KeyError, KeyRing};
use crate::store::entity::{credential, signing_key, status_list};
use crate::store::is_duplicate;
use crate::store::now;

/// Where the operator guide explains what to back up and how to restore.
pub const BACKUP_DOCS: &str = "docs/operator-guide.md, section \"Backup and restore\"";

/// Why the keys cannot be used with this database.
#[derive(Debug, thiserror::Error)]
pub enum KeyGuardError {
    /// The database has signed with keys that the key directory does not hold (missing
    /// or different). The message names the files and the backup section of the docs.
    #[error("{0}")]
    Refused(String),
    /// The key files could not be read or created.
    #[error(transparent)]
    Keys(#[from] KeyError),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// The key ring for this database: loaded from `<data_dir>/keys`, or created when both
/// the key directory and the database are new. Returns the ring and whether it was
/// created now. Every key of the ring is recorded in the database (id and public key), so
/// that later starts can tell when the key directory is not the one this database used.
pub async fn load_keys(
    db: &impl ConnectionTrait,
    data_dir: &Path,
) -> Result<(KeyRing, bool), KeyGuardError> {
    let known = signing_key::Entity::find()
        .order_by_asc(signing_key::Column::Id)
        .all(db)
        .await?;
    let dir = keys::keys_dir(data_dir);
    let (ring, created) = match keys::load_existing(data_dir)? {
        Some(ring) => (ring, false),
        None => {
            let (issued, in_credentials) = ids_in_credentials(db).await?;
            let mut used: BTreeSet<String> = known.iter().map(|k| k.id.clone()).collect();
            used.extend(in_credentials);
            if issued || !used.is_empty() || has_signed_status_list(db).await? {
                return Err(KeyGuardError::Refused(missing_message(&dir, &used)));
            }
            (keys::create(data_dir)?, true)
        }
    };
    if known.is_empty() {
        // A database from before keys were recorded: check at least the key ids its
        // credentials name.
        let held: BTreeSet<&str> = ring.ed25519.iter().map(|k| k.entry.id.as_str()).collect();
        let absent: Vec<String> = ids_in_credentials(db)
            .await?
            .1
            .into_iter()
            .filter(|id| !held.contains(id.as_str()))
            .collect();
        if !absent.is_empty() {
            return Err(KeyGuardError::Refused(mismatch_message(
                &dir,
                &absent
                    .iter()
                    .map(|id| {
                        format!("{id} signed credentials in this database but is not in keys.json")
                    })
                    .collect::<Vec<_>>(),
            )));
        }
    }
    let on_disk = fingerprints(&ring)?;
    let mut wrong = Vec::new();
    for k in &known {
        match on_disk.iter().find(|(id, _)| *id == k.id) {
            None => wrong.push(format!(
                "{} was published by this database but is not in keys.json ({})",
                k.id,
                file_of(&dir, &k.id).display()
            )),
            Some((_, public)) if *public != k.public_key => wrong.push(format!(
                "{} is not the key this database published ({} has another key)",
                k.id,
                file_of(&dir, &k.id).display()
            )),
            Some(_) => {}
        }
    }
    if !wrong.is_empty() {
        return Err(KeyGuardError::Refused(mismatch_message(&dir, &wrong)));
    }
    for (id, public) in on_disk {
        if known.iter().any(|k| k.id == id) {
            continue;
        }
        let row = signing_key::Model {
            id,
            public_key: public,
            registered_at: now(),
        };
        match signing_key::ActiveModel::from(row).insert(db).await {
            Ok(_) => {}
            Err(e) if is_duplicate(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok((ring, created))
}

/// Each key's id with the fingerprint stored for it.
fn fingerprints(ring: &KeyRing) -> Result<Vec<(String, String)>, KeyError> {
    let mut out: Vec<(String, String)> = ring
        .ed25519
        .iter()
        .map(|k| {
            (
                k.entry.id.clone(),
                multikey::encode_public(&k.signing.verifying_key()),
            )
        })
        .collect();
    let rsa = ring.rsa_public_pem()?;
    out.push((
        "rsa".to_owned(),
        hex::encode(sha2::Sha256::digest(rsa.trim().as_bytes())),
    ));
    Ok(out)
}

fn file_of(dir: &Path, id: &str) -> PathBuf {
    if id == "rsa" {
        dir.join("rsa.pem")
    } else {
        dir.join(format!("ed25519-{id}.pem"))
    }
}

fn missing_message(dir: &Path, used: &BTreeSet<String>) -> String {
    let mut files = vec![dir.join("keys.json")];
    files.extend(
        used.iter()
            .filter(|id| *id != "rsa")
            .map(|id| file_of(dir, id)),
    );
    files.push(dir.join("rsa.pem"));
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    format!(
        "refusing to start: this database has issued credentials or published keys, but the \
         key files are missing: {}. Restore the keys/ directory from the same backup as the \
         database ({BACKUP_DOCS}). New keys are not made: every credential already issued \
         would then fail verification.",
        files.join(", ")
    )
}

fn mismatch_message(dir: &Path, problems: &[String]) -> String {
    format!(
        "refusing to start: the keys in {} are not the ones this database has signed with: \
         {}. Restore the keys/ directory from the same backup as the database \
         ({BACKUP_DOCS}).",
        dir.display(),
        problems.join("; ")
    )
}

/// Whether the database holds any credential, and the key ids (`key-1`, ...) named by the
/// proofs of its oldest and newest credential.
async fn ids_in_credentials(db: &impl ConnectionTrait) -> Result<(bool, BTreeSet<String>), DbErr> {
    let mut any = false;
    let mut ids = BTreeSet::new();
    for newest in [false, true] {
        let mut select = credential::Entity::find()
            .select_only()
            .column(credential::Column::Document);
        select = if newest {
            select.order_by_desc(credential::Column::IssuedAt)
        } else {
            select.order_by_asc(credential::Column::IssuedAt)
        };
        let document: Option<String> = select.into_tuple().one(db).await?;
        if let Some(document) = document {
            any = true;
            ids.extend(proof_key_ids(&document));
        }
    }
    Ok((any, ids))
}

fn proof_key_ids(document: &str) -> Vec<String> {
    let Ok(doc) = serde_json::from_str::<Value>(document) else {
        return Vec::new();
    };
    let proofs = match &doc["proof"] {
        Value::Array(a) => a.clone(),
        p @ Value::Object(_) => vec![p.clone()],
        _ => Vec::new(),
    };
    proofs
        .iter()
        .filter_map(|p| p["verificationMethod"].as_str())
        .filter_map(|vm| vm.rsplit_once('#').map(|(_, id)| id.to_owned()))
        .collect()
}

async fn has_signed_status_list(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(status_list::Entity::find()
        .filter(status_list::Column::Published.is_not_null())
        .one(db)
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::proof_key_ids;

    #[test]
    fn key_ids_come_from_the_proof() {
        let doc = r#"{"proof": {"verificationMethod": "did:web:x.edu#key-2"}}"#;
        assert_eq!(proof_key_ids(doc), ["key-2"]);
        let doc = r#"{"proof": [{"verificationMethod": "did:web:x.edu#key-1"}, {}]}"#;
        assert_eq!(proof_key_ids(doc), ["key-1"]);
        assert!(proof_key_ids("{}").is_empty());
    }
}
