//! The staff's list of achievements: like the public catalogue, with the definitions, and
//! with archived ones when asked for (to find one to restore).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::achievements::{AchievementResponse, preferred, response};
use super::extract::ApiQuery;
use crate::app::AppState;
use crate::auth::{Caller, Role};
use crate::catalogue::{self, ListFilter};
use crate::error::{ApiError, Problem};

/// Filters for the staff list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AchievementQuery {
    /// Words in the name.
    pub q: Option<String>,
    /// Also list archived achievements (`true`); active ones only by default.
    pub archived: Option<bool>,
    /// Page (from 1).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size (1 to 100; 20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// A page of achievements for staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementPage {
    /// Achievements, most recently changed first (each says whether it is archived).
    pub items: Vec<AchievementResponse>,
    /// Matching achievements.
    pub total: u64,
    /// This page.
    pub page: u64,
}

/// Achievements with their definitions, most recently changed first; with
/// `archived=true`, archived ones too. Roles: any.
#[utoipa::path(get, path = "/api/v1/achievements", tag = "catalogue", security(("bearer" = [])),
    params(AchievementQuery),
    responses((status = 200, description = "A page of achievements", body = AchievementPage),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json")))]
pub async fn list_achievements(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AchievementQuery>,
) -> Result<Json<AchievementPage>, ApiError> {
    caller.require(&Role::ALL)?;
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 20, 100)?;
    let filter = ListFilter {
        q: q.q,
        achievement_type: None,
        field_of_study: None,
        include_archived: q.archived.unwrap_or(false),
        page,
        per_page,
    };
    let (records, total) = catalogue::list(&state.db, &filter).await?;
    let langs = preferred(&state).await?;
    let items = records
        .iter()
        .map(|r| response(&state, r, &langs))
        .collect();
    Ok(Json(AchievementPage { items, total, page }))
}
