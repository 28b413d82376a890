//! The public page of one issued credential: what was achieved, by whom, from whom, its
//! status, QR code, downloads, LinkedIn link and a link to verify it.

use serde::Serialize;

use super::{Pages, RenderError};
use crate::badge::{BadgeSvg, badge_svg};
use crate::i18n::{Lang, achievement_type_label, long_date};
use crate::qr::qr_svg;

/// The credential's current standing, as the node last determined it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CredentialStatus {
    /// Neither revoked, suspended nor expired.
    Active,
    /// Revoked by the issuer.
    Revoked {
        /// The reason the issuer gave, if any.
        reason: Option<String>,
    },
    /// Suspended by the issuer.
    Suspended {
        /// The reason the issuer gave, if any.
        reason: Option<String>,
    },
    /// Past its `validUntil`.
    Expired,
    /// The status could not be determined.
    Unknown,
}

impl CredentialStatus {
    /// A stable key (`active`, `revoked`, `suspended`, `expired`, `unknown`), used for CSS
    /// classes and translation keys.
    pub fn key(&self) -> &'static str {
        match self {
            CredentialStatus::Active => "active",
            CredentialStatus::Revoked { .. } => "revoked",
            CredentialStatus::Suspended { .. } => "suspended",
            CredentialStatus::Expired => "expired",
            CredentialStatus::Unknown => "unknown",
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            CredentialStatus::Revoked { reason } | CredentialStatus::Suspended { reason } => {
                reason.as_deref().filter(|r| !r.trim().is_empty())
            }
            _ => None,
        }
    }
}

/// Everything the credential page shows (plain data the node fills in).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialView {
    /// The public page / JSON URL (content negotiation).
    pub credential_url: String,
    /// The JSON download, e.g. `{credential_url}.json`.
    pub json_download_url: String,
    /// The baked PNG, e.g. `{credential_url}.png`.
    pub png_download_url: String,
    /// The baked SVG, e.g. `{credential_url}.svg`.
    pub svg_download_url: String,
    /// The verify page for this credential, e.g. `/verify?url=<credential_url>`.
    pub verify_url: String,
    /// The achievement's name, in the page language when available.
    pub title: String,
    /// The achievement's description.
    pub description: String,
    /// The criteria narrative.
    pub criteria: Option<String>,
    /// The achievement type (e.g. `MicroCredential`), already translated if wanted.
    pub achievement_type: Option<String>,
    /// Notional workload, already formatted (`5 ECTS`, `150 horas`).
    pub workload: Option<String>,
    /// Level, already formatted (`EQF 5`).
    pub level: Option<String>,
    /// Learning outcomes, one per entry.
    pub learning_outcomes: Vec<String>,
    /// The issuing institution's name.
    pub issuer_name: String,
    /// Its web site or public profile.
    pub issuer_url: String,
    /// Its country (ISO code or name).
    pub issuer_country: String,
    /// The learner's name as the credential records it.
    pub learner_name: String,
    /// `validFrom`, RFC 3339.
    pub valid_from: String,
    /// `validUntil`, RFC 3339.
    pub valid_until: Option<String>,
    /// Current status.
    pub status: CredentialStatus,
    /// The achievement image; without one a generated badge is shown.
    pub image_url: Option<String>,
    /// The LinkedIn "add to profile" link (see [`crate::linkedin_add_to_profile_url`]).
    pub linkedin_url: String,
}

#[derive(Serialize)]
struct StatusModel<'a> {
    key: &'static str,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct CredentialPage<'a> {
    c: &'a CredentialView,
    status: StatusModel<'a>,
    valid_from_text: String,
    valid_until_text: Option<String>,
    qr: String,
    badge: Option<String>,
    achievement_type: Option<String>,
}

impl Pages {
    /// The public page of a credential.
    pub fn credential(&self, lang: Lang, view: &CredentialView) -> Result<String, RenderError> {
        let badge = view.image_url.is_none().then(|| {
            badge_svg(&BadgeSvg {
                title: view.title.clone(),
                issuer_name: view.issuer_name.clone(),
                year: view.valid_from.get(..4).unwrap_or_default().to_owned(),
            })
        });
        let page = CredentialPage {
            c: view,
            status: StatusModel {
                key: view.status.key(),
                reason: view.status.reason(),
            },
            valid_from_text: long_date(lang, &view.valid_from),
            valid_until_text: view.valid_until.as_deref().map(|d| long_date(lang, d)),
            qr: qr_svg(&view.credential_url)?,
            badge,
            achievement_type: view
                .achievement_type
                .as_deref()
                .map(|t| achievement_type_label(lang, t)),
        };
        self.render("credential.html", lang, &page)
    }
}
