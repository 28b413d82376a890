//! Listing issued credentials in the admin API: a JSON page, or every match as a
//! spreadsheet-safe CSV of learners and their credential URLs for a mail merge.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::ApiQuery;
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::issuance::listing::{Filter, Sort};
use crate::issuance::records::CredentialPage;
use crate::state::AppState;

/// Filters for listing credentials.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CredentialQuery {
    /// Only this achievement.
    pub achievement_id: Option<String>,
    /// Only this batch.
    pub batch_id: Option<String>,
    /// Sort key: `issuedAt`, `name`, `externalId` or `line`, ascending; prefix `-` for
    /// descending. Newest first (`-issuedAt`) by default.
    pub sort: Option<String>,
    /// `json` (a page; default) or `csv` (every match, up to 100000: name, externalId,
    /// line, url, state, issuedAt, achievementId, batchId).
    #[param(pattern = "^(json|csv)$")]
    pub format: Option<String>,
    /// Page (from 1; JSON only).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size (1 to 500; 50 by default; JSON only).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<u64>,
}

/// Issued credentials, newest first unless `sort` says otherwise; with `format=csv`, every
/// match as a CSV download. Roles: any.
#[utoipa::path(get, path = "/api/v1/credentials", tag = "credentials", security(("bearer" = [])), params(CredentialQuery),
    responses((status = 200, description = "A page of credentials, or a CSV with format=csv",
            content((CredentialPage = "application/json"), (String = "text/csv"))),))]
pub async fn list_credentials(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CredentialQuery>,
) -> Result<Response, ApiError> {
    caller.require(&Role::ALL)?;
    let sort: Sort = match q.sort.as_deref() {
        Some(s) => s.parse().map_err(|e| ApiError::invalid("?sort", e))?,
        None => Sort::default(),
    };
    let filter = Filter {
        achievement_id: q.achievement_id,
        batch_id: q.batch_id,
    };
    match q.format.as_deref().unwrap_or("json") {
        "json" => {
            let paging = super::extract::paging(q.page, q.per_page, 50, 500)?;
            let page = state.issuer.credential_page(&filter, sort, paging).await?;
            Ok(Json(page).into_response())
        }
        "csv" => Ok(csv_download(
            state.issuer.credential_csv(&filter, sort).await?,
            "credentials.csv",
        )),
        _ => Err(ApiError::invalid("?format", "must be json or csv")),
    }
}

/// `body` as a CSV file download named `filename`.
pub fn csv_download(body: String, filename: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}
