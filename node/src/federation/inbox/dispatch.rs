//! Acting on an authentic activity, in the transaction that stores it: follow handshakes,
//! and remote objects for `Create`/`Update`/`Delete`; any other type is only stored.

use mochila_protocol::activity::ActivityType;
use sea_orm::ConnectionTrait;

use super::{Authentic, InboxError, follow, objects};
use crate::federation::Federation;
use crate::federation::Published;
use crate::store::entity::peer;

/// Acts on `authentic` (performed by the peer `actor`). Returns what was published in
/// answer (wake the delivery worker after commit).
pub async fn dispatch(
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
