//! The actor's collections: the outbox (a paged `OrderedCollection` of the activities the
//! node publishes), and `followers` / `following`, which publish their size only (who
//! follows an institution is not listed).

use mochila_protocol::activity::{OrderedCollection, OrderedCollectionPage, default_context};
use serde_json::{Map, Value};

use super::actor::ActorUrls;

/// Activities per outbox page.
pub const PAGE_SIZE: u64 = 20;

/// A request for a collection page that cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectionError {
    /// The page number is past the last page.
    #[error("page {page} is past the last page ({last}) of {collection}")]
    PastTheEnd {
        /// The page asked for.
        page: u64,
        /// The last page.
        last: u64,
        /// The collection's id.
        collection: String,
    },
}

fn collection(id: &str, total: u64) -> OrderedCollection {
    OrderedCollection {
        context: Some(default_context()),
        id: id.to_owned(),
        type_: "OrderedCollection".to_owned(),
        total_items: Some(total),
        first: None,
        last: None,
        ordered_items: None,
        extra: Map::new(),
    }
}

/// The last page of a collection of `total` items (page 1 exists even when it is empty).
fn last_page(total: u64) -> u64 {
    total.div_ceil(PAGE_SIZE).max(1)
}

/// The outbox holding `total` activities: its size and its first and last pages.
pub fn outbox(urls: &ActorUrls, total: u64) -> OrderedCollection {
    let mut c = collection(&urls.outbox, total);
    c.first = Some(Value::String(format!("{}?page=1", urls.outbox)));
    c.last = Some(Value::String(format!(
        "{}?page={}",
        urls.outbox,
        last_page(total)
    )));
    c
}

/// Page `page` (from 1) of the outbox holding `total` activities, with `items` (newest
/// first) on it.
pub fn outbox_page(
    urls: &ActorUrls,
    total: u64,
    page: u64,
    items: Vec<Value>,
) -> Result<OrderedCollectionPage, CollectionError> {
    let last = last_page(total);
    if page == 0 || page > last {
        return Err(CollectionError::PastTheEnd {
            page,
            last,
            collection: urls.outbox.clone(),
        });
    }
    let at = |n: u64| format!("{}?page={n}", urls.outbox);
    Ok(OrderedCollectionPage {
        context: Some(default_context()),
        id: at(page),
        type_: "OrderedCollectionPage".to_owned(),
        part_of: Some(urls.outbox.clone()),
        next: (page < last).then(|| at(page + 1)),
        prev: (page > 1).then(|| at(page - 1)),
        ordered_items: items,
        extra: Map::new(),
    })
}

/// The followers collection: its size only.
pub fn followers(urls: &ActorUrls, total: u64) -> OrderedCollection {
    collection(&urls.followers, total)
}

/// The following collection: its size only.
pub fn following(urls: &ActorUrls, total: u64) -> OrderedCollection {
    collection(&urls.following, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> ActorUrls {
        let base = url::Url::parse("https://usach.cl").unwrap();
        ActorUrls::new(&crate::identity::Identity::from_base_url(&base).unwrap())
    }

    #[test]
    fn outbox_pages_link_to_each_other() {
        let u = urls();
        let c = outbox(&u, 45);
        assert_eq!(
            c.last,
            Some(Value::from("https://usach.cl/actor/outbox?page=3"))
        );
        let p = outbox_page(&u, 45, 2, Vec::new()).unwrap();
        assert_eq!(
            p.next.as_deref(),
            Some("https://usach.cl/actor/outbox?page=3")
        );
        assert_eq!(
            p.prev.as_deref(),
            Some("https://usach.cl/actor/outbox?page=1")
        );
        assert!(outbox_page(&u, 45, 4, Vec::new()).is_err());
        assert!(outbox_page(&u, 0, 0, Vec::new()).is_err());
        let empty = outbox_page(&u, 0, 1, Vec::new()).unwrap();
        assert_eq!((empty.next, empty.prev), (None, None));
    }
}
