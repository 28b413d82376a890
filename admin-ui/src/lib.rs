//! Server-rendered HTML for Mochila's public and staff pages: templates, translations
//! (Spanish, English, Portuguese), static assets, and the images and links those pages use
//! (QR codes, generated badges, LinkedIn "add to profile"), with no database or HTTP code.
//!
//! The node builds a view model (plain data) for each page and calls the renderer here; this
//! crate never reaches for data itself.

mod badge;
mod escape;
pub mod i18n;
mod linkedin;
mod pages;
mod qr;

pub use badge::{BadgeSvg, badge_png, badge_svg, wrap};
pub use escape::escape;
pub use i18n::{Lang, Locale, Term, country_name, term_label};
pub use linkedin::{
    LinkedInCertification, linkedin_add_to_profile_url, percent_encode, year_month,
};
pub use pages::{
    AchievementSummary, AchievementView, AchievementsView, CredentialStatus, CredentialView,
    HomeView, NetworkCatalogueView, NetworkItem, Pages, RenderError, STYLESHEET, VERIFY_SCRIPT,
    VerifyView, WalletOffer, safe_href,
};
pub use qr::qr_svg;
