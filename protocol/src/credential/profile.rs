//! Issuer profiles, addresses and endorsements.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::OneOrMany;
use super::common::Image;

/// An issuer or creator: its id (URL or DID), or its `Profile`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProfileRef {
    /// The profile's id.
    Id(String),
    /// The profile.
    Profile(Box<Profile>),
}

impl ProfileRef {
    /// The profile's id.
    pub fn id(&self) -> &str {
        match self {
            ProfileRef::Id(id) => id,
            ProfileRef::Profile(p) => &p.id,
        }
    }
}

/// OB 3.0 `Profile`: an issuer, creator or endorser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// The profile's id (for Mochila, the institution's did:web).
    pub id: String,
    /// `["Profile"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Any other member (`endorsement`, `otherIdentifier`, `parentOrg`, ...), kept as is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `Address`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// `["Address"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Country (name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country_code: Option<String>,
    /// Region (state, province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    /// Locality (city).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// PO box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_office_box_number: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Any other member (`geo`, ...), kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `EndorsementCredential`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndorsementCredential {
    /// `@context`.
    #[serde(rename = "@context")]
    pub context: Vec<Value>,
    /// Its id.
    pub id: String,
    /// `["VerifiableCredential", "EndorsementCredential"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The endorser.
    pub issuer: ProfileRef,
    /// Start of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// End of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// What is endorsed.
    pub credential_subject: EndorsementSubject,
    /// Proof(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OB 3.0 `EndorsementSubject`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndorsementSubject {
    /// The endorsed entity's id.
    pub id: String,
    /// `["EndorsementSubject"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// The endorser's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement_comment: Option<String>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
