//! The three languages of the pages and the choice between them.

use serde::Serialize;

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
        Lang::Es => &[
            ("tagline", "Nodo de microcredenciales de la red Mochila"),
            ("identity", "Identidad digital"),
            ("did", "Identificador descentralizado (DID)"),
            ("did_document", "Documento DID"),
            ("profile", "Perfil de emisor (Open Badges 3.0)"),
            ("api", "API del nodo"),
            ("api_docs", "Documentación interactiva de la API"),
            ("country", "País"),
            ("contact", "Contacto"),
            ("languages", "Idiomas"),
        ],
        Lang::En => &[
            ("tagline", "Microcredential node of the Mochila network"),
            ("identity", "Digital identity"),
            ("did", "Decentralised identifier (DID)"),
            ("did_document", "DID document"),
            ("profile", "Issuer profile (Open Badges 3.0)"),
            ("api", "Node API"),
            ("api_docs", "Interactive API documentation"),
            ("country", "Country"),
            ("contact", "Contact"),
            ("languages", "Languages"),
        ],
        Lang::Pt => &[
            ("tagline", "Nó de microcredenciais da rede Mochila"),
            ("identity", "Identidade digital"),
            ("did", "Identificador descentralizado (DID)"),
            ("did_document", "Documento DID"),
            ("profile", "Perfil do emissor (Open Badges 3.0)"),
            ("api", "API do nó"),
            ("api_docs", "Documentação interativa da API"),
            ("country", "País"),
            ("contact", "Contato"),
            ("languages", "Idiomas"),
        ],
    }
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
    }
}
