//! Frameworks over HTTP: the node's own under `/api/v1/frameworks` (drafts, publication,
//! deprecation; role-checked and audited) and the network's, public, under
//! `/network/frameworks` (JSON, and each version as a CASE 1.1 package).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mochila_protocol::framework::{FrameworkDefinition, case_package};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::framework::FrameworkVersionView;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::http::public_document::Public;
use crate::network::frameworks::{FrameworkQuery, NetworkFramework};
use crate::state::AppState;

/// Framework routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_frameworks, create_framework))
        .routes(routes!(get_version, replace_draft))
        .routes(routes!(publish_version))
        .routes(routes!(deprecate_version))
        .routes(routes!(network_frameworks))
        .routes(routes!(case_export))
}

const DESIGNERS: [Role; 2] = [Role::Admin, Role::Designer];

fn version_of(raw: &str) -> Result<i32, ApiError> {
    raw.parse::<i32>()
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| ApiError::invalid("version", "must be a positive integer"))
}

/// Every version of the node's frameworks (drafts included), by slug then version.
/// Roles: any.
#[utoipa::path(get, path = "/api/v1/frameworks", tag = "frameworks", security(("bearer" = [])),
    responses((status = 200, description = "The versions", body = Vec<FrameworkVersionView>)))]
pub async fn list_frameworks(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<FrameworkVersionView>>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(state.frameworks.list().await?))
}

/// Makes a draft: version 1 of a new framework, or the next version of one of the node's
/// frameworks (which must keep every item of the version before, marking removed ones
/// `deprecated`). Item IRIs are assigned (`{framework}/items/{code}`). Drafts are not
/// shared until published. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/frameworks", tag = "frameworks", security(("bearer" = [])),
    request_body(content = Object, description = "A framework definition (docs/protocol/frameworks.md)"),
    responses(
        (status = 201, description = "The draft", body = FrameworkVersionView),
        (status = 400, description = "Invalid definition: every field at fault", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The version before is still a draft", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create_framework(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(def): ApiJson<FrameworkDefinition>,
) -> Result<Response, ApiError> {
    caller.require(&DESIGNERS)?;
    let view = state.frameworks.create_draft(&caller, def).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// One version of one of the node's frameworks. Roles: any.
#[utoipa::path(get, path = "/api/v1/frameworks/{slug}/versions/{version}", tag = "frameworks",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The framework"), ("version" = i32, Path, minimum = 1, description = "The version")),
    responses(
        (status = 200, description = "The version", body = FrameworkVersionView),
        (status = 400, description = "`version` is not a positive integer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, version)): Path<(String, String)>,
) -> Result<Json<FrameworkVersionView>, ApiError> {
    caller.require(&Role::ALL)?;
    Ok(Json(
        state.frameworks.get(&slug, version_of(&version)?).await?,
    ))
}

/// Replaces a draft (a published version never changes: make the next one). Roles: admin,
/// designer.
#[utoipa::path(put, path = "/api/v1/frameworks/{slug}/versions/{version}", tag = "frameworks",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The framework"), ("version" = i32, Path, minimum = 1, description = "The version")),
    request_body(content = Object, description = "The framework definition"),
    responses(
        (status = 200, description = "The draft", body = FrameworkVersionView),
        (status = 400, description = "Invalid definition: every field at fault", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The version is published", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn replace_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, version)): Path<(String, String)>,
    ApiJson(def): ApiJson<FrameworkDefinition>,
) -> Result<Json<FrameworkVersionView>, ApiError> {
    caller.require(&DESIGNERS)?;
    let version = version_of(&version)?;
    Ok(Json(
        state
            .frameworks
            .replace_draft(&caller, &slug, version, def)
            .await?,
    ))
}

/// Publishes a draft: its content is fixed from now, and it is shared (signed) with every
/// member of the node's networks. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/frameworks/{slug}/versions/{version}/publish", tag = "frameworks",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The framework"), ("version" = i32, Path, minimum = 1, description = "The version")),
    responses(
        (status = 200, description = "Published", body = FrameworkVersionView),
        (status = 400, description = "`version` is not a positive integer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or the version before is one", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn publish_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, version)): Path<(String, String)>,
) -> Result<Json<FrameworkVersionView>, ApiError> {
    caller.require(&DESIGNERS)?;
    let version = version_of(&version)?;
    Ok(Json(
        state.frameworks.publish(&caller, &slug, version).await?,
    ))
}

/// Why a version is deprecated.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeprecationBody {
    /// Why (recorded in the audit log).
    pub reason: String,
}

/// Deprecates a published version: what aligned to it still resolves, new designs may not
/// use it; the change is shared with the network. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/frameworks/{slug}/versions/{version}/deprecate", tag = "frameworks",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The framework"), ("version" = i32, Path, minimum = 1, description = "The version")),
    request_body = DeprecationBody,
    responses(
        (status = 200, description = "Deprecated", body = FrameworkVersionView),
        (status = 400, description = "No reason", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn deprecate_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, version)): Path<(String, String)>,
    ApiJson(body): ApiJson<DeprecationBody>,
) -> Result<Json<FrameworkVersionView>, ApiError> {
    caller.require(&DESIGNERS)?;
    let version = version_of(&version)?;
    let reason = body.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::invalid("/reason", "must be 1 to 500 characters"));
    }
    let view = state.frameworks.deprecate(&caller, &slug, version, reason);
    Ok(Json(view.await?))
}

/// The network's frameworks: every published version of this node's and of every active
/// member's, as this node holds them (signed, pushed and caught up), with their items and
/// associations; deprecated ones only with `deprecated=true`. No learner data.
#[utoipa::path(get, path = "/network/frameworks", tag = "network",
    params(FrameworkQuery),
    responses(
        (status = 200, description = "The framework versions", body = Vec<NetworkFramework>),
        (status = 400, description = "An unknown or malformed parameter", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn network_frameworks(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<FrameworkQuery>,
) -> Result<Response, ApiError> {
    let items = state.network.frameworks(&q).await?;
    Ok(Public::new().max_age(60).apply(Json(items).into_response()))
}

/// Which version to export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// The version's IRI (`id` in `/network/frameworks`).
    pub id: String,
    /// The language of the texts (es, en, pt; es by default).
    pub lang: Option<String>,
}

/// A held framework version as a 1EdTech CASE 1.1 `CFPackage` (`CFDocument`, `CFItems`,
/// `CFAssociations`), for tools that read CASE.
#[utoipa::path(get, path = "/network/frameworks/case", tag = "network",
    params(CaseQuery),
    responses(
        (status = 200, description = "The CASE package", body = Object),
        (status = 400, description = "A malformed parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such framework version held here", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn case_export(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Result<Response, ApiError> {
    let lang = q.lang.as_deref().unwrap_or("es");
    if !mochila_protocol::framework::LANGUAGES.contains(&lang) {
        return Err(ApiError::invalid("lang", "must be es, en or pt"));
    }
    let held =
        state.network.held_framework(&q.id).await?.ok_or_else(|| {
            ApiError::NotFound(format!("no framework version {} is held here", q.id))
        })?;
    let f = &held.framework;
    let package = case_package(
        &f.definition,
        &held.id,
        &held.institution,
        &held.updated,
        lang,
        f.status == mochila_protocol::framework::FrameworkStatus::Deprecated,
    );
    Ok(Public::new()
        .max_age(300)
        .apply(Json(package).into_response()))
}
