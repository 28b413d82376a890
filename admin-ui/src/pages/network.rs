//! The network catalogue page: a search form (words, country, level, credit system, hours,
//! participation, language) and the matching achievements of every member institution,
//! each linking to its institution's own page.

use mochila_protocol::credential::vocabulary::{CONCEPTS, Scheme};
use serde::Serialize;

use super::{Pages, RenderError};
use crate::i18n::Locale;

/// One achievement found.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkItem {
    /// Its page at its institution.
    pub id_url: String,
    /// Its name in the page language (else its first).
    pub name: String,
    /// Its description.
    pub description: String,
    /// The institution that offers it (its name, else its entity id).
    pub institution: String,
    /// Notional workload, formatted.
    pub workload: Option<String>,
    /// Level, formatted.
    pub level: Option<String>,
}

/// The search as asked (to fill the form again) and one page of results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NetworkCatalogueView {
    /// Words searched for.
    pub q: String,
    /// Country code asked for.
    pub country: String,
    /// EQF level asked for.
    pub eqf_level: String,
    /// Credit system asked for.
    pub credit_system: String,
    /// Least hours asked for.
    pub min_hours: String,
    /// Most hours asked for.
    pub max_hours: String,
    /// Participation form asked for.
    pub participation_form: String,
    /// Language asked for.
    pub language: String,
    /// The achievements on this page.
    pub items: Vec<NetworkItem>,
    /// How many match.
    pub total: u64,
    /// 1-based page number.
    pub page: u64,
    /// Link to the next page, if any.
    pub next_page_url: Option<String>,
    /// Link to the previous page, if any.
    pub prev_page_url: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: String,
}

#[derive(Serialize)]
struct NetworkPage<'a> {
    v: &'a NetworkCatalogueView,
    participation: Vec<Choice>,
    credit_systems: Vec<Choice>,
    levels: Vec<Choice>,
    languages: Vec<Choice>,
}

fn choices(scheme: Scheme, lang: &str) -> Vec<Choice> {
    CONCEPTS
        .iter()
        .filter(|c| c.scheme == scheme)
        .map(|c| Choice {
            value: c.code,
            label: c.label(lang).to_owned(),
        })
        .collect()
}

impl Pages {
    /// The network catalogue, one page of a search.
    pub fn network_catalogue(
        &self,
        locale: &Locale,
        view: &NetworkCatalogueView,
    ) -> Result<String, RenderError> {
        let lang = locale.lang.tag();
        const LEVELS: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];
        let page = NetworkPage {
            v: view,
            participation: choices(Scheme::ParticipationForm, lang),
            credit_systems: choices(Scheme::CreditSystem, lang),
            levels: LEVELS
                .iter()
                .map(|l| Choice {
                    value: l,
                    label: (*l).to_owned(),
                })
                .collect(),
            languages: [("es", "Español"), ("en", "English"), ("pt", "Português")]
                .into_iter()
                .map(|(value, label)| Choice {
                    value,
                    label: label.to_owned(),
                })
                .collect(),
        };
        self.render("network.html", locale, &page)
    }
}
