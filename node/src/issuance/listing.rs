//! Issued credentials as staff look them up: filtered by achievement or batch, sorted by
//! issue time, learner name, external id or batch line, a page at a time or all at once
//! (for a spreadsheet of learners and their URLs).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

use crate::store::entity::credential;

/// Which credentials.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this achievement.
    pub achievement_id: Option<String>,
    /// Only this batch.
    pub batch_id: Option<String>,
}

/// The order of a listing: a key and a direction.
#[derive(Debug, Clone)]
pub struct Sort {
    key: credential::Column,
    order: Order,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Self {
            key: credential::Column::IssuedAt,
            order: Order::Desc,
        }
    }
}

/// The sort keys, as the API names them.
pub const SORT_KEYS: &str = "issuedAt, name, externalId, line (prefix - for descending)";

impl std::str::FromStr for Sort {
    type Err = String;

    /// `issuedAt`, `name`, `externalId` or `line`, ascending; with a leading `-`, descending.
    fn from_str(s: &str) -> Result<Self, String> {
        let (order, key) = match s.strip_prefix('-') {
            Some(key) => (Order::Desc, key),
            None => (Order::Asc, s),
        };
        let key = match key {
            "issuedAt" => credential::Column::IssuedAt,
            "name" => credential::Column::LearnerName,
            "externalId" => credential::Column::ExternalId,
            "line" => credential::Column::BatchLine,
            _ => return Err(format!("{s:?}: sort by one of {SORT_KEYS}")),
        };
        Ok(Self { key, order })
    }
}

fn select(filter: &Filter, sort: Sort) -> Select<credential::Entity> {
    let mut select = credential::Entity::find();
    if let Some(a) = &filter.achievement_id {
        select = select.filter(credential::Column::AchievementId.eq(a.clone()));
    }
    if let Some(b) = &filter.batch_id {
        select = select.filter(credential::Column::BatchId.eq(b.clone()));
    }
    // Ties (same name, or no external id) in a stable order: batch line, then id.
    select
        .order_by(sort.key, sort.order)
        .order_by_asc(credential::Column::BatchLine)
        .order_by_asc(credential::Column::Id)
}

/// How many credentials match.
pub async fn count(db: &impl ConnectionTrait, filter: &Filter) -> Result<u64, DbErr> {
    select(filter, Sort::default()).count(db).await
}

/// `limit` matching credentials from `offset`, in `sort` order.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter,
    sort: Sort,
    offset: u64,
    limit: u64,
) -> Result<Vec<credential::Model>, DbErr> {
    select(filter, sort)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::{Order, Sort, credential};

    #[test]
    fn sort_keys_parse_with_their_direction() {
        let s: Sort = "-externalId".parse().unwrap();
        let expected = format!("{:?}", (credential::Column::ExternalId, Order::Desc));
        assert_eq!(format!("{:?}", (s.key, s.order)), expected);
        let s: Sort = "line".parse().unwrap();
        let expected = format!("{:?}", (credential::Column::BatchLine, Order::Asc));
        assert_eq!(format!("{:?}", (s.key, s.order)), expected);
        assert!("email".parse::<Sort>().unwrap_err().contains("issuedAt"));
    }
}
