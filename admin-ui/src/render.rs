//! Rendering pages from embedded templates with minijinja (autoescaped HTML).

use std::collections::BTreeMap;

use minijinja::{Environment, context};
use serde::Serialize;

use crate::i18n::{Lang, texts};

/// The stylesheet every page links to (served by the node at `/static/mochila.css`).
pub const STYLESHEET: &str = include_str!("../static/mochila.css");

/// What the public home page of a node shows.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// The institution's legal name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// ISO country code.
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

/// A page that could not be rendered (a bug in a template).
#[derive(Debug, thiserror::Error)]
#[error("page rendering failed: {0}")]
pub struct RenderError(#[from] minijinja::Error);

/// The compiled templates.
#[derive(Debug)]
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Loads the embedded templates.
    pub fn new() -> Result<Self, RenderError> {
        let mut env = Environment::new();
        env.add_template("base.html", include_str!("../templates/base.html"))?;
        env.add_template("home.html", include_str!("../templates/home.html"))?;
        Ok(Self { env })
    }

    /// The node's public home page.
    pub fn home(&self, lang: Lang, view: &HomeView) -> Result<String, RenderError> {
        let t: BTreeMap<&str, &str> = texts(lang).iter().copied().collect();
        Ok(self.env.get_template("home.html")?.render(
            context! { lang => lang.tag(), t => t, home => minijinja::value::Serde(view) },
        )?)
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
        let es = pages.home(Lang::Es, &view()).unwrap();
        assert!(es.contains("Universidad &lt;Demo&gt;"));
        assert!(es.contains("lang=\"es\""));
        assert!(es.contains("Documento DID"));
        let pt = pages.home(Lang::Pt, &view()).unwrap();
        assert!(pt.contains("Perfil do emissor"));
    }
}
