//! Keeping the search index of the shared objects ([`super::facets`]) in step with their
//! state: every recorded change rewrites the object's facets and text in the same
//! transaction; objects recorded before the index existed are indexed at start.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::Value;

use super::facets::{Facet, index};
use crate::store::entity::shared_object;

fn facet_table() -> Alias {
    Alias::new("shared_facet")
}

fn text_table() -> Alias {
    Alias::new("shared_text")
}

/// Rewrites the index of object `id` (type `object_type`, `document` its state, `None`
/// once deleted) on `db`.
pub async fn write(
    db: &impl ConnectionTrait,
    id: &str,
    object_type: &str,
    document: Option<&Value>,
) -> Result<(), DbErr> {
    let Some(found) = document.and_then(|d| index(object_type, d)) else {
        if object_type == mochila_protocol::activity::CATALOGUE_ENTRY_TYPE {
            clear(db, id).await?;
        }
        return Ok(());
    };
    clear(db, id).await?;
    if !found.facets.is_empty() {
        let mut insert = Query::insert();
        insert.into_table(facet_table()).columns([
            Alias::new("object_id"),
            Alias::new("facet"),
            Alias::new("value"),
            Alias::new("number"),
        ]);
        for f in &found.facets {
            let (name, value, number) = match f {
                Facet::Value(n, v) => (*n, Some(v.clone()), None),
                Facet::Number(n, x) => (*n, None, Some(*x)),
                Facet::Ordered(n, v, x) => (*n, Some(v.clone()), Some(*x)),
            };
            insert
                .values([id.into(), name.into(), value.into(), number.into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        db.execute(&insert).await?;
    }
    let mut text = Query::insert();
    text.into_table(text_table())
        .columns([Alias::new("object_id"), Alias::new("body")])
        .values([id.into(), found.text.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    db.execute(&text).await?;
    Ok(())
}

async fn clear(db: &impl ConnectionTrait, id: &str) -> Result<(), DbErr> {
    for table in [facet_table(), text_table()] {
        let delete = Query::delete()
            .from_table(table)
            .and_where(Expr::col(Alias::new("object_id")).eq(id))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}

/// Indexes every live catalogue entry that has no text in the index yet (those recorded
/// before the index existed). Run at start; returns how many.
pub async fn index_missing(db: &impl ConnectionTrait) -> Result<usize, DbErr> {
    let indexed = Query::select()
        .column(Alias::new("object_id"))
        .from(text_table())
        .to_owned();
    let rows = shared_object::Entity::find()
        .filter(
            shared_object::Column::ObjectType.eq(mochila_protocol::activity::CATALOGUE_ENTRY_TYPE),
        )
        .filter(shared_object::Column::Deleted.eq(false))
        .filter(shared_object::Column::ObjectId.not_in_subquery(indexed))
        .all(db)
        .await?;
    for r in &rows {
        write(db, &r.object_id, &r.object_type, Some(&r.document)).await?;
    }
    Ok(rows.len())
}
