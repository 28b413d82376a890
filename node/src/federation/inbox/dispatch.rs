//! Acting on an authentic activity, in the transaction that stores it: follow handshakes,
//! shared objects (in order, see [`crate::federation::shared`]) and other remote objects
//! for `Create`/`Update`/`Delete`; any other type is only stored.

use mochila_protocol::activity::{ActivityType, ObjectRef};
use sea_orm::ConnectionTrait;

use super::{Authentic, InboxError, follow, objects};
use crate::federation::Federation;
use crate::federation::Published;
use crate::federation::shared;
use crate::store::entity::peer;

/// What acting on an activity left to do after its transaction commits.
#[derive(Debug, Default)]
pub struct Followup {
    /// What was published in answer (wake the delivery worker).
    pub published: Option<Published>,
    /// A shared collection to catch up with (a change arrived after a gap).
    pub catch_up: Option<String>,
}

/// Acts on `authentic` (performed by the peer `actor`).
pub async fn dispatch(
    db: &impl ConnectionTrait,
    federation: &Federation,
    authentic: &Authentic,
    actor: &peer::Model,
) -> Result<Followup, InboxError> {
    if let Some(catch_up) = shared_change(db, authentic).await? {
        return Ok(Followup {
            published: None,
            catch_up,
        });
    }
    let published = act(db, federation, authentic, actor).await?;
    Ok(Followup {
        published,
        catch_up: None,
    })
}

/// A `Create`/`Update`/`Delete` of a shared object (one with `partOf` and `sequence`):
/// `Some` with the collection to catch up with when it came after a gap.
async fn shared_change(
    db: &impl ConnectionTrait,
    authentic: &Authentic,
) -> Result<Option<Option<String>>, InboxError> {
    let activity = &authentic.activity;
    let Some(ObjectRef::Embedded(object)) = &activity.object else {
        return Ok(None);
    };
    let crud = matches!(
        activity.type_,
        ActivityType::Create | ActivityType::Update | ActivityType::Delete
    );
    if !crud || !object.contains_key("sequence") || !object.contains_key("partOf") {
        return Ok(None);
    }
    let document = serde_json::Value::Object(object.clone());
    match shared::accept(db, &authentic.actor.actor, &document).await? {
        shared::Accepted::Gap { collection } => Ok(Some(Some(collection))),
        _ => Ok(Some(None)),
    }
}

async fn act(
    db: &impl ConnectionTrait,
    federation: &Federation,
    authentic: &Authentic,
    actor: &peer::Model,
) -> Result<Option<Published>, InboxError> {
    match &authentic.activity.type_ {
        ActivityType::Follow => follow::followed(db, federation, authentic, actor).await,
        ActivityType::Accept => {
            follow::answered(db, federation, authentic, actor, true).await?;
            Ok(None)
        }
        ActivityType::Reject => {
            follow::answered(db, federation, authentic, actor, false).await?;
            Ok(None)
        }
        ActivityType::Undo => {
            follow::undone(db, federation, authentic, actor).await?;
            Ok(None)
        }
        ActivityType::Create | ActivityType::Update | ActivityType::Delete => {
            objects::apply(db, authentic).await?;
            Ok(None)
        }
        _ => Ok(None),
    }
}
