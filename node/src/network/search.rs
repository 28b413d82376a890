//! Searching the network catalogue: every catalogue entry this node holds of itself, its
//! coordinators and its active members, filtered by the facets the shared index keeps
//! (institution, country, field of study, levels, credit system and credits, hours,
//! language, framework items, participation form) and full text in every language
//! (SQLite FTS5, PostgreSQL `simple` full-text search), newest change first, paged.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Network;
use super::catalogue::NetworkAchievement;
use super::trust::CATALOGUE;
use crate::federation::shared::collection_url;
use crate::store::entity::shared_object;

/// A search of the network catalogue. Every filter given must hold.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AchievementSearch {
    /// The page's language (es, en, pt), for browsers.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub lang: Option<String>,
    /// Words that must all appear (as words or word starts) in a name, description, field
    /// of study, code or tag, in any of the three languages; accents and case are ignored.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub q: Option<String>,
    /// The institution (entity id) that offers it.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub institution: Option<String>,
    /// The institution's country (ISO 3166-1 alpha-2).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub country: Option<String>,
    /// The field of study, as the institution wrote it (accents and case ignored).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub field_of_study: Option<String>,
    /// The EQF level (1 to 8).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub eqf_level: Option<String>,
    /// The credit system (`ECTS`, `SCT-Chile`, `SATCA`, `Hours`).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub credit_system: Option<String>,
    /// At least this many credits of `creditSystem`.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub min_credits: Option<f64>,
    /// At most this many credits of `creditSystem`.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub max_credits: Option<f64>,
    /// Workload of at least this many hours (by the credit system's hours per credit: any
    /// overlap counts).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub min_hours: Option<f64>,
    /// Workload of at most this many hours (any overlap counts).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub max_hours: Option<f64>,
    /// A language it is offered in (es, en, pt).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub language: Option<String>,
    /// A framework item (or any alignment target) it aligns to, by IRI.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub framework_item: Option<String>,
    /// The form of participation (`online`, `onsite`, `blended`, ...).
    #[serde(default, deserialize_with = "blank_is_none")]
    pub participation_form: Option<String>,
    /// Include archived achievements (no longer issued).
    pub archived: Option<bool>,
    /// Page (from 1).
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// Page size (1 to 100; 20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// An optional parameter, absent when blank (as a browser sends an empty form field).
fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A page of the network catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementResults {
    /// The achievements on this page.
    pub items: Vec<NetworkAchievement>,
    /// How many match.
    pub total: u64,
    /// This page (from 1).
    pub page: u64,
    /// The page size.
    pub per_page: u64,
}

/// Why a search is malformed: the parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SearchError {
    /// The parameter.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

fn bad(field: &'static str, message: &str) -> SearchError {
    SearchError {
        field,
        message: message.to_owned(),
    }
}

/// The search's words, folded, as the backend's full-text query; `None` for no words.
fn text_query(q: &str, backend: DatabaseBackend) -> Option<String> {
    let words: Vec<String> = crate::text::folded(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(10)
        .map(|w| w.chars().take(50).collect())
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(match backend {
        DatabaseBackend::Postgres => words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
        _ => words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
    })
}

fn with_facet(facet: &str) -> SelectStatement {
    Query::select()
        .column(Alias::new("object_id"))
        .from(Alias::new("shared_facet"))
        .and_where(Expr::col(Alias::new("facet")).eq(facet))
        .to_owned()
}

fn value(facet: &str, v: &str) -> SelectStatement {
    with_facet(facet)
        .and_where(Expr::col(Alias::new("value")).eq(v))
        .to_owned()
}

fn number(facet: &str, at_least: Option<f64>, at_most: Option<f64>) -> SelectStatement {
    let mut s = with_facet(facet);
    if let Some(x) = at_least {
        s.and_where(Expr::col(Alias::new("number")).gte(x));
    }
    if let Some(x) = at_most {
        s.and_where(Expr::col(Alias::new("number")).lte(x));
    }
    s
}

impl AchievementSearch {
    /// The paging asked for, checked.
    fn paging(&self) -> Result<(u64, u64), SearchError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        if !(1..=100_000).contains(&page) {
            return Err(bad("page", "must be between 1 and 100000"));
        }
        if !(1..=100).contains(&per_page) {
            return Err(bad("perPage", "must be between 1 and 100"));
        }
        Ok((page, per_page))
    }

    /// The facet filters (sub-selects of matching objects).
    fn facets(&self) -> Result<Vec<SelectStatement>, SearchError> {
        let mut out = Vec::new();
        let values = [
            (
                "fieldOfStudy",
                self.field_of_study.as_deref().map(crate::text::folded),
            ),
            ("eqfLevel", self.eqf_level.clone()),
            ("creditSystem", self.credit_system.clone()),
            ("language", self.language.clone()),
            ("target", self.framework_item.clone()),
            ("participationForm", self.participation_form.clone()),
        ];
        for (facet, v) in values {
            if let Some(v) = v {
                out.push(value(facet, v.trim()));
            }
        }
        for (field, x) in [
            ("minCredits", self.min_credits),
            ("maxCredits", self.max_credits),
            ("minHours", self.min_hours),
            ("maxHours", self.max_hours),
        ] {
            if x.is_some_and(|x| !x.is_finite() || x < 0.0) {
                return Err(bad(field, "must be a non-negative number"));
            }
        }
        if self.min_credits.is_some() || self.max_credits.is_some() {
            if self.credit_system.is_none() {
                return Err(bad(
                    "minCredits",
                    "needs creditSystem (credits of which system?)",
                ));
            }
            out.push(number("credits", self.min_credits, self.max_credits));
        }
        if let Some(min) = self.min_hours {
            out.push(number("hoursMax", Some(min), None));
        }
        if let Some(max) = self.max_hours {
            out.push(number("hoursMin", None, Some(max)));
        }
        Ok(out)
    }
}

impl Network {
    /// The institutions [`Self::institutions`] in `country` (all of them with no country).
    async fn institutions_in(&self, country: Option<&str>) -> Result<Vec<String>, DbErr> {
        let (all, members) = self.institutions_with_members().await?;
        let Some(country) = country else {
            return Ok(all);
        };
        let own =
            crate::institution::load(&self.federation.db, &self.federation.node_config).await?;
        let of = |entity: &str| {
            if entity == self.entity_id() {
                return Some(own.country.as_str());
            }
            members
                .iter()
                .find(|m| m.entity == entity)?
                .country
                .as_deref()
        };
        Ok(all
            .iter()
            .filter(|e| of(e).is_some_and(|c| c.eq_ignore_ascii_case(country)))
            .cloned()
            .collect())
    }

    /// The page of the network catalogue that `search` asks for.
    pub async fn search(
        &self,
        search: &AchievementSearch,
    ) -> Result<Result<AchievementResults, SearchError>, DbErr> {
        let (page, per_page) = match search.paging() {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let facets = match search.facets() {
            Ok(f) => f,
            Err(e) => return Ok(Err(e)),
        };
        let mut institutions = self.institutions_in(search.country.as_deref()).await?;
        if let Some(i) = &search.institution {
            let i = i.trim_end_matches('/');
            institutions.retain(|x| x == i);
        }
        let collections: Vec<String> = institutions
            .iter()
            .map(|i| collection_url(i, CATALOGUE))
            .collect();
        let db = &self.federation.db;
        let backend = db.get_database_backend();
        // Filtered, counted and ordered on the narrow index alone (the `collection` facet
        // carries the change's time); only the page's documents are read.
        let mut matching = Query::select()
            .from(Alias::new("shared_facet"))
            .and_where(Expr::col(Alias::new("facet")).eq("collection"))
            .and_where(Expr::col(Alias::new("value")).is_in(collections))
            .to_owned();
        let id = || Expr::col(Alias::new("object_id"));
        for f in facets {
            matching.and_where(id().in_subquery(f));
        }
        if !search.archived.unwrap_or(false) {
            matching.and_where(id().not_in_subquery(value("archived", "true")));
        }
        if let Some(text) = search.q.as_deref().and_then(|q| text_query(q, backend)) {
            // sea-query numbers `$1` for PostgreSQL; SQLite takes the positional `?`.
            let sql = match backend {
                DatabaseBackend::Postgres => {
                    "object_id IN (SELECT object_id FROM shared_text WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $1))"
                }
                _ => {
                    "object_id IN (SELECT t.object_id FROM shared_text_fts JOIN shared_text t ON t.id = shared_text_fts.rowid WHERE shared_text_fts MATCH ?)"
                }
            };
            matching.and_where(Expr::cust_with_values(sql, [text]));
        }
        let count = matching
            .clone()
            .expr_as(Expr::col(Alias::new("object_id")).count(), Alias::new("n"))
            .to_owned();
        let total = db
            .query_one(&count)
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        let page_ids = matching
            .column(Alias::new("object_id"))
            .order_by(Alias::new("number"), Order::Desc)
            .order_by(Alias::new("object_id"), Order::Asc)
            .limit(per_page)
            .offset((page - 1) * per_page)
            .to_owned();
        let ids: Vec<String> = db
            .query_all(&page_ids)
            .await?
            .iter()
            .map(|r| r.try_get::<String>("", "object_id"))
            .collect::<Result<_, _>>()?;
        let mut rows = shared_object::Entity::find()
            .filter(shared_object::Column::ObjectId.is_in(ids.clone()))
            .all(db)
            .await?;
        rows.sort_by_key(|r| ids.iter().position(|i| *i == r.object_id));
        let items = rows.iter().filter_map(NetworkAchievement::read).collect();
        let total = u64::try_from(total).unwrap_or(0);
        Ok(Ok(AchievementResults {
            items,
            total,
            page,
            per_page,
        }))
    }
}
