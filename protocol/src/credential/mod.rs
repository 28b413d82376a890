//! Open Badges 3.0 / VC Data Model 2.0 credential types, the microcredential extension, and validation.
//!
//! The types keep every member they do not name in an `extra` map, so that reading and
//! writing a credential loses nothing. [`validate`] reports every problem of a credential
//! at once, each with the JSON path of the offending member.

mod achievement;
mod common;
mod dates;
mod profile;
mod terms;
mod validate;
pub mod vocabulary;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::status::BitstringStatusListEntry;
pub use achievement::{
    Achievement, AchievementSubject, Alignment, Criteria, IdentityObject, Result, ResultDescription,
};
pub use common::{Evidence, Image, ImageObject, OneOrMany};
pub use dates::{is_date_time_stamp, parse_date_time};
pub use profile::{Address, EndorsementCredential, EndorsementSubject, Profile, ProfileRef};
pub use terms::{UndefinedTerm, undefined_terms};
pub use validate::{ValidationError, validate, validate_with};

/// The VC Data Model 2.0 context.
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The VC Data Model 1.1 context (credentials read for verification only).
pub const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// The Open Badges 3.0.3 context.
pub const OB_V3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The Mochila microcredential extension context (optional: off in the default profile,
/// still accepted for verification).
pub const MICROCREDENTIAL_CONTEXT: &str = "https://w3id.org/mochila/microcredential/v1";

/// `OpenBadgeCredential`, the name Open Badges 3.0 gives to [`AchievementCredential`].
pub type OpenBadgeCredential = AchievementCredential;

/// A `credentialStatus` entry: a Bitstring Status List entry, or another kind kept as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CredentialStatus {
    /// A `BitstringStatusListEntry`.
    Bitstring(BitstringStatusListEntry),
    /// Any other status mechanism.
    Other(Value),
}

/// An Open Badges 3.0 `AchievementCredential` (a.k.a. `OpenBadgeCredential`), on VC Data
/// Model 2.0 (1.1 credentials, with `issuanceDate`, are read too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementCredential {
    /// `@context`: VC v2, OB 3.0.x, then extension contexts.
    #[serde(rename = "@context")]
    pub context: Vec<Value>,
    /// The credential's id (a URL or `urn:uuid:`).
    pub id: String,
    /// `["VerifiableCredential", "OpenBadgeCredential"]`.
    #[serde(rename = "type")]
    pub type_: OneOrMany<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// When the achievement was awarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_date: Option<String>,
    /// The issuer: a URL/DID or a `Profile`.
    pub issuer: ProfileRef,
    /// Start of validity (VC 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// End of validity (VC 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Issuance date (VC 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<String>,
    /// Expiration date (VC 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    /// The learner and the achievement.
    pub credential_subject: AchievementSubject,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Evidence>>,
    /// Endorsements of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<Vec<EndorsementCredential>>,
    /// Status entries (revocation, suspension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<OneOrMany<CredentialStatus>>,
    /// Schemas the credential follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<Value>,
    /// Refresh service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_service: Option<Value>,
    /// Terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_use: Option<Value>,
    /// Data Integrity proof(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
    /// Any other member, kept as it is.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AchievementCredential {
    /// The issuer's id.
    pub fn issuer_id(&self) -> &str {
        self.issuer.id()
    }

    /// The Bitstring Status List entries of the credential.
    pub fn status_entries(&self) -> Vec<&BitstringStatusListEntry> {
        self.credential_status
            .iter()
            .flat_map(OneOrMany::iter)
            .filter_map(|s| match s {
                CredentialStatus::Bitstring(e) => Some(e),
                CredentialStatus::Other(_) => None,
            })
            .collect()
    }
}
