//! The catalogue over HTTP: designers manage definitions under `/api/v1/achievements`;
//! anyone lists them at `/achievements` and dereferences each achievement's `id` URL.

use crate::http::public_document::Public;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, RawBody, media_type};
use super::pages::PageLocale;
use crate::app::AppState;
use crate::auth::{Caller, Role};
use crate::catalogue::definition::text_in;
use crate::catalogue::{
    self, AchievementDefinition, AchievementRecord, ListFilter, Revision, render,
};
use crate::error::{ApiError, Problem};
use crate::institution;
use crate::store::rfc3339;

/// Largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// Catalogue routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            create_achievement,
            super::achievement_list::list_achievements
        ))
        .routes(routes!(get_achievement, update_achievement))
        .routes(routes!(archive_achievement))
        .routes(routes!(restore_achievement))
        .routes(routes!(put_image))
        .routes(routes!(list_public))
        .routes(routes!(public_achievement))
        .routes(routes!(public_version))
        .routes(routes!(get_image))
}

/// An achievement as the admin API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AchievementResponse {
    /// Its id.
    pub id: String,
    /// The current version.
    pub version: i32,
    /// Its public URL (the current version).
    pub url: String,
    /// The URL of this version (the Achievement `id` in credentials issued now).
    pub version_url: String,
    /// Whether it is archived (no issuance).
    pub archived: bool,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The definition.
    pub definition: AchievementDefinition,
    /// The Open Badges Achievement it publishes (primary language).
    pub achievement: Value,
}

pub(super) async fn preferred(state: &AppState) -> Result<Vec<String>, ApiError> {
    Ok(institution::load_or_seed(&state.db, &state.config)
        .await?
        .languages)
}

/// The admin API's view of an achievement, its texts in the first of `langs` it has.
pub(super) fn response(
    state: &AppState,
    r: &AchievementRecord,
    langs: &[String],
) -> AchievementResponse {
    let primary = r.definition.primary_language(langs);
    let at = r.location(&state.identity);
    AchievementResponse {
        id: r.achievement.id.clone(),
        version: r.version,
        url: state.identity.achievement_url(&r.achievement.id),
        version_url: at.id.clone(),
        archived: r.achievement.archived_at.is_some(),
        created_at: rfc3339(r.achievement.created_at),
        updated_at: rfc3339(r.achievement.updated_at),
        image_url: at.image.clone(),
        achievement: render::achievement_document(&r.definition, &at, &primary, &primary),
        definition: r.definition.clone(),
    }
}

/// Creates a microcredential definition (version 1). Roles: admin, designer. Every invalid
/// field is reported at once.
#[utoipa::path(post, path = "/api/v1/achievements", tag = "catalogue", security(("bearer" = [])),
    request_body = AchievementDefinition,
    responses(
        (status = 201, description = "Created", body = AchievementResponse),
        (status = 400, description = "Invalid definition: every field at fault", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role not allowed", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create_achievement(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(def): ApiJson<AchievementDefinition>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let langs = preferred(&state).await?;
    let fed = &state.federation;
    let (r, published) = catalogue::create(
        &state.db,
        &state.identity,
        &fed.publisher,
        &caller,
        def,
        &langs,
    )
    .await?;
    fed.published(&state.db, &published).await;
    let body = response(&state, &r, &langs);
    let mut resp = (StatusCode::CREATED, Json(&body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&body.url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// An achievement (current version) with its definition. Roles: any.
#[utoipa::path(get, path = "/api/v1/achievements/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    responses(
        (status = 200, description = "The achievement", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&Role::ALL)?;
    let langs = preferred(&state).await?;
    let r = catalogue::get(&state.db, &id).await?;
    Ok(Json(response(&state, &r, &langs)))
}

/// Replaces the definition: makes a new version (credentials already issued keep theirs).
/// Roles: admin, designer.
#[utoipa::path(put, path = "/api/v1/achievements/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    request_body = AchievementDefinition,
    responses(
        (status = 200, description = "The new version", body = AchievementResponse),
        (status = 400, description = "Invalid definition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn update_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(def): ApiJson<AchievementDefinition>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let langs = preferred(&state).await?;
    let fed = &state.federation;
    let (r, published) = catalogue::revise(
        &state.db,
        &state.identity,
        &fed.publisher,
        &caller,
        &id,
        Revision::Definition(Box::new(def)),
        &langs,
    )
    .await?;
    fed.published(&state.db, &published).await;
    Ok(Json(response(&state, &r, &langs)))
}

/// An optional reason for archiving or restoring.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionalReason {
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The reason in an optional JSON body.
fn optional_reason(body: &[u8]) -> Result<Option<String>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(super::extract::parse_json::<OptionalReason>(body)?.reason)
}

async fn set_archived(
    state: AppState,
    caller: Caller,
    id: String,
    archived: bool,
    reason: Option<String>,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let langs = preferred(&state).await?;
    let r = catalogue::set_archived(
        &state.db,
        &state.identity,
        &caller,
        &id,
        archived,
        reason.as_deref(),
    )
    .await?;
    Ok(Json(response(&state, &r, &langs)))
}

/// Archives an achievement: it stays published (issued credentials keep pointing at it) but
/// nothing more is issued. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/achievements/{id}/archive", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")), request_body = OptionalReason,
    responses((status = 200, description = "Archived", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")))]
pub async fn archive_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    set_archived(state, caller, id, true, optional_reason(&body)?).await
}

/// Restores an archived achievement. Roles: admin, designer.
#[utoipa::path(post, path = "/api/v1/achievements/{id}/restore", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")), request_body = OptionalReason,
    responses((status = 200, description = "Restored", body = AchievementResponse),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")))]
pub async fn restore_achievement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    set_archived(state, caller, id, false, optional_reason(&body)?).await
}

/// Sets the achievement's image (a new version): the body is the image itself, PNG
/// (`image/png`) or SVG (`image/svg+xml`, without scripts), at most 1 MiB. Roles: admin,
/// designer.
#[utoipa::path(put, path = "/api/v1/achievements/{id}/image", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Achievement id")),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses(
        (status = 200, description = "The new version", body = AchievementResponse),
        (status = 400, description = "Not a PNG or SVG image", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not image/png or image/svg+xml", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn put_image(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<AchievementResponse>, ApiError> {
    caller.require(&[Role::Admin, Role::Designer])?;
    let declared = media_type(&headers).unwrap_or_default();
    if !matches!(declared.as_str(), "image/png" | "image/svg+xml") {
        return Err(ApiError::UnsupportedMediaType(
            "send the image as image/png or image/svg+xml".into(),
        ));
    }
    if body.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "the image is {} bytes; at most {MAX_IMAGE_BYTES}",
            body.len()
        )));
    }
    let content_type = check_image(&body, &declared)?;
    let langs = preferred(&state).await?;
    let fed = &state.federation;
    let (r, published) = catalogue::revise(
        &state.db,
        &state.identity,
        &fed.publisher,
        &caller,
        &id,
        Revision::Image(content_type, body.to_vec()),
        &langs,
    )
    .await?;
    fed.published(&state.db, &published).await;
    Ok(Json(response(&state, &r, &langs)))
}

/// Checks that `bytes` are the image `declared` says; returns the content type to store.
fn check_image(bytes: &[u8], declared: &str) -> Result<String, ApiError> {
    use mochila_protocol::baking::inspect_image;
    let info = inspect_image(bytes)
        .map_err(|e| ApiError::invalid("body", format!("not an acceptable image: {e}")))?;
    let actual = info.kind.media_type();
    if actual != declared {
        return Err(ApiError::invalid(
            "Content-Type",
            format!("the body is {actual}, not {declared}"),
        ));
    }
    Ok(actual.to_owned())
}

/// Query of the public catalogue.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Words in the name.
    pub q: Option<String>,
    /// Only this `achievementType`.
    #[serde(rename = "type")]
    pub achievement_type: Option<String>,
    /// Only this field of study.
    pub field_of_study: Option<String>,
    /// Page (from 1).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size (1 to 100; 20 by default).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
    /// Language of the texts (`es`, `en`, `pt`).
    pub lang: Option<String>,
}

/// A page of the public catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CataloguePage {
    /// Achievements (JSON-LD, current versions).
    pub items: Vec<Value>,
    /// This page.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Achievements matching.
    pub total: u64,
    /// The next page, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The public catalogue: active achievements, newest changes first, filterable. JSON, or
/// an HTML page for browsers (`Accept: text/html`).
#[utoipa::path(get, path = "/achievements", tag = "catalogue", params(CatalogueQuery),
    responses((status = 200, description = "A page of achievements", body = CataloguePage),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json")))]
pub async fn list_public(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
    PageLocale(locale): PageLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 20, 100)?;
    let lang = crate::issuance::valid_lang(q.lang.as_deref())?;
    let filter = ListFilter {
        q: q.q.clone(),
        achievement_type: q.achievement_type.clone(),
        field_of_study: q.field_of_study.clone(),
        include_archived: false,
        page,
        per_page,
    };
    let (records, total) = catalogue::list(&state.db, &filter).await?;
    let langs = preferred(&state).await?;
    if super::extract::json_media_type(&headers).is_none() {
        return catalogue_page(&state, &q, &locale, &records, page, per_page, total).await;
    }
    let items = records
        .iter()
        .map(|r| {
            let primary = r.definition.primary_language(&langs);
            render::achievement_document(
                &r.definition,
                &r.location(&state.identity),
                lang.unwrap_or(&primary),
                &primary,
            )
        })
        .collect();
    let next = (page * per_page < total).then(|| {
        format!(
            "{}/achievements?page={}&perPage={per_page}",
            state.identity.base,
            page + 1
        )
    });
    Ok(public_json(
        Json(CataloguePage {
            items,
            page,
            per_page,
            total,
            next,
        })
        .into_response(),
    ))
}

/// The catalogue as an HTML page, in the reader's language.
async fn catalogue_page(
    state: &AppState,
    q: &CatalogueQuery,
    locale: &mochila_admin_ui::Locale,
    records: &[AchievementRecord],
    page: u64,
    per_page: u64,
    total: u64,
) -> Result<Response, ApiError> {
    let lang = locale.lang;
    let profile = institution::load_or_seed(&state.db, &state.config).await?;
    let l = lang.tag();
    let items = records
        .iter()
        .map(|r| {
            let d = &r.definition;
            let primary = d.primary_language(&profile.languages);
            mochila_admin_ui::AchievementSummary {
                id_url: state.identity.achievement_url(&r.achievement.id),
                name: text_in(&d.name, l, &primary).to_owned(),
                description: text_in(&d.description, l, &primary).to_owned(),
                achievement_type: Some(d.achievement_type.clone()),
                workload: d.workload_label(),
                level: d.level_label(),
                image_url: r.image_id.as_deref().map(|i| state.identity.image_url(i)),
            }
        })
        .collect();
    let link = |p: u64| {
        format!(
            "{}/achievements?page={p}&perPage={per_page}&lang={l}",
            state.identity.base
        )
    };
    let view = mochila_admin_ui::AchievementsView {
        institution: profile.legal_name,
        query: q.q.clone().filter(|s| !s.trim().is_empty()),
        items,
        page: u32::try_from(page).unwrap_or(u32::MAX),
        next_page_url: (page * per_page < total).then(|| link(page + 1)),
        prev_page_url: (page > 1).then(|| link(page - 1)),
    };
    let html = state
        .pages
        .achievements(locale, &view)
        .map_err(ApiError::internal)?;
    Ok(axum::response::Html(html).into_response())
}

fn public_json(resp: Response) -> Response {
    Public::new().max_age(60).apply(resp)
}

fn ld(value: Value) -> Response {
    Public::new()
        .content_type("application/ld+json")
        .max_age(60)
        .apply(Json(value).into_response())
}

/// Language of a public document.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `es`, `en` or `pt`.
    pub lang: Option<String>,
}

/// JSON-LD for machines, the achievement's page for browsers (`Accept: text/html`).
async fn public_document(
    state: &AppState,
    r: &AchievementRecord,
    lang: Option<&str>,
    locale: &mochila_admin_ui::Locale,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    if super::extract::json_media_type(headers).is_none() {
        return super::achievement_page::page(state, r, locale).await;
    }
    let langs = preferred(state).await?;
    let primary = r.definition.primary_language(&langs);
    let lang = crate::issuance::valid_lang(lang)?.unwrap_or(&primary);
    Ok(ld(render::achievement_document(
        &r.definition,
        &r.location(&state.identity),
        lang,
        &primary,
    )))
}

/// An achievement's current version as Open Badges JSON-LD.
#[utoipa::path(get, path = "/achievements/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Achievement id"), LangQuery),
    responses((status = 200, description = "Achievement: JSON-LD, or its page for browsers",
            content((Object = "application/ld+json"), (Object = "application/json"), (String = "text/html"))),
        (status = 404, description = "No such achievement", body = Problem, content_type = "application/problem+json")))]
pub async fn public_achievement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
    PageLocale(locale): PageLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let r = catalogue::get(&state.db, &id).await?;
    public_document(&state, &r, q.lang.as_deref(), &locale, &headers).await
}

/// One version of an achievement (the `id` of the Achievement in credentials) as JSON-LD.
#[utoipa::path(get, path = "/achievements/{id}/versions/{version}", tag = "catalogue",
    params(("id" = String, Path, description = "Achievement id"), ("version" = i32, Path, description = "Version"), LangQuery),
    responses((status = 200, description = "Achievement: JSON-LD, or its page for browsers",
            content((Object = "application/ld+json"), (Object = "application/json"), (String = "text/html"))),
        (status = 404, description = "No such achievement or version", body = Problem, content_type = "application/problem+json")))]
pub async fn public_version(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<LangQuery>,
    PageLocale(locale): PageLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let version: i32 = version
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no version {version:?} of achievement {id}")))?;
    let r = catalogue::get_version(&state.db, &id, version).await?;
    public_document(&state, &r, q.lang.as_deref(), &locale, &headers).await
}

/// An achievement image. SVG images are served with a policy that forbids scripts.
#[utoipa::path(get, path = "/images/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Image id (SHA-256)")),
    responses((status = 200, description = "The image", content_type = "image/png", body = Vec<u8>),
        (status = 404, description = "No such image", body = Problem, content_type = "application/problem+json")))]
pub async fn get_image(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let image = catalogue::image(&state.db, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no image {id}")))?;
    let mut resp = Public::new()
        .immutable()
        .apply((StatusCode::OK, image.bytes).into_response());
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&image.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
    );
    Ok(resp)
}
