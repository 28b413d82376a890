//! The network catalogue as a page for people (`/network/achievements` with `Accept:
//! text/html`): the search form, filled in again, and one page of results, each linking to
//! its institution's page.

use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::network::catalogue::NetworkAchievement;
use crate::network::search::{AchievementResults, AchievementSearch};
use crate::state::AppState;

fn workload(a: &Value) -> Option<String> {
    let w = &a["workload"];
    let value = w["workloadValue"].as_f64()?;
    let unit = w["workloadUnit"].as_str()?;
    let amount =
        serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string());
    Some(format!(
        "{} {unit}",
        amount.strip_suffix(".0").unwrap_or(&amount)
    ))
}

fn level(a: &Value) -> Option<String> {
    let levels: Vec<String> = a["qualificationLevel"]
        .as_array()?
        .iter()
        .filter_map(|l| {
            Some(format!(
                "{} {}",
                l["levelFrameworkName"].as_str()?,
                l["levelValue"].as_str()?
            ))
        })
        .collect();
    (!levels.is_empty()).then(|| levels.join(", "))
}

fn text(o: Option<f64>) -> String {
    o.map(|x| x.to_string()).unwrap_or_default()
}

/// The page of `results` for `search`, in `locale`.
pub async fn page(
    state: &AppState,
    search: &AchievementSearch,
    results: AchievementResults,
    locale: &mochila_pages::Locale,
) -> Result<Response, ApiError> {
    let lang = locale.lang.tag();
    let institutions = state.network.search.institutions();
    let names = &institutions.names;
    let items = results
        .items
        .iter()
        .filter_map(|raw| serde_json::from_str::<NetworkAchievement>(raw.get()).ok())
        .map(|r| {
            let a = &r.achievement;
            mochila_pages::NetworkItem {
                id_url: a["id"].as_str().unwrap_or_default().to_owned(),
                name: r.names[lang].as_str().unwrap_or(&r.name).to_owned(),
                description: a["description"].as_str().unwrap_or_default().to_owned(),
                institution: names
                    .get(&r.institution)
                    .cloned()
                    .unwrap_or_else(|| r.institution.clone()),
                workload: workload(a),
                level: level(a),
            }
        })
        .collect();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let link = |p: u64| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", s(&search.q)),
            ("country", s(&search.country)),
            ("eqfLevel", s(&search.eqf_level)),
            ("creditSystem", s(&search.credit_system)),
            ("minHours", text(search.min_hours)),
            ("maxHours", text(search.max_hours)),
            ("participationForm", s(&search.participation_form)),
            ("language", s(&search.language)),
        ] {
            if !v.is_empty() {
                q.append_pair(k, &v);
            }
        }
        q.append_pair("page", &p.to_string());
        q.append_pair("lang", lang);
        format!("/network/achievements?{}", q.finish())
    };
    let (page, per_page, total) = (results.page, results.per_page, results.total);
    let view = mochila_pages::NetworkCatalogueView {
        q: s(&search.q),
        country: s(&search.country),
        eqf_level: s(&search.eqf_level),
        credit_system: s(&search.credit_system),
        min_hours: text(search.min_hours),
        max_hours: text(search.max_hours),
        participation_form: s(&search.participation_form),
        language: s(&search.language),
        items,
        total,
        page,
        next_page_url: (page * per_page < total).then(|| link(page + 1)),
        prev_page_url: (page > 1).then(|| link(page - 1)),
    };
    let html = state
        .pages
        .network_catalogue(locale, &view)
        .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
