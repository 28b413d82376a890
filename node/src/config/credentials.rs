//! `[credentials]`: the profile of the credentials the node issues.

use serde::{Deserialize, Serialize};

/// How issued credentials are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CredentialsConfig {
    /// Also write the Mochila microcredential extension terms into credentials, with the
    /// extension context `https://w3id.org/mochila/microcredential/v1` third in `@context`.
    /// Off by default: verifiers that bundle only the standard contexts, or fetch contexts
    /// from the internet, cannot verify such credentials until that URL is published
    /// (docs/decisions/0013-standard-credential-profile.md). The standard profile already
    /// carries every Annex I element as Open Badges terms and alignments.
    pub extension_context: bool,
}
