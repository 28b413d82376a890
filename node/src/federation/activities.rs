//! The activities the node sends in follow handshakes and when its catalogue changes, built
//! the same way wherever they are sent from.

use mochila_protocol::activity::{Activity, ActivityType, ObjectRef, OneOrMany};
use serde_json::{Map, Value, json};

use super::outbox::Publisher;

/// A `Follow` as embedded in `Accept`, `Reject` and `Undo`: its id, type, actor and object.
fn follow_ref(id: &str, actor: &str, object: &str) -> ObjectRef {
    let mut map = Map::new();
    map.insert("id".into(), json!(id));
    map.insert("type".into(), json!("Follow"));
    map.insert("actor".into(), json!(actor));
    map.insert("object".into(), json!(object));
    ObjectRef::Embedded(map)
}

fn to(activity: &mut Activity, actor: &str) {
    activity.to = Some(OneOrMany::Many(vec![actor.to_owned()]));
}

/// The node follows `actor`.
pub fn follow(publisher: &Publisher, actor: &str) -> Activity {
    let urls = publisher.urls();
    let mut a = Activity::new(
        &publisher.new_activity_id(),
        ActivityType::Follow,
        &urls.actor,
        ObjectRef::Id(actor.to_owned()),
    );
    to(&mut a, actor);
    a
}

/// The node's answer to `follow` (a received `Follow` document): an `Accept` (or, with
/// `accept` false, a `Reject`) by the node's actor, embedding the Follow's `id`, `type`,
/// `actor` and `object`, addressed to the follower. Publish it to the follower with
/// `Audience::Peer`.
pub fn answer_follow(publisher: &Publisher, follow: &Value, accept: bool) -> Activity {
    let mut embedded = Map::new();
    for member in ["id", "type", "actor", "object"] {
        if let Some(value) = follow.get(member) {
            embedded.insert(member.to_owned(), value.clone());
        }
    }
    let follower = follow
        .get("actor")
        .and_then(|a| a.as_str().or_else(|| a.get("id").and_then(Value::as_str)))
        .map(str::to_owned);
    let kind = if accept {
        ActivityType::Accept
    } else {
        ActivityType::Reject
    };
    let mut answer = Activity::new(
        &publisher.new_activity_id(),
        kind,
        &publisher.urls().actor,
        ObjectRef::Embedded(embedded),
    );
    answer.to = follower.map(|f| OneOrMany::Many(vec![f]));
    answer
}

/// The node withdraws its `Follow` (id `follow_id`) of `actor`.
pub fn undo_follow(publisher: &Publisher, actor: &str, follow_id: &str) -> Activity {
    let urls = publisher.urls();
    let mut a = Activity::new(
        &publisher.new_activity_id(),
        ActivityType::Undo,
        &urls.actor,
        follow_ref(follow_id, &urls.actor, actor),
    );
    to(&mut a, actor);
    a
}

/// The node publishes `object` (a document it serves at the object's `id`), publicly.
pub fn create(publisher: &Publisher, object: Value) -> Option<Activity> {
    let Value::Object(map) = object else {
        return None;
    };
    let mut a = Activity::new(
        &publisher.new_activity_id(),
        ActivityType::Create,
        &publisher.urls().actor,
        ObjectRef::Embedded(map),
    );
    publisher.address_publicly(&mut a);
    Some(a)
}
