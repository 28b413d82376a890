//! The public page of one achievement of the catalogue, for people (its JSON-LD is at the
//! same URL for machines).

use serde::Serialize;

use super::{Pages, RenderError};
use crate::badge::{BadgeSvg, badge_svg};
use crate::i18n::{Locale, achievement_type_label};

/// Everything the achievement page shows (plain data the node fills in, texts in the page
/// language where the definition has them).
#[derive(Debug, Clone, Serialize)]
pub struct AchievementView {
    /// The institution's name.
    pub institution: String,
    /// The achievement's URL (JSON-LD for machines, this page for browsers).
    pub id_url: String,
    /// The catalogue page.
    pub catalogue_url: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its type (e.g. `MicroCredential`).
    pub achievement_type: Option<String>,
    /// Field of study.
    pub field_of_study: Option<String>,
    /// Notional workload, formatted.
    pub workload: Option<String>,
    /// Level, formatted.
    pub level: Option<String>,
    /// The criteria narrative.
    pub criteria: Option<String>,
    /// Learning outcomes.
    pub learning_outcomes: Vec<String>,
    /// Assessment types.
    pub assessment: Vec<String>,
    /// Form of participation.
    pub participation: Option<String>,
    /// Quality assurance (type and body).
    pub quality_assurance: Vec<String>,
    /// Prerequisites.
    pub prerequisites: Vec<String>,
    /// Its image; without one a generated badge is shown.
    pub image_url: Option<String>,
    /// The version shown.
    pub version: i32,
}

#[derive(Serialize)]
struct AchievementPage<'a> {
    a: &'a AchievementView,
    achievement_type: Option<String>,
    badge: Option<String>,
}

impl Pages {
    /// The public page of one achievement.
    pub fn achievement(
        &self,
        locale: &Locale,
        view: &AchievementView,
    ) -> Result<String, RenderError> {
        let lang = locale.lang;
        let page = AchievementPage {
            a: view,
            achievement_type: view
                .achievement_type
                .as_deref()
                .map(|t| achievement_type_label(lang, t)),
            badge: view.image_url.is_none().then(|| {
                badge_svg(&BadgeSvg {
                    title: view.name.clone(),
                    issuer_name: view.institution.clone(),
                    year: String::new(),
                })
            }),
        };
        self.render("achievement.html", locale, &page)
    }
}
