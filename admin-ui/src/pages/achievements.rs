//! The public, paged catalogue of the achievements an institution awards.

use serde::Serialize;

use super::{Pages, RenderError};
use crate::badge::{BadgeSvg, badge_svg};
use crate::i18n::{Locale, achievement_type_label};

/// One achievement in the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct AchievementSummary {
    /// The achievement's public URL (its `id`).
    pub id_url: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its type (e.g. `MicroCredential`).
    pub achievement_type: Option<String>,
    /// Notional workload, formatted.
    pub workload: Option<String>,
    /// Level, formatted.
    pub level: Option<String>,
    /// Its image; without one a generated badge is shown.
    pub image_url: Option<String>,
}

/// One page of the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct AchievementsView {
    /// The institution's name.
    pub institution: String,
    /// The words searched for, if any.
    pub query: Option<String>,
    /// The achievements on this page.
    pub items: Vec<AchievementSummary>,
    /// 1-based page number.
    pub page: u32,
    /// Link to the next page, if any.
    pub next_page_url: Option<String>,
    /// Link to the previous page, if any.
    pub prev_page_url: Option<String>,
}

#[derive(Serialize)]
struct Item<'a> {
    a: &'a AchievementSummary,
    badge: Option<String>,
    achievement_type: Option<String>,
}

#[derive(Serialize)]
struct CataloguePage<'a> {
    v: &'a AchievementsView,
    items: Vec<Item<'a>>,
}

impl Pages {
    /// The public achievement catalogue, one page of it.
    pub fn achievements(
        &self,
        locale: &Locale,
        view: &AchievementsView,
    ) -> Result<String, RenderError> {
        let lang = locale.lang;
        let items = view
            .items
            .iter()
            .map(|a| Item {
                a,
                achievement_type: a
                    .achievement_type
                    .as_deref()
                    .map(|t| achievement_type_label(lang, t)),
                badge: a.image_url.is_none().then(|| {
                    badge_svg(&BadgeSvg {
                        title: a.name.clone(),
                        issuer_name: view.institution.clone(),
                        year: String::new(),
                    })
                }),
            })
            .collect();
        let page = CataloguePage { v: view, items };
        self.render("achievements.html", locale, &page)
    }
}
