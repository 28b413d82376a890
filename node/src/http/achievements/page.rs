//! An achievement's page for people: what `/achievements/{id}` (and a version's URL) shows
//! a browser, in its language (es/en/pt); machines get the JSON-LD at the same URL.

use axum::response::{Html, IntoResponse, Response};
use mochila_pages::{Locale, Term, term_label};
use mochila_protocol::credential::vocabulary::Scheme;

use crate::catalogue::AchievementRecord;
use crate::catalogue::definition::text_in;
use crate::error::ApiError;
use crate::institution;
use crate::state::AppState;

/// A definition's vocabulary code (with `name` beside it, for quality assurance the body)
/// named in the page language.
fn named(locale: &Locale, scheme: Scheme, code: &str, name: &str) -> String {
    let term = Term {
        code: Some(code.to_owned()),
        name: name.to_owned(),
    };
    term_label(locale.lang, scheme, &term)
}

/// The page of `r`, in the page's language.
pub async fn page(
    state: &AppState,
    r: &AchievementRecord,
    locale: &Locale,
) -> Result<Response, ApiError> {
    let lang = locale.lang;
    let profile = institution::load(&state.db, &state.config).await?;
    let d = &r.definition;
    let l = lang.tag();
    let primary = d.primary_language(&profile.languages);
    let outcomes = crate::catalogue::outcomes_in(d, l, &primary)
        .cloned()
        .unwrap_or_default();
    let view = mochila_pages::AchievementView {
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
        assessment: d
            .assessment_types
            .iter()
            .map(|a| named(locale, Scheme::AssessmentType, a, a))
            .collect(),
        participation: d
            .participation_form
            .as_deref()
            .map(|p| named(locale, Scheme::ParticipationForm, p, p)),
        quality_assurance: d
            .quality_assurance
            .iter()
            .map(|q| named(locale, Scheme::QualityAssurance, &q.kind, &q.body))
            .collect(),
        prerequisites: d.prerequisites.clone(),
        image_url: r.image_id.as_deref().map(|i| state.identity.image_url(i)),
        version: r.version,
    };
    let html = state
        .pages
        .achievement(locale, &view)
        .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
