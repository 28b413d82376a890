//! `[credentials]`: the profile of the credentials the node issues.

use serde::{Deserialize, Serialize};

/// How issued credentials are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CredentialsConfig {
    /// Also write the Mochila microcredential extension terms into credentials, with the
    /// extension context `https://w3id.org/mochila/microcredential/v1` third in `@context`.
    /// Off by default: verifiers that bundle only the standard contexts, or fetch contexts
    /// from the internet, cannot verify such credentials until that URL is published
    /// (docs/decisions/0013-standard-credential-profile.md). The standard profile already
    /// carries every Annex I element as Open Badges terms and alignments.
    pub extension_context: bool,
    /// How long a wallet claim exchange (`POST /api/v1/credentials/{id}/exchanges`) stays
    /// open, in seconds (60 to 2,592,000; 15 minutes by default). Each exchange can be
    /// completed once (docs/decisions/0016-wallet-claim-exchange.md).
    pub exchange_ttl_secs: u64,
    /// How long a node process holds the batch rows it claimed for signing, in seconds
    /// (5 to 3,600; 60 by default): if it dies, another process (or its next start) takes
    /// them after this long. Signing a chunk of 1,000 rows takes well under a second per
    /// core (docs/decisions/0021-batch-chunks-leased.md).
    pub batch_lease_secs: u64,
}

impl Default for CredentialsConfig {
    fn default() -> Self {
        Self {
            extension_context: false,
            exchange_ttl_secs: 15 * 60,
            batch_lease_secs: 60,
        }
    }
}

impl CredentialsConfig {
    /// The exchange lifetime as a duration.
    pub fn exchange_ttl(&self) -> time::Duration {
        time::Duration::seconds(i64::try_from(self.exchange_ttl_secs).unwrap_or(i64::MAX))
    }

    /// The batch row lease as a duration.
    pub fn batch_lease(&self) -> time::Duration {
        time::Duration::seconds(i64::try_from(self.batch_lease_secs).unwrap_or(i64::MAX))
    }
}
