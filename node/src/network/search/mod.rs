//! Searching the network catalogue: every catalogue entry this node holds of itself, its
//! coordinators and its active members, filtered by the facets the shared index keeps
//! (institution, country, field of study, levels, credit system and credits, hours,
//! language, framework items, participation form) and full text in every language
//! (words and word starts, accents and case ignored), newest change first, paged, from the
//! node's in-memory index of the entries it holds (decision 0030).

mod facets;
mod index;
mod refresh;

pub use refresh::{Institutions, REFRESH_EVERY, SearchIndex};

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::{IntoParams, ToSchema};

use super::Network;
use super::catalogue::NetworkAchievement;
use super::trust::CATALOGUE;
use crate::federation::shared::collection_url;

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
    #[schema(value_type = Vec<NetworkAchievement>)]
    pub items: Vec<Arc<RawValue>>,
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

    /// The index query of the filters (all but the institutions).
    fn query(&self, (page, per_page): (u64, u64)) -> Result<index::Query, SearchError> {
        let mut q = index::Query {
            archived: self.archived.unwrap_or(false),
            offset: (page - 1) * per_page,
            limit: per_page,
            ..index::Query::default()
        };
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
                q.values.push((facet, v.trim().to_owned()));
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
            q.ranges
                .push(("credits", self.min_credits, self.max_credits));
        }
        // Any overlap of the entry's hours with the range asked for.
        if let Some(min) = self.min_hours {
            q.ranges.push(("hoursMax", Some(min), None));
        }
        if let Some(max) = self.max_hours {
            q.ranges.push(("hoursMin", None, Some(max)));
        }
        q.words = facets::words(self.q.as_deref().unwrap_or_default())
            .into_iter()
            .take(10)
            .map(|w| w.chars().take(50).collect())
            .collect();
        Ok(q)
    }
}

impl Network {
    /// The page of the network catalogue that `search` asks for, as the index holds it
    /// (at most [`REFRESH_EVERY`] behind the database).
    pub fn search(&self, search: &AchievementSearch) -> Result<AchievementResults, SearchError> {
        let (page, per_page) = search.paging()?;
        let mut query = search.query((page, per_page))?;
        let found = self.search.with(|index, institutions, active| {
            let institution = search
                .institution
                .as_deref()
                .map(|i| i.trim_end_matches('/'));
            let country = search.country.as_deref().map(str::to_ascii_uppercase);
            if institution.is_some() || country.is_some() {
                let wanted = institutions.all.iter().filter(|e| {
                    institution.is_none_or(|i| i == e.as_str())
                        && country
                            .as_ref()
                            .is_none_or(|c| institutions.countries.get(e.as_str()) == Some(c))
                });
                query.collections = Some(wanted.map(|e| collection_url(e, CATALOGUE)).collect());
            }
            index.search(&query, Some(active))
        });
        Ok(AchievementResults {
            items: found.items,
            total: found.total,
            page,
            per_page,
        })
    }
}
