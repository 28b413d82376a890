//! The institution's keys: Ed25519 signing keys (credentials, DID, object proofs) with
//! rotation, and one RSA-2048 key for draft-cavage HTTP signatures. Kept as files in
//! `<data_dir>/keys/`, readable only by the node's user (directory 0700, files 0600).
//!
//! Layout: `ed25519-<n>.pem` (PKCS#8), `rsa.pem` (PKCS#8) and `keys.json`, the manifest that
//! lists every Ed25519 key with its creation time and which one is active. Retired keys
//! stay, so that the DID document keeps publishing them and old credentials keep verifying.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::PrivateKey as RsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use serde::{Deserialize, Serialize};

/// One Ed25519 key as listed in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyEntry {
    /// Fragment of its verification method id, e.g. `key-1`.
    pub id: String,
    /// When it was made (RFC 3339).
    pub created: String,
    /// When it stopped signing (RFC 3339), if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    ed25519: Vec<KeyEntry>,
}

/// An Ed25519 key with its manifest entry.
#[derive(Debug, Clone)]
pub struct Ed25519Key {
    /// Its manifest entry.
    pub entry: KeyEntry,
    /// The key itself.
    pub signing: SigningKey,
}

/// Every key the node holds, loaded at start.
#[derive(Debug, Clone)]
pub struct KeyRing {
    /// Ed25519 keys, oldest first; the active one is the last.
    pub ed25519: Vec<Ed25519Key>,
    /// The RSA key for draft-cavage signatures.
    pub rsa: RsaPrivateKey,
}

/// A key store that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Reading or writing a key file failed.
    #[error("key store {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A key file or the manifest is damaged.
    #[error("key store {path}: {message}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A key could not be encoded (PEM, PKCS#8, SPKI) or the manifest serialised.
    #[error("key encoding: {0}")]
    Encoding(String),
    /// The system's random number generator failed.
    #[error("random number generator: {0}")]
    Random(String),
}

impl KeyRing {
    /// The key that signs now.
    pub fn active(&self) -> Option<&Ed25519Key> {
        self.ed25519
            .iter()
            .rev()
            .find(|k| k.entry.retired.is_none())
    }

    /// The RSA public key in SPKI PEM, as the ActivityPub actor publishes it.
    pub fn rsa_public_pem(&self) -> Result<String, KeyError> {
        self.rsa
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| KeyError::Encoding(e.to_string()))
    }
}

/// The key directory of a data directory, `<data_dir>/keys`.
pub fn keys_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("keys")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_owned(),
        source,
    }
}

fn corrupt(path: &Path, message: impl ToString) -> KeyError {
    KeyError::Corrupt {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

/// Loads the key ring, or `None` when the data directory holds no keys at all (no
/// manifest and no key file). A manifest that is missing while key files exist, or a key
/// the manifest lists whose file is missing, is an error naming the file.
pub fn load_existing(data_dir: &Path) -> Result<Option<KeyRing>, KeyError> {
    let dir = keys_dir(data_dir);
    let manifest_path = dir.join("keys.json");
    if manifest_path.exists() {
        return load(&dir).map(Some);
    }
    let stray = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with(".pem")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&dir)(e)),
    };
    match stray {
        None => Ok(None),
        Some(file) => Err(corrupt(
            &manifest_path,
            format!("missing, but {file} is there: restore keys.json from the backup"),
        )),
    }
}

/// Creates the keys (RSA and a first Ed25519 key, `key-1`) in an empty key directory. Call
/// only on a node's very first start (see `key_guard`).
pub fn create(data_dir: &Path) -> Result<KeyRing, KeyError> {
    let dir = keys_dir(data_dir);
    create_private_dir(&dir)?;
    let rsa = generate_rsa()?;
    let pem = rsa
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Encoding(e.to_string()))?;
    write_private(&dir.join("rsa.pem"), pem.as_bytes())?;
    add_ed25519(&dir, &mut Manifest::default())?;
    load(&dir)
}

/// Makes a new active Ed25519 key and retires the previous one (which stays published).
/// Returns the new key's entry.
pub fn rotate(data_dir: &Path) -> Result<KeyEntry, KeyError> {
    let dir = keys_dir(data_dir);
    if load_existing(data_dir)?.is_none() {
        return Err(corrupt(
            &dir,
            "holds no keys: start the node once to create them (or restore them)",
        ));
    }
    let mut manifest = read_manifest(&dir.join("keys.json"))?;
    let now = now_rfc3339();
    for entry in &mut manifest.ed25519 {
        if entry.retired.is_none() {
            entry.retired = Some(now.clone());
        }
    }
    add_ed25519(&dir, &mut manifest)
}

/// Lists the Ed25519 keys, oldest first.
pub fn list(data_dir: &Path) -> Result<Vec<KeyEntry>, KeyError> {
    Ok(read_manifest(&keys_dir(data_dir).join("keys.json"))?.ed25519)
}

fn add_ed25519(dir: &Path, manifest: &mut Manifest) -> Result<KeyEntry, KeyError> {
    let next = manifest
        .ed25519
        .iter()
        .filter_map(|k| k.id.strip_prefix("key-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let entry = KeyEntry {
        id: format!("key-{next}"),
        created: now_rfc3339(),
        retired: None,
    };
    let key = generate_ed25519()?;
    let pem = key
        .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
        .map_err(|e| KeyError::Encoding(e.to_string()))?;
    write_private(
        &dir.join(format!("ed25519-{}.pem", entry.id)),
        pem.as_bytes(),
    )?;
    manifest.ed25519.push(entry.clone());
    let json =
        serde_json::to_vec_pretty(manifest).map_err(|e| KeyError::Encoding(e.to_string()))?;
    write_private(&dir.join("keys.json"), &json)?;
    Ok(entry)
}

fn load(dir: &Path) -> Result<KeyRing, KeyError> {
    let manifest = read_manifest(&dir.join("keys.json"))?;
    let mut ed25519 = Vec::with_capacity(manifest.ed25519.len());
    for entry in manifest.ed25519 {
        let path = dir.join(format!("ed25519-{}.pem", entry.id));
        let pem = fs::read_to_string(&path).map_err(io(&path))?;
        let signing = SigningKey::from_pkcs8_pem(&pem).map_err(|e| corrupt(&path, e))?;
        ed25519.push(Ed25519Key { entry, signing });
    }
    if ed25519.is_empty() {
        return Err(corrupt(dir, "no Ed25519 key in keys.json"));
    }
    let path = dir.join("rsa.pem");
    let pem = fs::read_to_string(&path).map_err(io(&path))?;
    let rsa = RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| corrupt(&path, e))?;
    Ok(KeyRing { ed25519, rsa })
}

fn read_manifest(path: &Path) -> Result<Manifest, KeyError> {
    let bytes = fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| corrupt(path, e))
}

fn generate_ed25519() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn generate_rsa() -> Result<RsaPrivateKey, KeyError> {
    let mut rng = getrandom::rand_core::UnwrapErr(getrandom::SysRng);
    RsaPrivateKey::new(&mut rng, 2048).map_err(|e| KeyError::Random(e.to_string()))
}

fn now_rfc3339() -> String {
    let now = crate::store::now();
    crate::store::rfc3339(now.replace_nanosecond(0).unwrap_or(now))
}

fn create_private_dir(dir: &Path) -> Result<(), KeyError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    set_mode(dir, 0o700)
}

/// Writes `bytes` to `path` atomically (temporary file + rename), mode 0600.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let tmp = path.with_extension("tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(io(&tmp))?;
    file.write_all(bytes).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    set_mode(&tmp, 0o600)?;
    fs::rename(&tmp, path).map_err(io(path))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(io(path))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<(), KeyError> {
    Ok(())
}
