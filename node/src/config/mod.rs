//! The node's configuration: a TOML file overlaid by `MOCHILA_*` environment variables,
//! validated once at start and then passed explicitly (never a global), so that a test can
//! run several nodes in one process.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

mod credentials;
mod federation;
mod network;
mod verification;

pub use credentials::CredentialsConfig;
pub use federation::{FederationConfig, FollowPolicy};
pub use network::{Accept, NetworkConfig};
pub use verification::VerificationConfig;

/// Environment variables with this prefix overlay the file; `__` separates nested keys
/// (`MOCHILA_INSTITUTION__LEGAL_NAME` sets `institution.legal_name`).
pub const ENV_PREFIX: &str = "MOCHILA_";

/// `MOCHILA_*` variables that are not configuration keys (test and tooling switches).
const ENV_NOT_CONFIG: &[&str] = &["MOCHILA_LOG", "MOCHILA_INTEROP", "MOCHILA_TEST_"];

/// The whole configuration of one node.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Public base URL of the node, e.g. `https://credenciales.example.edu`. Determines the
    /// institution's `did:web` and every public URL the node mints.
    pub base_url: Url,
    /// Address and port the HTTP server listens on.
    pub listen: SocketAddr,
    /// Directory for the embedded database and the key files.
    pub data_dir: PathBuf,
    /// Database URL; empty means the embedded SQLite database in `data_dir`.
    /// `postgres://user:pass@host/db` switches to PostgreSQL.
    pub database_url: String,
    /// The institution this node speaks for.
    pub institution: InstitutionConfig,
    /// HTTP server limits.
    pub http: HttpConfig,
    /// Outbound requests to other servers (did:web, status lists, federation peers).
    pub federation: FederationConfig,
    /// The public verification service (`/api/v1/verify`, `/verify`).
    pub verification: VerificationConfig,
    /// The profile of issued credentials.
    pub credentials: CredentialsConfig,
    /// The node in networks of institutions.
    pub network: NetworkConfig,
}

/// The institution's public profile, as configured. Seeds the profile stored in the
/// database on first start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstitutionConfig {
    /// Legal name, e.g. "Universidad de Santiago de Chile".
    pub legal_name: String,
    /// Short name or acronym, e.g. "USACH".
    pub short_name: String,
    /// ISO 3166-1 alpha-2 country code, e.g. "CL".
    pub country: String,
    /// Region, state or department.
    pub region: String,
    /// Institutional web site.
    pub url: String,
    /// Contact email of the microcredential unit.
    pub email: String,
    /// Logo URL (PNG or SVG).
    pub logo: String,
    /// Short description.
    pub description: String,
    /// Languages the institution issues in (BCP 47), e.g. `["es", "en"]`.
    pub languages: Vec<String>,
}

/// HTTP server limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Time allowed for one request, in seconds.
    pub request_timeout_secs: u64,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout_secs: 30,
        }
    }
}

impl HttpConfig {
    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: default_base_url(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./mochila-data"),
            database_url: String::new(),
            institution: InstitutionConfig::default(),
            http: HttpConfig::default(),
            federation: FederationConfig::default(),
            verification: VerificationConfig::default(),
            credentials: CredentialsConfig::default(),
            network: NetworkConfig::default(),
        }
    }
}

#[expect(clippy::expect_used, reason = "a constant URL literal always parses")]
fn default_base_url() -> Url {
    Url::parse("http://localhost:8080").expect("constant URL parses")
}

/// A configuration that cannot be used, naming the key at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file or an environment variable does not fit the schema (unknown key, wrong type).
    #[error("configuration error in {origin}: {message}")]
    Invalid {
        /// Where the bad value came from (file name or environment variable).
        origin: String,
        /// What is wrong, naming the key.
        message: String,
    },
    /// A value has the right type but is not acceptable.
    #[error("configuration key `{key}`: {message}")]
    Value {
        /// The key, e.g. `base_url`.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Loads the configuration: defaults, then `file` (if any), then `MOCHILA_*` variables
    /// from `env`, then validates.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut table = toml::Table::new();
        let mut origin = "defaults".to_owned();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            table = text
                .parse::<toml::Table>()
                .map_err(|e| ConfigError::Invalid {
                    origin: path.display().to_string(),
                    message: e.to_string(),
                })?;
            origin = path.display().to_string();
        }
        let from_env = overlay_env(&mut table, env)?;
        let merged = toml::to_string(&table).map_err(|e| ConfigError::Invalid {
            origin: origin.clone(),
            message: e.to_string(),
        })?;
        let config: Config = toml::from_str(&merged).map_err(|e: toml::de::Error| {
            let message = e.to_string();
            let origin = from_env
                .iter()
                .find(|(key, _)| message.contains(&format!("`{key}`")))
                .map(|(_, var)| format!("environment variable {var}"))
                .unwrap_or_else(|| origin.clone());
            ConfigError::Invalid { origin, message }
        })?;
        config.validate()?;
        Ok(config)
    }

    /// A configuration for tests: SQLite (or `database_url`) in `data_dir`, listening on an
    /// ephemeral port chosen by the caller through `base_url`; outbound fetches may reach
    /// loopback addresses over plain HTTP, so that test nodes can resolve each other.
    pub fn for_test(data_dir: &Path, base_url: Url, database_url: Option<String>) -> Self {
        Self {
            base_url,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.to_owned(),
            database_url: database_url.unwrap_or_default(),
            federation: FederationConfig::for_test(),
            ..Self::default()
        }
    }

    /// Checks values that have the right type but may still be unusable.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = &self.base_url;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(value_err("base_url", "must be an http or https URL"));
        }
        match url.host() {
            Some(url::Host::Domain(_)) => {}
            Some(_) => {
                return Err(value_err(
                    "base_url",
                    "must use a host name, not an IP address: did:web cannot name an IP \
                     address (use http://localhost:PORT for local testing)",
                ));
            }
            None => return Err(value_err("base_url", "must have a host")),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(value_err("base_url", "must not have a query or fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(value_err("base_url", "must not carry credentials"));
        }
        let country = &self.institution.country;
        if !country.is_empty() && !crate::text::is_country_code(country) {
            return Err(value_err(
                "institution.country",
                "must be an ISO 3166-1 alpha-2 code in capitals, e.g. MX, CL, GT",
            ));
        }
        if !self.database_url.is_empty()
            && !["sqlite:", "postgres://", "postgresql://"]
                .iter()
                .any(|p| self.database_url.starts_with(p))
        {
            return Err(value_err(
                "database_url",
                "must start with postgres://, postgresql:// or sqlite: (or be empty for the \
                 embedded database)",
            ));
        }
        if self.http.max_body_bytes < 1024 {
            return Err(value_err("http.max_body_bytes", "must be at least 1024"));
        }
        if !(60..=2_592_000).contains(&self.credentials.exchange_ttl_secs) {
            return Err(value_err(
                "credentials.exchange_ttl_secs",
                "must be between 60 (a minute) and 2592000 (30 days)",
            ));
        }
        if !(5..=3600).contains(&self.credentials.batch_lease_secs) {
            return Err(value_err(
                "credentials.batch_lease_secs",
                "must be between 5 and 3600 (an hour)",
            ));
        }
        if !(1..=86_400).contains(&self.network.sync_interval_secs) {
            return Err(value_err(
                "network.sync_interval_secs",
                "must be between 1 and 86400 (a day)",
            ));
        }
        self.validate_verification()?;
        self.federation.validate()
    }

    fn validate_verification(&self) -> Result<(), ConfigError> {
        let v = &self.verification;
        if v.rate_limit_per_minute == 0 {
            return Err(value_err(
                "verification.rate_limit_per_minute",
                "must be at least 1",
            ));
        }
        if v.rate_limit_burst == 0 {
            return Err(value_err(
                "verification.rate_limit_burst",
                "must be at least 1",
            ));
        }
        if !(1..=300).contains(&v.fetch_timeout_secs) {
            return Err(value_err(
                "verification.fetch_timeout_secs",
                "must be between 1 and 300",
            ));
        }
        if v.fetch_max_bytes < 1024 {
            return Err(value_err(
                "verification.fetch_max_bytes",
                "must be at least 1024",
            ));
        }
        if v.did_cache_entries == 0 {
            return Err(value_err(
                "verification.did_cache_entries",
                "must be at least 1",
            ));
        }
        if v.status_cache_entries == 0 {
            return Err(value_err(
                "verification.status_cache_entries",
                "must be at least 1",
            ));
        }
        if v.status_default_ttl_secs > v.status_max_ttl_secs {
            return Err(value_err(
                "verification.status_default_ttl_secs",
                "must not exceed verification.status_max_ttl_secs",
            ));
        }
        Ok(())
    }

    /// The database URL to connect to: the configured one, or the embedded SQLite file.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("mochila.db").display()
            )
        } else {
            self.database_url.clone()
        }
    }

    /// Whether the node runs on its embedded SQLite database.
    pub fn is_sqlite(&self) -> bool {
        self.effective_database_url().starts_with("sqlite:")
    }

    /// The public URL for `path` (a path beginning with `/`) under the base URL, keeping a
    /// base URL's own path prefix.
    pub fn public_url(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

fn value_err(key: &'static str, message: &str) -> ConfigError {
    ConfigError::Value {
        key,
        message: message.to_owned(),
    }
}

/// Applies `MOCHILA_*` variables to `table`; returns (dotted key leaf, variable) pairs so
/// that errors can name the variable.
fn overlay_env(
    table: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut applied = BTreeMap::new();
    for (var, value) in env {
        let Some(rest) = var.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        if ENV_NOT_CONFIG.iter().any(|p| var.starts_with(p)) || rest.is_empty() {
            continue;
        }
        let path: Vec<String> = rest.split("__").map(str::to_ascii_lowercase).collect();
        let parsed = parse_env_value(&value);
        let mut node = &mut *table;
        for (i, key) in path.iter().enumerate() {
            if i + 1 == path.len() {
                node.insert(key.clone(), parsed.clone());
                break;
            }
            let entry = node
                .entry(key.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            node = match entry {
                toml::Value::Table(t) => t,
                _ => {
                    return Err(ConfigError::Invalid {
                        origin: format!("environment variable {var}"),
                        message: format!("`{key}` is not a section"),
                    });
                }
            };
        }
        if let Some(leaf) = path.last() {
            applied.insert(leaf.clone(), var.clone());
        }
    }
    Ok(applied)
}

/// An environment value is read as a TOML value when it is one (`8080`, `true`,
/// `["es", "en"]`), otherwise as a plain string.
fn parse_env_value(value: &str) -> toml::Value {
    format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_owned()))
}
