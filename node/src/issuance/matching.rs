//! Finding a learner again without storing their e-mail addresses: each credential keeps
//! SHA-256 digests of its learner's identifiers (e-mail addresses, external id, DID) per
//! achievement, on this node only. A batch uses them to warn about a learner listed twice
//! in the file or already holding an active credential for the achievement; such rows are
//! issued only when the request says so (docs/decisions/0017).

use std::collections::{BTreeSet, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use sha2::Digest;

use super::cohort_file::{Parsed, RowError};
use super::learner::LearnerRequest;
use crate::store::entity::{credential, learner_match};

/// The identifiers of `learner`, each with what it is (for messages) and its digest.
fn identifiers(learner: &LearnerRequest) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = learner
        .emails
        .iter()
        .map(|e| (format!("e-mail {e}"), digest("email", e)))
        .collect();
    if let Some(id) = &learner.external_id {
        out.push((format!("external id {id}"), digest("externalId", id)));
    }
    if let Some(did) = &learner.did {
        out.push((format!("DID {did}"), digest("did", did)));
    }
    out
}

fn digest(kind: &str, value: &str) -> String {
    hex::encode(sha2::Sha256::digest(format!("{kind}\0{value}").as_bytes()))
}

/// The rows to store for credentials just signed, `learners[i]` being the learner of
/// `credentials[i]`.
pub fn rows<'a>(
    learners: impl IntoIterator<Item = &'a LearnerRequest>,
    credentials: &[credential::Model],
) -> Vec<learner_match::Model> {
    let mut out = Vec::new();
    for (learner, c) in learners.into_iter().zip(credentials) {
        let digests: BTreeSet<String> = identifiers(learner).into_iter().map(|i| i.1).collect();
        out.extend(digests.into_iter().map(|digest| learner_match::Model {
            credential_id: c.id.clone(),
            digest,
            achievement_id: c.achievement_id.clone(),
        }));
    }
    out
}

/// Stores `rows` (inside the caller's transaction).
pub async fn store(db: &impl ConnectionTrait, rows: &[learner_match::Model]) -> Result<(), DbErr> {
    for chunk in rows.chunks(1000) {
        let models = chunk.iter().cloned().map(learner_match::ActiveModel::from);
        learner_match::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// Marks the rows of `parsed` whose learner appears on an earlier row or already holds a
/// credential (not revoked) for `achievement_id`: a warning each, and the row is held back
/// unless `issue_anyway`.
pub async fn flag_duplicates(
    db: &impl ConnectionTrait,
    achievement_id: &str,
    credential_url: impl Fn(&str) -> String,
    parsed: &mut Parsed,
    issue_anyway: bool,
) -> Result<(), DbErr> {
    let per_row: Vec<Vec<(String, String)>> =
        parsed.rows.iter().map(|(_, l)| identifiers(l)).collect();
    let all: Vec<String> = per_row.iter().flatten().map(|i| i.1.clone()).collect();
    let holders = holders(db, achievement_id, &all).await?;
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(parsed.rows.len());
    let action = if issue_anyway {
        "issued anyway (duplicates=issue)"
    } else {
        "not issued; send duplicates=issue to issue it anyway"
    };
    for ((line, learner), ids) in std::mem::take(&mut parsed.rows).into_iter().zip(&per_row) {
        let mut why = None;
        for (what, d) in ids {
            if let Some(earlier) = first_line.get(d.as_str()) {
                why.get_or_insert(format!("same {what} as line {earlier}"));
            } else if let Some(id) = holders.get(d) {
                why.get_or_insert(format!(
                    "{what} already holds an active credential for this achievement: {}",
                    credential_url(id)
                ));
            }
        }
        for (_, d) in ids {
            first_line.entry(d.as_str()).or_insert(line);
        }
        match why {
            Some(why) => {
                parsed.warnings.push(RowError {
                    line,
                    column: "*".to_owned(),
                    reason: format!("possible duplicate: {why}; {action}"),
                });
                if issue_anyway {
                    kept.push((line, learner));
                }
            }
            None => kept.push((line, learner)),
        }
    }
    parsed.rows = kept;
    Ok(())
}

/// For each of `digests` held by a credential of `achievement_id` that is not revoked, that
/// credential's id.
async fn holders(
    db: &impl ConnectionTrait,
    achievement_id: &str,
    digests: &[String],
) -> Result<HashMap<String, String>, DbErr> {
    let mut out = HashMap::new();
    for chunk in digests.chunks(500) {
        let found: Vec<(String, String)> = learner_match::Entity::find()
            .select_only()
            .column(learner_match::Column::Digest)
            .column(learner_match::Column::CredentialId)
            .inner_join(credential::Entity)
            .filter(learner_match::Column::AchievementId.eq(achievement_id))
            .filter(learner_match::Column::Digest.is_in(chunk.to_vec()))
            .filter(credential::Column::RevokedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        out.extend(found);
    }
    Ok(out)
}
