//! Each new version of an achievement is announced to the node's followers: a `Create` of
//! the version's Open Badges `Achievement` document (the object its `id` URL serves, with
//! `published`, `attributedTo` and the `as:Document` type added), queued in the transaction
//! that makes the version.

use sea_orm::ConnectionTrait;

use super::{AchievementRecord, CatalogueError, render};
use crate::federation::{Audience, Published, Publisher, activities};
use crate::identity::Identity;

/// `as:Document`, as a full IRI (the achievement's own contexts do not define the term).
const AS_DOCUMENT: &str = "https://www.w3.org/ns/activitystreams#Document";

/// Queues the `Create` of `r`'s version for the followers, on `txn`.
pub async fn announce(
    txn: &impl ConnectionTrait,
    identity: &Identity,
    publisher: &Publisher,
    r: &AchievementRecord,
    preferred: &[String],
) -> Result<Published, CatalogueError> {
    let lang = r.definition.primary_language(preferred);
    let mut document =
        render::achievement_document(&r.definition, &r.location(identity), &lang, &lang);
    if let Some(map) = document.as_object_mut() {
        map.insert(
            "published".into(),
            crate::store::rfc3339(r.version_created_at).into(),
        );
        map.insert("attributedTo".into(), publisher.urls().actor.clone().into());
        // Also an ActivityStreams Document, so that generic ActivityPub software (Fedify,
        // Mastodon) can read the Create; Mochila nodes read the Open Badges Achievement.
        map.insert(
            "type".into(),
            serde_json::json!(["Achievement", AS_DOCUMENT]),
        );
    }
    let activity = activities::create(publisher, document).ok_or_else(|| {
        CatalogueError::Db(sea_orm::DbErr::Custom(
            "the achievement document is not a JSON object".to_owned(),
        ))
    })?;
    Ok(publisher
        .publish(txn, activity, Audience::Followers)
        .await?)
}
