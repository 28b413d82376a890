//! The language a page is rendered in, with the request's other query parameters so that
//! the page's language links switch the language and keep everything else
//! (`/verify?url=...&lang=pt`).

use super::Lang;

/// The page language and what its language links must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// The page language.
    pub lang: Lang,
    /// The request's query without its `lang` parameters, as the client sent it
    /// (percent-encoded), e.g. `url=https%3A%2F%2Fa.example%2Fc%2F1`.
    other_query: String,
}

impl Locale {
    /// Picks the language from the raw query string (`lang=`) and the `Accept-Language`
    /// header (see [`Lang::negotiate`]) and keeps the query's other parameters.
    pub fn negotiate(raw_query: Option<&str>, accept_language: Option<&str>) -> Self {
        let mut asked = None;
        let mut others = Vec::new();
        for pair in raw_query.unwrap_or_default().split('&') {
            let key = pair.split('=').next().unwrap_or_default();
            if key == "lang" {
                // the first `lang` counts, as with a typed query
                if asked.is_none() {
                    asked = Some(pair.get(5..).unwrap_or_default());
                }
            } else if !pair.is_empty() {
                others.push(pair);
            }
        }
        Self {
            lang: Lang::negotiate(asked, accept_language),
            other_query: others.join("&"),
        }
    }

    /// The relative link to this page in `lang`: `?<other parameters>&lang=<tag>`.
    pub fn link_to(&self, lang: Lang) -> String {
        if self.other_query.is_empty() {
            format!("?lang={}", lang.tag())
        } else {
            format!("?{}&lang={}", self.other_query, lang.tag())
        }
    }
}

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Self {
        Self {
            lang,
            other_query: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_links_keep_the_other_parameters() {
        let l = Locale::negotiate(Some("url=https%3A%2F%2Fa.example%2Fc&lang=pt&x=1"), None);
        assert_eq!(l.lang, Lang::Pt);
        assert_eq!(
            l.link_to(Lang::En),
            "?url=https%3A%2F%2Fa.example%2Fc&x=1&lang=en"
        );
        let plain = Locale::negotiate(None, Some("en"));
        assert_eq!(plain.lang, Lang::En);
        assert_eq!(plain.link_to(Lang::Es), "?lang=es");
        let twice = Locale::negotiate(Some("lang=en&lang=pt&&page=2"), None);
        assert_eq!(twice.lang, Lang::En);
        assert_eq!(twice.link_to(Lang::Pt), "?page=2&lang=pt");
    }
}
