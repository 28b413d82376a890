//! Serving the node's own collections: `GET /shared/{name}` is an `OrderedCollection`
//! (how many changes there are, the first page), `?after=N` an `OrderedCollectionPage` of
//! the signed changes after sequence number N, oldest first, [`PAGE_SIZE`] at a time.

use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Value, json};

use super::collection_url;
use crate::federation::Federation;
use crate::store::entity::{shared_change, shared_source};

/// Changes per page.
pub const PAGE_SIZE: u64 = 100;

/// The collection `name` of the node, or the page after `after` of it; `None` when the
/// node publishes no such collection.
pub async fn collection_document(
    federation: &Federation,
    name: &str,
    after: Option<i64>,
) -> Result<Option<Value>, DbErr> {
    let db: &DatabaseConnection = &federation.db;
    let url = collection_url(&federation.base_url, name);
    let Some(source) = shared_source::Entity::find_by_id(url.clone())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if source.publisher != federation.publisher.urls().actor {
        return Ok(None);
    }
    let context = mochila_protocol::activity::ACTIVITYSTREAMS_CONTEXT;
    let Some(after) = after else {
        return Ok(Some(json!({
            "@context": context,
            "id": url,
            "type": "OrderedCollection",
            "attributedTo": source.publisher,
            "totalItems": source.last_seq,
            "first": format!("{url}?after=0"),
        })));
    };
    let rows = shared_change::Entity::find()
        .filter(shared_change::Column::Collection.eq(url.as_str()))
        .filter(shared_change::Column::Seq.gt(after))
        .order_by_asc(shared_change::Column::Seq)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let last = rows.last().map(|r| r.seq);
    let items: Vec<Value> = rows
        .iter()
        .filter_map(|r| serde_json::from_str(&r.document).ok())
        .collect();
    let mut page = json!({
        "@context": context,
        "id": format!("{url}?after={after}"),
        "type": "OrderedCollectionPage",
        "partOf": url,
        "orderedItems": items,
    });
    if let Some(last) = last
        && last < source.last_seq
    {
        page["next"] = json!(format!("{url}?after={last}"));
    }
    Ok(Some(page))
}

/// The node's own shared object `id` as last published (a tombstone once deleted), if the
/// node publishes it.
pub async fn object_document(federation: &Federation, id: &str) -> Result<Option<Value>, DbErr> {
    let own = collection_url(&federation.base_url, "");
    let Some(row) = crate::store::entity::shared_object::Entity::find_by_id(id.to_owned())
        .one(&federation.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(row.collection.starts_with(&own).then_some(row.document))
}
