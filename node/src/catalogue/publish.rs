//! Each new version of an achievement is announced to the node's followers: a `Create` of
//! the version's Open Badges `Achievement` document (the object its `id` URL serves, with
//! `published`, `attributedTo` and the `as:Document` type added), queued in the transaction
//! that makes the version. Every catalogue change (new version, archive, restore) is also
//! a change of the node's shared `catalogue` collection (one `CatalogueEntry` per
//! achievement), pushed to the network's members and caught up exactly by them.

use sea_orm::ConnectionTrait;
use serde_json::{Map, json};

use super::{AchievementRecord, CatalogueError, render};
use crate::federation::shared::{Change, collection_url};
use crate::federation::{Audience, Federation, Published, Publisher, activities};
use crate::identity::Identity;

/// The name of the catalogue collection.
pub const CATALOGUE: &str = "catalogue";
/// The type of a catalogue entry.
pub const ENTRY_TYPE: &str = mochila_protocol::activity::CATALOGUE_ENTRY_TYPE;

/// The IRI of achievement `id`'s entry in the catalogue collection of the node at `base`.
pub fn entry_id(base: &str, id: &str) -> String {
    format!("{}/{id}", collection_url(base, CATALOGUE))
}

/// Where catalogue changes go: the followers (the `Create` of each version) and the
/// network's members (`audience`, the shared catalogue collection).
#[derive(Debug)]
pub struct Share<'a> {
    /// Publishes and signs.
    pub federation: &'a Federation,
    /// The network members' actors.
    pub audience: Vec<String>,
}

impl Share<'_> {
    /// Announces `r`'s new version to the followers and shares it with the members.
    pub async fn announce(
        &self,
        txn: &impl ConnectionTrait,
        identity: &Identity,
        r: &AchievementRecord,
        preferred: &[String],
    ) -> Result<Vec<Published>, CatalogueError> {
        let publisher = &self.federation.publisher;
        let mut out = vec![announce(txn, identity, publisher, r, preferred).await?];
        out.extend(self.share(txn, identity, r, preferred).await?);
        Ok(out)
    }

    /// Publishes `r`'s current state (its version's Achievement, whether archived) as its
    /// entry of the catalogue collection.
    pub async fn share(
        &self,
        txn: &impl ConnectionTrait,
        identity: &Identity,
        r: &AchievementRecord,
        preferred: &[String],
    ) -> Result<Option<Published>, CatalogueError> {
        let lang = r.definition.primary_language(preferred);
        let achievement =
            render::achievement_document(&r.definition, &r.location(identity), &lang, &lang);
        let mut content = Map::new();
        content.insert("name".into(), json!(r.achievement.name));
        content.insert("names".into(), json!(r.definition.name));
        content.insert("descriptions".into(), json!(r.definition.description));
        content.insert("achievement".into(), achievement);
        content.insert("achievementVersion".into(), json!(r.version));
        content.insert(
            "archived".into(),
            json!(r.achievement.archived_at.is_some()),
        );
        let change = Change {
            collection: CATALOGUE,
            object_id: entry_id(&self.federation.base_url, &r.achievement.id),
            object_type: ENTRY_TYPE,
            content: Some(content),
        };
        Ok(self
            .federation
            .publish_shared(txn, change, self.audience.clone())
            .await?)
    }
}

/// `as:Document`, as a full IRI (the achievement's own contexts do not define the term).
const AS_DOCUMENT: &str = "https://www.w3.org/ns/activitystreams#Document";

/// Queues the `Create` of `r`'s version for the followers, on `txn`.
async fn announce(
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
