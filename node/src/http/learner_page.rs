//! The learner's credential page (HTML, in es/en/pt) and the baked badge images, built
//! from the stored credential, the achievement version it was issued under and its live
//! status.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use mochila_pages::{
    BadgeSvg, CredentialStatus, CredentialView, LinkedInCertification, Locale, Term, WalletOffer,
    linkedin_add_to_profile_url, year_month,
};
use mochila_protocol::baking::{ImageKind, bake_png, bake_svg};
use serde_json::Value;

use crate::catalogue::{self, AchievementRecord, definition::text_in};
use crate::error::ApiError;
use crate::exchange;
use crate::issuance::revocation::{CredentialState, state_of};
use crate::state::AppState;
use crate::store::entity::credential;
use crate::store::rfc3339;
use crate::verification::{AlignedTerm, CredentialSummary};

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(v, |v, k| v.get(*k))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The status as the public page shows it: what and since when. Reasons are staff-only
/// (audit log, admin API) and never reach the page.
fn status(c: &credential::Model) -> CredentialStatus {
    match state_of(c) {
        CredentialState::Active => CredentialStatus::Active,
        CredentialState::Revoked => CredentialStatus::Revoked {
            since: c.revoked_at.map(rfc3339),
        },
        CredentialState::Suspended => CredentialStatus::Suspended {
            since: c.suspended_at.map(rfc3339),
        },
        CredentialState::Expired => CredentialStatus::Expired,
    }
}

async fn achievement_of(
    state: &AppState,
    c: &credential::Model,
) -> Result<AchievementRecord, ApiError> {
    Ok(catalogue::get_version(&state.db, &c.achievement_id, c.achievement_version).await?)
}

fn term(t: AlignedTerm) -> Term {
    Term {
        code: t.code,
        name: t.name,
    }
}

/// The HTML page of credential `c`, in the page's language; with `?exchange=<id>` of a usable wallet exchange for `c`, it also
/// offers the wallet claim (that page is then neither cached nor sent as a referrer).
pub async fn page(
    state: &AppState,
    c: &credential::Model,
    locale: &Locale,
    exchange_id: Option<&str>,
) -> Result<Response, ApiError> {
    let lang = locale.lang;
    let doc: Value = serde_json::from_str(&c.document).map_err(ApiError::internal)?;
    // what the signed credential says (grade, dates, alignments), as a verifier reads it
    let said = doc
        .as_object()
        .map(CredentialSummary::of)
        .unwrap_or_default();
    let said_achievement = said.achievement.unwrap_or_default();
    let record = achievement_of(state, c).await?;
    let def = &record.definition;
    let l = lang.tag();
    let fallback = c.lang.as_str();
    let url = state.identity.credential_url(&c.id);
    let title = text_in(&def.name, l, fallback).to_owned();
    let issuer_name = str_at(&doc, &["issuer", "name"]).to_owned();
    let valid_from = str_at(&doc, &["validFrom"]).to_owned();
    let valid_until = doc
        .get("validUntil")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let linkedin_url = linkedin_add_to_profile_url(&LinkedInCertification {
        name: title.clone(),
        organization_name: issuer_name.clone(),
        organization_id: None,
        issued: year_month(&valid_from),
        expires: valid_until.as_deref().and_then(year_month),
        cert_url: url.clone(),
        cert_id: c.id.clone(),
    });
    let outcomes = crate::catalogue::outcomes_in(def, l, fallback)
        .cloned()
        .unwrap_or_default();
    let wallet = match exchange_id {
        Some(id) => exchange::offer_for_page(&state.issuer, c, id)
            .await?
            .map(|offer| WalletOffer {
                wallet_url: offer.wallet_url,
                exchange_url: offer.exchange_url,
                expires_at: offer.expires_at,
            }),
        None => None,
    };
    let networks = state.network.own_networks().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "reading the node's networks failed");
        Vec::new()
    });
    let view = CredentialView {
        networks,
        json_download_url: format!("{url}/credential.json"),
        png_download_url: format!("{url}/badge.png"),
        svg_download_url: format!("{url}/badge.svg"),
        verify_url: format!(
            "{}/verify?url={}",
            state.identity.base,
            mochila_pages::percent_encode(&url)
        ),
        credential_url: url,
        description: text_in(&def.description, l, fallback).to_owned(),
        criteria: Some(text_in(&def.criteria, l, fallback).to_owned()).filter(|s| !s.is_empty()),
        achievement_type: Some(def.achievement_type.clone()),
        workload: def.workload_label(),
        level: def.level_label(),
        learning_outcomes: outcomes,
        result: said.result,
        activity_start: said.activity_start_date,
        activity_end: said.activity_end_date,
        participation: said_achievement.participation_form.map(term),
        quality_assurance: said_achievement
            .quality_assurance
            .into_iter()
            .map(term)
            .collect(),
        issuer_url: str_at(&doc, &["issuer", "url"]).to_owned(),
        issuer_country: said.issuer_country.unwrap_or_default(),
        issuer_name,
        learner_name: c.learner_name.clone(),
        valid_from,
        valid_until,
        status: status(c),
        image_url: record
            .image_id
            .as_deref()
            .map(|i| state.identity.image_url(i)),
        linkedin_url,
        wallet,
        title,
    };
    let html = state
        .pages
        .credential(locale, &view)
        .map_err(ApiError::internal)?;
    let mut resp = Html(html).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept, Accept-Language"),
    );
    if exchange_id.is_some() {
        // The exchange id is a capability: keep it out of caches and Referer headers.
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        h.insert(
            header::REFERRER_POLICY,
            header::HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(resp)
}

async fn image_of(
    state: &AppState,
    record: &AchievementRecord,
) -> Result<Option<(ImageKind, Vec<u8>)>, ApiError> {
    let Some(id) = &record.image_id else {
        return Ok(None);
    };
    let Some(image) = catalogue::image(&state.db, id).await? else {
        return Ok(None);
    };
    // Checked at upload; the stored content type says which it is.
    let kind = if image.content_type == ImageKind::Png.media_type() {
        ImageKind::Png
    } else {
        ImageKind::Svg
    };
    Ok(Some((kind, image.bytes)))
}

/// The achievement's PNG image (or the generated badge) with the credential baked in.
pub async fn baked_png(state: &AppState, c: &credential::Model) -> Result<Vec<u8>, ApiError> {
    let record = achievement_of(state, c).await?;
    let base = match image_of(state, &record).await? {
        Some((ImageKind::Png, bytes)) => bytes,
        _ => mochila_pages::badge_png().to_vec(),
    };
    bake_png(&base, &c.document).map_err(ApiError::internal)
}

/// The achievement's SVG image (or a generated badge) with the credential baked in.
pub async fn baked_svg(state: &AppState, c: &credential::Model) -> Result<String, ApiError> {
    let record = achievement_of(state, c).await?;
    let base = match image_of(state, &record).await? {
        Some((ImageKind::Svg, bytes)) => String::from_utf8(bytes).map_err(ApiError::internal)?,
        _ => {
            let doc: Value = serde_json::from_str(&c.document).map_err(ApiError::internal)?;
            mochila_pages::badge_svg(&BadgeSvg {
                title: text_in(&record.definition.name, &c.lang, &c.lang).to_owned(),
                issuer_name: str_at(&doc, &["issuer", "name"]).to_owned(),
                year: str_at(&doc, &["validFrom"]).chars().take(4).collect(),
            })
        }
    };
    bake_svg(&base, &c.document).map_err(ApiError::internal)
}
