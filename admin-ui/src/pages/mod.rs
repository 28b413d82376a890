//! Rendering pages from embedded templates with minijinja (autoescaped HTML, strict about
//! undefined names so a missing translation fails in tests, not in front of a visitor).

mod achievement;
mod achievements;
mod credential;
mod network;
mod verify;

use crate::escape::escape;
use std::collections::BTreeMap;

use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

use crate::i18n::{Lang, Locale, country_name, texts};

pub use achievement::AchievementView;
pub use achievements::{AchievementSummary, AchievementsView};
pub use credential::{CredentialStatus, CredentialView, WalletOffer};
pub use network::{NetworkCatalogueView, NetworkItem};
pub use verify::VerifyView;

/// The stylesheet every page links to (served by the node at `/static/mochila.css`).
pub const STYLESHEET: &str = include_str!("../../static/mochila.css");

/// The verify page's optional script (served by the node at `/static/verify.js`): submits the
/// form in place and swaps in the result; the page works the same without it.
pub const VERIFY_SCRIPT: &str = include_str!("../../static/verify.js");

/// What the public home page of a node shows.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// The institution's legal name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// ISO 3166-1 country code (shown by name in the page language).
    pub country: String,
    /// Contact email.
    pub email: String,
    /// Languages it issues in.
    pub languages: Vec<String>,
    /// Its DID.
    pub did: String,
    /// Path of its DID document.
    pub did_document_path: String,
}

/// A page or image that could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed (a bug in a template or a missing translation).
    #[error("page rendering failed: {0}")]
    Template(#[from] minijinja::Error),
    /// The data does not fit in a QR code.
    #[error("QR code could not be made: {0}")]
    Qr(String),
}

/// An `href` value safe to emit: `http(s)` URLs, paths, queries and fragments pass; anything
/// else (`javascript:`, `data:`, ...) becomes `#`.
pub fn safe_href(url: &str) -> String {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (trimmed.starts_with('/') && !trimmed.starts_with("//"))
        || trimmed.starts_with('?')
        || trimmed.starts_with('#');
    if ok && !trimmed.chars().any(char::is_control) {
        trimmed.to_owned()
    } else {
        "#".to_owned()
    }
}

/// The translation of `key` in `lang`.
pub(crate) fn text(lang: Lang, key: &str) -> Option<&'static str> {
    texts(lang).iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The compiled templates.
#[derive(Debug)]
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Loads the embedded templates.
    pub fn new() -> Result<Self, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_filter("href", |url: &str| {
            Value::from_safe_string(escape(&safe_href(url)))
        });
        env.add_filter("attr", |text: &str| Value::from_safe_string(escape(text)));
        for (name, source) in [
            ("base.html", include_str!("../../templates/base.html")),
            ("home.html", include_str!("../../templates/home.html")),
            ("error.html", include_str!("../../templates/error.html")),
            (
                "achievement.html",
                include_str!("../../templates/achievement.html"),
            ),
            (
                "credential.html",
                include_str!("../../templates/credential.html"),
            ),
            ("verify.html", include_str!("../../templates/verify.html")),
            ("network.html", include_str!("../../templates/network.html")),
            (
                "achievements.html",
                include_str!("../../templates/achievements.html"),
            ),
        ] {
            env.add_template(name, source)?;
        }
        Ok(Self { env })
    }

    /// Renders `template` with the language, its texts, the language links and `page`.
    fn render(
        &self,
        template: &str,
        locale: &Locale,
        page: &impl Serialize,
    ) -> Result<String, RenderError> {
        #[derive(Serialize)]
        struct LangLink {
            tag: &'static str,
            name: &'static str,
            href: String,
        }
        let lang = locale.lang;
        let t: BTreeMap<&str, &str> = texts(lang).iter().copied().collect();
        let lang_links: Vec<LangLink> = [
            (Lang::Es, "Español"),
            (Lang::En, "English"),
            (Lang::Pt, "Português"),
        ]
        .into_iter()
        .map(|(l, name)| LangLink {
            tag: l.tag(),
            name,
            href: locale.link_to(l),
        })
        .collect();
        Ok(self.env.get_template(template)?.render(context! {
            lang => lang.tag(), t => t, lang_links => Serde(lang_links), page => Serde(page)
        })?)
    }

    /// The page a browser gets for an address with nothing (404) or a method an address
    /// does not take (405); other statuses are not rendered as pages.
    pub fn error(&self, locale: &Locale, status: u16) -> Result<String, RenderError> {
        #[derive(Serialize)]
        struct ErrorPage {
            status: u16,
        }
        let status = if status == 405 { 405 } else { 404 };
        self.render("error.html", locale, &ErrorPage { status })
    }

    /// The node's public home page.
    pub fn home(&self, locale: &Locale, view: &HomeView) -> Result<String, RenderError> {
        let view = HomeView {
            country: country_name(locale.lang, &view.country),
            ..view.clone()
        };
        self.render("home.html", locale, &view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> HomeView {
        HomeView {
            name: "Universidad <Demo>".into(),
            description: "d".into(),
            country: "MX".into(),
            email: "a@b.mx".into(),
            languages: vec!["es".into()],
            did: "did:web:localhost%3A8080".into(),
            did_document_path: "/.well-known/did.json".into(),
        }
    }

    #[test]
    fn home_is_escaped_and_translated() {
        let pages = Pages::new().unwrap();
        let es = pages.home(&Lang::Es.into(), &view()).unwrap();
        assert!(es.contains("Universidad &lt;Demo&gt;"));
        assert!(es.contains("lang=\"es\""));
        assert!(es.contains("Documento DID"));
        assert!(es.contains("<dd>México</dd>"), "the country by name");
        let pt = pages.home(&Lang::Pt.into(), &view()).unwrap();
        assert!(pt.contains("Perfil do emissor"));
    }

    #[test]
    fn only_web_urls_and_paths_are_linked() {
        assert_eq!(
            safe_href("https://a.example/x?y=1"),
            "https://a.example/x?y=1"
        );
        assert_eq!(safe_href("/verify?url=x"), "/verify?url=x");
        assert_eq!(safe_href(" JavaScript:alert(1)"), "#");
        assert_eq!(safe_href("data:text/html,x"), "#");
        assert_eq!(safe_href("//evil.example"), "#");
        assert_eq!(safe_href("java\tscript:x"), "#");
    }
}

#[cfg(test)]
mod page_tests;
