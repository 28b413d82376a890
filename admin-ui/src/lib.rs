//! Server-rendered HTML for Mochila's public and staff pages: templates, translations
//! (Spanish, English, Portuguese) and static assets, with no database or HTTP code.
//!
//! The node builds a view model (plain data) for each page and calls the renderer here; this
//! crate never reaches for data itself.

pub mod i18n;
mod render;

pub use i18n::Lang;
pub use render::{HomeView, Pages, RenderError, STYLESHEET};
