//! The in-memory index: finding, ordering, paging, replacing and removing.

use super::*;

fn entry(id: &str, collection: &str, updated: i64, facets: Vec<Facet>, words: &[&str]) -> Entry {
    Entry {
        object_id: id.to_owned(),
        collection: collection.to_owned(),
        updated,
        facets,
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        json: Arc::from(RawValue::from_string(format!("\"{id}\"")).unwrap()),
    }
}

fn ids(found: &Found) -> Vec<String> {
    found
        .items
        .iter()
        .map(|r| r.get().trim_matches('"').to_owned())
        .collect()
}

fn sample() -> Index {
    let mut index = Index::default();
    index.put(entry(
        "a",
        "c1",
        10,
        vec![
            Facet::Value("eqfLevel", "6".into()),
            Facet::Number("credits", 5.0),
        ],
        &["datos", "analisis"],
    ));
    index.put(entry(
        "b",
        "c1",
        30,
        vec![
            Facet::Value("eqfLevel", "5".into()),
            Facet::Number("credits", 3.0),
        ],
        &["diseno"],
    ));
    index.put(entry(
        "c",
        "c2",
        20,
        vec![
            Facet::Value("eqfLevel", "6".into()),
            Facet::Value("archived", "true".into()),
        ],
        &["datos"],
    ));
    index.reorder();
    index
}

#[test]
fn finds_by_value_range_word_start_and_collection_newest_first() {
    let index = sample();
    let q = |f: fn(&mut Query)| {
        let mut q = Query {
            limit: 10,
            ..Query::default()
        };
        f(&mut q);
        index.search(&q, None)
    };
    assert_eq!(ids(&q(|_| {})), ["b", "a"]);
    assert_eq!(ids(&q(|q| q.archived = true)), ["b", "c", "a"]);
    assert_eq!(ids(&q(|q| q.values.push(("eqfLevel", "6".into())))), ["a"]);
    assert_eq!(ids(&q(|q| q.words.push("dat".into()))), ["a"]);
    assert_eq!(
        ids(&q(|q| q.ranges.push(("credits", Some(4.0), None)))),
        ["a"]
    );
    assert_eq!(
        ids(&q(|q| q.ranges.push(("credits", Some(3.0), Some(3.0))))),
        ["b"]
    );
    assert!(
        q(|q| q.ranges.push(("credits", Some(4.0), Some(3.0))))
            .items
            .is_empty()
    );
    assert_eq!(
        ids(&q(|q| q.collections = Some(vec!["c2".into()]))),
        Vec::<String>::new()
    );
    let page = q(|q| {
        q.archived = true;
        q.offset = 1;
        q.limit = 1;
    });
    assert_eq!((ids(&page), page.total), (vec!["c".to_owned()], 3));
}

#[test]
fn replacing_and_removing_leave_no_trace() {
    let mut index = sample();
    index.put(entry(
        "a",
        "c1",
        40,
        vec![Facet::Value("eqfLevel", "4".into())],
        &["historia"],
    ));
    index.remove("b");
    index.reorder();
    let q = |v: Vec<(&'static str, String)>, w: Vec<String>| Query {
        values: v,
        words: w,
        limit: 10,
        ..Query::default()
    };
    assert!(
        index
            .search(&q(vec![("eqfLevel", "6".into())], vec![]), None)
            .items
            .is_empty()
    );
    assert!(
        index
            .search(&q(vec![], vec!["dise".into()]), None)
            .items
            .is_empty()
    );
    assert_eq!(
        ids(&index.search(
            &q(vec![("eqfLevel", "4".into())], vec!["hist".into()]),
            None
        )),
        ["a"]
    );
    assert_eq!(index.slots.len(), 2);
    // Freed slots are reused.
    index.put(entry("d", "c1", 1, vec![], &[]));
    assert_eq!(index.entries.len(), 3);
}

#[test]
fn large_results_are_paged_in_order() {
    let mut index = Index::default();
    for i in 0..20_000 {
        index.put(entry(
            &format!("{i:05}"),
            "c",
            i64::from(i % 100),
            vec![],
            &[],
        ));
    }
    index.reorder();
    let page = index.search(
        &Query {
            offset: 200,
            limit: 3,
            ..Query::default()
        },
        None,
    );
    // Time 99 first (200 entries, by IRI), so the 201st is the first of time 98.
    assert_eq!(
        (ids(&page), page.total),
        (
            vec!["00098".to_owned(), "00198".to_owned(), "00298".to_owned()],
            20_000
        )
    );
}
