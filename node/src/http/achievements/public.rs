//! Anyone lists the catalogue at `/achievements` and dereferences each achievement's `id`
//! URL (JSON-LD for machines, a page for browsers), and its image.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::catalogue::definition::text_in;
use crate::catalogue::{self, AchievementRecord, Lang, ListFilter, render};
use crate::error::{ApiError, Problem};
use crate::http::extract::{self, ApiQuery};
use crate::http::pages::PageLocale;
use crate::http::public_document::Public;
use crate::institution;
use crate::state::AppState;

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
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
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
    responses((status = 200, description = "A page of achievements", body = CataloguePage),))]
pub async fn list_public(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
    PageLocale(locale): PageLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (page, per_page) = extract::paging(q.page, q.per_page, 20, 100)?;
    let lang = q.lang.map(Lang::as_str);
    let filter = ListFilter {
        q: q.q.clone(),
        achievement_type: q.achievement_type.clone(),
        field_of_study: q.field_of_study.clone(),
        include_archived: false,
        page,
        per_page,
    };
    let (records, total) = catalogue::list(&state.db, &filter).await?;
    let langs = state.catalogue.languages().await?;
    if extract::json_media_type(&headers).is_none() {
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
    locale: &mochila_pages::Locale,
    records: &[AchievementRecord],
    page: u64,
    per_page: u64,
    total: u64,
) -> Result<Response, ApiError> {
    let lang = locale.lang;
    let profile = institution::load(&state.db, &state.config).await?;
    let l = lang.tag();
    let items = records
        .iter()
        .map(|r| {
            let d = &r.definition;
            let primary = d.primary_language(&profile.languages);
            mochila_pages::AchievementSummary {
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
    let view = mochila_pages::AchievementsView {
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
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

/// JSON-LD for machines, the achievement's page for browsers (`Accept: text/html`).
async fn public_document(
    state: &AppState,
    r: &AchievementRecord,
    lang: Option<Lang>,
    locale: &mochila_pages::Locale,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    if extract::json_media_type(headers).is_none() {
        return super::page::page(state, r, locale).await;
    }
    let langs = state.catalogue.languages().await?;
    let primary = r.definition.primary_language(&langs);
    Ok(ld(render::achievement_document(
        &r.definition,
        &r.location(&state.identity),
        lang.map_or(primary.as_str(), |l| l.as_str()),
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
    public_document(&state, &r, q.lang, &locale, &headers).await
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
    public_document(&state, &r, q.lang, &locale, &headers).await
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
