//! A remote actor the node has met: its inbox and actor document, the follow relationships
//! in both directions, whether it is blocked, and the health of deliveries to it.

use sea_orm::entity::prelude::*;

/// One peer.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "peer")]
pub struct Model {
    /// Peer id (UUID), used in the admin API.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The actor's IRI.
    #[sea_orm(unique)]
    pub actor_id: String,
    /// `preferredUsername@host`, when known.
    pub handle: Option<String>,
    /// The actor's `name`, when given.
    pub name: Option<String>,
    /// Its inbox.
    pub inbox: String,
    /// Its shared inbox, when it has one.
    pub shared_inbox: Option<String>,
    /// The actor document as last fetched.
    pub actor_document: Option<Json>,
    /// When the actor document was last fetched.
    pub fetched_at: Option<TimeDateTimeWithTimeZone>,
    /// Whether the node follows it: `none`, `pending`, `accepted` or `rejected`.
    pub following: String,
    /// The id of the node's `Follow` of it.
    pub following_activity: Option<String>,
    /// Whether it follows the node: `none`, `pending` (held for an admin) or `accepted`.
    pub follower: String,
    /// The id of its `Follow` of the node.
    pub follower_activity: Option<String>,
    /// When an admin blocked it.
    pub blocked_at: Option<TimeDateTimeWithTimeZone>,
    /// The HTTP signature it accepts: `unknown`, `rfc9421` or `cavage`.
    pub signature_scheme: String,
    /// Failed delivery attempts in a row.
    pub consecutive_failures: i32,
    /// Since when deliveries to it fail (first failure of the current run).
    pub failing_since: Option<TimeDateTimeWithTimeZone>,
    /// Deliveries to it wait until then (the circuit breaker is open).
    pub circuit_open_until: Option<TimeDateTimeWithTimeZone>,
    /// Since when it is unreachable: deliveries wait until it speaks again or an admin
    /// retries.
    pub unreachable_since: Option<TimeDateTimeWithTimeZone>,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// The last successful delivery.
    pub last_delivered_at: Option<TimeDateTimeWithTimeZone>,
    /// The last verified request from it.
    pub last_heard_at: Option<TimeDateTimeWithTimeZone>,
    /// The last time its keys were refetched after a signature failure.
    pub key_refetched_at: Option<TimeDateTimeWithTimeZone>,
    /// When it was first met.
    pub created_at: TimeDateTimeWithTimeZone,
    /// Last change.
    pub updated_at: TimeDateTimeWithTimeZone,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
