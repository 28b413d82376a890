//! The public page of one issued credential: what was achieved, by whom, from whom, its
//! status (what and since when, never why), QR code, downloads, a link to verify it, and —
//! unless it is revoked or suspended — the LinkedIn link and a wallet claim offer.

use serde::Serialize;

use super::{Pages, RenderError};
use crate::badge::{BadgeSvg, badge_svg};
use mochila_protocol::credential::vocabulary::Scheme;

use crate::i18n::{
    Lang, Locale, Term, achievement_type_label, country_name, date_range, long_date, term_label,
};
use crate::qr::qr_svg;

/// The credential's current standing, as the node last determined it. Public: it says
/// what and since when, never why (reasons stay in the audit log and the admin API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CredentialStatus {
    /// Neither revoked, suspended nor expired.
    Active,
    /// Revoked by the issuer.
    Revoked {
        /// When (RFC 3339), if known.
        since: Option<String>,
    },
    /// Suspended by the issuer.
    Suspended {
        /// Since when (RFC 3339), if known.
        since: Option<String>,
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

    fn since(&self) -> Option<&str> {
        match self {
            CredentialStatus::Revoked { since } | CredentialStatus::Suspended { since } => {
                since.as_deref().filter(|s| !s.trim().is_empty())
            }
            _ => None,
        }
    }

    /// Whether the page may offer to share the credential (LinkedIn, a wallet): not when
    /// it is revoked or suspended.
    pub fn allows_sharing(&self) -> bool {
        !matches!(
            self,
            CredentialStatus::Revoked { .. } | CredentialStatus::Suspended { .. }
        )
    }
}

/// A wallet claim the page offers: a one-time, expiring VC-API exchange, opened by staff
/// for this learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletOffer {
    /// The Learner Credential Wallet deep link (`https://lcw.app/request.html?...`), shown
    /// as a button and a QR code.
    pub wallet_url: String,
    /// The VC-API exchange URL, for other wallets.
    pub exchange_url: String,
    /// When the offer expires (RFC 3339).
    pub expires_at: String,
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
    /// The result (grade) awarded, as the credential records it.
    pub result: Vec<String>,
    /// When the learning activity started (RFC 3339).
    pub activity_start: Option<String>,
    /// When it ended (RFC 3339).
    pub activity_end: Option<String>,
    /// Form of participation.
    pub participation: Option<Term>,
    /// Quality assurance: type and body.
    pub quality_assurance: Vec<Term>,
    /// The issuing institution's name.
    pub issuer_name: String,
    /// Its web site or public profile.
    pub issuer_url: String,
    /// Its country (ISO 3166-1 code, shown by name in the page language; or a name).
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
    /// The LinkedIn "add to profile" link (see [`crate::linkedin_add_to_profile_url`]);
    /// not shown for a revoked or suspended credential.
    pub linkedin_url: String,
    /// A wallet claim to offer; not shown for a revoked or suspended credential.
    pub wallet: Option<WalletOffer>,
    /// The networks of institutions the issuer belongs to now, by name.
    pub networks: Vec<String>,
}

#[derive(Serialize)]
struct StatusModel<'a> {
    key: &'static str,
    since: Option<&'a str>,
    since_text: Option<String>,
}

#[derive(Serialize)]
struct WalletModel<'a> {
    offer: &'a WalletOffer,
    qr: String,
    expires_text: String,
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
    country: String,
    activity_dates: Option<String>,
    participation: Option<String>,
    quality_assurance: Vec<String>,
    /// LinkedIn and wallet offers are shown.
    sharing: bool,
    wallet: Option<WalletModel<'a>>,
}

/// A date and time in words, e.g. `29 de noviembre de 2026, 10:15 UTC` (for an
/// expiry minutes away, the date alone says too little).
fn date_time_text(lang: Lang, rfc3339: &str) -> String {
    let date = long_date(lang, rfc3339);
    let utc = rfc3339.ends_with('Z') || rfc3339.ends_with("+00:00");
    match rfc3339
        .get(11..16)
        .filter(|t| t.as_bytes().get(2) == Some(&b':'))
    {
        Some(hm) if utc => format!("{date}, {hm} UTC"),
        _ => date,
    }
}

impl Pages {
    /// The public page of a credential.
    pub fn credential(
        &self,
        locale: &Locale,
        view: &CredentialView,
    ) -> Result<String, RenderError> {
        let lang = locale.lang;
        let badge = view.image_url.is_none().then(|| {
            badge_svg(&BadgeSvg {
                title: view.title.clone(),
                issuer_name: view.issuer_name.clone(),
                year: view.valid_from.get(..4).unwrap_or_default().to_owned(),
            })
        });
        let sharing = view.status.allows_sharing();
        let wallet = match view.wallet.as_ref().filter(|_| sharing) {
            Some(offer) => Some(WalletModel {
                qr: qr_svg(&offer.wallet_url)?,
                expires_text: date_time_text(lang, &offer.expires_at),
                offer,
            }),
            None => None,
        };
        let since = view.status.since();
        let page = CredentialPage {
            c: view,
            status: StatusModel {
                key: view.status.key(),
                since,
                since_text: since.map(|s| long_date(lang, s)),
            },
            valid_from_text: long_date(lang, &view.valid_from),
            valid_until_text: view.valid_until.as_deref().map(|d| long_date(lang, d)),
            qr: qr_svg(&view.credential_url)?,
            badge,
            achievement_type: view
                .achievement_type
                .as_deref()
                .map(|t| achievement_type_label(lang, t)),
            country: country_name(lang, &view.issuer_country),
            activity_dates: date_range(
                lang,
                view.activity_start.as_deref(),
                view.activity_end.as_deref(),
            ),
            participation: view
                .participation
                .as_ref()
                .map(|t| term_label(lang, Scheme::ParticipationForm, t)),
            quality_assurance: view
                .quality_assurance
                .iter()
                .map(|t| term_label(lang, Scheme::QualityAssurance, t))
                .collect(),
            sharing,
            wallet,
        };
        self.render("credential.html", locale, &page)
    }
}
