//! The institution's profile: stored in the database (seeded from the configuration, or a
//! demo institution when none is configured), edited through the admin API, and published
//! as an Open Badges 3.0 `Profile`.

use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::config::{Config, InstitutionConfig};
use crate::error::FieldError;
use crate::store::entity::institution;
use crate::store::now;
use crate::text::{is_country_code, is_email};

/// The institution's profile as the admin API reads and writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstitutionProfile {
    /// Legal name, e.g. "Universidad de Santiago de Chile".
    pub legal_name: String,
    /// Short name or acronym.
    #[serde(default)]
    pub short_name: String,
    /// ISO 3166-1 alpha-2 country code, e.g. "CL".
    pub country: String,
    /// Region, state or department.
    #[serde(default)]
    pub region: String,
    /// Institutional web site (http or https URL).
    #[serde(default)]
    pub url: String,
    /// Contact email of the microcredential unit.
    #[serde(default)]
    pub email: String,
    /// Logo URL (PNG or SVG).
    #[serde(default)]
    pub logo: String,
    /// Short description.
    #[serde(default)]
    pub description: String,
    /// Languages the institution issues in (BCP 47 tags), e.g. `["es", "en"]`.
    #[serde(default)]
    pub languages: Vec<String>,
}

impl InstitutionProfile {
    /// The profile from the configuration, or the demo institution when the configuration
    /// names none.
    pub fn from_config(config: &Config) -> Self {
        let c = &config.institution;
        if c == &InstitutionConfig::default() {
            return Self::demo(config);
        }
        Self {
            legal_name: c.legal_name.clone(),
            short_name: c.short_name.clone(),
            country: c.country.clone(),
            region: c.region.clone(),
            url: c.url.clone(),
            email: c.email.clone(),
            logo: c.logo.clone(),
            description: c.description.clone(),
            languages: c.languages.clone(),
        }
    }

    fn demo(config: &Config) -> Self {
        Self {
            legal_name: "Universidad Demo Mochila".to_owned(),
            short_name: "UDM".to_owned(),
            country: "MX".to_owned(),
            region: "Ciudad de México".to_owned(),
            url: config.base_url.to_string(),
            email: "microcredenciales@demo.invalid".to_owned(),
            logo: String::new(),
            description: "Institución de demostración de un nodo Mochila: no emite \
                          credenciales reales."
                .to_owned(),
            languages: vec!["es".to_owned(), "en".to_owned(), "pt".to_owned()],
        }
    }

    /// Every problem with the profile, each naming its field as a JSON pointer.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        let name_len = self.legal_name.trim().chars().count();
        if name_len == 0 || name_len > 300 {
            bad("/legal_name", "must be 1 to 300 characters");
        }
        if self.short_name.chars().count() > 50 {
            bad("/short_name", "must be at most 50 characters");
        }
        if !is_country_code(&self.country) {
            bad(
                "/country",
                "must be an ISO 3166-1 alpha-2 code in capitals, e.g. MX, CL, GT",
            );
        }
        if self.region.chars().count() > 200 {
            bad("/region", "must be at most 200 characters");
        }
        for (field, value) in [("/url", &self.url), ("/logo", &self.logo)] {
            if !value.is_empty() && !is_web_url(value) {
                bad(field, "must be an absolute http or https URL");
            }
        }
        if !self.email.is_empty() && !is_email(&self.email) {
            bad(
                "/email",
                "must be an email address such as unit@example.edu",
            );
        }
        if self.description.chars().count() > 2000 {
            bad("/description", "must be at most 2000 characters");
        }
        for (i, lang) in self.languages.iter().enumerate() {
            if !is_language_tag(lang) {
                bad(
                    &format!("/languages/{i}"),
                    "must be a BCP 47 language tag such as es, en, pt or es-MX",
                );
            }
        }
        errors
    }

    /// The Open Badges 3.0 `Profile` of the institution, identified by its DID.
    pub fn to_ob_profile(&self, did: &str) -> Value {
        let mut profile = json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": did,
            "type": ["Profile"],
            "name": self.legal_name,
            "address": {
                "type": ["Address"],
                "addressCountry": self.country,
                "addressCountryCode": self.country,
            },
        });
        let optional = [
            ("url", &self.url),
            ("email", &self.email),
            ("description", &self.description),
        ];
        for (key, value) in optional {
            if !value.is_empty() {
                profile[key] = json!(value);
            }
        }
        if !self.region.is_empty() {
            profile["address"]["addressRegion"] = json!(self.region);
        }
        if !self.logo.is_empty() {
            profile["image"] = json!({"id": self.logo, "type": "Image"});
        }
        profile
    }
}

fn is_web_url(value: &str) -> bool {
    url::Url::parse(value)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(false)
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The stored profile; the configured (or demo) one when none is stored yet or the stored
/// one is unreadable. Never writes: [`seed`] stores the first one at start.
pub async fn load(
    db: &DatabaseConnection,
    config: &Config,
) -> Result<InstitutionProfile, sea_orm::DbErr> {
    if let Some(row) = institution::Entity::find_by_id(1).one(db).await? {
        if let Ok(profile) = serde_json::from_value(row.profile) {
            return Ok(profile);
        }
        tracing::warn!("stored institution profile is unreadable; using the configured one");
    }
    Ok(InstitutionProfile::from_config(config))
}

/// Stores the configured (or demo) profile when none is stored (at start).
pub async fn seed(db: &DatabaseConnection, config: &Config) -> Result<(), sea_orm::DbErr> {
    if institution::Entity::find_by_id(1).one(db).await?.is_none() {
        store(db, &InstitutionProfile::from_config(config)).await?;
    }
    Ok(())
}

/// Stores the profile (one upsert, so that concurrent first starts cannot collide).
pub async fn store(
    db: &DatabaseConnection,
    profile: &InstitutionProfile,
) -> Result<(), sea_orm::DbErr> {
    let json = serde_json::to_value(profile).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let row = institution::ActiveModel {
        id: Set(1),
        profile: Set(json),
        updated_at: Set(now()),
    };
    let upsert = OnConflict::column(institution::Column::Id)
        .update_columns([institution::Column::Profile, institution::Column::UpdatedAt])
        .to_owned();
    institution::Entity::insert(row)
        .on_conflict(upsert)
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> InstitutionProfile {
        InstitutionProfile {
            legal_name: "Universidad de Santiago de Chile".into(),
            short_name: "USACH".into(),
            country: "CL".into(),
            region: "Región Metropolitana".into(),
            url: "https://www.usach.cl".into(),
            email: "microcredenciales@usach.cl".into(),
            logo: String::new(),
            description: String::new(),
            languages: vec!["es".into(), "es-CL".into()],
        }
    }

    #[test]
    fn a_valid_profile_has_no_errors() {
        assert!(valid().validate().is_empty());
    }

    #[test]
    fn every_error_is_reported_with_its_field() {
        let mut p = valid();
        p.country = "Chile".into();
        p.email = "nope".into();
        p.languages = vec!["es".into(), "Spanish!".into()];
        let fields: Vec<_> = p.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["/country", "/email", "/languages/1"]);
    }

    #[test]
    fn ob_profile_has_country_and_did() {
        let v = valid().to_ob_profile("did:web:example.edu");
        assert_eq!(v["id"], "did:web:example.edu");
        assert_eq!(v["type"], json!(["Profile"]));
        assert_eq!(v["address"]["addressCountryCode"], "CL");
        assert!(v.get("image").is_none());
    }
}
