//! The three languages of the pages and the choice between them.

use serde::Serialize;

mod countries;
mod en;
mod es;
mod locale;
mod pt;
mod terms;

pub use locale::Locale;
pub use terms::{Term, date_range, term_label};

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Español (the default: most network members write it).
    Es,
    /// English.
    En,
    /// Português.
    Pt,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
            Lang::Pt => "pt",
        }
    }

    /// Its column in the `[es, en, pt]` tables of names.
    fn column(self) -> usize {
        match self {
            Lang::Es => 0,
            Lang::En => 1,
            Lang::Pt => 2,
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            "pt" => Some(Lang::Pt),
            _ => None,
        }
    }

    /// Picks the language: an explicit `?lang=` first, then the best `Accept-Language`
    /// entry we speak (by q-value), then Spanish.
    pub fn negotiate(query: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(lang) = query.and_then(Self::from_tag) {
            return lang;
        }
        let mut best: Option<(f32, Lang)> = None;
        for entry in accept_language.unwrap_or_default().split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Self::from_tag) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Es, |(_, lang)| lang)
    }
}

/// Translations of the page texts, by key, for one language.
pub fn texts(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Es => es::TEXTS,
        Lang::En => en::TEXTS,
        Lang::Pt => pt::TEXTS,
    }
}

/// A date in words, e.g. `29 de noviembre de 2026`, from the `YYYY-MM-DD` start of an RFC 3339
/// timestamp; other text is returned as it is.
pub fn long_date(lang: Lang, rfc3339: &str) -> String {
    let parts = rfc3339
        .get(..10)
        .filter(|d| d.as_bytes().get(4) == Some(&b'-') && d.as_bytes().get(7) == Some(&b'-'))
        .and_then(|d| {
            let year: u32 = d.get(..4)?.parse().ok()?;
            let month: usize = d.get(5..7)?.parse().ok()?;
            let day: u32 = d.get(8..10)?.parse().ok()?;
            Some((year, month.checked_sub(1)?, day))
        });
    let Some((year, month, day)) = parts else {
        return rfc3339.to_owned();
    };
    let names = match lang {
        Lang::Es => es::MONTHS,
        Lang::En => en::MONTHS,
        Lang::Pt => pt::MONTHS,
    };
    let Some(name) = names.get(month) else {
        return rfc3339.to_owned();
    };
    match lang {
        Lang::En => format!("{day} {name} {year}"),
        Lang::Es | Lang::Pt => format!("{day} de {name} de {year}"),
    }
}

/// The name of the country with ISO 3166-1 alpha-2 `code` in `lang` (e.g. `MX` is
/// `México` in Spanish); anything else (a name already, an unknown code) is returned as it is.
pub fn country_name(lang: Lang, code: &str) -> String {
    let upper = code.trim().to_ascii_uppercase();
    countries::COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(upper.as_str()))
        .ok()
        .and_then(|i| countries::COUNTRIES[i].1.get(lang.column()))
        .map_or_else(|| code.to_owned(), |name| (*name).to_owned())
}

/// The name of an Open Badges 3.0 `achievementType` value in `lang` (e.g. `MicroCredential`
/// is `Microcredencial` in Spanish); other values, such as an already translated label or an
/// `ext:` type, are returned as they are.
pub fn achievement_type_label(lang: Lang, achievement_type: &str) -> String {
    const TYPES: &[(&str, [&str; 3])] = &[
        // (OB 3.0 value, [es, en, pt])
        ("Achievement", ["Logro", "Achievement", "Conquista"]),
        ("Assessment", ["Evaluación", "Assessment", "Avaliação"]),
        ("Award", ["Premio", "Award", "Prêmio"]),
        ("Badge", ["Insignia", "Badge", "Insígnia"]),
        ("Certificate", ["Certificado", "Certificate", "Certificado"]),
        (
            "Certification",
            ["Certificación", "Certification", "Certificação"],
        ),
        ("Competency", ["Competencia", "Competency", "Competência"]),
        ("Course", ["Curso", "Course", "Curso"]),
        ("Degree", ["Título", "Degree", "Diploma de graduação"]),
        ("Diploma", ["Diploma", "Diploma", "Diploma"]),
        ("License", ["Licencia", "Licence", "Licença"]),
        (
            "MicroCredential",
            ["Microcredencial", "Microcredential", "Microcredencial"],
        ),
        ("Module", ["Módulo", "Module", "Módulo"]),
        (
            "Specialization",
            ["Especialización", "Specialisation", "Especialização"],
        ),
    ];
    TYPES
        .iter()
        .find(|(value, _)| *value == achievement_type)
        .and_then(|(_, names)| names.get(lang.column()))
        .map_or_else(|| achievement_type.to_owned(), |name| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_beats_header_and_q_values_count() {
        assert_eq!(Lang::negotiate(Some("pt"), Some("en")), Lang::Pt);
        assert_eq!(
            Lang::negotiate(None, Some("fr, en;q=0.5, pt-BR;q=0.8")),
            Lang::Pt
        );
        assert_eq!(Lang::negotiate(None, Some("de")), Lang::Es);
        assert_eq!(Lang::negotiate(Some("xx"), None), Lang::Es);
    }

    #[test]
    fn every_language_has_every_key() {
        let keys = |l| texts(l).iter().map(|(k, _)| *k).collect::<Vec<_>>();
        assert_eq!(keys(Lang::Es), keys(Lang::En));
        assert_eq!(keys(Lang::Es), keys(Lang::Pt));
        let mut sorted = keys(Lang::Es);
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), keys(Lang::Es).len(), "duplicate key");
    }

    #[test]
    fn achievement_types_are_named() {
        assert_eq!(
            achievement_type_label(Lang::Es, "MicroCredential"),
            "Microcredencial"
        );
        assert_eq!(achievement_type_label(Lang::Pt, "Course"), "Curso");
        assert_eq!(
            achievement_type_label(Lang::En, "ext:Bootcamp"),
            "ext:Bootcamp"
        );
    }

    #[test]
    fn countries_are_named_in_the_page_language() {
        assert_eq!(country_name(Lang::Es, "MX"), "México");
        assert_eq!(country_name(Lang::En, "mx"), "Mexico");
        assert_eq!(country_name(Lang::Pt, "US"), "Estados Unidos");
        assert_eq!(country_name(Lang::Es, "GT"), "Guatemala");
        assert_eq!(country_name(Lang::En, "Chile"), "Chile");
        assert_eq!(country_name(Lang::En, ""), "");
        let codes: Vec<&str> = countries::COUNTRIES.iter().map(|(c, _)| *c).collect();
        assert!(codes.is_sorted(), "binary search needs sorted codes");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(
            long_date(Lang::Es, "2026-11-29T10:00:00Z"),
            "29 de noviembre de 2026"
        );
        assert_eq!(long_date(Lang::En, "2026-01-05"), "5 January 2026");
        assert_eq!(
            long_date(Lang::Pt, "2026-03-01T00:00:00-03:00"),
            "1 de março de 2026"
        );
        assert_eq!(long_date(Lang::En, "2026-13-01"), "2026-13-01");
        assert_eq!(long_date(Lang::En, "soon"), "soon");
    }
}
