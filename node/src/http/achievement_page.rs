//! An achievement's page for people: what `/achievements/{id}` (and a version's URL) shows
//! a browser, in its language (es/en/pt); machines get the JSON-LD at the same URL.

use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};

use crate::app::AppState;
use crate::catalogue::AchievementRecord;
use crate::catalogue::definition::text_in;
use crate::error::ApiError;
use crate::institution;

/// The page of `r`, in the language of `?lang=` or the browser's.
pub async fn page(
    state: &AppState,
    r: &AchievementRecord,
    headers: &HeaderMap,
    lang: Option<&str>,
) -> Result<Response, ApiError> {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = mochila_admin_ui::Lang::negotiate(lang, accept);
    let profile = institution::load_or_seed(&state.db, &state.config).await?;
    let d = &r.definition;
    let l = lang.tag();
    let primary = d.primary_language(&profile.languages);
    let outcomes = crate::catalogue::outcomes_in(d, l, &primary)
        .cloned()
        .unwrap_or_default();
    let view = mochila_admin_ui::AchievementView {
        institution: profile.legal_name,
        id_url: state.identity.achievement_url(&r.achievement.id),
        catalogue_url: format!("{}/achievements?lang={l}", state.identity.base),
        name: text_in(&d.name, l, &primary).to_owned(),
        description: text_in(&d.description, l, &primary).to_owned(),
        achievement_type: Some(d.achievement_type.clone()),
        field_of_study: d.field_of_study.clone(),
        workload: d.workload_label(),
        level: d.level_label(),
        criteria: Some(text_in(&d.criteria, l, &primary).to_owned()).filter(|c| !c.is_empty()),
        learning_outcomes: outcomes,
        assessment: d.assessment_types.clone(),
        participation: d.participation_form.clone(),
        quality_assurance: d
            .quality_assurance
            .iter()
            .map(|q| format!("{}: {}", q.kind, q.body))
            .collect(),
        prerequisites: d.prerequisites.clone(),
        image_url: r.image_id.as_deref().map(|i| state.identity.image_url(i)),
        version: r.version,
    };
    let html = state
        .pages
        .achievement(lang, &view)
        .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
