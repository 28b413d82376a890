//! Values a credential aligns to the controlled vocabularies of the standard credential
//! profile (form of participation, quality assurance, ...), named in the page language.

use mochila_protocol::credential::vocabulary::{Scheme, concept};
use serde::{Deserialize, Serialize};

use super::{Lang, long_date};

/// A value aligned to a controlled vocabulary: its code there (`targetCode`) and its name
/// as the credential writes it (`targetName`, for quality assurance the body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The vocabulary code, e.g. `blended`.
    pub code: Option<String>,
    /// The name in the credential's language.
    pub name: String,
}

/// `term` in `lang`: the vocabulary's label for its code, else its own name. A quality
/// assurance term names its type and its body (`Acreditación externa: CNA-Chile`).
pub fn term_label(lang: Lang, scheme: Scheme, term: &Term) -> String {
    let label = term
        .code
        .as_deref()
        .and_then(|code| concept(scheme, code))
        .map(|c| c.label(lang.tag()));
    match label {
        Some(label) if scheme == Scheme::QualityAssurance && label != term.name => {
            format!("{label}: {}", term.name)
        }
        Some(label) => label.to_owned(),
        None => term.name.clone(),
    }
}

/// An activity's dates in words: `2 de marzo de 2026 – 26 de junio de 2026`, or the one
/// that is known.
pub fn date_range(lang: Lang, start: Option<&str>, end: Option<&str>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) if s.get(..10) == e.get(..10) => Some(long_date(lang, s)),
        (Some(s), Some(e)) => Some(format!("{} – {}", long_date(lang, s), long_date(lang, e))),
        (Some(one), None) | (None, Some(one)) => Some(long_date(lang, one)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(code: Option<&str>, name: &str) -> Term {
        Term {
            code: code.map(str::to_owned),
            name: name.to_owned(),
        }
    }

    #[test]
    fn codes_are_named_in_the_page_language() {
        let blended = term(Some("blended"), "Mixta");
        assert_eq!(
            term_label(Lang::En, Scheme::ParticipationForm, &blended),
            "Blended"
        );
        assert_eq!(
            term_label(Lang::Es, Scheme::ParticipationForm, &blended),
            "Mixta"
        );
        let qa = term(Some("ExternalAccreditation"), "CNA-Chile");
        assert_eq!(
            term_label(Lang::En, Scheme::QualityAssurance, &qa),
            "External accreditation: CNA-Chile"
        );
        let unknown = term(Some("elsewhere"), "Otra forma");
        assert_eq!(
            term_label(Lang::Pt, Scheme::ParticipationForm, &unknown),
            "Otra forma"
        );
    }

    #[test]
    fn activity_dates_in_words() {
        assert_eq!(
            date_range(
                Lang::Es,
                Some("2026-03-02T00:00:00Z"),
                Some("2026-06-26T00:00:00Z")
            ),
            Some("2 de marzo de 2026 – 26 de junio de 2026".to_owned())
        );
        assert_eq!(
            date_range(Lang::En, None, Some("2026-06-26")),
            Some("26 June 2026".to_owned())
        );
        assert_eq!(date_range(Lang::En, None, None), None);
    }
}
